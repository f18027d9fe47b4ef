"""The period-end run: frozen automatic values, alerts, notifications, the Steering Committee's agenda (kept by
`talentas.governance`, tested there); value reminders."""

import datetime
from decimal import Decimal

from django.core import mail

from talentas.governance.models import SteeringMeeting
from talentas.monitoring import periods
from talentas.monitoring.models import Alert, IndicatorValue, ValueSource
from talentas.monitoring.selectors import indicators as indicator_selectors
from talentas.monitoring.services import period_end
from talentas.notices.models import Notice

from .factories import approved, events_held


def close_q1_2026(today=datetime.date(2026, 5, 1)):
    return period_end.close_period(span=periods.quarter(2026, 1), today=today)


def test_behind_indicators_raise_alerts_notify_and_go_on_the_next_agenda(
    plan, indicators, owner, steering, education_owner, me_officer, django_capture_on_commit_callbacks
):
    approved(indicators["O1.1"], "2026-Q1", 0)  # behind: nothing of 4 a year, a quarter in
    approved(indicators["O1.2"], "2026-Q1", 45)  # on track
    events_held(indicators["A1.1"].action, datetime.date(2026, 2, 1), 2)  # A1.1: 2 of 8, on track
    with django_capture_on_commit_callbacks(execute=True):  # the e-mails go once the run commits
        alerts = close_q1_2026()
    assert [alert.indicator.code for alert in alerts] == ["O1.1"]
    alert = alerts[0]
    assert alert.progress == Decimal(0) and "Behind" in alert.explanation
    meeting = SteeringMeeting.objects.get()
    assert meeting.date == datetime.date(2026, 5, 15)  # mid-quarter: the committee meets quarterly
    assert meeting.agenda_items.get().alert == alert
    notified = set(Notice.objects.values_list("user__email", flat=True))
    assert notified == {owner.email, steering.email}  # the committee and the responsible department
    assert {message.to[0] for message in mail.outbox} == notified
    assert "Behind: O1.1" in mail.outbox[0].subject


def test_the_run_is_once_per_period_and_freezes_automatic_values(plan, indicators, steering):
    events_held(indicators["A1.1"].action, datetime.date(2026, 2, 1), 3)
    events_held(indicators["A1.1"].action, datetime.date(2026, 4, 2), 9)  # next quarter: not in Q1's frozen value
    close_q1_2026()
    frozen = IndicatorValue.objects.get(indicator=indicators["A1.1"])
    assert (frozen.value, frozen.source, frozen.state) == (Decimal(3), ValueSource.AUTOMATIC, "approved")
    assert frozen.audit_entries.get().change == "frozen"
    assert close_q1_2026() == []
    assert IndicatorValue.objects.filter(indicator=indicators["A1.1"]).count() == 1


def test_an_indicator_still_behind_gets_no_second_alert_until_the_first_is_handled(plan, indicators, steering):
    approved(indicators["O1.1"], "2026-Q1", 0)
    approved(indicators["O1.1"], "2026-Q2", 0)
    close_q1_2026()
    second = period_end.close_period(span=periods.quarter(2026, 2), today=datetime.date(2026, 8, 1))
    assert "O1.1" not in [alert.indicator.code for alert in second]
    assert Alert.objects.filter(indicator=indicators["O1.1"]).count() == 1


def test_close_ended_periods_closes_each_due_quarter_once(plan, indicators, steering, today):
    period_end.close_ended_periods(today=datetime.date(2026, 5, 20))
    from talentas.monitoring.models import ReportingPeriod

    closed = sorted(p.code for p in ReportingPeriod.objects.filter(closed_at__isnull=False, kind="quarter"))
    assert closed == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]  # 2026-Q2 has not ended
    assert period_end.close_ended_periods(today=datetime.date(2026, 5, 20)) == []


def test_reminders_go_to_the_department_once(plan, indicators, owner, education_owner, today):
    sent = period_end.send_value_reminders(today=datetime.date(2026, 4, 25))  # 2026-Q1 due on 1 May
    titles = set(owner.notices.values_list("title", flat=True))
    assert "Due soon: O1.1 for Q1 2026" in titles and "Due soon: R1 for Q1 2026" in titles
    assert not any("A1.1" in title for title in titles)  # a module reports it
    assert any("O1.2" in t for t in education_owner.notices.values_list("title", flat=True))
    assert sent >= 3
    assert period_end.send_value_reminders(today=datetime.date(2026, 4, 26)) == 0
    period_end.send_value_reminders(today=datetime.date(2026, 5, 3))
    assert owner.notices.filter(title__startswith="Overdue: O1.1").exists()


def test_frozen_quarters_count_with_their_frozen_value_and_the_rest_is_read_live(plan, indicators, steering):

    events_held(indicators["A1.1"].action, datetime.date(2026, 2, 1), 3)
    close_q1_2026()
    events_held(
        indicators["A1.1"].action, datetime.date(2026, 2, 2), 4
    )  # backdated into a frozen quarter: the record stands
    events_held(indicators["A1.1"].action, datetime.date(2026, 4, 20), 2)  # the running quarter: live
    progress = indicator_selectors.plan_progress(
        plan=indicator_selectors.plan_for_monitoring(slug=plan.slug), as_of=datetime.date(2026, 5, 20)
    )
    figure = next(f for f in progress.indicators if f.code == "A1.1")
    assert figure.value == Decimal(5)
    assert [(p.code, p.value) for p in figure.trend][-2:] == [("2026-Q1", Decimal(3)), ("2026-Q2", Decimal(2))]


def test_alert_texts_are_kept_in_both_languages_and_each_person_reads_their_own(
    plan, indicators, owner, steering, django_capture_on_commit_callbacks
):
    steering.preferred_language = "lt"
    steering.save(update_fields=["preferred_language"])
    approved(indicators["O1.1"], "2026-Q1", 0)
    events_held(indicators["A1.1"].action, datetime.date(2026, 2, 1), 2)  # A1.1 on track: one alert, for O1.1
    with django_capture_on_commit_callbacks(execute=True):
        [alert] = close_q1_2026()

    assert "Behind" in alert.explanation_en and "Atsilieka" in alert.explanation_lt
    item = alert.agenda_items.get()
    assert item.title_en == "O1.1 Indicator O1.1 is behind (Q1 2026)"
    assert item.title_lt == "O1.1 Rodiklis O1.1 atsilieka (Q1 2026)"
    assert item.notes_lt == alert.explanation_lt
    meeting = item.meeting
    assert meeting.title_en == "Steering Committee, Q2 2026" and meeting.title_lt == "Valdymo komitetas, Q2 2026"

    # Each person's notice and e-mail is in their preferred language, not the language the nightly run used.
    assert steering.notices.get().title == "Atsilieka: O1.1 Rodiklis O1.1"
    assert owner.notices.get().title == "Behind: O1.1 Indicator O1.1"
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {steering.email: "Atsilieka: O1.1 Rodiklis O1.1", owner.email: "Behind: O1.1 Indicator O1.1"}
    assert "Atsilieka" in steering.notices.get().body


def test_reminders_are_in_the_owners_language(plan, indicators, owner):
    owner.preferred_language = "lt"
    owner.save(update_fields=["preferred_language"])
    period_end.send_value_reminders(today=datetime.date(2026, 5, 3))
    titles = set(owner.notices.values_list("title", flat=True))
    assert "Vėluojama pateikti: O1.1 už Q1 2026" in titles
    assert not any(title.startswith("Overdue") for title in titles)
