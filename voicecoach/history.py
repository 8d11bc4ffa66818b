"""Live sessions, finished or stopped, in SQLite in the user data folder.

A row is written when a session starts and completed when it ends, so a crash leaves a
record too. Times are local, stored as ISO 8601 with their UTC offset.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from voicecoach.errors import VoicecoachError

# Each step takes the schema from version i to i + 1 (PRAGMA user_version).
MIGRATIONS = (
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine TEXT NOT NULL,
        session TEXT NOT NULL,
        per_week INTEGER,
        started TEXT NOT NULL,
        ended TEXT,
        status TEXT NOT NULL CHECK (status IN ('playing', 'finished', 'stopped')),
        done INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX sessions_started ON sessions (started)",
)


class HistoryError(VoicecoachError):
    pass


@dataclass(frozen=True)
class Entry:
    routine: str
    session: str
    per_week: int | None
    started: datetime
    ended: datetime | None
    status: str
    done: int
    skipped: int


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of ``now``'s week."""
    day = now - timedelta(days=now.weekday())
    return day.replace(hour=0, minute=0, second=0, microsecond=0)


class History:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=2.0)
            self._migrate()
        except (sqlite3.Error, OSError) as exc:
            raise self._error(exc) from None

    def _error(self, exc: Exception) -> HistoryError:
        text = str(exc)
        if "locked" in text:
            return HistoryError(f"history database {self.path} is locked by another program")
        if isinstance(exc, sqlite3.DatabaseError) and "not a database" in text:
            return HistoryError(f"history database {self.path} is damaged (not a database); "
                                "move it away to start a new one")
        return HistoryError(f"history database {self.path}: {text}")

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise HistoryError(f"history database {self.path} is from a newer voicecoach")
        with self.db:
            for i in range(version, len(MIGRATIONS)):
                self.db.execute(MIGRATIONS[i])
            self.db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    def start(self, routine: str, session: str, per_week: int | None, now: datetime) -> int:
        """Record a session as playing; returns its id."""
        try:
            with self.db:
                cur = self.db.execute(
                    "INSERT INTO sessions (routine, session, per_week, started, status) "
                    "VALUES (?, ?, ?, ?, 'playing')",
                    (routine, session, per_week, now.isoformat(timespec="seconds")))
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        assert cur.lastrowid is not None
        return cur.lastrowid

    def end(self, row: int, status: str, done: int, skipped: int, now: datetime) -> None:
        try:
            with self.db:
                self.db.execute("UPDATE sessions SET ended = ?, status = ?, done = ?, "
                                "skipped = ? WHERE id = ?",
                                (now.isoformat(timespec="seconds"), status, done, skipped, row))
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def entries(self, since: datetime | None = None, limit: int = 20) -> list[Entry]:
        """The latest entries, newest first (only those started at or after ``since``)."""
        query = "SELECT routine, session, per_week, started, ended, status, done, skipped " \
                "FROM sessions"
        args: tuple[object, ...] = ()
        if since is not None:
            query += " WHERE started >= ?"
            args = (since.isoformat(timespec="seconds"),)
        try:
            rows = self.db.execute(query + " ORDER BY started DESC, id DESC LIMIT ?",
                                   (*args, limit)).fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        return [Entry(r[0], r[1], r[2], datetime.fromisoformat(r[3]),
                      datetime.fromisoformat(r[4]) if r[4] else None, r[5], r[6], r[7])
                for r in rows]

    def finished_this_week(self, routine: str, now: datetime) -> list[Entry]:
        return [e for e in self.entries(week_start(now), limit=1000)
                if e.routine == routine and e.status == "finished"]

    def close(self) -> None:
        self.db.close()
