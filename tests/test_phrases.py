"""The phrase packs: every pack has every key; numbers, durations, sets and sides said in
each language as checked by hand (0, 1, 2, 5, 21, 90 seconds; 1 and 3 sets; each side);
the template syntax and its errors."""

from __future__ import annotations

import pytest

from voicecoach.errors import VoicecoachError
from voicecoach.model import Exercise, Hold, Reps, Settings, Timed
from voicecoach.phrases import ENGLISH, PACKS, es, fr, pack, pt
from voicecoach.phrases.keys import KEYS, NUMBERS
from voicecoach.phrases.template import TemplateError, check, placeholders

LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")

DURATIONS = {  # 0, 1, 2, 5, 21, 60, 90, 120 seconds
    "en": ["0 seconds", "1 second", "2 seconds", "5 seconds", "21 seconds", "1 minute",
           "1 minute 30 seconds", "2 minutes"],
    "de": ["0 Sekunden", "eine Sekunde", "2 Sekunden", "5 Sekunden", "21 Sekunden",
           "eine Minute", "eine Minute 30 Sekunden", "2 Minuten"],
    "fr": ["0 secondes", "une seconde", "2 secondes", "5 secondes", "vingt-et-une secondes",
           "une minute", "une minute 30", "2 minutes"],
    "es": ["0 segundos", "un segundo", "2 segundos", "5 segundos", "veintiún segundos",
           "un minuto", "un minuto y 30 segundos", "2 minutos"],
    "it": ["0 secondi", "un secondo", "2 secondi", "5 secondi", "21 secondi", "un minuto",
           "un minuto e 30 secondi", "2 minuti"],
    "pt": ["0 segundos", "um segundo", "2 segundos", "5 segundos", "21 segundos", "um minuto",
           "um minuto e 30 segundos", "2 minutos"],
    "nl": ["0 seconden", "één seconde", "2 seconden", "5 seconden", "21 seconden",
           "één minuut", "één minuut en 30 seconden", "2 minuten"],
}


def ex(work: Reps | Hold | Timed, sets: int = 1, sides: tuple[str, ...] = ()) -> Exercise:
    return Exercise("Plank", work, Settings(sets=sets, sides=sides))


EXERCISES = [ex(Reps(15)), ex(Reps(1)), ex(Reps(15), 3, ("right", "left")), ex(Reps(21), 2),
             ex(Hold(30)), ex(Hold(25, 5), 3), ex(Hold(5, 1)), ex(Timed(90)),
             ex(Timed(20), 3, ("left", "right"))]

SUMMARIES = {
    "en": ["15 reps.", "1 rep.", "3 sets of 15, each side.", "2 sets of 21.", "Hold 30 seconds.",
           "3 holds of 5 breaths.", "Hold 1 breath.", "For 1 minute 30 seconds.",
           "3 sets of 20 seconds, each side."],
    "de": ["15 Wiederholungen.", "Eine Wiederholung.", "3 Sätze zu je 15, pro Seite.",
           "2 Sätze zu je 21.", "30 Sekunden halten.", "3 Sätze, 5 Atemzüge lang halten.",
           "Einen Atemzug lang halten.", "Eine Minute 30 Sekunden.",
           "3 Sätze zu je 20 Sekunden, pro Seite."],
    "fr": ["15 répétitions.", "Une répétition.", "3 séries de 15, de chaque côté.",
           "2 séries de 21.", "Tenez 30 secondes.", "3 séries, tenez le temps de 5 respirations.",
           "Tenez le temps d'une respiration.", "Une minute 30.",
           "3 séries de 20 secondes, de chaque côté."],
    "es": ["15 repeticiones.", "Una repetición.", "3 series de 15, por lado.",
           "2 series de 21.", "Mantén 30 segundos.", "3 series, mantén durante 5 respiraciones.",
           "Mantén durante una respiración.", "Un minuto y 30 segundos.",
           "3 series de 20 segundos, por lado."],
    "it": ["15 ripetizioni.", "Una ripetizione.", "3 serie da 15, per lato.", "2 serie da 21.",
           "Tieni per 30 secondi.", "3 serie, tieni per 5 respiri.", "Tieni per un respiro.",
           "Un minuto e 30 secondi.", "3 serie da 20 secondi, per lato."],
    "pt": ["15 repetições.", "Uma repetição.", "3 séries de 15, de cada lado.",
           "Duas séries de 21.", "Segure por 30 segundos.",
           "3 séries, segure por 5 respirações.", "Segure por uma respiração.",
           "Um minuto e 30 segundos.", "3 séries de 20 segundos, de cada lado."],
    "nl": ["15 herhalingen.", "Eén herhaling.", "3 sets van 15, per kant.", "2 sets van 21.",
           "Houd 30 seconden vast.", "3 sets, houd 5 ademhalingen lang vast.",
           "Houd één ademhaling lang vast.", "Eén minuut en 30 seconden.",
           "3 sets van 20 seconden, per kant."],
}

