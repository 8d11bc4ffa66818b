"""Dutch (je-form, short, as a coach says it)."""

from __future__ import annotations

from voicecoach.phrases.template import Grammar

GRAMMAR = Grammar("nl", "Nederlands", "nld", ("nl", "nl-nl", "nl-be"))

TEMPLATES = {
    "count": "{n}",
    "session_start": "{title}. {exercises:Eén oefening|# oefeningen}, "
                     "ongeveer {minutes:één minuut|# minuten}.",
    "session_start_rounds": "{title}. {exercises:Eén oefening|# oefeningen}, {rounds} rondes, "
                            "ongeveer {minutes:één minuut|# minuten}.",
    "session_start_in_rounds": "{title}. {exercises:Eén oefening|# oefeningen} in rondes, "
                               "ongeveer {minutes:één minuut|# minuten}.",
    "session_title": "{routine}. {session}",
    "session_minimal": "{session}.",
    "session_name": "Sessie {number}",
    "equipment": "Je hebt nodig: {items}.",
    "block": "{name}.",
    "round": "Ronde {number} van {rounds}.",
    "next": "Volgende: {name}.",
    "next_minimal": "{name}.",
    "next_load": "Volgende: {name}, {load}.",
    "next_load_minimal": "{name}, {load}.",
    "summary": "{what}.",
    "summary_sides": "{what}, per kant.",
    "reps": "{reps:één herhaling|# herhalingen}",
    "sets_reps": "{sets:één set|# sets} van {reps}",
    "reps_range": "{low} tot {high} herhalingen",
    "sets_reps_range": "{sets:één set|# sets} van {low} tot {high}",
    "rep_hold": "{what}, houd elke herhaling {duration} vast",
    "time": "{duration}",
    "sets_time": "{sets:één set|# sets} van {duration}",
    "hold": "houd {amount} vast",
    "sets_hold": "{sets:één set|# sets}, houd {amount} vast",
    "breaths": "{breaths:één ademhaling|# ademhalingen} lang",
    "side": "{side}.",
    "switch": "Wissel van kant: {side}.",
    "switch_minimal": "{side}.",
    "side_right": "rechterkant",
    "side_left": "linkerkant",
    "side_other": "{side_name}",
    "rest": "{duration} rust.",
    "rest_minimal": "Rust.",
    "set": "Set {number} van {sets}.",
    "last_set": "Laatste set.",
    "halfway": "Halverwege.",
    "ten_left": "Nog tien seconden.",
    "breathe_in": "Adem in.",
    "breathe_out": "Adem uit.",
    "holding": "Vasthouden.",
    "release": "Loslaten.",
    "tempo_go": "Nu.",
    "tempo_hold": "Vasthouden.",
    "tempo_back": "Terug.",
    "tempo_pause": "Pauze.",
    "session_end": "Training klaar. Tijd: {duration}.",
    "done": "Klaar.",
    "ready": "We gaan verder.",
    "press_space": "Druk op spatie als je klaar bent.",
    # play --listen: the command words stay English in every pack (the recogniser
    # is English); they are the spotter's (listen/spotter.py PHRASES)
    "say_ready": "Zeg ‘coach, ready’ als je klaar bent.",
    "stop_again": "Gepauzeerd. Zeg nog een keer ‘coach, end workout’ "
                  "om de training te beëindigen.",
    "seconds": "{seconds:één seconde|# seconden}",
    "minutes": "{minutes:één minuut|# minuten}",
    "minutes_seconds": "{minutes:één minuut|# minuten} en {seconds:één seconde|# seconden}",
    "chapter_round": "{title} (ronde {round} van {rounds})",
    "chapters": "Oefeningen",
}
