"""The core is pure: planning and phrasing load no YAML, CLI, speech, audio or tag library
(checked in a fresh interpreter, so nothing imported by other tests can hide it)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT

HEAVY = ("yaml", "click", "pyttsx3", "pydub", "sounddevice", "mutagen", "numpy", "sqlite3")


def loaded_after(statement: str) -> set[str]:
    code = (f"import sys; {statement}; "
            "print('\\n'.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    return set(out.split())


def test_plan_and_phrases_load_no_io_library() -> None:
    loaded = loaded_after("import voicecoach.plan.compiler, voicecoach.plan.view, "
                          "voicecoach.phrases, voicecoach.settings, voicecoach.routine.fields")
    assert "voicecoach" in loaded
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_the_check_would_see_a_heavy_import() -> None:
    assert "yaml" in loaded_after("import voicecoach.routine.reader")


AUDIO_STACK = ("numpy", "pydub", "sounddevice", "pocketsphinx", "mutagen", "pyttsx3")
# not needed to print a plan from a warm cache: no program is started (the voice's answers
# are kept beside the clips), nothing is written, the text is ASCII, the routine has no
# mistake to suggest a correction for
NOT_TO_PRINT = ("subprocess", "tempfile", "anyascii", "difflib")


def loaded_by_command(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """Modules a fresh interpreter holds after running ``voicecoach ARGS`` (packages, and
    voicecoach's own modules in full)."""
    code = ("import sys\nfrom voicecoach.cli import cli\n"
            f"try:\n    cli({list(args)!r}, prog_name='voicecoach')\n"
            "except SystemExit:\n    pass\n"
            "print('\\n'.join(sorted({m if m.startswith('voicecoach') else m.split('.')[0] "
            "for m in sys.modules})), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False, cwd=ROOT, env=env)
    return set(run.stderr.split())


def test_commands_that_only_print_load_no_audio_stack() -> None:
    """``--help``, and ``plan`` and ``validate`` with every clip in the cache, import no
    numpy, sound or recognition library and none of voicecoach's audio or live modules:
    they only print (issue 25: the coach starts at once); nor start a program."""
    routine = str(ROOT / "routines" / "glute-minimus-strength.yaml")
    # the cache warmed (this may make clips); validate plans a program's every week
    assert loaded_by_command("plan", routine) and loaded_by_command("validate", routine)
    for args in (["--help"], ["plan", routine], ["validate", routine]):
        loaded = loaded_by_command(*args)
        assert "voicecoach.cli" in loaded and "click" in loaded, args
        assert loaded.isdisjoint(AUDIO_STACK), (args, loaded & set(AUDIO_STACK))
        assert loaded.isdisjoint(NOT_TO_PRINT), (args, loaded & set(NOT_TO_PRINT))
        assert not {m for m in loaded if m.startswith(("voicecoach.audio",
                                                        "voicecoach.live.player",
                                                        "voicecoach.live.sinks",
                                                        "voicecoach.listen"))}, args


def test_the_command_check_would_see_the_audio_stack(write: Callable[..., Path],
                                                     tmp_path: Path) -> None:
    """With an empty cache, plan makes the clips: that needs numpy, and the check sees it."""
    routine = write("name: R\nblocks: [{exercises: [{name: Plank, time: 5s}]}]\n")
    env = {**os.environ, "VOICECOACH_CACHE_DIR": str(tmp_path / "empty")}
    assert "numpy" in loaded_by_command("plan", str(routine), env=env)
