"""Importers a city can migrate with: the opportunity skill cap, external keys with upserts and a results
file, invitations instead of hashed passwords, and command output in English unless asked otherwise."""

import csv
import gzip
import json
from collections import Counter
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import hashers
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from talentas.accounts.models import User
from talentas.accounts.tests.factories import UserFactory
from talentas.core.errors import DomainError
from talentas.notices.models import Notice
from talentas.talent import services
from talentas.talent.esco import SHIPPED_DIRECTORY
from talentas.talent.models import Opportunity, Skill, TalentProfile


def _results(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _import(command, path, *args):
    out, err = StringIO(), StringIO()
    call_command(command, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _skills(count):
    Skill.objects.bulk_create(
        [
            Skill(uri=f"http://data.europa.eu/esco/skill/many-{n}", label_en=f"many {n}", search_text=f"many {n}")
            for n in range(count)
        ]
    )
    return list(Skill.objects.filter(uri__contains="/many-").values_list("pk", flat=True))


# --------------------------------------------------------------------------------------------- the cap


def test_the_opportunity_cap_covers_every_shipped_esco_occupation():
    per_occupation = Counter()
    with gzip.open(SHIPPED_DIRECTORY / "occupationSkillRelations.csv.gz", "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            per_occupation[row["occupationUri"]] += 1
    largest = max(per_occupation.values())
    assert services.MAX_SKILLS < largest <= services.MAX_OPPORTUNITY_SKILLS


def test_an_opportunity_takes_all_its_occupations_skills_but_not_more_than_the_cap(organisation, employer):
    skill_ids = _skills(services.MAX_OPPORTUNITY_SKILLS + 1)
    data = services.OpportunityInput(kind="job", title="Chef", description="Cooking.")
    opportunity = services.create_opportunity(
        user=employer,
        organisation=organisation,
        data=data,
        skills=[(pk, n % 2 == 0) for n, pk in enumerate(skill_ids[:340])],
        languages=[],
    )
    assert opportunity.skills.count() == 340
    with pytest.raises(DomainError) as refused:
        services.create_opportunity(
            user=employer, organisation=organisation, data=data, skills=[(pk, True) for pk in skill_ids], languages=[]
        )
    assert (refused.value.code, refused.value.field) == ("too_many_skills", "skills")


def test_a_profile_keeps_its_own_smaller_cap(db):
    skill_ids = _skills(services.MAX_SKILLS + 1)
    with pytest.raises(DomainError) as refused:
        services.save_talent_profile(
            user=UserFactory(),
            data=services.ProfileInput(kind="student"),
            skills=[(pk, 2) for pk in skill_ids],
            languages=[],
            consent=True,
        )
    assert refused.value.code == "too_many_skills"


def test_import_opportunities_takes_more_than_sixty_skills(tmp_path, organisation, employer):
    _skills(120)
    row = {
        "organisation": organisation.slug,
        "poster": employer.email,
        "kind": "job",
        "title": "Cook",
        "description": "Cooking.",
        "required_skills": "; ".join(f"many {n}" for n in range(120)),
    }
    path = tmp_path / "opportunities.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    out, err = _import("import_opportunities", path)
    assert err == "" and "1 rows imported, 0 rows skipped" in out
    assert Opportunity.objects.get().skills.count() == 120


# ------------------------------------------------------------------------------- external keys, results


def _opportunity_rows(organisation, employer, *, title_of_a="Welder"):
    return [
        {
            "external_key": "HR-1",
            "organisation": organisation.slug,
            "poster": employer.email,
            "kind": "job",
            "title": title_of_a,
            "description": "Welding frames.",
            "required_skills": "welding",
        },
        {
            "external_key": "HR-2",
            "organisation": organisation.slug,
            "poster": employer.email,
            "kind": "internship",
            "title": "Welder",  # the same title under another key is another opportunity
            "description": "Learning to weld.",
        },
        {"external_key": "HR-3", "organisation": "nobody", "poster": employer.email, "kind": "job", "title": "X"},
    ]


def test_reimporting_opportunities_by_external_key_updates_them(tmp_path, vocabulary, organisation, employer):
    path = tmp_path / "opportunities.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in _opportunity_rows(organisation, employer)), encoding="utf-8")
    out, _err = _import("import_opportunities", path)
    assert "2 rows imported, 1 rows skipped (2 created, 0 updated)" in out
    first = {row["external_key"]: row for row in _results(tmp_path / "opportunities.jsonl.results.csv")}
    assert [first[k]["result"] for k in ("HR-1", "HR-2", "HR-3")] == ["created", "created", "refused"]
    assert first["HR-3"]["message"].startswith("organisation:") and first["HR-3"]["id"] == ""
    welder = Opportunity.objects.get(pk=first["HR-1"]["id"])
    assert (welder.external_key, welder.title) == ("HR-1", "Welder")

    rows = _opportunity_rows(organisation, employer, title_of_a="Senior welder")
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out, _err = _import("import_opportunities", path, "--results", str(tmp_path / "again.csv"))
    assert "2 rows imported, 1 rows skipped (0 created, 2 updated)" in out
    again = {row["external_key"]: row for row in _results(tmp_path / "again.csv")}
    assert again["HR-1"] == {**first["HR-1"], "result": "updated"}
    assert Opportunity.objects.count() == 2
    welder.refresh_from_db()
    assert welder.title == "Senior welder"


def test_the_results_file_has_one_line_per_row(tmp_path, vocabulary):
    path = tmp_path / "talents.csv"
    path.write_text(
        "external_key,email,kind,consent\nP-1,ruta@example.org,student,yes\nP-2,not-an-email,student,yes\n",
        encoding="utf-8",
    )
    _import("import_talents", path)
    rows = _results(tmp_path / "talents.csv.results.csv")
    assert list(rows[0]) == ["line", "external_key", "id", "result", "message"]
    profile = TalentProfile.objects.get()
    assert rows[0] == {
        "line": "2",
        "external_key": "P-1",
        "id": str(profile.pk),
        "result": "created",
        "message": "invitation sent",
    }
    assert (rows[1]["line"], rows[1]["result"], rows[1]["id"]) == ("3", "refused", "")
    assert rows[1]["message"].startswith("email:")


def test_reimporting_talents_by_external_key_updates_without_duplicates(tmp_path, vocabulary):
    path = tmp_path / "talents.csv"
    header = "external_key,email,full_name,kind,headline,consent\n"
    path.write_text(header + "P-1,ruta@example.org,Rūta,student,Student,yes\n", encoding="utf-8")
    _import("import_talents", path)
    path.write_text(
        header
        + "P-1,ruta@example.org,Rūta,graduate,Graduate,yes\n"
        + "P-1,jonas@example.org,Jonas,student,Taken key,yes\n"  # someone else's key
        + "P-9,ruta@example.org,Rūta,student,Second key,yes\n",  # a second key for the same person
        encoding="utf-8",
    )
    out, err = _import("import_talents", path)
    assert "1 rows imported, 2 rows skipped (0 created, 1 updated)" in out
    assert "line 3: external_key" in err and "line 4: external_key" in err
    profile = TalentProfile.objects.get()
    assert (profile.external_key, profile.kind, profile.headline) == ("P-1", "graduate", "Graduate")
    assert not User.objects.filter(email="jonas@example.org").exists()


def test_a_key_is_added_to_a_profile_found_by_email(tmp_path, vocabulary):
    path = tmp_path / "talents.csv"
    path.write_text("email,kind,consent\nruta@example.org,student,yes\n", encoding="utf-8")
    _import("import_talents", path)
    path.write_text("external_key,email,kind,consent\nP-1,ruta@example.org,student,yes\n", encoding="utf-8")
    _import("import_talents", path)
    assert TalentProfile.objects.get().external_key == "P-1"


# ------------------------------------------------------------------------------ invitations, no hashing


def test_new_people_get_an_unusable_password_and_an_invitation_in_their_language(
    tmp_path, vocabulary, monkeypatch, django_capture_on_commit_callbacks, client
):
    def no_hashing(*args, **kwargs):
        raise AssertionError("a password was hashed during the import")

    monkeypatch.setattr(hashers, "get_hasher", no_hashing)
    path = tmp_path / "talents.csv"
    path.write_text(
        "email,full_name,language,kind,consent\n"
        "ruta@example.org,Rūta,lt,student,yes\n"
        "john@example.org,John,en,expatriate,yes\n"
        "ona@example.org,Ona,,student,yes\n"
        "eve@example.org,Eve,fr,student,yes\n",
        encoding="utf-8",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        out, err = _import("import_talents", path)
    assert "3 rows imported, 1 rows skipped" in out and "line 5: language" in err
    people = {user.email: user for user in User.objects.all()}
    assert set(people) == {"ruta@example.org", "john@example.org", "ona@example.org"}
    assert not any(user.has_usable_password() for user in people.values())
    assert {email: user.preferred_language for email, user in people.items()} == {
        "ruta@example.org": "lt",
        "john@example.org": "en",
        "ona@example.org": "lt",  # the site's language when the row names none
    }
    letters = {message.to[0]: message for message in mail.outbox}
    assert set(letters) == set(people)
    assert Notice.objects.filter(key="accounts.invitation").count() == 3
    assert "Talentas" in letters["john@example.org"].subject and "password" in letters["john@example.org"].body
    assert "slaptažod" in letters["ruta@example.org"].body and "/lt/accounts/password/reset/key/" in (
        letters["ruta@example.org"].body
    )

    monkeypatch.undo()  # setting the password hashes it, as it should
    link = next(word for word in letters["john@example.org"].body.split() if "/accounts/password/reset/key/" in word)
    form_page = client.get(urlsplit(link).path, follow=True)
    assert form_page.status_code == 200 and b"password1" in form_page.content
    client.post(
        form_page.redirect_chain[-1][0], {"password1": "a long new Pa55word!", "password2": "a long new Pa55word!"}
    )
    assert User.objects.get(email="john@example.org").check_password("a long new Pa55word!")


def test_people_with_an_account_are_not_invited_again(tmp_path, vocabulary, django_capture_on_commit_callbacks):
    UserFactory(email="ruta@example.org")
    path = tmp_path / "talents.csv"
    path.write_text("email,kind,consent\nruta@example.org,student,yes\n", encoding="utf-8")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _import("import_talents", path)
    assert mail.outbox == [] and TalentProfile.objects.count() == 1


# ------------------------------------------------------------------------------------ output language


def test_output_is_english_by_default_and_lithuanian_when_asked(tmp_path, db):
    path = tmp_path / "talents.csv"
    path.write_text("email,kind\nnot-an-email,student\n", encoding="utf-8")
    with translation.override("lt"):  # whatever the site's language, the operator reads English
        out, err = _import("import_talents", path)
    assert "0 rows imported, 1 rows skipped" in out and "line 2: email: 'not-an-email' is not an e-mail address" in err
    out, err = _import("import_talents", path, "--language", "lt")
    assert "eilutė 2: email:" in err and "nėra el. pašto adresas" in err
    assert "Importuota eilučių: 0, praleista: 1" in out
