"""``voicecoach new``: a commented starter routine."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from voicecoach.errors import VoicecoachError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def write_starter(folder: Path, name: str) -> Path:
    """Write ``folder/NAME.yaml``; never overwrites."""
    stem = name.removesuffix(".yaml")
    if not _NAME.match(stem):
        raise VoicecoachError(
            f"'{name}' is not a usable routine name (letters, digits, - and _ only)")
    path = folder / f"{stem}.yaml"
    title = stem.replace("-", " ").replace("_", " ").capitalize()
    text = resources.files("voicecoach.routine").joinpath("templates/starter.yaml").read_text(
        "utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as f:
            f.write(text.format(path=path, title=title))
    except FileExistsError:
        raise VoicecoachError(f"{path} already exists; choose another name") from None
    except OSError as exc:
        raise VoicecoachError(f"cannot write {path}: {exc.strerror}") from None
    return path
