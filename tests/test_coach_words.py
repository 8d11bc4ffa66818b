"""Words said as words (issue 24, findings 4, 7 and 9): units and symbols spoken in each
language while the written text stays as written; phrase families and flow lists; names
spoken with ``say:``. Times with the fake voice (conftest.fake_length: 0.3 s + 0.06 s a
character of the *spoken* text)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import fake_length
from tests.test_routine_errors import EX, TEMPLATE, message
from voicecoach.phrases import PACKS, pack
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.timeline import Timeline
from voicecoach.routine.reader import load_routine

Write = Callable[..., Path]


def plan(path: Path, language: str = "en") -> Timeline:
    routine = load_routine(path)
    return compile_session(routine, routine.sessions[0],
                           PlanOptions(phrases=pack(language, dict(routine.phrases))),
                           fake_length)


# finding 4: units and symbols

@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Swing, 2 times 32 kilos; press 102 point 5 kilos, 225 pounds, 1 pound, "
           "10 kilos per side."),
    ("de", "Swing, 2 mal 32 Kilo; press 102 Komma 5 Kilo, 225 Pfund, 1 Pfund, "
           "10 Kilo pro side."),
    ("fr", "Swing, 2 fois 32 kilos; press 102 virgule 5 kilos, 225 livres, une livre, "
           "10 kilos par side."),
    ("es", "Swing, 2 por 32 kilos; press 102 coma 5 kilos, 225 libras, una libra, "
           "10 kilos por side."),
    ("it", "Swing, 2 per 32 chili; press 102 virgola 5 chili, 225 libbre, una libbra, "
           "10 chili per side."),
    ("pt", "Swing, 2 vezes 32 quilos; press 102 vírgula 5 quilos, 225 libras, uma libra, "
           "10 quilos por side."),
    ("nl", "Swing, 2 keer 32 kilo; press 102 komma 5 kilo, 225 pond, 1 pond, "
           "10 kilo per side."),
])
def test_units_and_symbols_are_spoken_in_each_language(language: str, expected: str) -> None:
    written = "Swing, 2 x 32 kg; press 102.5 kg, 225 lbs, 1 lb, 10 kg/side."
    assert PACKS[language].spoken(written) == expected


@pytest.mark.parametrize(("written", "expected"), [
    ("3x10 at 60,0 KG", "3 times 10 at 60 kilos"),      # a zero fraction is a whole number
    ("1,000 lbs", "1000 pounds"),                       # three digits: a thousands separator
    ("2.25 kg", "2 point 2 5 kilos"),                   # decimals digit by digit
    ("x-band, right/left, 10/arm", "x-band, right/left, 10 per arm"),  # only after numbers
    ("21 kg", "21 kilos"),
])
def test_what_is_a_unit_and_what_is_a_word(written: str, expected: str) -> None:
    assert PACKS["en"].spoken(written) == expected


def test_spanish_numbers_agree_with_kilos() -> None:
    assert PACKS["es"].spoken("21 kg, 1 kg, 31 lb") == \
        "veintiún kilos, un kilo, treinta y una libras"  # libra is feminine


def test_the_plan_shows_the_load_as_written_and_the_voice_says_it(write: Write) -> None:
    tl = plan(write("""
        name: T
        units: kg
        blocks:
          - exercises:
              - {name: Swing, reps: 2, load: 2 x 32 kg}
              - {name: Press, reps: 2, load: 102.5}
    """))
    swing, press = (next(c for c in tl.cues if c.text.startswith(f"Next: {n}"))
                    for n in ("Swing", "Press"))
    assert (swing.text, swing.spoken) == ("Next: Swing, 2 x 32 kg. 2 reps.",
                                          "Next: Swing, 2 times 32 kilos. 2 reps.")
    # the bare 102.5 takes the routine's units; its length is the spoken text's
    assert (press.text, press.spoken) == ("Next: Press, 102.5 kg. 2 reps.",
                                          "Next: Press, 102 point 5 kilos. 2 reps.")
    assert swing.end - swing.start == pytest.approx(0.3 + 0.06 * 38)
    assert press.end - press.start == pytest.approx(0.3 + 0.06 * 39)
    # in Spanish: "kilos" (es), written "kg"
    es = plan(write("name: T\nlanguage: es\nblocks: [{exercises: [{name: Sentadilla, "
                    "reps: 5, load: 60 kg}]}]\n", "es.yaml"), "es")
    cue = next(c for c in es.cues if c.text.startswith("Siguiente"))
    assert (cue.text, cue.spoken) == ("Siguiente: Sentadilla, 60 kg. 5 repeticiones.",
                                      "Siguiente: Sentadilla, 60 kilos. 5 repeticiones.")


@pytest.mark.parametrize(("head", "line", "expected"), [
    ("", "load: 100",
     f"x.yaml:7:15: {EX}.load: a load needs its unit: write '100 kg' or '100 lb', or give "
     "the routine 'units: kg' for every load written as a number"),
    ("units: stone\n", "load: 10 kg", "x.yaml:1:8: units: expected kg or lb, got 'stone'"),
])
def test_a_load_without_unit(tmp_path: Path, head: str, line: str, expected: str) -> None:
    assert message(tmp_path, head + TEMPLATE.format(line="reps: 3\n        " + line)) \
        == expected


def test_units_lb_completes_a_bare_load(write: Write) -> None:
    routine = load_routine(write("name: T\nunits: lb\nblocks: [{exercises: [{name: A, reps: 2, "
                                 "load: 135}, {name: B, reps: 2, load: 20 kg}]}]\n"))
    assert [e.load for e in routine.sessions[0].blocks[0].exercises] == ["135 lb", "20 kg"]


# finding 7: phrase families and flow lists

def test_overriding_one_of_a_family_warns_about_the_others(write: Write) -> None:
    path = write("""
        name: T
        language: es
        phrases:
          next: "Ahora: {name}."
          sets_reps: "{sets} series de {reps}"
          next_minimal: "{name}."
          next_load_minimal: "{name}, {load}."
        blocks:
          - exercises:
              - {name: Plancha, time: 30s}
              - {name: Sentadilla, reps: 5, load: 60 kg}
    """)
    assert load_routine(path, "r.yaml").warnings == (
        "r.yaml:4:3: phrases.next: next_load keeps the pack's wording (\"Siguiente: {name}, "
        "{load}.\"); override it too to match",
        "r.yaml:5:3: phrases.sets_reps: reps, reps_range and sets_reps_range keep the "
        "pack's wording (reps_range: \"{low} a {high} repeticiones\"); override them too "
        "to match")  # the first with words outside its placeholders is shown
    # the warning is the whole story: the pack's next_load is still what is said
    tl = plan(path, "es")
    assert [c.text for c in tl.cues if c.text.startswith(("Ahora", "Siguiente"))] == \
        ["Ahora: Plancha. 30 segundos.", "Siguiente: Sentadilla, 60 kg. 5 repeticiones."]


def test_a_whole_family_overridden_is_no_warning(write: Write) -> None:
    routine = load_routine(write("""
        name: T
        phrases: {set: "Set {number}.", last_set: "Final set."}
        blocks: [{exercises: [{name: A, reps: 2}]}]
    """))
    assert routine.warnings == ()


@pytest.mark.parametrize(("line", "warnings"), [
    ("notes: [Physio, week 2.]",
     (f"x.yaml:7:17: {EX}.notes: 'Physio' and 'week 2.' are two texts (a [list] splits at "
      "commas); if they are one, quote it: [\"Physio, week 2.\"]",)),
    ("tips: [Keep your hips up, slow down.]",
     (f"x.yaml:7:16: {EX}.tips: 'Keep your hips up' and 'slow down.' are two texts (a "
      "[list] splits at commas); if they are one, quote it: [\"Keep your hips up, slow "
      "down.\"]",)),
    ("notes: [\"Physio, week 2.\"]", ()),             # quoted: one text
    ("tips: [Brace, breathe]", ()),                   # words, not a sentence
    ("tips: [Brace., breathe.]", ()),                 # each one a sentence
    ("equipment: [mat, band]", ()),
    ("notes:\n          - Physio\n          - week 2.", ()),   # one a line: meant as two
])
def test_a_flow_list_item_that_looks_like_a_split_sentence(tmp_path: Path, line: str,
                                                           warnings: tuple[str, ...]) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(TEMPLATE.format(line="reps: 3\n        " + line), encoding="utf-8")
    assert load_routine(path, "x.yaml").warnings == warnings


def test_validate_and_plan_print_the_warning_and_succeed(write: Write) -> None:
    from tests.test_cli import run

    path = write("name: T\nblocks: [{exercises: [{name: A, reps: 2, notes: [Physio, "
                 "week 2.]}]}]\n")
    expected = (f"Warning: {path}:2:50: blocks[0].exercises[0].notes: 'Physio' and "
                "'week 2.' are two texts (a [list] splits at commas); if they are one, "
                "quote it: [\"Physio, week 2.\"]\n")
    code, out, err = run("validate", str(path))
    assert (code, err) == (0, expected) and out.startswith(f"{path}: ok — T: ")
    code, out, err = run("plan", str(path))
    assert (code, err) == (0, expected) and "Next: A. 2 reps." in out
    code, out, err = run("export", str(path), "--format", "wav", "-o",
                         str(path.parent / "out"))
    assert (code, err) == (0, expected) and len(list((path.parent / "out").glob("*.wav"))) == 1


# finding 9: names spoken with say:, respellings per voice

def test_say_on_routine_session_and_block_names(write: Write) -> None:
    path = write("""
        name: Gluteus minimus
        say: Glooteus minimus
        sessions:
          - name: Core
            say: Kor
            blocks:
              - name: Stretches
                say: Stretching
                exercises: [{name: E, reps: 2}]
    """)
    tl = plan(path)
    said = [(c.text, c.spoken) for c in tl.cues if c.kind == "speech"][:3]
    assert said == [("Gluteus minimus. Core. 1 exercise, about 1 minute.",
                     "Glooteus minimus. Kor. 1 exercise, about 1 minute."),
                    ("Stretches.", "Stretching."), ("Next: E. 2 reps.", "Next: E. 2 reps.")]
    # the spoken forms set the times: the opening 0.3 + 0.06 × 50 s, "Stretching." 0.96 s
    opening, block = tl.cues[0], tl.cues[1]
    assert (opening.end, block.start, block.end) == pytest.approx((3.3, 3.55, 4.51))
    minimal = compile_session(load_routine(path), load_routine(path).sessions[0],
                              PlanOptions("minimal"), fake_length)
    assert (minimal.cues[0].text, minimal.cues[0].spoken) == ("Core.", "Kor.")


def test_say_on_a_one_session_routine_is_said_once(write: Write) -> None:
    tl = plan(write("name: Hips\nsay: Hipps\nblocks: [{exercises: [{name: E, reps: 2}]}]\n"))
    assert (tl.cues[0].text, tl.cues[0].spoken) == ("Hips. 1 exercise, about 1 minute.",
                                                    "Hipps. 1 exercise, about 1 minute.")


@pytest.mark.parametrize(("voice", "text", "expected"), [
    ("flite:rms", "Session complete. Time: 25 minutes.", "Sessian complete. Time: 25 minutes."),
    ("flite:rms", "SESSION sessions", "SESSIAN sessions"),    # whole words, in their case
    ("flite:slt", "Session complete.", "Session complete."),  # another voice: as written
])
def test_respellings_are_per_voice(voice: str, text: str, expected: str) -> None:
    from voicecoach.speech.respell import respell

    assert respell(voice, text) == expected
