"""German (du-form, short, as a coach says it). Singular forms are words ("eine Minute"):
a voice reads "1 Minute" as "eins Minute"."""

from __future__ import annotations

from voicecoach.phrases.template import Grammar

GRAMMAR = Grammar("de", "Deutsch", "deu", ("de", "de-de"))

TEMPLATES = {
    "count": "{n}",
    "session_start": "{title}. {exercises:Eine Übung|# Übungen}, "
                     "etwa {minutes:eine Minute|# Minuten}.",
    "session_start_rounds": "{title}. {exercises:Eine Übung|# Übungen}, {rounds} Runden, "
                            "etwa {minutes:eine Minute|# Minuten}.",
    "session_start_in_rounds": "{title}. {exercises:Eine Übung|# Übungen} in Runden, "
                               "etwa {minutes:eine Minute|# Minuten}.",
    "session_title": "{routine}. {session}",
    "session_minimal": "{session}.",
    "session_name": "Einheit {number}",
    "equipment": "Du brauchst: {items}.",
    "block": "{name}.",
    "round": "Runde {number} von {rounds}.",
    "next": "Als Nächstes: {name}.",
    "next_minimal": "{name}.",
    "next_load": "Als Nächstes: {name}, {load}.",
    "next_load_minimal": "{name}, {load}.",
    "summary": "{what}.",
    "summary_sides": "{what}, pro Seite.",
    "reps": "{reps:eine Wiederholung|# Wiederholungen}",
    "sets_reps": "{sets:ein Satz|# Sätze} zu je {reps}",
    "reps_range": "{low} bis {high} Wiederholungen",
    "sets_reps_range": "{sets:ein Satz|# Sätze} zu je {low} bis {high}",
    "rep_hold": "{what}, jede Wiederholung {duration} halten",
    "time": "{duration}",
    "sets_time": "{sets:ein Satz|# Sätze} zu je {duration}",
    "hold": "{amount} halten",
    "sets_hold": "{sets:ein Satz|# Sätze}, {amount} halten",
    "breaths": "{breaths:einen Atemzug|# Atemzüge} lang",
    "side": "{side}.",
    "switch": "Seitenwechsel: {side}.",
    "switch_minimal": "{side}.",
    "side_right": "rechte Seite",
    "side_left": "linke Seite",
    "side_other": "{side_name}",
    "rest": "{duration} Pause.",
    "rest_minimal": "Pause.",
    "set": "Satz {number} von {sets}.",
    "last_set": "Letzter Satz.",
    "halfway": "Halbzeit.",
    "ten_left": "Noch zehn Sekunden.",
    "breathe_in": "Einatmen.",
    "breathe_out": "Ausatmen.",
    "holding": "Halten.",
    "release": "Lösen.",
    "tempo_go": "Los.",
    "tempo_hold": "Halten.",
    "tempo_back": "Zurück.",
    "tempo_pause": "Pause.",
    "session_end": "Training beendet. Dauer: {duration}.",
    "done": "Fertig.",
    "ready": "Weiter geht's.",
    "press_space": "Drück die Leertaste, wenn du fertig bist.",
    # play --listen: the command words stay English in every pack (the recogniser
    # is English); they are the spotter's (listen/spotter.py PHRASES)
    "say_ready": "Sag „Coach, ready“, wenn du fertig bist.",
    "stop_again": "Pause. Sag noch einmal „Coach, end workout“, um das Training zu beenden.",
    "seconds": "{seconds:eine Sekunde|# Sekunden}",
    "minutes": "{minutes:eine Minute|# Minuten}",
    "minutes_seconds": "{minutes:eine Minute|# Minuten} {seconds:eine Sekunde|# Sekunden}",
    "chapter_round": "{title} (Runde {round} von {rounds})",
    "chapters": "Übungen",
}
