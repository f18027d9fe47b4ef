"""Indicators, alert digests with one-click unsubscribe, and spreadsheet imports."""

import json
from datetime import date, timedelta
from io import StringIO

from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from talentas.accounts.tests.factories import UserFactory
from talentas.core.metrics import metric_value
from talentas.talent import services
from talentas.talent.models import Alert, Match, Opportunity, TalentProfile

from .conftest import make_profile

TOMORROW = timezone.localdate() + timedelta(days=1)
START = date(2020, 1, 1)


def test_registered_persons_by_kind(vocabulary, employer):
    make_profile(kind="return-migrant")
    make_profile(kind="return-migrant")
    make_profile(kind="student")
    assert metric_value("talent.registered_persons", start=START, end=TOMORROW) == 3
    assert metric_value("talent.registered_persons.return_migrant", start=START, end=TOMORROW) == 2
    assert metric_value("talent.registered_persons.expatriate", start=START, end=TOMORROW) == 0
    # three talents and one organisation member
    assert metric_value("ecosystem.registered_users", start=START, end=TOMORROW) == 4


def test_matches_contacts_and_placements(talent, opportunity, employer, organisation):
    services.record_matches(opportunity_id=opportunity.pk)
    assert metric_value("talent.matches", start=START, end=TOMORROW) == Match.objects.count() == 1
    contact = services.request_contact(
        user=employer, organisation=organisation, profile=talent, message="We would like to talk to you."
    )
    assert metric_value("talent.contacts_accepted", start=START, end=TOMORROW) == 0
    services.answer_contact(user=talent.user, contact=contact, accept=True)
    services.report_placement(user=employer, contact=contact)
    assert metric_value("talent.contacts_accepted", start=START, end=TOMORROW) == 1
    assert metric_value("talent.placements", start=START, end=TOMORROW) == 1
    assert metric_value("talent.placements", start=START, end=timezone.localdate() - timedelta(days=1)) == 0


def test_weekly_digest_with_one_click_unsubscribe(client, talent, opportunity, django_capture_on_commit_callbacks):
    services.record_matches(profile_id=talent.pk)
    alert = services.create_alert(user=talent.user, subject=Alert.Subject.MY_MATCHES, frequency="weekly")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the notice's e-mail leaves on commit
        assert services.send_digests(frequency="weekly") == 1
    [message] = mail.outbox
    assert "Junior Python developer" in message.body
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("127.0.0.1:8000")[-1] if "127.0.0.1" in link else "/" + link.split("/", 3)[-1]
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    alert.refresh_from_db()
    assert alert.active is False
    assert services.send_digests(frequency="weekly") == 0
    bad = reverse("talent:unsubscribe", args=[signing.dumps(alert.pk, salt="other")])
    assert client.get(bad).status_code == 404


def test_saved_search_needs_words_or_kind(client, talent):
    client.force_login(talent.user)
    response = client.post(
        reverse("talent:alerts"), {"subject": "search", "query": "", "kind": "", "frequency": "daily"}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("talent:alerts"), {"subject": "search", "query": "python", "kind": "", "frequency": "daily"}
    )
    assert response.status_code == 302
    assert Alert.objects.get().query == "python"


def test_import_talents_reports_bad_rows_and_keeps_good_ones(tmp_path, vocabulary):
    path = tmp_path / "talents.csv"
    path.write_text(
        "email,full_name,kind,city,skills,languages,consent,looking_for\n"
        'ruta@example.org,Rūta K.,return-migrant,Alytus,Python:3; sql,lt:C2; en:B2,yes,"job,project"\n'
        "not-an-email,X,student,Alytus,,lt:C1,yes,\n"
        "jonas@example.org,Jonas,student,Alytus,astrology:2,lt:C1,yes,\n"
        "ona@example.org,Ona,alien,Alytus,,,yes,\n"
        "eva@example.org,Eva,expatriate,Alytus,welding,lt:Z9,yes,\n",
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()
    call_command("import_talents", str(path), stdout=out, stderr=err)
    assert "1 rows imported, 4 rows skipped" in out.getvalue()
    lines = err.getvalue()
    assert "line 3: email" in lines and "line 4: skills: no ESCO skill called 'astrology'" in lines
    assert "line 5: kind" in lines and "line 6: languages" in lines
    profile = TalentProfile.objects.get()
    assert profile.kind == "return-migrant" and profile.looking_for == ["job", "project"]
    assert dict(profile.skills.values_list("skill__label_en", "level")) == {
        "Python (computer programming)": 3,
        "SQL": 2,
    }
    call_command("import_talents", str(path), stdout=StringIO(), stderr=StringIO())
    assert TalentProfile.objects.count() == 1


def test_import_opportunities_from_json_lines(tmp_path, vocabulary, employer, organisation, outsider):
    rows = [
        {
            "organisation": organisation.slug,
            "poster": employer.email,
            "kind": "job",
            "title": "Welder",
            "description": "Welding frames.",
            "required_skills": "welding",
            "languages": "lt:B1:required",
            "salary_min": 1500,
            "salary_max": 2000,
        },
        {
            "organisation": organisation.slug,
            "poster": outsider.email,
            "kind": "job",
            "title": "Spam",
            "description": "Not allowed.",
        },
        {
            "organisation": organisation.slug,
            "poster": employer.email,
            "kind": "job",
            "title": "Bad salary",
            "description": "Salary the wrong way round.",
            "salary_min": 3000,
            "salary_max": 100,
        },
    ]
    path = tmp_path / "opportunities.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_opportunities", str(path), stdout=out, stderr=err)
    assert "1 rows imported, 3 rows skipped" in out.getvalue()
    assert "line 2: poster" in err.getvalue() and "line 3: salary_max" in err.getvalue()
    assert "line 4: not valid JSON" in err.getvalue()
    assert Opportunity.objects.get().title == "Welder"


def test_import_talents_refuses_a_deactivated_account_and_keeps_its_password(tmp_path, vocabulary):
    closed = UserFactory(email="closed@example.org", is_active=False)
    password = closed.password
    path = tmp_path / "talents.csv"
    path.write_text(
        "email,full_name,kind,city,consent\nclosed@example.org,Closed,student,Alytus,yes\n", encoding="utf-8"
    )
    out, err = StringIO(), StringIO()
    call_command("import_talents", str(path), stdout=out, stderr=err)
    assert "line 2: email: this account is deactivated" in err.getvalue()
    closed.refresh_from_db()
    assert closed.password == password and not TalentProfile.objects.exists()
