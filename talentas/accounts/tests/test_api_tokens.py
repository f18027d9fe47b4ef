import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from talentas.accounts import services, tasks
from talentas.accounts.models import ApiToken
from talentas.core.errors import DomainError

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_a_hash_of_the_token_is_stored():
    user = UserFactory()
    token, raw = services.create_api_token(user=user, name="Dashboard export")
    assert raw.startswith(f"tal_{token.prefix}_")
    assert len(raw) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {getattr(stored, field.attname) for field in ApiToken._meta.concrete_fields}
    assert services.authenticate_api_token(raw) == user


@pytest.mark.parametrize("bad", ["", "tal_", "nonsense", "tal_abcdefgh_wrong", "Bearer tal_x", "tal_" + "a" * 300])
def test_malformed_or_unknown_tokens_are_refused(bad):
    services.create_api_token(user=UserFactory(), name="Real")
    assert services.authenticate_api_token(bad) is None


def test_a_token_with_a_wrong_secret_is_refused():
    _token, raw = services.create_api_token(user=UserFactory(), name="Real")
    assert services.authenticate_api_token(raw[:-2] + ("AA" if not raw.endswith("AA") else "BB")) is None


def test_revoked_tokens_and_inactive_people_are_refused():
    user = UserFactory()
    revoked, raw_revoked = services.create_api_token(user=user, name="Old")
    services.revoke_api_token(user=user, token_id=revoked.pk)
    assert services.authenticate_api_token(raw_revoked) is None

    _token, raw = services.create_api_token(user=user, name="Current")
    user.is_active = False
    user.save()
    assert services.authenticate_api_token(raw) is None


def test_last_used_is_written_at_most_once_a_minute(django_assert_num_queries):
    token, raw = services.create_api_token(user=UserFactory(), name="Busy script")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_assert_num_queries(2):  # read + the first "last used"
            services.authenticate_api_token(raw)
        with django_assert_num_queries(1):  # read only
            services.authenticate_api_token(raw)
    with time_machine.travel(start + timedelta(seconds=59), tick=False), django_assert_num_queries(1):
        services.authenticate_api_token(raw)
    with time_machine.travel(start + timedelta(seconds=61), tick=False), django_assert_num_queries(2):
        services.authenticate_api_token(raw)
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(seconds=61)


def test_a_burst_of_calls_queues_one_write_of_last_used(monkeypatch):
    # Until the queue has run the write, last_used_at stays empty: the calls of that moment queue it once.
    queued = []
    monkeypatch.setattr(services.tasks, "record_api_token_use", lambda *args: queued.append(args))
    token, raw = services.create_api_token(user=UserFactory(), name="Burst")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            assert services.authenticate_api_token(raw) == token.user
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert services.authenticate_api_token(raw) == token.user
    assert [args[0] for args in queued] == [token.pk, token.pk]


def test_only_the_owner_can_revoke():
    owner, other = UserFactory(), UserFactory()
    token, raw = services.create_api_token(user=owner, name="Mine")
    with pytest.raises(DomainError) as error:
        services.revoke_api_token(user=other, token_id=token.pk)
    assert error.value.status_code == 404
    assert services.authenticate_api_token(raw) == owner
    services.revoke_api_token(user=owner, token_id=token.pk)
    services.revoke_api_token(user=owner, token_id=token.pk)  # twice changes nothing
    assert services.authenticate_api_token(raw) is None


@pytest.mark.parametrize("name", ["", "   "])
def test_a_token_needs_a_name(name):
    with pytest.raises(DomainError) as error:
        services.create_api_token(user=UserFactory(), name=name)
    assert error.value.field == "name"


def test_active_token_names_are_unique_per_person_but_reusable_after_revoking():
    user = UserFactory()
    first, _raw = services.create_api_token(user=user, name="Export")
    with pytest.raises(DomainError):
        services.create_api_token(user=user, name="Export")
    services.create_api_token(user=UserFactory(), name="Export")  # someone else's is fine
    services.revoke_api_token(user=user, token_id=first.pk)
    services.create_api_token(user=user, name="Export")


def test_the_number_of_active_tokens_is_capped():
    user = UserFactory()
    for number in range(services.MAX_ACTIVE_TOKENS):
        services.create_api_token(user=user, name=f"Token {number}")
    with pytest.raises(DomainError):
        services.create_api_token(user=user, name="One too many")


# The account page's "API tokens" section


