"""French (vous, short, as a coach says it). Numbers agreeing with a feminine noun are
written out ("vingt-et-une secondes"): a voice reads "21" as "vingt-et-un"."""

from __future__ import annotations

from voicecoach.phrases.template import Grammar

_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def number(n: int, gender: str) -> str:
    """Digits, but for a feminine number ending in 'un': une, vingt-et-une, …"""
    rest = n % 100
    if gender != "f" or n >= 100 or n % 10 != 1 or rest in (11, 71, 91):
        return str(n)
    if rest == 1:
        return "une"
    return "quatre-vingt-une" if rest == 81 else f"{_TENS[rest // 10]}-et-une"


GRAMMAR = Grammar("fr", "Français", "fra", ("fr", "fr-fr", "fr-be", "fr-ch"), number=number)

TEMPLATES = {
    "count": "{n}",
    "session_start": "{title}. {exercises:Un exercice|# exercices}, "
                     "environ {minutes:f:une minute|# minutes}.",
    "session_start_rounds": "{title}. {exercises:Un exercice|# exercices}, {rounds} tours, "
                            "environ {minutes:f:une minute|# minutes}.",
    "session_start_in_rounds": "{title}. {exercises:Un exercice|# exercices} en plusieurs tours, "
                               "environ {minutes:f:une minute|# minutes}.",
    "session_title": "{routine}. {session}",
    "session_minimal": "{session}.",
    "session_name": "Séance {number}",
    "equipment": "Matériel : {items}.",
    "block": "{name}.",
    "round": "Tour {number} sur {rounds}.",
    "first_round": "Tour 1 sur {rounds}.",
    "next": "Suivant : {name}.",
    "next_minimal": "{name}.",
    "next_load": "Suivant : {name}, {load}.",
    "next_load_minimal": "{name}, {load}.",
    "summary": "{what}.",
    "summary_sides": "{what}, de chaque côté.",
    "reps": "{reps:f:une répétition|# répétitions}",
    "sets_reps": "{sets:f:une série|# séries} de {reps}",
    "reps_range": "{low} à {high} répétitions",
    "sets_reps_range": "{sets:f:une série|# séries} de {low} à {high}",
    "rep_hold": "{what}, tenez chacune {duration}",
    "time": "{duration}",
    "sets_time": "{sets:f:une série|# séries} de {duration}",
    "hold": "tenez {amount}",
    "sets_hold": "{sets:f:une série|# séries}, tenez {amount}",
    "breaths": "{breaths:f:le temps d'une respiration|le temps de # respirations}",
    "side": "{side}.",
    "switch": "Changez de côté : {side}.",
    "switch_minimal": "{side}.",
    "side_right": "côté droit",
    "side_left": "côté gauche",
    "side_other": "{side_name}",
    "rest": "Repos, {duration}.",
    "rest_minimal": "Repos.",
    "set": "Série {number} sur {sets}.",
    "last_set": "Dernière série.",
    "halfway": "À mi-parcours.",
    "ten_left": "Encore dix secondes.",
    "breathe_in": "Inspirez.",
    "breathe_out": "Expirez.",
    "holding": "Tenez.",
    "release": "Relâchez.",
    "tempo_go": "Allez.",
    "tempo_hold": "Tenez.",
    "tempo_back": "Retour.",
    "tempo_pause": "Pause.",
    "session_end": "Séance terminée. Durée : {duration}.",
    "done": "Terminé.",
    "ready": "On reprend.",
    "press_space": "Appuyez sur espace quand vous avez fini.",
    # play --listen: the command words stay English in every pack (the recogniser
    # is English); they are the spotter's (listen/spotter.py PHRASES)
    "say_ready": "Dites « coach, ready » quand vous avez fini.",
    "stop_again": "En pause. Dites encore une fois « coach, end workout » "
                  "pour terminer la séance.",
    "week_session": "Semaine {week}, séance {number} sur {sessions}.",
    "week": "Semaine {week}.",
    "step_up": "{amount} de plus que la dernière fois.",
    "step_down": "{amount} de moins que la dernière fois.",
    "seconds": "{seconds:f:une seconde|# secondes}",
    "minutes": "{minutes:f:une minute|# minutes}",
    "minutes_seconds": "{minutes:f:une minute|# minutes} {seconds:f:une|#}",
    "chapter_round": "{title} (tour {round} sur {rounds})",
    "chapters": "Exercices",
    "handover": "Maintenant : {name}.",
    "get_ready": "Préparez-vous : {name}.",
    "get_ready_load": "Préparez-vous : {name}, {load}.",
    "time_left": "Encore {duration}.",
    "last_round": "Dernier tour.",
    "block_rounds": "{name} : {rounds} tours.",
    "breath_words": "respiration|respirations",
    "unit_kg": "{value:# kilo|# kilos}",
    "unit_lb": "{value:f:une livre|# livres}",
    "unit_times": "fois",
    "unit_per": "par",
    "unit_decimal": "{whole} virgule {fraction}",
}


# what the terminal shows while playing (never said): phase names, states, notes
SCREEN = {
    "intro": "Introduction",
    "prep": "Préparation",
    "work": "Effort",
    "rest": "Repos",
    "switch": "Changement de côté",
    "handover": "Ensuite",
    "end": "Terminé",
    "session": "Séance",
    "paused": "EN PAUSE (espace)",
    "waiting": "EN ATTENTE (espace quand c'est fini)",
    "going_on": "On reprend.",
    "paused_note": "En pause — appuyez sur espace pour reprendre.",
    "skipped_to": "Passage à {title}.",
    "skipped_end": "Passage à la fin.",
    "back_to": "Retour à {title}.",
    "marked": "{title} noté comme non terminé.",
    "again": "Encore : {text}",
    "stop_note": "En pause — redites « coach, end workout » dans les {seconds} s pour terminer.",
    "heard": "entendu : {command}",
}
