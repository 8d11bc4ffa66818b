"""A listener's tape read again offline, as the listener read it live: every sound the
`Ear` finds, what the `Spotter` reads in it, by what margin, and whether it is taken.

    VOICECOACH_LISTEN_RECORD=DIR voicecoach play --listen routine.yaml   # keeps a tape
    VOICECOACH_BENCH_TAPES=DIR scripts/bench listen                      # one per voice set
    .venv/bin/python -m benchmarks.listen_replay DIR [--all]

The same tape gives the same lines every time, so a change to `hearing` or `spotter` can
be judged on recorded live sessions without playing them again (``--all``: also the sounds
read as no command at all). Times in seconds from the microphone's first sample."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voicecoach.listen.hearing import Ear  # noqa: E402
from voicecoach.listen.spotter import Spotter  # noqa: E402
from voicecoach.listen.tape import replay, setup  # noqa: E402


def lines(folder: str, every: bool = False) -> list[str]:
    """One line per sound read (as a command, or with ``every`` at all)."""
    meta = setup(folder)
    language, words, rate = meta["language"], meta["words"], meta["played_rate"]
    assert isinstance(language, str) and isinstance(words, list) and isinstance(rate, int)
    spotter = Spotter(language, words=[str(w) for w in words])
    out = []
    for sound, name in replay(folder, Ear(rate), spotter):
        margin, reading = spotter.last
        if reading is None and not every:
            continue
        if reading == "quiet":
            what = "not read (just after a command taken)"
        elif margin == float("-inf"):
            what = (f"{reading or 'no command'}, not weighed (a word too short or too long, "
                    "or no filler reading)")
        else:
            what = f"{reading} by {margin:.1f}"
        out.append(f"{sound.start:8.2f} s  {sound.end - sound.start:4.2f} s"
                   f"{'' if sound.final else ' going on'}: {what}"
                   f"{'  TAKEN ' + name if name else ''}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="a VOICECOACH_LISTEN_RECORD folder")
    parser.add_argument("--all", action="store_true", help="every sound, commands or not")
    args = parser.parse_args()
    found = lines(args.folder, args.all)
    print("\n".join(found))
    print(f"{sum('TAKEN' in line for line in found)} taken")


if __name__ == "__main__":
    main()
