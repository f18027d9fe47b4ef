from decimal import Decimal

import pytest

from talentas.monitoring.status import Status, indicator_status, thresholds

D = Decimal


@pytest.mark.parametrize(
    ("progress", "expected", "status"),
    [
        (None, D(0), Status.NOT_STARTED),
        (None, D("0.5"), Status.NO_DATA),
        (D(0), D(0), Status.NOT_STARTED),
        (D("0.2"), D(0), Status.ON_TRACK),
        (D("1"), D("0.5"), Status.ACHIEVED),
        (D("1.4"), D("1"), Status.ACHIEVED),
        (D("0.05"), D("0.08"), Status.ON_TRACK),  # too early to judge
        (D("0.45"), D("0.5"), Status.ON_TRACK),  # ratio 0.9
        (D("0.44"), D("0.5"), Status.AT_RISK),
        (D("0.30"), D("0.5"), Status.AT_RISK),  # ratio 0.6
        (D("0.29"), D("0.5"), Status.BEHIND),
        (D(0), D("0.25"), Status.BEHIND),
    ],
)
def test_status_table(progress, expected, status):
    assert indicator_status(progress=progress, expected=expected) == status


def test_no_target_has_no_status():
    assert indicator_status(progress=None, expected=D(1), has_target=False) == Status.NO_TARGET


def test_thresholds_are_configurable_in_settings(settings):
    settings.MONITORING_STATUS_THRESHOLDS = {"at_risk": "0.8"}
    limits = thresholds()
    assert limits.at_risk == D("0.8")
    assert limits.on_track == D("0.9")  # untouched keys keep their defaults
    assert indicator_status(progress=D("0.35"), expected=D("0.5"), limits=limits) == Status.BEHIND