# side('right'), switch('left'), switch('left', minimal), set 2 of 3, set 3 of 3, rest 30 s,
# the opening of 1 exercise / 1 minute and of 21 exercises / 21 minutes
SENTENCES = {
    "en": ["Right side.", "Switch to the left side.", "Left.", "Set 2 of 3.", "Final set.",
           "And rest for 30 seconds.", "R. 1 exercise, about 1 minute.",
           "R. S. 21 exercises, about 21 minutes."],
    "de": ["Rechte Seite.", "Seitenwechsel: linke Seite.", "Linke Seite.", "Satz 2 von 3.",
           "Letzter Satz.", "30 Sekunden Pause.", "R. Eine Übung, etwa eine Minute.",
           "R. S. 21 Übungen, etwa 21 Minuten."],
    "fr": ["Côté droit.", "Changez de côté : côté gauche.", "Côté gauche.", "Série 2 sur 3.",
           "Dernière série.", "Repos, 30 secondes.",
           "R. Un exercice, environ une minute.",
           "R. S. 21 exercices, environ vingt-et-une minutes."],
    "es": ["Lado derecho.", "Cambio de lado: lado izquierdo.", "Lado izquierdo.",
           "Serie 2 de 3.", "Última serie.", "Descansa 30 segundos.",
           "R: un ejercicio, aproximadamente un minuto.",
           "R. S: veintiún ejercicios, aproximadamente veintiún minutos."],
    "it": ["Lato destro.", "Cambia lato: lato sinistro.", "Lato sinistro.", "Serie 2 di 3.",
           "Ultima serie.", "Recupero, 30 secondi.", "R. Un esercizio, circa un minuto.",
           "R. S. 21 esercizi, circa 21 minuti."],
    "pt": ["Lado direito.", "Troca de lado: lado esquerdo.", "Lado esquerdo.",
           "Série 2 de 3.", "Última série.", "Descanse 30 segundos.",
           "R. Um exercício, cerca de um minuto.", "R. S. 21 exercícios, cerca de 21 minutos."],
    "nl": ["Rechterkant.", "Wissel van kant: linkerkant.", "Linkerkant.", "Set 2 van 3.",
           "Laatste set.", "30 seconden rust.", "R. Eén oefening, ongeveer één minuut.",
           "R. S. 21 oefeningen, ongeveer 21 minuten."],
}


def test_there_is_a_pack_for_every_language_and_each_has_every_key() -> None:
    assert sorted(PACKS) == sorted(LANGUAGES)
    for code, p in PACKS.items():
        assert set(p.templates) == set(KEYS), code
        for key, template in p.templates.items():
            assert set(placeholders(template)) <= set(KEYS[key].placeholders), (code, key)


@pytest.mark.parametrize("code", LANGUAGES)
def test_durations(code: str) -> None:
    said = [PACKS[code].whole_duration(s) for s in (0, 1, 2, 5, 21, 60, 90, 120)]
    assert said == DURATIONS[code]
    # durations the coach says are rounded as people say them: 21 s → 20 s, 73 s → 75 s
    assert PACKS[code].duration(21) == PACKS[code].whole_duration(20)
    assert PACKS[code].duration(73) == PACKS[code].whole_duration(75)


@pytest.mark.parametrize("code", LANGUAGES)
def test_summaries(code: str) -> None:
    assert [PACKS[code].summary(e) for e in EXERCISES] == SUMMARIES[code]


@pytest.mark.parametrize("code", LANGUAGES)
def test_sides_sets_rests_openings(code: str) -> None:
    p = PACKS[code]
    said = [p.side("right"), p.switch("left", False), p.switch("left", True), p.set_of(2, 3),
            p.set_of(3, 3), p.rest(30, False), p.session_start("R", "R", 1, 0, 1),
            p.session_start("R", "S", 21, 0, 21)]
    assert said == SENTENCES[code]


