"""Date parsing into ISO 8601, keeping what the page said and nothing more.

A page that gives no time zone gets none: inventing UTC would move the instant.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

_NUMERIC_RE = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)


def parse_numeric_date(raw: str | None) -> str | None:
    """``2025-01-09 17:35:06`` → ``2025-01-09T17:35:06``; ``2025/1/9`` → ``2025-01-09``.

    Returns ``None`` when ``raw`` holds no valid date.
    """
    match = _NUMERIC_RE.search(raw or "")
    if not match:
        return None
    g = match.groupdict()
    try:
        if g["H"] is None:
            return datetime(int(g["y"]), int(g["m"]), int(g["d"])).date().isoformat()
        value = datetime(int(g["y"]), int(g["m"]), int(g["d"]), int(g["H"]), int(g["M"]), int(g["S"] or 0))
    except ValueError:
        return None
    return value.isoformat()


_DATE_ONLY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso_date(raw: str | None) -> str | None:
    """An ISO 8601 or RFC 2822 date as ISO 8601, keeping its offset; a date
    without time stays a date. ``None`` when ``raw`` is not such a date."""
    text = (raw or "").strip()
    if not text:
        return None
    if _DATE_ONLY_RE.match(text):
        return text
    try:
        value = datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text[:11] else text)
    except ValueError:
        value = None
    if value is None:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return parse_numeric_date(text)
    return value.isoformat()
