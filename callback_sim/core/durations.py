"""Seconds as people read them: one rounding rule for time used and time over the limit.

Time used and overrun are rounded to the nearest whole second (halves up) and shown as
m:ss, and the overrun is the rounded time used minus the limit, so "0:49 of 0:38" and
"+0:11 over" always add up. Only a countdown rounds differently (up, so 0:00 means time
is up): that rule lives with the countdown widget.
"""

from __future__ import annotations

import math


def whole_seconds(seconds: float) -> int:
    """`seconds` to the nearest whole second, halves up (never below 0)."""
    return max(0, math.floor(seconds + 0.5))


def clock(seconds: float) -> str:
    """Time used as m:ss: 48.6 -> "0:49"."""
    whole = whole_seconds(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def overrun(seconds: float, limit: float | None) -> int:
    """Whole seconds past `limit` by the same rounding as `clock` (0 when in time)."""
    if not limit:
        return 0
    return max(0, whole_seconds(seconds) - whole_seconds(limit))


def over_limit(seconds: float, limit: float | None) -> str:
    """The one wording of an overrun: "+0:11 over the 0:38 limit" ("" when in time)."""
    over = overrun(seconds, limit)
    if not over or not limit:
        return ""
    return f"+{clock(over)} over the {clock(limit)} limit"
