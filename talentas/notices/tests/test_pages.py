"""The Notices page: one's own notices, marked read one by one or all at once (htmx or not), a header count."""

import pytest
from django.urls import reverse

from talentas.notices.models import Notice

URL = "/en/notices/"


@pytest.fixture
def notices(reader, other):
    mine = [Notice.objects.create(user=reader, key=f"k{n}", title=f"Mine {n}", body="Hello") for n in range(3)]
    Notice.objects.create(user=other, key="k0", title="Not mine")
    return mine


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    for url in [URL, f"{URL}read-all/"]:
        response = client.get(url) if url == URL else client.post(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_the_list_shows_only_ones_own_newest_first(client, reader, notices, django_assert_num_queries):
    client.force_login(reader)
    client.get(URL)
    with django_assert_num_queries(5):
        response = client.get(URL)
    titles = [notice.title for notice in response.context["page"].object_list]
    assert titles == ["Mine 2", "Mine 1", "Mine 0"]
    assert "Not mine" not in response.content.decode()


def test_mark_one_read_with_htmx(client, reader, notices):
    client.force_login(reader)
    response = client.post(f"{URL}{notices[0].pk}/read/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="notice-{notices[0].pk}"' in response.content.decode()
    notices[0].refresh_from_db()
    assert notices[0].read_at is not None


def test_mark_one_read_without_javascript(client, reader, notices):
    client.force_login(reader)
    response = client.post(f"{URL}{notices[0].pk}/read/")
    assert response.status_code == 302


def test_another_persons_notice_is_not_found(client, other, notices):
    client.force_login(other)
    response = client.post(f"{URL}{notices[0].pk}/read/")
    assert response.status_code == 404 and response.context["error"].code == "notice_not_found"
    notices[0].refresh_from_db()
    assert notices[0].read_at is None


def test_mark_all_read_and_the_header_count(client, reader, other, notices):
    client.force_login(reader)
    assert "3" in client.get(f"{URL}unread/").content.decode()
    response = client.post(f"{URL}read-all/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'id="notices"' in response.content.decode()
    assert not Notice.objects.filter(user=reader, read_at=None).exists()
    assert Notice.objects.filter(user=other, read_at=None).exists()
    assert client.get(f"{URL}unread/").content.decode().strip() == ""


def test_the_header_links_to_notices(client, reader):
    client.force_login(reader)
    assert 'href="/en/notices/"' in client.get("/en/").content.decode()


def test_anonymous_header_count_is_empty(client, db):
    assert client.get(f"{URL}unread/").content.decode().strip() == ""
