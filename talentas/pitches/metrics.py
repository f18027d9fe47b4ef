"""What pitch competitions report to monitoring. The key `calls.participants` (qualifier `pitch_competition`,
action 2.2) is registered once, by calls.metrics, which counts the startups that pitched in a final held in the
period through `finalist_organisations` here."""

from datetime import date

from . import selectors
from .models import Finalist, PitchEvent

# What calls.participants is computed from besides the applications (its cache follows them).
SOURCES = (Finalist, PitchEvent)


def finalist_organisations(start: date, end: date) -> set[int]:
    """The ids of the organisations that pitched as finalists in a competition held in [start, end)."""
    return set(selectors.finalist_organisations(start, end).values_list("application__organisation", flat=True))
