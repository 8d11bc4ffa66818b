"""English: every sentence the coach says in English (numbers as digits: the voice reads
them). Durations in seconds."""

from __future__ import annotations

from voicecoach.durations import spoken
from voicecoach.model import Exercise, Hold, Reps, Timed


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

    def count(self, n: int) -> str:
        return str(n)

    def session_start(self, routine: str, session: str, exercises: int, minutes: int) -> str:
        title = routine if session == routine else f"{routine}. {session}"
        plural = "s" if exercises != 1 else ""
        return (f"{title}. {exercises} exercise{plural}, "
                f"about {minutes} minute{'s' * (minutes != 1)}.")

    def equipment(self, items: list[str]) -> str:
        return "You will need: " + ", ".join(items) + "."

    def block(self, name: str) -> str:
        return f"{name}."

    def round_of(self, number: int, rounds: int) -> str:
        return f"Round {number} of {rounds}."

    def _amount(self, ex: Exercise) -> str:
        work = ex.work
        if isinstance(work, Reps):
            return str(work.count) if ex.settings.sets > 1 else f"{work.count} reps"
        if isinstance(work, Hold) and work.breaths:
            return f"{work.breaths} breath{'s' * (work.breaths != 1)}"
        return spoken(work.seconds)

    def summary(self, ex: Exercise) -> str:
        """'3 sets of 15, each side.' / '40 reps.' / 'Hold 6 breaths.'"""
        amount = self._amount(ex)
        sets = ex.settings.sets
        text = f"{sets} sets of {amount}" if sets > 1 else amount
        if isinstance(ex.work, Hold):
            text = "hold " + text if sets == 1 else text + " hold"
        elif isinstance(ex.work, Timed) and sets == 1:
            text = amount
        if len(ex.settings.sides) > 1:
            text += ", each side"
        return text[0].upper() + text[1:] + "."

    def next_up(self, ex: Exercise, minimal: bool) -> str:
        return f"{ex.spoken_name}." if minimal else f"Next: {ex.spoken_name}."

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
