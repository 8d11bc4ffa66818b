"""Live sessions, finished or stopped, in SQLite in the user data folder.

A row is written when a session starts and completed when it ends, so a crash leaves a
record too; a row still "playing" whose process is gone is shown as interrupted. Times are
local, stored as ISO 8601 with their UTC offset; a row whose times cannot be read is left
out (and counted in ``unreadable``), never a crash. A session counts toward its week when
it was finished, with sound, and lasted at least ``COUNTS_AFTER`` seconds, or was logged as
done from the phone (``log``). A row also keeps what a program needs: the week and the
session of that week it was played as, the program's length in weeks then, the exercises
missed and the pain said (0–10), and where it was done (live or phone). Old databases are
migrated when opened.
"""

from __future__ import annotations

import json
import os
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
    "ALTER TABLE sessions ADD COLUMN pid INTEGER",
    "ALTER TABLE sessions ADD COLUMN silent INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE sessions ADD COLUMN week INTEGER",
    "ALTER TABLE sessions ADD COLUMN week_session INTEGER",
    "ALTER TABLE sessions ADD COLUMN missed TEXT NOT NULL DEFAULT '[]'",   # JSON: names
    "ALTER TABLE sessions ADD COLUMN pain INTEGER",
    "ALTER TABLE sessions ADD COLUMN place TEXT NOT NULL DEFAULT 'live'",  # live or phone
    "ALTER TABLE sessions ADD COLUMN weeks INTEGER",    # the program's length when played
)
_COLUMNS = ("routine, session, per_week, started, ended, status, done, skipped, id, silent, "
            "pid, week, week_session, missed, pain, place, weeks")
COUNTS_AFTER = 30.0     # seconds: shorter runs (tries, false starts) do not count
LONGEST = timedelta(hours=12)   # a row "playing" longer than this without a pid is stale


class HistoryError(VoicecoachError):
    pass


@dataclass(frozen=True)
class Entry:
    routine: str
    session: str
    per_week: int | None
    started: datetime
    ended: datetime | None
    status: str             # playing, finished, stopped, or interrupted (process gone)
    done: int
    skipped: int
    id: int = 0
    silent: bool = False
    week: int | None = None         # a program's week it was played as (from 1)
    week_session: int | None = None     # and the session of that week (from 1)
    missed: tuple[str, ...] = ()    # exercises that could not be finished
    pain: int | None = None         # 0-10, said after the session
    place: str = "live"             # live, or phone (logged)
    weeks: int | None = None        # the program's length then (None: no program, old row)

    @property
    def seconds(self) -> float | None:
        return (self.ended - self.started).total_seconds() if self.ended else None

    @property
    def counts(self) -> bool:
        """Does this run count toward its week?"""
        return self.status == "finished" and (self.place == "phone" or (
            not self.silent and (self.seconds or 0.0) >= COUNTS_AFTER))


def _alive(pid: int | None, started: datetime, now: datetime) -> bool:
    """Is the process that wrote a "playing" row still there?"""
    if pid is None:
        return now - started < LONGEST
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _time(text: object) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(text))
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.astimezone()


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError, OverflowError):
        return 0


def _names(text: object) -> tuple[str, ...]:
    try:
        names = json.loads(str(text))
    except ValueError:
        return ()
    return tuple(str(n) for n in names) if isinstance(names, list) else ()


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) else None


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of ``now``'s week."""
    day = now - timedelta(days=now.weekday())
    return day.replace(hour=0, minute=0, second=0, microsecond=0)