def test_side_names_in_any_language_and_others_as_written() -> None:
    de = PACKS["de"]
    assert [de.side("links"), de.side("Rechts"), de.side("vorne")] == \
        ["Linke Seite.", "Rechte Seite.", "Vorne."]
    assert ENGLISH.side("front") == "Front side."


@pytest.mark.parametrize(("n", "gender", "french", "spanish", "portuguese"), [
    (1, "f", "une", "una", "uma"),
    (1, "m", "1", "un", "1"),
    (2, "f", "2", "2", "duas"),
    (5, "f", "5", "5", "5"),
    (11, "f", "11", "11", "11"),
    (12, "f", "12", "12", "12"),
    (21, "f", "vingt-et-une", "veintiuna", "vinte e uma"),
    (21, "m", "21", "veintiún", "21"),
    (22, "f", "22", "22", "vinte e duas"),
    (31, "m", "31", "treinta y un", "31"),
    (71, "f", "71", "setenta y una", "setenta e uma"),
    (81, "f", "quatre-vingt-une", "ochenta y una", "oitenta e uma"),
    (91, "f", "91", "noventa y una", "noventa e uma"),
    (101, "f", "101", "101", "101"),
    (21, "", "21", "21", "21"),
])
def test_numbers_that_agree(n: int, gender: str, french: str, spanish: str,
                            portuguese: str) -> None:
    assert (fr.number(n, gender), es.number(n, gender), pt.number(n, gender)) == \
        (french, spanish, portuguese)


def test_any_key_renders_with_its_placeholders_in_every_pack() -> None:
    values = {name: (3 if name in NUMBERS else "X") for k in KEYS.values()
              for name in k.placeholders}
    for p in PACKS.values():
        for key, info in KEYS.items():
            text = p.text(key, **{n: values[n] for n in info.placeholders})
            assert text and "{" not in text, (p.language, key)


def test_overrides_replace_templates() -> None:
    de = pack("de", {"rest": "Pause, {duration}.", "sets_reps": "{sets}-mal {reps}"})
    assert de.rest(90, False) == "Pause, eine Minute 30 Sekunden."
    assert de.summary(ex(Reps(15), 3)) == "3-mal 15."
    assert PACKS["de"].rest(90, False) == "Eine Minute 30 Sekunden Pause."  # pack untouched
    assert pack("DE").language == "de"


def test_unknown_language() -> None:
    with pytest.raises(VoicecoachError, match=r"^no phrases for language 'xx' \(there are: "
                       r"de, en, es, fr, it, nl, pt\)$"):
        pack("xx")


@pytest.mark.parametrize(("template", "problem"), [
    ("Rest {time}.", "unknown placeholder {time} (this phrase has: {duration})"),
    ("Rest {duration.__class__}.", "'{duration.__class__}' is not a placeholder (use a plain "
     "name like {duration})"),
    ("Rest {duration!r}.", "'{duration!r}': conversions are not allowed"),
    ("Rest {duration:a|b}.", "{duration} is not a number: it has no plural forms"),
    ("Rest {0}.", "'{0}' is not a placeholder (use a plain name like {duration})"),
    ("Rest {duration", "expected '}' before end of string (write {{ and }} for braces)"),
    ("Rest }", "Single '}' encountered in format string (write {{ and }} for braces)"),
])
def test_template_errors(template: str, problem: str) -> None:
    with pytest.raises(TemplateError) as info:
        check(template, KEYS["rest"].placeholders, NUMBERS)
    assert str(info.value) == problem


@pytest.mark.parametrize(("spec", "problem"), [
    ("{sets:x:a|b}", "'{sets:x:a|b}': the gender must be m or f"),
    ("{sets:sets}", "'{sets:sets}': expected two forms like {sets:one …|# …}"),
    ("{sets:a|b|c}", "'{sets:a|b|c}': expected two forms like {sets:one …|# …}"),
])
def test_plural_form_errors(spec: str, problem: str) -> None:
    with pytest.raises(TemplateError) as info:
        check(spec, KEYS["set"].placeholders, NUMBERS)
    assert str(info.value) == problem


def test_braces_written_twice_are_text() -> None:
    p = pack("en", {"rest": "Rest {{{duration}}}."})
    assert p.rest(5, False) == "Rest {5 seconds}."