def test_create_token_without_javascript_shows_it_once(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en/account/tokens/", {"name": "Dashboard export"})
    assert response.status_code == 200
    page = response.content.decode()
    token = ApiToken.objects.get(user=user)
    raw = page.split('id="new-api-token" type="text" readonly value="')[1].split('"')[0]
    assert services.authenticate_api_token(raw) == user
    assert "it will not be shown again" in page
    assert "<html" in page
    # Shown once: the account page never shows it again.
    assert raw not in client.get("/en/account/").content.decode()
    assert token.visible_prefix in client.get("/en/account/").content.decode()


def test_create_token_with_htmx_answers_the_section_only(client):
    client.force_login(UserFactory())
    response = client.post("/en/account/tokens/", {"name": "Script"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="api-tokens"')
    assert 'id="new-api-token"' in page


@pytest.mark.parametrize("htmx", [False, True])
def test_create_token_validation_errors_show_on_the_field(client, htmx):
    user = UserFactory()
    services.create_api_token(user=user, name="Taken")
    client.force_login(user)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for data in ({"name": ""}, {"name": "Taken"}, {"name": "x" * 101}):
        response = client.post("/en/account/tokens/", data, **headers)
        assert response.status_code == (200 if htmx else 400)  # htmx swaps in 2xx answers only
        assert 'id="id_name_error"' in response.content.decode()
    assert ApiToken.objects.filter(user=user).count() == 1


def test_revoke_from_the_account_page(client):
    user = UserFactory()
    token, raw = services.create_api_token(user=user, name="Old script")
    client.force_login(user)
    response = client.post(f"/en/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert response["Location"] == "/en/account/#api-tokens"
    assert services.authenticate_api_token(raw) is None
    assert "is revoked" in client.get("/en/account/").content.decode()


def test_revoke_with_htmx_answers_the_section(client):
    user = UserFactory()
    token, _raw = services.create_api_token(user=user, name="Old script")
    client.force_login(user)
    response = client.post(f"/en/account/tokens/{token.pk}/revoke/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "is revoked" in response.content.decode()
    assert "You have no active tokens." in response.content.decode()


def test_nobody_revokes_someone_elses_token_from_the_page(client):
    token, raw = services.create_api_token(user=UserFactory(), name="Not yours")
    client.force_login(UserFactory())
    response = client.post(f"/en/account/tokens/{token.pk}/revoke/", follow=True)
    assert "There is no such token among yours." in response.content.decode()
    assert services.authenticate_api_token(raw) is not None


def test_token_pages_need_login_and_post(client):
    token, _raw = services.create_api_token(user=UserFactory(), name="Any")
    assert client.post("/en/account/tokens/", {"name": "x"}).status_code == 302
    assert client.post(f"/en/account/tokens/{token.pk}/revoke/").status_code == 302
    client.force_login(token.user)
    assert client.get("/en/account/tokens/").status_code == 405
    assert client.get(f"/en/account/tokens/{token.pk}/revoke/").status_code == 405


def test_token_list_costs_the_same_queries_for_many_tokens(client, django_assert_num_queries):
    user = UserFactory()
    client.force_login(user)
    services.create_api_token(user=user, name="One")
    client.get("/en/account/")  # warm up whatever is cached per process
    with django_assert_num_queries(4) as few:  # session, user, roles, tokens
        client.get("/en/account/")
    for number in range(10):
        services.create_api_token(user=user, name=f"Token {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/en/account/")


# manage.py create_api_token


def test_command_prints_a_working_token(capsys):
    user = UserFactory(email="script@example.org")
    call_command("create_api_token", "Script@Example.org", "--name", "Nightly export")
    raw = capsys.readouterr().out.strip()
    assert services.authenticate_api_token(raw) == user
    assert ApiToken.objects.get(user=user).name == "Nightly export"


def test_command_refuses_an_unknown_email():
    with pytest.raises(CommandError, match=r"No active account uses the e-mail address 'nobody@example\.org'"):
        call_command("create_api_token", "nobody@example.org")


def test_queued_uses_of_one_minute_write_last_used_once():
    # Requests that arrive before the queue runs the first write each queue one; only the first writes.
    token, _raw = services.create_api_token(user=UserFactory(), name="Rush")
    now = timezone.now()
    since = now - services.LAST_USED_PRECISION
    assert tasks.record_api_token_use.call_local(token.pk, now, since) is True
    later = now + timedelta(seconds=30)
    assert tasks.record_api_token_use.call_local(token.pk, later, later - services.LAST_USED_PRECISION) is False
    token.refresh_from_db()
    assert token.last_used_at == now
