"""A routine in another language: its ``language:`` and ``phrases:`` (and their located
errors), a golden plan per language (fake voice; each reviewed by hand), no English in a
non-English plan, the same timeline shape in every language, the voice of the language."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import ROOT, fake_length, need
from voicecoach.app.jobs import in_language, make_job, phrases_for
from voicecoach.cli import cli
from voicecoach.errors import RoutineError, SpeechError
from voicecoach.phrases import ENGLISH, PACKS
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.timeline import Timeline
from voicecoach.plan.view import cue_sheet
from voicecoach.routine.reader import load_routine
from voicecoach.settings import Settings
from voicecoach.speech import language as speech_language
from voicecoach.speech.engines import VoiceInfo
from voicecoach.speech.language import pick, voice_for

GOLDEN = ROOT / "tests" / "golden" / "languages"
ROUTINE = load_routine(GOLDEN / "routine.yaml", "routine.yaml")
OTHERS = sorted(set(PACKS) - {"en"})


def plan(code: str, verbosity: str = "normal",
         length: Callable[[str], float] = fake_length) -> Timeline:
    options = PlanOptions(verbosity, PACKS[code])  # type: ignore[arg-type]
    routine = in_language(ROUTINE, PACKS[code])
    return compile_session(routine, routine.sessions[0], options, length)


@pytest.mark.parametrize("code", sorted(PACKS))
def test_golden_plan_per_language(code: str) -> None:
    sheet = cue_sheet(plan(code))
    golden = GOLDEN / f"{code}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(sheet, encoding="utf-8")
    assert sheet == golden.read_text(encoding="utf-8")


def _words(texts: list[str]) -> set[str]:
    literal = (re.sub(r"\{\w+(:[mf]:|:)?|[|}]", " ", t) for t in texts)  # words of forms too
    return {w.casefold() for t in literal for w in re.findall(r"[^\W\d_]{3,}", t)}


@pytest.mark.parametrize("code", OTHERS)
@pytest.mark.parametrize("verbosity", ["minimal", "normal", "full"])
def test_no_english_in_a_plan_in_another_language(code: str, verbosity: str) -> None:
    english = _words(list(ENGLISH.templates.values())) - _words(
        list(PACKS[code].templates.values()))
    tl = plan(code, verbosity)
    said = [c.text for c in tl.cues if c.kind == "speech"] + [c.title for c in tl.chapters]
    leaked = {w for text in said for w in _words([text]) if w in english}
    assert leaked == set(), leaked


def test_the_timeline_keeps_its_shape_and_long_phrases_grow_rests() -> None:
    shape = [(p.kind, p.exercise, p.set, p.side) for p in plan("en").phases]
    def slow(text: str) -> float:  # a language twice as long to say
        return 2 * fake_length(text)

    for code in OTHERS:
        tl = plan(code, length=slow)
        assert [(p.kind, p.exercise, p.set, p.side) for p in tl.phases] == shape
        assert len(tl.chapters) == len(plan("en").chapters)
        assert any("grows from" in w for w in tl.warnings), code
        work = [round(p.end - p.start, 6) for p in tl.phases if p.kind == "work"]
        assert work == [round(p.end - p.start, 6) for p in plan("en").phases
                        if p.kind == "work"]


def message(write: Callable[..., Path], text: str) -> str:
    path = write(text, "x.yaml")
    with pytest.raises(RoutineError) as info:
        load_routine(path, "x.yaml")
    return str(info.value)


BLOCKS = "blocks: [{exercises: [{name: E, reps: 3}]}]\n"


@pytest.mark.parametrize(("head", "problem"), [
    ("language: xx\n", "x.yaml:2:11: language: no phrases for language 'xx' (there are: de, "
     "en, es, fr, it, nl, pt)"),
    ("phrases:\n  halfwya: Pause.\n", "x.yaml:3:3: phrases.halfwya: unknown phrase key; did "
     "you mean 'halfway'? (see 'voicecoach phrases')"),
    ("phrases:\n  rest: \"Pause, {time}.\"\n", "x.yaml:3:9: phrases.rest: unknown "
     "placeholder {time} (this phrase has: {duration})"),
    ("phrases:\n  rest_minimal: \"Pause {duration}.\"\n", "x.yaml:3:17: "
     "phrases.rest_minimal: unknown placeholder {duration} (this phrase has: none)"),
    ("phrases:\n  set: \"{number:Satz|Sätze} {sets:x|y|z}\"\n", "x.yaml:3:8: phrases.set: "
     "'{sets:x|y|z}': expected two forms like {sets:one …|# …}"),
    ("phrases:\n  rest: \"Pause, {duration:a|b}.\"\n", "x.yaml:3:9: phrases.rest: "
     "{duration} is not a number: it has no plural forms"),
    ("phrases:\n  rest: {duration}\n", "x.yaml:3:9: phrases.rest: expected a template, got a "
     "mapping (quote a template that starts with '{')"),
    ("phrases:\n  rest: \"\"\n", "x.yaml:3:9: phrases.rest: expected text, got an empty "
     "string"),
    ("phrases: [rest]\n", "x.yaml:2:10: phrases: expected a mapping of phrase keys to "
     "templates, like rest: \"Pause, {duration}.\", got a list"),
    ("phrases:\n  rest: A.\n  rest: B.\n", "x.yaml:4:3: phrases.rest: duplicate key"),
])
def test_language_and_phrases_errors(write: Callable[..., Path], head: str,
                                     problem: str) -> None:
    assert message(write, "name: X\n" + head + BLOCKS) == problem


def test_own_wording_is_said(write: Callable[..., Path]) -> None:
    path = write("name: X\nlanguage: de\nphrases:\n  rest: \"Pause, {duration}.\"\n"
                 "  next: \"Jetzt: {name}.\"\nsessions:\n  - blocks: [{exercises: "
                 "[{name: A, reps: 3}, {name: B, reps: 3}]}]\n")
    routine = load_routine(path)
    assert (routine.language, routine.sessions[0].name) == ("de", "Einheit 1")
    say = phrases_for(routine, Settings())
    tl = compile_session(routine, routine.sessions[0], PlanOptions("normal", say), fake_length)
    texts = [c.text for c in tl.cues]
    assert "Pause, 30 Sekunden." in texts and "Jetzt: B. 3 Wiederholungen." in texts
    assert tl.language == "de"
    # another language on the command line: its own pack, the routine's wording left out
    fr = phrases_for(routine, Settings(language="fr"))
    assert (fr.language, fr.rest(30, False)) == ("fr", "Repos, 30 secondes.")


VOICES = [VoiceInfo("flite", "flite:rms", "rms", ("en-us",)),
          VoiceInfo("pyttsx3", "pyttsx3:fr-be", "French (Belgium)", ("fr-be",)),
          VoiceInfo("pyttsx3", "pyttsx3:fr", "French (France)", ("fr-fr",)),
          VoiceInfo("pyttsx3", "pyttsx3:pt", "Portuguese (Portugal)", ("pt-pt",)),
          VoiceInfo("pyttsx3", "pyttsx3:pt-br", "Portuguese (Brazil)", ("pt-br",)),
          VoiceInfo("pyttsx3", "pyttsx3:de", "German", ("de",))]


@pytest.mark.parametrize(("code", "voice"), [
    ("de", "pyttsx3:de"), ("fr", "pyttsx3:fr"), ("pt", "pyttsx3:pt-br"), ("en", "flite:rms"),
    ("it", None)])
def test_the_voice_of_a_language(code: str, voice: str | None) -> None:
    found = pick(PACKS[code].grammar.voices, VOICES)
    assert (found.id if found else None) == voice


def test_no_voice_speaks_it() -> None:
    with pytest.raises(SpeechError) as info:
        voice_for("it", "Italiano", ("it",), lambda: VOICES)
    assert str(info.value).startswith("no installed voice speaks Italiano (it); espeak-ng "
                                      "speaks it (")


def test_a_job_in_german_gets_a_german_voice(write: Callable[..., Path]) -> None:
    need("espeak-ng")
    path = write("name: X\nlanguage: de\n" + BLOCKS)
    job = make_job(path, None, Settings())
    assert (job.phrases.language, job.settings.voice.voice) == ("de", "pyttsx3:de")
    mine = make_job(path, None, dataclasses.replace(Settings(), language="en"))
    assert (mine.phrases.language, mine.settings.voice.voice) == ("en", None)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("code", sorted(PACKS))
def test_the_phrases_command_lists_every_template_as_yaml(code: str) -> None:
    status, out, _ = run("phrases", "--language", code)
    assert status == 0
    assert yaml.safe_load(out) == {"phrases": PACKS[code].templates}
    assert "  # the next exercise; placeholders: {name}\n" in out


def test_a_language_on_the_command_line(write: Callable[..., Path]) -> None:
    need("espeak-ng")
    path = write("name: X\n" + BLOCKS)
    status, out, _ = run("plan", str(path), "--language", "fr", "--json")
    assert status == 0
    texts = [c["text"] for c in json.loads(out)["cues"]]
    assert texts[0] == "X. Un exercice, environ une minute." and "Suivant : E." in texts[1]
    assert run("plan", str(path), "--language", "xx")[0] == 2


def test_no_voice_for_the_language_is_one_line(write: Callable[..., Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speech_language, "_installed", lambda: VOICES[:1])
    path = write("name: X\nlanguage: de\n" + BLOCKS)
    status, out, err = run("plan", str(path))
    assert status == 1 and out == ""
    assert err.startswith("Error: no installed voice speaks Deutsch (de); espeak-ng speaks it")
    assert err.count("\n") == 1


def test_the_readme_example_of_phrases_is_valid(write: Callable[..., Path]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"same placeholders:\n\n```yaml\n(.*?)```", readme, re.S)
    assert found, "the README has a phrases: example"
    routine = load_routine(write(found.group(1)))
    assert routine.language == "de" and dict(routine.phrases)["rest"] == "Pause, {duration}."


def test_every_mistake_in_language_and_phrases_is_reported(write: Callable[..., Path]) -> None:
    path = write("name: X\nlanguage: xx\nphrases:\n  rset: A.\n  rest: \"Pause {time}.\"\n"
                 "  halfway: Halb.\n" + BLOCKS, "x.yaml")
    status, _, err = run("validate", str(path))
    assert status == 1
    assert [line.split(": ", 3)[2] for line in err.splitlines()] == [
        "language", "phrases.rset", "phrases.rest"]


def test_an_export_in_german_is_tagged_in_german(write: Callable[..., Path],
                                                 tmp_path: Path) -> None:
    need("ffmpeg")
    need("espeak-ng")
    from mutagen.id3 import ID3

    path = write("name: Kurz\nlanguage: de\nblocks: [{exercises: [{name: Taube, hold: 5s}]}]\n")
    status, _, _ = run("export", str(path), "-o", str(tmp_path / "out"))
    assert status == 0
    f = tmp_path / "out" / "01-kurz.mp3"
    tags = ID3(f)  # type: ignore[no-untyped-call]
    lyrics = tags.getall("SYLT")[0]  # type: ignore[no-untyped-call]
    assert lyrics.lang == "deu" and lyrics.text[0][0] == "Kurz. Eine Übung, etwa eine Minute."
    toc = tags.getall("CTOC")[0]  # type: ignore[no-untyped-call]
    assert toc.sub_frames.getall("TIT2")[0].text == ["Übungen"]
    lrc = next((tmp_path / "out").glob("*.lrc")).read_text(encoding="utf-8")
    assert "Als Nächstes: Taube. 5 Sekunden halten." in lrc
