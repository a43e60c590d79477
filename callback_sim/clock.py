"""The wall clock, safe against odd system clocks.

A clock set past year 9999 (or a platform whose time cannot be converted) makes
`datetime.now` raise; callback-sim then uses the last representable second instead, so a
round still runs and its answers are still saved (their times are then only as good as
the clock). Monotonic timing of answers never uses this.
"""

from __future__ import annotations

from datetime import UTC, datetime

#: What `now_utc` answers when the system clock cannot be read as a date.
CLOCK_LIMIT = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


def _system_now() -> datetime:
    return datetime.now(UTC)


def now_utc() -> datetime:
    """The current UTC time; CLOCK_LIMIT when the system clock is beyond what dates hold."""
    try:
        return _system_now()
    except (ValueError, OverflowError, OSError):
        return CLOCK_LIMIT
