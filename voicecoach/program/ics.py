"""The agenda as an iCalendar file (RFC 5545) a phone's calendar imports, written by the
``icalendar`` library (CRLF lines, folding, escaping). Events are at floating local times
(the time of day wherever the phone is); a UID made from the routine, the day and the
session's place that day, so importing the file again updates events instead of adding
them; a reminder ``REMIND`` before each."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone

from icalendar import Alarm, Calendar, Event

from voicecoach import __version__
from voicecoach.program.agenda import Planned

REMIND = timedelta(minutes=15)


def _minutes(seconds: float) -> timedelta:
    """A session's length rounded up to a whole minute."""
    return timedelta(minutes=-(-int(seconds + 0.999) // 60))


def to_ical(routine: str, planned: Sequence[Planned], length: Callable[[Planned], float],
            now: datetime, how: Callable[[Planned], str],
            title: Callable[[Planned], str] | None = None) -> bytes:
    """The calendar: an event a planned session, as long as its plan (``length``, seconds),
    stamped ``now`` (aware); ``how`` is the event's description, ``title`` its summary
    (default ``Routine: Session``). Two sessions on one day follow each other."""
    cal = Calendar()
    cal.add("prodid", f"-//voicecoach//voicecoach {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", routine)
    tag = hashlib.sha1(routine.encode()).hexdigest()[:12]
    stamp = now.astimezone(timezone.utc)
    end, same_day = datetime.min, 0
    for p in planned:
        same_day = same_day + 1 if p.start.date() == end.date() else 0
        start = max(p.start, end)
        end = start + _minutes(length(p))
        summary = title(p) if title else f"{routine}: {p.session}"
        event = Event()
        event.add("uid", f"{p.start:%Y%m%d}-{same_day}-{tag}@voicecoach")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", summary)
        event.add("description", how(p))
        event.add("categories", ["voicecoach"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -REMIND)
        event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
