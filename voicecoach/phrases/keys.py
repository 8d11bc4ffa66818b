"""Every phrase key, declared once: the placeholders its template may use and what it is for.
Every pack has a template for each key (and no other); a routine's ``phrases:`` may replace
any of them. A new phrase is one line here and one template in every pack."""

from __future__ import annotations

from dataclasses import dataclass

# placeholders holding whole numbers (they may take plural forms: {sets:# set|# sets})
NUMBERS = frozenset({"n", "number", "sets", "reps", "rounds", "round", "exercises", "minutes",
                     "seconds", "breaths", "low", "high", "value"})
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
    "round": Key(("number", "rounds"), "a later round of a circuit starts"),
    "first_round": Key(("rounds",), "the first round of a circuit starts"),
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
    "week_session": Key(("week", "number", "sessions"),
                        "a program: the week and the session of that week, in the opening"),
    "week": Key(("week",), "a program: the week, in the opening of a week's plan or export"),
    "step_up": Key(("amount",), "progression: how much more than the last session"),
    "step_down": Key(("amount",), "progression: how much less (a step back after misses)"),
    "seconds": Key(("seconds",), "a duration under a minute"),
    "minutes": Key(("minutes",), "a duration in whole minutes"),
    "minutes_seconds": Key(("minutes", "seconds"), "a duration in minutes and seconds"),
    "chapter_round": Key(("title", "round", "rounds"), "a chapter title in a circuit"),
    "chapters": Key((), "the title of an MP3's chapter list"),
    "handover": Key(("name",), "the next exercise starts on the tone, with no rest before it"),
    "get_ready": Key(("name",), "before the countdown of a rest that named the next exercise "
                                "at its start"),
    "get_ready_load": Key(("name", "load"), "the same, for an exercise with a load"),
    "time_left": Key(("duration",), "how much of a rest of a minute or more is left "
                                    "(30 and 10 seconds)"),
    "last_round": Key((), "the last round of a circuit starts"),
    "block_rounds": Key(("name", "rounds"), "a circuit block starts: its name and rounds"),
    "breath_words": Key((), "how a routine may write breaths in 'hold: 6 breaths' (words "
                        "separated by |; English always works)"),
    "unit_kg": Key(("value",), "spoken for a load written in kg ('10 kg'); the plan shows "
                   "it as written"),
    "unit_lb": Key(("value",), "spoken for a load written in lb or lbs"),
    "unit_times": Key((), "spoken for x or × between numbers ('2 x 32 kg')"),
    "unit_per": Key((), "spoken for / after a unit or number ('10 kg/side')"),
    "unit_decimal": Key(("whole", "fraction"), "a decimal number written in a text "
                        "('72.5 kg'), as the voice should read it"),
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

# Keys that say the same thing in different cases, at the same verbosity: a routine
# overriding one of them is warned about the others, which keep the pack's wording.
FAMILIES: tuple[tuple[str, ...], ...] = (
    ("next", "next_load"),
    ("next_minimal", "next_load_minimal"),
    ("session_start", "session_start_rounds", "session_start_in_rounds"),
    ("summary", "summary_sides"),
    ("reps", "sets_reps", "reps_range", "sets_reps_range"),
    ("time", "sets_time"),
    ("hold", "sets_hold"),
    ("set", "last_set"),
    ("first_round", "round", "last_round"),
)

# what the terminal shows while playing (``SCREEN`` in each language): key -> placeholders
SCREEN_KEYS: dict[str, tuple[str, ...]] = {
    **{k: () for k in ("intro", "prep", "work", "rest", "switch", "handover", "end",
                       "session", "paused", "waiting", "going_on", "paused_note",
                       "skipped_end")},
    "skipped_to": ("title",), "back_to": ("title",), "marked": ("title",),
    "again": ("text",), "stop_note": ("seconds",), "heard": ("command",),
}
