"""Governance is tested on monitoring's small plan, with its people (an owner, the M&E officer, a plan manager, the
Steering Committee, an outsider) and the day pinned in Q2 2026."""

from talentas.monitoring.tests.conftest import (  # noqa: F401  (fixtures)
    indicators,
    owner,
    plan,
    steering,
    today,
)
