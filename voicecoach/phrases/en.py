"""English: every sentence the coach says in English (numbers as digits: the voice reads
them). Durations in seconds."""

from __future__ import annotations

from typing import ClassVar

from voicecoach.durations import spoken
from voicecoach.model import Exercise, Hold, Reps


class English:
    """The English phrase pack (see ``voicecoach.phrases.PhrasePack``)."""

    language = "en"
    HALFWAY = "Halfway."
    TEN_LEFT = "Ten seconds left."
    LAST_SET = "Last set."
    BREATHE_IN = "Breathe in."
    BREATHE_OUT = "Breathe out."
    READY = "Ready."
    PRESS_SPACE = "Press space when done."
    DONE_MINIMAL = "Done."
    HOLD = "Hold."
    RELEASE = "Release."
    # the words of a tempo's phases, by how many phases it has (1-1 … 1-1-1-1): the move
    # away from the start position, the pause, the way back (the same for a squat or a
    # bridge, whichever way the first phase goes), the pause at the start
    TEMPO: ClassVar[dict[int, tuple[str, ...]]] = {
        2: ("Go.", "Back."), 3: ("Go.", "Hold.", "Back."),
        4: ("Go.", "Hold.", "Back.", "Pause.")}

    def count(self, n: int) -> str:
        return str(n)

    def tempo(self, phases: int) -> tuple[str, ...]:
        return self.TEMPO.get(phases, ())

    def session_start(self, routine: str, session: str, moves: int, rounds: int,
                      minutes: int) -> str:
        """'Legs. 6 exercises, 3 rounds, about 20 minutes.' (``rounds`` 0: no circuit;
        -1: circuits of different lengths)."""
        title = routine if session == routine else f"{routine}. {session}"
        plural = "s" if moves != 1 else ""
        circuit = "" if rounds == 0 else " in rounds" if rounds < 0 else f", {rounds} rounds"
        return (f"{title}. {moves} exercise{plural}{circuit}, "
                f"about {minutes} minute{'s' * (minutes != 1)}.")

    def equipment(self, items: list[str]) -> str:
        return "You will need: " + ", ".join(items) + "."

    def block(self, name: str) -> str:
        return f"{name}."

    def round_of(self, number: int, rounds: int) -> str:
        return f"Round {number} of {rounds}."

    def summary(self, ex: Exercise) -> str:
        """'3 sets of 15, each side.' / '10 to 12 reps.' / '3 holds of 45 seconds.' /
        'Hold 6 breaths.' / '10 reps, hold each 5 seconds.'"""
        work, sets = ex.work, ex.settings.sets
        if isinstance(work, Reps):
            amount = str(work.count) if work.low is None else f"{work.low} to {work.count}"
            text = f"{sets} sets of {amount}" if sets > 1 else \
                f"{amount} rep{'s' * (amount != '1')}"
            if ex.rep_hold:
                text += f", hold each {spoken(ex.rep_hold)}"
        elif isinstance(work, Hold):
            amount = (f"{work.breaths} breath{'s' * (work.breaths != 1)}" if work.breaths
                      else spoken(work.seconds))
            text = f"{sets} holds of {amount}" if sets > 1 else f"hold {amount}"
        else:
            amount = spoken(work.seconds)
            text = f"{sets} sets of {amount}" if sets > 1 else amount
        if len(ex.settings.sides) > 1:
            text += ", each side"
        return text[0].upper() + text[1:] + "."

    def next_up(self, name: str, load: str | None, minimal: bool) -> str:
        weight = f", {load}" if load else ""
        return f"{name}{weight}." if minimal else f"Next: {name}{weight}."

    def side(self, name: str) -> str:
        return f"{name.capitalize()} side."

    def switch(self, name: str, minimal: bool) -> str:
        return f"{name.capitalize()}." if minimal else f"Switch to the {name} side."

    def rest(self, seconds: float, minimal: bool) -> str:
        return "Rest." if minimal else f"Rest {spoken(seconds)}."

    def set_of(self, number: int, sets: int) -> str:
        return self.LAST_SET if number == sets else f"Set {number} of {sets}."

    def session_end(self, seconds: float, minimal: bool) -> str:
        return self.DONE_MINIMAL if minimal else f"Session complete. Time: {spoken(seconds)}."
