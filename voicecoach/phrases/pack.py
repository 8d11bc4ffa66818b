"""A phrase pack made of templates: one language's grammar and a template for every key of
``phrases.keys.KEYS``. Every sentence the coach says is rendered here. Durations are seconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from voicecoach.durations import said
from voicecoach.model import Exercise, Hold, Reps, Timed
from voicecoach.phrases import units
from voicecoach.phrases.keys import KEYS, NUMBERS, SCREEN_KEYS, SIDE_NAMES, VERBATIM
from voicecoach.phrases.template import (
    Grammar,
    Part,
    Slot,
    TemplateError,
    Value,
    check,
    render,
)


def _upper_first(text: str) -> str:
    if text.startswith("éé"):  # Dutch: één → Eén
        return "E" + text[1:]
    return text[:1].upper() + text[1:]


class Pack:
    """Every sentence of the coach in one language (the ``PhrasePack`` protocol)."""

    def __init__(self, grammar: Grammar, templates: Mapping[str, str],
                 screen: Mapping[str, str] | None = None) -> None:
        missing = sorted(set(KEYS) - set(templates))
        extra = sorted(set(templates) - set(KEYS))
        if missing or extra:
            raise TemplateError(f"pack '{grammar.code}': missing {missing}, unknown {extra}")
        self.screen = dict(screen or {})
        for key, names in SCREEN_KEYS.items():
            found = set(re.findall(r"\{(\w+)\}", self.screen.get(key, "")))
            if key not in self.screen or found != set(names):
                raise TemplateError(f"pack '{grammar.code}': SCREEN[{key!r}] must be given, "
                                    f"with {sorted(names)}")
        self.grammar = grammar
        self.language = grammar.code
        self.templates = dict(templates)
        self._parts: dict[str, tuple[Part, ...]] = {}
        for key, template in self.templates.items():
            try:
                self._parts[key] = check(template, KEYS[key].placeholders, NUMBERS)
            except TemplateError as exc:
                raise TemplateError(f"pack '{grammar.code}', {key}: {exc}") from None
        self.HALFWAY = self.text("halfway")
        self.TEN_LEFT = self.text("ten_left")
        self.LAST_SET = self.text("last_set")
        self.BREATHE_IN = self.text("breathe_in")
        self.BREATHE_OUT = self.text("breathe_out")
        self.READY = self.text("ready")
        self.PRESS_SPACE = self.text("press_space")
        self.SAY_READY = self.text("say_ready")
        self.STOP_AGAIN = self.text("stop_again")
        self.DONE_MINIMAL = self.text("done")
        self.HOLD = self.text("holding")
        self.RELEASE = self.text("release")
        self.LAST_ROUND = self.text("last_round")
        go, hold, back, pause = (self.text(f"tempo_{k}") for k in ("go", "hold", "back", "pause"))
        self._tempo = {2: (go, back), 3: (go, hold, back), 4: (go, hold, back, pause)}

    def with_templates(self, overrides: Mapping[str, str]) -> Pack:
        """This pack with some templates replaced (a routine's ``phrases:``)."""
        return Pack(self.grammar, {**self.templates, **overrides},
                    self.screen) if overrides else self

    def shown(self, key: str, **values: object) -> str:
        """What the terminal shows while playing (``SCREEN``), never said."""
        return self.screen[key].format(**values)

    def part(self, key: str, **values: Value) -> str:
        """A template rendered as it is (a piece of a sentence)."""
        return render(self._parts[key], values, self.grammar)

    def text(self, key: str, **values: Value) -> str:
        """A template rendered as a sentence: first letter upper case, unless the sentence
        starts with the routine's own text (a name is said as written)."""
        text = self.part(key, **values).strip()
        first = self._parts[key][0] if self._parts[key] else ""
        return text if isinstance(first, Slot) and first.name in VERBATIM else _upper_first(text)

    def spoken(self, text: str) -> str:
        """``text`` as the voice says it: units and symbols after numbers in words
        ('2 x 32 kg' → '2 times 32 kilos'); the written text stays as it is."""
        return units.spoken(text, self.part)

    def duration(self, seconds: float) -> str:
        """'30 seconds', '1 minute 30 seconds' in this language, rounded as people say
        them (``durations.said``)."""
        return self.whole_duration(said(seconds))

    def exact(self, seconds: float) -> str:
        """A duration the routine wrote, said as written ('21 seconds', '2.5 seconds'), not
        rounded to 5 s as computed lengths are; tenths under a minute are kept."""
        tenths = round(seconds * 10)
        if tenths % 10 and seconds < 60:
            written = f"{tenths // 10}{self.grammar.decimal_point}{tenths % 10}"
            return self.part("seconds", seconds=written)
        return self.whole_duration(int(seconds + 0.5))

    def whole_duration(self, whole: int) -> str:
        """Whole seconds in words as they are: '21 seconds', 'une minute 30'."""
        minutes, secs = whole // 60, whole % 60
        if not minutes:
            return self.part("seconds", seconds=secs)
        if not secs:
            return self.part("minutes", minutes=minutes)
        return self.part("minutes_seconds", minutes=minutes, seconds=secs)

    def side_words(self, name: str) -> str:
        """How a side of the routine ('right', 'links', 'front') is said in a sentence."""
        canonical = SIDE_NAMES.get(name.casefold())
        if canonical:
            return self.part(f"side_{canonical}")
        return self.part("side_other", side_name=name)

    def count(self, n: int) -> str:
        return self.text("count", n=n)

    def tempo(self, phases: int) -> tuple[str, ...]:
        """The word said as each phase of a tempo with that many phases starts."""
        return self._tempo.get(phases, ())

    def session_start(self, routine: str, session: str, moves: int, rounds: int,
                      minutes: int) -> str:
        """'Legs. 6 exercises, 3 rounds, about 20 minutes.' (``rounds`` 0: no circuit;
        -1: circuits of different lengths)."""
        title = routine if session == routine else self.part(
            "session_title", routine=routine, session=session)
        if rounds > 0:
            return self.text("session_start_rounds", title=title, exercises=moves,
                             rounds=rounds, minutes=minutes)
        key = "session_start_in_rounds" if rounds < 0 else "session_start"
        return self.text(key, title=title, exercises=moves, minutes=minutes)

    def session_minimal(self, session: str) -> str:
        return self.text("session_minimal", session=session)

    def equipment(self, items: list[str]) -> str:
        return self.text("equipment", items=", ".join(items))

    def block(self, name: str) -> str:
        return self.text("block", name=name)

    def round_of(self, number: int, rounds: int) -> str:
        """'Round 1 of 4.', 'On to round 2 of 4.'; the last one is 'Final round.'."""
        if number == rounds:
            return self.LAST_ROUND
        return self.text("first_round", rounds=rounds) if number == 1 else \
            self.text("round", number=number, rounds=rounds)

    def block_rounds(self, name: str, rounds: int) -> str:
        """A circuit block starts: 'Intervals: 6 rounds.'"""
        return self.text("block_rounds", name=name, rounds=rounds)

    def handover(self, name: str) -> str:
        """Said on the tone when an exercise follows another with no rest: 'Walk now.'"""
        return self.text("handover", name=name)

    def get_ready(self, name: str, load: str | None, minimal: bool) -> str:
        """The next exercise named again before the countdown of a rest that announced it
        at its start: 'Get ready: Bench press, 72.5 kg.' (minimal: 'Bench press, 72.5 kg.')."""
        if minimal:
            return self.next_up(name, load, True)
        return self.text("get_ready_load", name=name, load=load) if load else \
            self.text("get_ready", name=name)

    def time_left(self, seconds: float) -> str:
        """'30 seconds left.' in a long rest (seconds as said, exactly)."""
        return self.text("time_left", duration=self.exact(seconds))

    def chapter(self, title: str, round: int, rounds: int) -> str:
        """A chapter's title; in a circuit, with its round."""
        if rounds <= 1:
            return title
        return self.part("chapter_round", title=title, round=round, rounds=rounds)

    def _what(self, ex: Exercise) -> str:
        work, sets = ex.work, ex.settings.sets
        if isinstance(work, Reps):
            if work.low is not None:
                what = self.part("sets_reps_range", sets=sets, low=work.low, high=work.count) \
                    if sets > 1 else self.part("reps_range", low=work.low, high=work.count)
            else:
                what = self.part("sets_reps", sets=sets, reps=work.count) if sets > 1 else \
                    self.part("reps", reps=work.count)
            return self.part("rep_hold", what=what, duration=self.exact(ex.rep_hold)) \
                if ex.rep_hold else what
        if isinstance(work, Hold):
            amount = self.part("breaths", breaths=work.breaths) if work.breaths else \
                self.exact(work.seconds)
            return self.part("sets_hold", sets=sets, amount=amount) if sets > 1 else \
                self.part("hold", amount=amount)
        assert isinstance(work, Timed)
        duration = self.exact(work.seconds)
        return self.part("sets_time", sets=sets, duration=duration) if sets > 1 else \
            self.part("time", duration=duration)

    def summary(self, ex: Exercise) -> str:
        """'3 sets of 15, each side.' / '10 to 12 reps.' / '3 holds of 45 seconds.' /
        'Hold 6 breaths.' / '10 reps, hold each 5 seconds.'"""
        key = "summary_sides" if len(ex.settings.sides) > 1 else "summary"
        return self.text(key, what=self._what(ex))

    def next_up(self, name: str, load: str | None, minimal: bool) -> str:
        key = ("next_load" if load else "next") + ("_minimal" if minimal else "")
        return self.text(key, name=name, load=load) if load else self.text(key, name=name)

    def side(self, name: str) -> str:
        return self.text("side", side=self.side_words(name), side_name=name)

    def switch(self, name: str, minimal: bool) -> str:
        return self.text("switch_minimal" if minimal else "switch",
                         side=self.side_words(name), side_name=name)

    def rest(self, seconds: float, minimal: bool, exact: bool = False) -> str:
        """'Rest 45 seconds.': a rest as written is said ``exact``ly, a grown one rounded."""
        said = self.exact(seconds) if exact else self.duration(seconds)
        return self.text("rest_minimal") if minimal else self.text("rest", duration=said)

    def set_of(self, number: int, sets: int) -> str:
        return self.LAST_SET if number == sets else self.text("set", number=number, sets=sets)

    def session_end(self, seconds: float, minimal: bool) -> str:
        return self.DONE_MINIMAL if minimal else \
            self.text("session_end", duration=self.duration(seconds))
