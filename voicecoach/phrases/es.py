"""Spanish (tú, short, as a coach says it). Numbers ending in 'uno' agree with their noun
("veintiún segundos", "veintiuna series"): a voice reads "21" as "veintiuno"."""

from __future__ import annotations

from voicecoach.phrases.template import Grammar

_TENS = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta",
         8: "ochenta", 9: "noventa"}


def number(n: int, gender: str) -> str:
    """Digits, but for a number ending in 'uno' before a noun: un/una, veintiún/veintiuna…"""
    rest = n % 100
    if gender not in ("m", "f") or n >= 100 or n % 10 != 1 or rest == 11:
        return str(n)
    one = "un" if gender == "m" else "una"
    if rest == 1:
        return one
    if rest == 21:
        return "veintiún" if gender == "m" else "veintiuna"
    return f"{_TENS[rest // 10]} y {one}"


GRAMMAR = Grammar("es", "Español", "spa", ("es", "es-es", "es-419"), number=number)

TEMPLATES = {
    "count": "{n}",
    "session_start": "{title}: {exercises:m:un ejercicio|# ejercicios}, "
                     "aproximadamente {minutes:m:un minuto|# minutos}.",
    "session_start_rounds": "{title}: {exercises:m:un ejercicio|# ejercicios}, {rounds} rondas, "
                            "aproximadamente {minutes:m:un minuto|# minutos}.",
    "session_start_in_rounds": "{title}: {exercises:m:un ejercicio|# ejercicios} en rondas, "
                               "aproximadamente {minutes:m:un minuto|# minutos}.",
    "session_title": "{routine}. {session}",
    "session_minimal": "{session}.",
    "session_name": "Sesión {number}",
    "equipment": "Necesitas: {items}.",
    "block": "{name}.",
    "round": "Ronda {number} de {rounds}.",
    "first_round": "Ronda 1 de {rounds}.",
    "next": "Siguiente: {name}.",
    "next_minimal": "{name}.",
    "next_load": "Siguiente: {name}, {load}.",
    "next_load_minimal": "{name}, {load}.",
    "summary": "{what}.",
    "summary_sides": "{what}, por lado.",
    "reps": "{reps:f:una repetición|# repeticiones}",
    "sets_reps": "{sets:f:una serie|# series} de {reps}",
    "reps_range": "{low} a {high} repeticiones",
    "sets_reps_range": "{sets:f:una serie|# series} de {low} a {high}",
    "rep_hold": "{what}, mantén cada una {duration}",
    "time": "{duration}",
    "sets_time": "{sets:f:una serie|# series} de {duration}",
    "hold": "mantén {amount}",
    "sets_hold": "{sets:f:una serie|# series}, mantén {amount}",
    "breaths": "durante {breaths:f:una respiración|# respiraciones}",
    "side": "{side}.",
    "switch": "Cambio de lado: {side}.",
    "switch_minimal": "{side}.",
    "side_right": "lado derecho",
    "side_left": "lado izquierdo",
    "side_other": "{side_name}",
    "rest": "Descansa {duration}.",
    "rest_minimal": "Descanso.",
    "set": "Serie {number} de {sets}.",
    "last_set": "Última serie.",
    "halfway": "Vas por la mitad.",
    "ten_left": "Quedan diez segundos.",
    "breathe_in": "Inhala.",
    "breathe_out": "Exhala.",
    "holding": "Mantén.",
    "release": "Suelta.",
    "tempo_go": "Ya.",
    "tempo_hold": "Mantén.",
    "tempo_back": "Vuelve.",
    "tempo_pause": "Pausa.",
    "session_end": "Sesión terminada. Tiempo: {duration}.",
    "done": "Listo.",
    "ready": "Seguimos.",
    "press_space": "Pulsa espacio cuando termines.",
    # play --listen: the command words stay English in every pack (the recogniser
    # is English); they are the spotter's (listen/spotter.py PHRASES)
    "say_ready": "Di «coach, ready» cuando termines.",
    "stop_again": "En pausa. Di «coach, end workout» otra vez para terminar la sesión.",
    "week_session": "Semana {week}, sesión {number} de {sessions}.",
    "week": "Semana {week}.",
    "step_up": "{amount} más que la última vez.",
    "step_down": "{amount} menos que la última vez.",
    "seconds": "{seconds:m:un segundo|# segundos}",
    "minutes": "{minutes:m:un minuto|# minutos}",
    "minutes_seconds": "{minutes:m:un minuto|# minutos} y {seconds:m:un segundo|# segundos}",
    "chapter_round": "{title} (ronda {round} de {rounds})",
    "chapters": "Ejercicios",
    "handover": "¡Ahora, {name}!",
    "get_ready": "Prepárate: {name}.",
    "get_ready_load": "Prepárate: {name}, {load}.",
    "time_left": "Quedan {duration}.",
    "last_round": "Última ronda.",
    "block_rounds": "{name}: {rounds} rondas.",
    "breath_words": "respiración|respiraciones|respiracion",
    "unit_kg": "{value:m:un kilo|# kilos}",
    "unit_lb": "{value:f:una libra|# libras}",
    "unit_times": "por",
    "unit_per": "por",
    "unit_decimal": "{whole} coma {fraction}",
}


# what the terminal shows while playing (never said): phase names, states, notes
SCREEN = {
    "intro": "Introducción",
    "prep": "Prepárate",
    "work": "Trabajo",
    "rest": "Descanso",
    "switch": "Cambio de lado",
    "handover": "Siguiente",
    "end": "Fin",
    "session": "Sesión",
    "paused": "EN PAUSA (espacio)",
    "waiting": "ESPERANDO (espacio al terminar)",
    "going_on": "Seguimos.",
    "paused_note": "En pausa — pulsa espacio para seguir.",
    "skipped_to": "Saltamos a {title}.",
    "skipped_end": "Saltamos al final.",
    "back_to": "Volvemos a {title}.",
    "marked": "{title} marcado como no terminado.",
    "again": "Otra vez: {text}",
    "stop_note": "En pausa — di «coach, end workout» otra vez en {seconds} s para terminar.",
    "heard": "oído: {command}",
}
