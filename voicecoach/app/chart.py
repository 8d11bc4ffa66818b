"""``progress --chart FILE.svg|png``: each growing exercise's values drawn with matplotlib
(imported only here, so no other command pays for it). The file is the same byte for byte
for the same history: the SVG's ids are salted with a fixed text and no date is written."""

from __future__ import annotations

import os
from pathlib import Path

from voicecoach.errors import VoicecoachError
from voicecoach.program.report import Series

FORMATS = (".svg", ".png")


def draw(title: str, found: list[Series], path: Path) -> None:
    """Write the chart to ``path`` (its suffix picks SVG or PNG), atomically."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise VoicecoachError(f"--chart writes an .svg or .png file, got '{path.name}'")
    if not found:
        raise VoicecoachError("nothing to chart: no progress: in the routine")
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator  # no pyplot: no window, no global figures

    with matplotlib.rc_context({"svg.hashsalt": "voicecoach", "font.size": 9}):
        fig = Figure(figsize=(7.0, 0.6 + 1.7 * len(found)), dpi=100)
        axes = fig.subplots(len(found), 1, squeeze=False)[:, 0]
        for ax, s in zip(axes, found, strict=True):
            xs = list(range(1, len(s.values) + 1))
            ax.plot(xs, s.values, marker="o", markersize=3, color="#1f6fb2")
            missed = [(x, v) for x, v, m in zip(xs, s.values, s.missed, strict=True) if m]
            if missed:
                ax.plot(*zip(*missed), linestyle="", marker="x", color="#c0392b",
                        label="missed")
            ax.plot([len(xs) + 1], [s.following], linestyle="", marker="o", fillstyle="none",
                    color="#1f6fb2", label=f"next: {s.show(s.following)}")
            ax.set_title(s.name, loc="left")
            ax.set_ylabel(s.unit or {"time": "s", "hold": "s"}.get(s.grows, s.grows))
            ax.legend(loc="upper left", frameon=False)
            ax.grid(alpha=0.3)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes[-1].set_xlabel("session")
        fig.suptitle(title, x=0.01, ha="left")
        fig.tight_layout()
        metadata = {"Date": None} if suffix == ".svg" else {"Software": None}
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            fig.savefig(tmp, format=suffix[1:], metadata=metadata)
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise VoicecoachError(f"cannot write {path}: {exc.strerror}") from None
