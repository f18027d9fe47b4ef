"""Calendar arithmetic of reporting periods: quarters and years, as half-open date ranges [start, end)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

PERIOD_CODE = re.compile(r"^(?P<year>\d{4})(-Q(?P<quarter>[1-4]))?$")


@dataclass(frozen=True, order=True)
class Span:
    """A quarter (quarter 1-4) or a year (quarter None) as dates; comparable by start."""

    start: datetime.date
    end: datetime.date
    year: int
    quarter: int | None = None

    @property
    def kind(self) -> str:
        return "quarter" if self.quarter else "year"

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def label(self) -> str:
        return f"Q{self.quarter} {self.year}" if self.quarter else str(self.year)


def quarter(year: int, number: int) -> Span:
    start = datetime.date(year, 3 * number - 2, 1)
    end = datetime.date(year + 1, 1, 1) if number == 4 else datetime.date(year, 3 * number + 1, 1)
    return Span(start, end, year, number)


def year(number: int) -> Span:
    return Span(datetime.date(number, 1, 1), datetime.date(number + 1, 1, 1), number)


def quarter_of(day: datetime.date) -> Span:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def parse_code(code: str) -> Span:
    """ "2025-Q1" or "2025" as a Span. Raises ValueError for anything else (including years before 2000)."""
    match = PERIOD_CODE.match((code or "").strip().upper())
    if not match or not 2000 <= int(match["year"]) <= 2100:
        raise ValueError(code)
    number = int(match["year"])
    return quarter(number, int(match["quarter"])) if match["quarter"] else year(number)


def last_closed(day: datetime.date, *, annual: bool = False) -> Span:
    """The latest quarter (or year) that has ended by `day` (its end <= day)."""
    if annual:
        return year(day.year - 1)
    current = quarter_of(day)
    return quarter_of(current.start - datetime.timedelta(days=1))


def quarters_between(first: datetime.date, last: datetime.date) -> list[Span]:
    """Every quarter touching [first, last], in order."""
    spans, span = [], quarter_of(first)
    while span.start <= last:
        spans.append(span)
        span = quarter_of(span.end)
    return spans


def month_after(day: datetime.date) -> datetime.date:
    """The first day of the month after `day`'s month: the exclusive end of a schedule ending that month."""
    return datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
