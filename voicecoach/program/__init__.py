"""Programs: what a routine becomes over the weeks (streaks, calendars, progression)."""