class History:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.unreadable = 0  # rows the last entries() left out: their times cannot be read
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
        if version == len(MIGRATIONS):
            return  # up to date: nothing written (a write costs a disk sync every command)
        with self.db:
            for i in range(version, len(MIGRATIONS)):
                self.db.execute(MIGRATIONS[i])
            self.db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    def start(self, routine: str, session: str, per_week: int | None, now: datetime,
              silent: bool = False, week: tuple[int, int] | None = None,
              weeks: int | None = None) -> int:
        """Record a session as playing (by this process) as ``week`` (the program's week
        and the session of that week) of a program ``weeks`` long, if given; returns its
        id."""
        try:
            with self.db:
                cur = self.db.execute(
                    "INSERT INTO sessions (routine, session, per_week, started, status, pid, "
                    "silent, week, week_session, weeks) "
                    "VALUES (?, ?, ?, ?, 'playing', ?, ?, ?, ?, ?)",
                    (routine, session, per_week, now.isoformat(timespec="seconds"),
                     os.getpid(), int(silent), *(week or (None, None)), weeks))
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

    def told(self, row: int, missed: tuple[str, ...], pain: int | None) -> None:
        """Record how a session went: the exercises missed and the pain (0–10)."""
        try:
            with self.db:
                self.db.execute("UPDATE sessions SET missed = ?, pain = ? WHERE id = ?",
                                (json.dumps(list(missed), ensure_ascii=False), pain, row))
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def log(self, routine: str, session: str, per_week: int | None, when: datetime,
            week: tuple[int, int] | None, missed: tuple[str, ...], pain: int | None,
            weeks: int | None = None) -> int:
        """Record a session done from the phone, finished at ``when`` (as ``week`` of a
        program ``weeks`` long, if given); returns its id."""
        stamp = when.isoformat(timespec="seconds")
        try:
            with self.db:
                cur = self.db.execute(
                    "INSERT INTO sessions (routine, session, per_week, started, ended, status, "
                    "week, week_session, missed, pain, place, weeks) "
                    "VALUES (?, ?, ?, ?, ?, 'finished', ?, ?, ?, ?, 'phone', ?)",
                    (routine, session, per_week, stamp, stamp, *(week or (None, None)),
                     json.dumps(list(missed), ensure_ascii=False), pain, weeks))
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        assert cur.lastrowid is not None
        return cur.lastrowid

    def finished(self, routine: str, now: datetime | None = None) -> list[Entry]:
        """Every run of ``routine`` that counts (see ``Entry.counts``), oldest first."""
        found = self._select(" WHERE routine = ? AND status = 'finished'", (routine,),
                             "started, id", None, now)
        return [e for e in found if e.counts]

    def entries(self, since: datetime | None = None, limit: int = 20,
                now: datetime | None = None) -> list[Entry]:
        """The latest entries, newest first (only those started at or after ``since``)."""
        where, args = "", tuple[object, ...]()
        if since is not None:
            where, args = " WHERE started >= ?", (since.isoformat(timespec="seconds"),)
        return self._select(where, args, "started DESC, id DESC", limit, now, since)

    def _select(self, where: str, args: tuple[object, ...], order: str, limit: int | None,
                now: datetime | None, since: datetime | None = None) -> list[Entry]:
        query = f"SELECT {_COLUMNS} FROM sessions{where} ORDER BY {order}"
        if limit is not None:
            query, args = query + " LIMIT ?", (*args, limit)
        try:
            rows = self.db.execute(query, args).fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        now = now or datetime.now().astimezone()
        out, self.unreadable = [], 0
        for r in rows:
            started = _time(r[3])
            if started is None or (since is not None and started < since):
                self.unreadable += started is None
                continue
            ended, status = _time(r[4]) if r[4] else None, str(r[5])
            if status == "playing" and not _alive(r[10], started, now):
                status = "interrupted"
            out.append(Entry(str(r[0]), str(r[1]), _whole(r[2]), started, ended, status,
                             _int(r[6]), _int(r[7]), r[8], bool(r[9]), _whole(r[11]),
                             _whole(r[12]), _names(r[13]), _whole(r[14]), str(r[15]),
                             _whole(r[16])))
        return out

    def every_entry(self, now: datetime | None = None) -> list[Entry]:
        """Every entry, newest first (for the streak, the grid and the CSV export)."""
        return self.entries(limit=-1, now=now)  # SQLite: a negative LIMIT is no limit

    def finished_this_week(self, routine: str, now: datetime) -> list[Entry]:
        """This week's runs of ``routine`` that count (see ``Entry.counts``)."""
        return [e for e in self.entries(week_start(now), limit=1000, now=now)
                if e.routine == routine and e.counts]

    def delete(self, row: int) -> bool:
        """Delete one entry; False if there is none with that id."""
        try:
            with self.db:
                return self.db.execute("DELETE FROM sessions WHERE id = ?", (row,)).rowcount > 0
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        try:
            with self.db:
                return int(self.db.execute("DELETE FROM sessions").rowcount)
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
