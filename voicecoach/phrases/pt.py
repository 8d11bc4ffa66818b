"""Portuguese (Brazilian, você, short, as a coach says it). Numbers ending in one or two
agree with a feminine noun ("duas séries", "vinte e uma repetições"); a voice reads "2"
as "dois"."""

from __future__ import annotations

from voicecoach.phrases.template import Grammar

_TENS = {2: "vinte", 3: "trinta", 4: "quarenta", 5: "cinquenta", 6: "sessenta",
         7: "setenta", 8: "oitenta", 9: "noventa"}


def number(n: int, gender: str) -> str:
    """Digits, but for a feminine number ending in one or two: uma, duas, vinte e uma…"""
    rest = n % 100
    if gender != "f" or n >= 100 or n % 10 not in (1, 2) or rest in (11, 12):
        return str(n)
    word = "uma" if n % 10 == 1 else "duas"
    return word if rest < 10 else f"{_TENS[rest // 10]} e {word}"


GRAMMAR = Grammar("pt", "Português", "por", ("pt-br", "pt", "pt-pt"), number=number)

TEMPLATES = {
    "count": "{n}",
    "session_start": "{title}. {exercises:Um exercício|# exercícios}, "
                     "cerca de {minutes:um minuto|# minutos}.",
    "session_start_rounds": "{title}. {exercises:Um exercício|# exercícios}, {rounds} rodadas, "
                            "cerca de {minutes:um minuto|# minutos}.",
    "session_start_in_rounds": "{title}. {exercises:Um exercício|# exercícios} em rodadas, "
                               "cerca de {minutes:um minuto|# minutos}.",
    "session_title": "{routine}. {session}",
    "session_minimal": "{session}.",
    "session_name": "Sessão {number}",
    "equipment": "Você vai precisar de: {items}.",
    "block": "{name}.",
    "round": "Rodada {number} de {rounds}.",
    "first_round": "Rodada 1 de {rounds}.",
    "next": "Próximo: {name}.",
    "next_minimal": "{name}.",
    "next_load": "Próximo: {name}, {load}.",
    "next_load_minimal": "{name}, {load}.",
    "summary": "{what}.",
    "summary_sides": "{what}, de cada lado.",
    "reps": "{reps:f:uma repetição|# repetições}",
    "sets_reps": "{sets:f:uma série|# séries} de {reps}",
    "reps_range": "{low} a {high} repetições",
    "sets_reps_range": "{sets:f:uma série|# séries} de {low} a {high}",
    "rep_hold": "{what}, segure cada uma por {duration}",
    "time": "{duration}",
    "sets_time": "{sets:f:uma série|# séries} de {duration}",
    "hold": "segure por {amount}",
    "sets_hold": "{sets:f:uma série|# séries}, segure por {amount}",
    "breaths": "{breaths:f:uma respiração|# respirações}",
    "side": "{side}.",
    "switch": "Troca de lado: {side}.",
    "switch_minimal": "{side}.",
    "side_right": "lado direito",
    "side_left": "lado esquerdo",
    "side_other": "{side_name}",
    "rest": "Descanse {duration}.",
    "rest_minimal": "Descanso.",
    "set": "Série {number} de {sets}.",
    "last_set": "Última série.",
    "halfway": "Na metade.",
    "ten_left": "Faltam dez segundos.",
    "breathe_in": "Inspire.",
    "breathe_out": "Expire.",
    "holding": "Segure.",
    "release": "Solte.",
    "tempo_go": "Vai.",
    "tempo_hold": "Segure.",
    "tempo_back": "Volta.",
    "tempo_pause": "Pausa.",
    "session_end": "Treino concluído. Tempo: {duration}.",
    "done": "Pronto.",
    "ready": "Vamos lá.",
    "press_space": "Aperte espaço quando terminar.",
    # play --listen: the command words stay English in every pack (the recogniser
    # is English); they are the spotter's (listen/spotter.py PHRASES)
    "say_ready": "Diga “coach, ready” quando terminar.",
    "stop_again": "Em pausa. Diga “coach, end workout” outra vez para terminar a sessão.",
    "week_session": "Semana {week}, sessão {number} de {sessions}.",
    "week": "Semana {week}.",
    "step_up": "Mais {amount} do que da última vez.",
    "step_down": "Menos {amount} do que da última vez.",
    "seconds": "{seconds:um segundo|# segundos}",
    "minutes": "{minutes:um minuto|# minutos}",
    "minutes_seconds": "{minutes:um minuto|# minutos} e {seconds:um segundo|# segundos}",
    "chapter_round": "{title} (rodada {round} de {rounds})",
    "chapters": "Exercícios",
    "handover": "Agora, {name}.",
    "get_ready": "Prepare-se: {name}.",
    "get_ready_load": "Prepare-se: {name}, {load}.",
    "time_left": "Faltam {duration}.",
    "last_round": "Última rodada.",
    "block_rounds": "{name}: {rounds} rodadas.",
    "breath_words": "respiração|respirações|respiracao|respiracoes",
    "unit_kg": "{value:m:um quilo|# quilos}",
    "unit_lb": "{value:f:uma libra|# libras}",
    "unit_times": "vezes",
    "unit_per": "por",
    "unit_decimal": "{whole} vírgula {fraction}",
}


# what the terminal shows while playing (never said): phase names, states, notes
SCREEN = {
    "intro": "Introdução",
    "prep": "Prepare-se",
    "work": "Trabalho",
    "rest": "Descanso",
    "switch": "Troca de lado",
    "handover": "Próximo",
    "end": "Fim",
    "session": "Sessão",
    "paused": "EM PAUSA (espaço)",
    "waiting": "AGUARDANDO (espaço ao terminar)",
    "going_on": "Vamos lá.",
    "paused_note": "Em pausa — aperte espaço para continuar.",
    "skipped_to": "Pulamos para {title}.",
    "skipped_end": "Pulamos para o fim.",
    "back_to": "De volta a {title}.",
    "marked": "{title} marcado como não concluído.",
    "again": "De novo: {text}",
    "stop_note": "Em pausa — diga “coach, end workout” outra vez em {seconds} s para terminar.",
    "heard": "ouvido: {command}",
}