# a range of reps (1 set, 3 sets), a hold on every rep, 3 holds; a circuit's opening (3
# rounds, rounds of different lengths); the next exercise with a load (normal, minimal);
# the words of a 4-phase tempo; a rep hold's start and end
MORE = {
    "en": ["10 to 12 reps.", "3 sets of 10 to 12.", "3 sets of 10, hold each 5 seconds.",
           "3 holds of 45 seconds.", "R. 6 exercises, 3 rounds, about 20 minutes.",
           "R. 6 exercises in rounds, about 20 minutes.", "Next: Squat, 20 kg.",
           "Squat, 20 kg.", "Go.", "Hold.", "Back.", "Pause.", "Hold.", "Release."],
    "de": ["10 bis 12 Wiederholungen.", "3 Sätze zu je 10 bis 12.",
           "3 Sätze zu je 10, jede Wiederholung 5 Sekunden halten.",
           "3 Sätze, 45 Sekunden halten.", "R. 6 Übungen, 3 Runden, etwa 20 Minuten.",
           "R. 6 Übungen in Runden, etwa 20 Minuten.", "Als Nächstes: Squat, 20 kg.",
           "Squat, 20 kg.", "Los.", "Halten.", "Zurück.", "Pause.", "Halten.", "Lösen."],
    "fr": ["10 à 12 répétitions.", "3 séries de 10 à 12.",
           "3 séries de 10, tenez chacune 5 secondes.", "3 séries, tenez 45 secondes.",
           "R. 6 exercices, 3 tours, environ 20 minutes.",
           "R. 6 exercices en plusieurs tours, environ 20 minutes.", "Suivant : Squat, 20 kg.",
           "Squat, 20 kg.", "Allez.", "Tenez.", "Retour.", "Pause.", "Tenez.", "Relâchez."],
    "es": ["10 a 12 repeticiones.", "3 series de 10 a 12.",
           "3 series de 10, mantén cada una 5 segundos.", "3 series, mantén 45 segundos.",
           "R: 6 ejercicios, 3 rondas, aproximadamente 20 minutos.",
           "R: 6 ejercicios en rondas, aproximadamente 20 minutos.",
           "Siguiente: Squat, 20 kg.", "Squat, 20 kg.", "Ya.", "Mantén.", "Vuelve.", "Pausa.",
           "Mantén.", "Suelta."],
    "it": ["Da 10 a 12 ripetizioni.", "3 serie da 10 a 12.",
           "3 serie da 10, tieni ognuna per 5 secondi.", "3 serie, tieni per 45 secondi.",
           "R. 6 esercizi, 3 giri, circa 20 minuti.", "R. 6 esercizi in più giri, circa 20 minuti.",
           "Prossimo: Squat, 20 kg.", "Squat, 20 kg.", "Via.", "Tieni.", "Torna.", "Pausa.",
           "Tieni.", "Rilascia."],
    "pt": ["10 a 12 repetições.", "3 séries de 10 a 12.",
           "3 séries de 10, segure cada uma por 5 segundos.",
           "3 séries, segure por 45 segundos.", "R. 6 exercícios, 3 rodadas, cerca de 20 minutos.",
           "R. 6 exercícios em rodadas, cerca de 20 minutos.", "Próximo: Squat, 20 kg.",
           "Squat, 20 kg.", "Vai.", "Segure.", "Volta.", "Pausa.", "Segure.", "Solte."],
    "nl": ["10 tot 12 herhalingen.", "3 sets van 10 tot 12.",
           "3 sets van 10, houd elke herhaling 5 seconden vast.",
           "3 sets, houd 45 seconden vast.", "R. 6 oefeningen, 3 rondes, ongeveer 20 minuten.",
           "R. 6 oefeningen in rondes, ongeveer 20 minuten.", "Volgende: Squat, 20 kg.",
           "Squat, 20 kg.", "Nu.", "Vasthouden.", "Terug.", "Pauze.", "Vasthouden.",
           "Loslaten."],
}


@pytest.mark.parametrize("code", LANGUAGES)
def test_ranges_rep_holds_circuits_loads_and_tempo(code: str) -> None:
    p = PACKS[code]
    said = [p.summary(Exercise("P", Reps(12, low=10))),
            p.summary(Exercise("P", Reps(12, low=10), Settings(sets=3))),
            p.summary(Exercise("P", Reps(10), Settings(sets=3), rep_hold=5)),
            p.summary(Exercise("P", Hold(45), Settings(sets=3))),
            p.session_start("R", "R", 6, 3, 20), p.session_start("R", "R", 6, -1, 20),
            p.next_up("Squat", "20 kg", False), p.next_up("Squat", "20 kg", True),
            *p.tempo(4), p.HOLD, p.RELEASE]
    assert said == MORE[code]
