"""Programs: a routine over the weeks — ``schedule: weeks``, week tables and ``progress:``;
the streak, the 12-week grid and the calendar (``streak.py``, ``agenda.py``, ``ics.py``).

Pure: given the routine and the finished sessions of the history (``Done``), it says which
session is next (``weeks.py``), what progression earned (``progression.py``) and the
routine with concrete values for a week and that state (``resolve.py``). Nothing is ever
written back to the routine: state is replayed from the history each time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Done:
    """A finished session of the routine, oldest first in a history: the session's name,
    the program week and the session of that week it was played as (1-based; None for a
    routine that is not a program, or an old row), the exercises missed (names,
    casefolded), the pain said after it (0–10, or None) and its history entry's id (the
    order sessions were recorded in: the last recorded sets where a program is, whatever
    the date given to it; 0: in list order)."""

    session: str
    week: int | None = None
    week_session: int | None = None
    missed: frozenset[str] = frozenset()
    pain: int | None = None
    entry: int = 0
