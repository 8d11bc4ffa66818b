"""Golden plans of the shipped routines (fake voice, so they do not depend on espeak's
version). Regenerate with UPDATE_GOLDEN=1 and review the diff by hand."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import ROOT, fake_length
from voicecoach.app.jobs import in_language, phrases_for
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.view import cue_sheet, to_json
from voicecoach.routine.reader import load_routine
from voicecoach.settings import Settings

ROUTINES = sorted((ROOT / "routines").glob("*.yaml"))


@pytest.mark.parametrize("path", ROUTINES, ids=[p.stem for p in ROUTINES])
def test_golden_plan(path) -> None:  # type: ignore[no-untyped-def]
    routine = load_routine(path, f"routines/{path.name}")
    say = phrases_for(routine, Settings())  # the routine's language and its own wording
    routine = in_language(routine, say)
    timelines = [compile_session(routine, s, PlanOptions(phrases=say), fake_length)
                 for s in routine.sessions]
    got = json.dumps([to_json(tl) for tl in timelines], indent=1, ensure_ascii=False) + "\n"
    sheet = "\n".join(cue_sheet(tl) for tl in timelines)
    golden = ROOT / "tests" / "golden" / f"{path.stem}.json"
    golden_sheet = golden.with_suffix(".txt")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
        golden_sheet.write_text(sheet, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")
    assert sheet == golden_sheet.read_text(encoding="utf-8")
    assert all(tl.warnings == () for tl in timelines)


def test_seed_routines_are_complete() -> None:
    program = load_routine(ROOT / "routines" / "glute-minimus-program.yaml")
    names = [e.name for b in program.sessions[0].blocks for e in b.exercises]
    assert names == [
        "Jumping jacks", "Pliés", "Mountain climbers", "Crunches",
        "Knee knocks", "Internal rotation leg raises", "Bent knee side bridge",
        "Straight leg side bridge", "Transverse abduction", "Kettlebell swings",
        "Seated pretzel stretch", "Cross legged glute stretch", "Aeroplane roll-ins",
        "Double pigeon",
    ]
    assert program.per_week == 3 and program.intro and "doctor" in program.intro
    strength = load_routine(ROOT / "routines" / "glute-minimus-strength.yaml")
    assert [s.name for s in strength.sessions] == ["Strength", "Stretch and cool-down"]
    assert all(e.steps for s in strength.sessions for b in s.blocks for e in b.exercises)
