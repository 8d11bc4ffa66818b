"""The core is pure: planning and phrasing load no YAML, CLI, speech, audio or tag library
(checked in a fresh interpreter, so nothing imported by other tests can hide it)."""

from __future__ import annotations

import subprocess
import sys

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
