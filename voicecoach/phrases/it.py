"""Italian (tu, short, as a coach says it). Singular forms are words ("un minuto"): a voice
reads "1 minuto" as "uno minuto"."""

from __future__ import annotations

from voicecoach.phrases.template import Grammar

GRAMMAR = Grammar("it", "Italiano", "ita", ("it", "it-it"))

TEMPLATES = {
    "count": "{n}",
    "session_start": "{title}. {exercises:Un esercizio|# esercizi}, "
                     "circa {minutes:un minuto|# minuti}.",
    "session_start_rounds": "{title}. {exercises:Un esercizio|# esercizi}, {rounds} giri, "
                            "circa {minutes:un minuto|# minuti}.",
    "session_start_in_rounds": "{title}. {exercises:Un esercizio|# esercizi} in più giri, "
                               "circa {minutes:un minuto|# minuti}.",
    "session_title": "{routine}. {session}",
    "session_minimal": "{session}.",
    "session_name": "Sessione {number}",
    "equipment": "Occorrente: {items}.",
    "block": "{name}.",
    "round": "Giro {number} di {rounds}.",
    "next": "Prossimo: {name}.",
    "next_minimal": "{name}.",
    "next_load": "Prossimo: {name}, {load}.",
    "next_load_minimal": "{name}, {load}.",
    "summary": "{what}.",
    "summary_sides": "{what}, per lato.",
    "reps": "{reps:una ripetizione|# ripetizioni}",
    "sets_reps": "{sets:una serie|# serie} da {reps}",
    "reps_range": "da {low} a {high} ripetizioni",
    "sets_reps_range": "{sets:una serie|# serie} da {low} a {high}",
    "rep_hold": "{what}, tieni ognuna per {duration}",
    "time": "{duration}",
    "sets_time": "{sets:una serie|# serie} da {duration}",
    "hold": "tieni per {amount}",
    "sets_hold": "{sets:una serie|# serie}, tieni per {amount}",
    "breaths": "{breaths:un respiro|# respiri}",
    "side": "{side}.",
    "switch": "Cambia lato: {side}.",
    "switch_minimal": "{side}.",
    "side_right": "lato destro",
    "side_left": "lato sinistro",
    "side_other": "{side_name}",
    "rest": "Recupero, {duration}.",
    "rest_minimal": "Recupero.",
    "set": "Serie {number} di {sets}.",
    "last_set": "Ultima serie.",
    "halfway": "A metà.",
    "ten_left": "Ancora dieci secondi.",
    "breathe_in": "Inspira.",
    "breathe_out": "Espira.",
    "holding": "Tieni.",
    "release": "Rilascia.",
    "tempo_go": "Via.",
    "tempo_hold": "Tieni.",
    "tempo_back": "Torna.",
    "tempo_pause": "Pausa.",
    "session_end": "Allenamento finito. Tempo: {duration}.",
    "done": "Fatto.",
    "ready": "Si riparte.",
    "press_space": "Premi spazio quando hai finito.",
    # play --listen: the command words stay English in every pack (the recogniser
    # is English); they are the spotter's (listen/spotter.py PHRASES)
    "say_ready": "Di' «coach, ready» quando hai finito.",
    "stop_again": "In pausa. Di' «coach, end workout» ancora una volta per finire la sessione.",
    "seconds": "{seconds:un secondo|# secondi}",
    "minutes": "{minutes:un minuto|# minuti}",
    "minutes_seconds": "{minutes:un minuto|# minuti} e {seconds:un secondo|# secondi}",
    "chapter_round": "{title} (giro {round} di {rounds})",
    "chapters": "Esercizi",
}
