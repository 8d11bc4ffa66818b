"""English: every sentence the coach says, as templates (numbers as digits: the voice reads
them). See ``phrases.keys`` for what each key is and ``phrases.template`` for the syntax."""

from __future__ import annotations

from voicecoach.phrases.template import Grammar

GRAMMAR = Grammar("en", "English", "eng", ("en-us", "en", "en-gb"))

TEMPLATES = {
    "count": "{n}",
    "session_start": "{title}. {exercises:# exercise|# exercises}, "
                     "about {minutes:# minute|# minutes}.",
    "session_start_rounds": "{title}. {exercises:# exercise|# exercises}, {rounds} rounds, "
                            "about {minutes:# minute|# minutes}.",
    "session_start_in_rounds": "{title}. {exercises:# exercise|# exercises} in rounds, "
                               "about {minutes:# minute|# minutes}.",
    "session_title": "{routine}. {session}",
    "session_minimal": "{session}.",
    "session_name": "Session {number}",
    "equipment": "You will need: {items}.",
    "block": "{name}.",
    "round": "Round {number} of {rounds}.",
    "next": "Next: {name}.",
    "next_minimal": "{name}.",
    "next_load": "Next: {name}, {load}.",
    "next_load_minimal": "{name}, {load}.",
    "summary": "{what}.",
    "summary_sides": "{what}, each side.",
    "reps": "{reps:# rep|# reps}",
    "sets_reps": "{sets} sets of {reps}",
    "reps_range": "{low} to {high} reps",
    "sets_reps_range": "{sets} sets of {low} to {high}",
    "rep_hold": "{what}, hold each {duration}",
    "time": "{duration}",
    "sets_time": "{sets} sets of {duration}",
    "hold": "hold {amount}",
    "sets_hold": "{sets} holds of {amount}",
    "breaths": "{breaths:# breath|# breaths}",
    "side": "{side}.",
    "switch": "Switch to the {side}.",
    "switch_minimal": "{side_name}.",
    "side_right": "right side",
    "side_left": "left side",
    "side_other": "{side_name} side",
    "rest": "Rest {duration}.",
    "rest_minimal": "Rest.",
    "set": "Set {number} of {sets}.",
    "last_set": "Last set.",
    "halfway": "Halfway.",
    "ten_left": "Ten seconds left.",
    "breathe_in": "Breathe in.",
    "breathe_out": "Breathe out.",
    "holding": "Hold.",
    "release": "Release.",
    "tempo_go": "Go.",
    "tempo_hold": "Hold.",
    "tempo_back": "Back.",
    "tempo_pause": "Pause.",
    "session_end": "Session complete. Time: {duration}.",
    "done": "Done.",
    "ready": "Ready.",
    "press_space": "Press space when done.",
    # play --listen: the command words stay English in every pack (the recogniser
    # is English); they are the spotter's (listen/spotter.py PHRASES)
    "say_ready": "Say 'coach, ready' when done.",
    "stop_again": "Paused. Say 'coach, end workout' again to end the session.",
    "seconds": "{seconds:# second|# seconds}",
    "minutes": "{minutes:# minute|# minutes}",
    "minutes_seconds": "{minutes:# minute|# minutes} {seconds:# second|# seconds}",
    "chapter_round": "{title} (round {round} of {rounds})",
    "chapters": "Exercises",
}
