"""Every phrase key, declared once: the placeholders its template may use and what it is for.
Every pack has a template for each key (and no other); a routine's ``phrases:`` may replace
any of them. A new phrase is one line here and one template in every pack."""

from __future__ import annotations

from dataclasses import dataclass

# placeholders holding whole numbers (they may take plural forms: {sets:# set|# sets})
NUMBERS = frozenset({"n", "number", "sets", "reps", "rounds", "round", "exercises", "minutes",
                     "seconds", "breaths", "low", "high"})
# placeholders holding the routine's own text: a sentence starting with one keeps its case
VERBATIM = frozenset({"name", "title", "session", "routine", "items", "load"})


@dataclass(frozen=True)
class Key:
    placeholders: tuple[str, ...]
    help: str


KEYS: dict[str, Key] = {
    "count": Key(("n",), "a number counted: reps, breaths, the 3-2-1"),
    "session_start": Key(("title", "exercises", "minutes"), "the session's opening"),
    "session_start_rounds": Key(("title", "exercises", "rounds", "minutes"),
                                "the opening of a session that is one circuit"),
    "session_start_in_rounds": Key(("title", "exercises", "minutes"),
                                   "the opening of a session of circuits of different lengths"),
    "session_title": Key(("routine", "session"), "the title when a session has its own name"),
    "session_minimal": Key(("session",), "the opening at minimal verbosity"),
    "session_name": Key(("number",), "the name of a session the routine does not name"),
    "equipment": Key(("items",), "what the session needs (full verbosity)"),
    "block": Key(("name",), "a block starts"),
    "round": Key(("number", "rounds"), "a round of a circuit starts"),
    "next": Key(("name",), "the next exercise"),
    "next_minimal": Key(("name",), "the next exercise, at minimal verbosity"),
    "next_load": Key(("name", "load"), "the next exercise and its load"),
    "next_load_minimal": Key(("name", "load"), "the next exercise and its load, minimal"),
    "summary": Key(("what",), "what the exercise asks, as a sentence"),
    "summary_sides": Key(("what",), "what the exercise asks, done on each side"),
    "reps": Key(("reps",), "one set of reps"),
    "sets_reps": Key(("sets", "reps"), "sets of reps"),
    "reps_range": Key(("low", "high"), "one set of a range of reps"),
    "sets_reps_range": Key(("sets", "low", "high"), "sets of a range of reps"),
    "rep_hold": Key(("what", "duration"), "reps with a hold on every rep"),
    "time": Key(("duration",), "one set of timed work"),
    "sets_time": Key(("sets", "duration"), "sets of timed work"),
    "hold": Key(("amount",), "one hold (a duration or breaths)"),
    "sets_hold": Key(("sets", "amount"), "sets of holds"),
    "breaths": Key(("breaths",), "a hold given in breaths"),
    "side": Key(("side", "side_name"), "the side work starts on"),
    "switch": Key(("side", "side_name"), "change to the other side"),
    "switch_minimal": Key(("side", "side_name"), "change sides, at minimal verbosity"),
    "side_right": Key((), "{side} for a side named right"),
    "side_left": Key((), "{side} for a side named left"),
    "side_other": Key(("side_name",), "{side} for any other side name"),
    "rest": Key(("duration",), "a rest starts"),
    "rest_minimal": Key((), "a rest starts, at minimal verbosity"),
    "set": Key(("number", "sets"), "a set starts"),
    "last_set": Key((), "the last set starts"),
    "halfway": Key((), "halfway through timed work or a hold"),
    "ten_left": Key((), "ten seconds of work left"),
    "breathe_in": Key((), "pacing a hold in breaths"),
    "breathe_out": Key((), "pacing a hold in breaths"),
    "holding": Key((), "the hold on every rep starts"),
    "release": Key((), "the hold on every rep ends"),
    "tempo_go": Key((), "a tempo's first phase: the move away from the start"),
    "tempo_hold": Key((), "a tempo's pause at the far end (three or four phases)"),
    "tempo_back": Key((), "a tempo's way back to the start"),
    "tempo_pause": Key((), "a tempo's pause at the start (four phases)"),
    "session_end": Key(("duration",), "the session is over"),
    "done": Key((), "the session is over, at minimal verbosity"),
    "ready": Key((), "said before the 3-2-1 when play resumes"),
    "press_space": Key((), "live: waiting for a key after reps done until done"),
    "say_ready": Key((), "live --listen: waiting after reps done until done (the command words "
                         "stay English: the recogniser is English)"),
    "stop_again": Key((), "live --listen: a spoken 'end workout' paused play; ending takes a "
                          "second (the command words stay English)"),
    "seconds": Key(("seconds",), "a duration under a minute"),
    "minutes": Key(("minutes",), "a duration in whole minutes"),
    "minutes_seconds": Key(("minutes", "seconds"), "a duration in minutes and seconds"),
    "chapter_round": Key(("title", "round", "rounds"), "a chapter title in a circuit"),
    "chapters": Key((), "the title of an MP3's chapter list"),
}

# side names as routines write them, in any of the languages, to the side they mean
SIDE_NAMES = {
    "right": "right", "rechts": "right", "droite": "right", "droit": "right",
    "derecha": "right", "derecho": "right", "destra": "right", "destro": "right",
    "direita": "right", "direito": "right",
    "left": "left", "links": "left", "gauche": "left", "izquierda": "left",
    "izquierdo": "left", "sinistra": "left", "sinistro": "left", "esquerda": "left",
    "esquerdo": "left",
}
