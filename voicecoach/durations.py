"""Durations: parsing what routines say (``45s``, ``2m``, ``1m30s``, ``1:30``, ``90``) and
formatting seconds for speech and for the cue sheet. All values are seconds (float)."""

from __future__ import annotations

import math
import re

_UNIT = {
    "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
    "m": 60.0, "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
}
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+)")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{2}(?:\.\d+)?)$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def parse_duration(text: str) -> float | None:
    """Seconds for a duration string, or None if it is not one."""
    s = text.strip().lower()
    if _NUMBER.match(s):
        return float(s)
    clock = _CLOCK.match(s)
    if clock:
        hours, minutes, seconds = clock.groups()
        if float(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
            return None
        return int(hours or 0) * 3600.0 + int(minutes) * 60.0 + float(seconds)
    total, pos, last_scale = 0.0, 0, math.inf
    while pos < len(s):
        part = _PART.match(s, pos)
        if not part or part.group(2) not in _UNIT:
            return None
        scale = _UNIT[part.group(2)]
        if scale >= last_scale:
            return None
        total += float(part.group(1)) * scale
        last_scale, pos = scale, part.end()
    return total if pos else None


def _units(seconds: float) -> tuple[int, int, int]:
    whole = round(seconds)
    return whole // 3600, whole % 3600 // 60, whole % 60


def said(seconds: float) -> int:
    """Seconds rounded the way a person says them: whole seconds under 20 s, then to 5 s
    (so 1 minute 13 seconds is said as 1 minute 15 seconds)."""
    whole = round(seconds)
    return whole if whole < 20 else 5 * round(seconds / 5)


def spoken(seconds: float) -> str:
    """'30 seconds', '1 minute 30 seconds', '2 minutes' (rounded by ``said``)."""
    hours, minutes, secs = _units(said(seconds))
    minutes += hours * 60
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)


def clock(seconds: float) -> str:
    """A moment: 'mm:ss', or 'h:mm:ss' from an hour on (whole seconds gone by)."""
    whole = int(seconds + 1e-6)
    hours, minutes, secs = whole // 3600, whole % 3600 // 60, whole % 60
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def length(seconds: float) -> str:
    """A length, as ``clock`` but rounded to the nearest second, as the playlist's
    ``#EXTINF`` is: every place a session's or track's length is shown uses this."""
    return clock(round(seconds))


def short(seconds: float) -> str:
    """Compact form for messages: '45s', '1m30s', '2h05m'."""
    hours, minutes, secs = _units(seconds)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s" if secs else f"{minutes}m"
    frac = seconds - int(seconds)
    return f"{seconds:.1f}s" if frac and seconds < 10 else f"{secs}s"
