"""Operations: a cache shared by every process, and 503 + Retry-After when the database has no free connection."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from psycopg_pool import PoolTimeout

from talentas.core.storage import PrivateFileStorage


def _manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout.strip()


def test_without_redis_two_processes_share_one_cache(tmp_path):
    """Login throttling counts in the cache, so the default cache must hold across worker processes."""
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "REDIS_URL", "DATABASE_URL")}
    env.update(DEBUG="1", VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    _manage("migrate", "core", "--noinput", env=env)
    _manage(
        "shell", "--no-imports", "-c", "from django.core.cache import cache; cache.set('login-failures', 1)", env=env
    )
    _manage("shell", "--no-imports", "-c", "from django.core.cache import cache; cache.incr('login-failures')", env=env)
    assert (
        _manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.core.cache import cache; print(cache.get('login-failures'))",
            env=env,
        )
        == "2"
    )


def test_private_storage_has_no_url(tmp_path):
    with pytest.raises(NotImplementedError):
        PrivateFileStorage(location=tmp_path).url("talent/cv/x.pdf")


def _pool_exhausted():
    # What Django raises when psycopg's pool gives up waiting: its OperationalError caused by PoolTimeout.
    try:
        raise PoolTimeout("couldn't get a connection after 10.00 sec")
    except PoolTimeout as timeout:
        raise OperationalError(str(timeout)) from timeout


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/plans/", "/api/v1/plans"])
def test_an_exhausted_pool_answers_503_with_retry_after(client, settings, url):
    settings.DATABASE_BUSY_RETRY_AFTER = 7
    with mock.patch.object(connection, "ensure_connection", side_effect=_pool_exhausted):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "7"
    if url.startswith("/api/"):
        assert response.json()["code"] == "database_busy"


@pytest.mark.django_db
def test_a_full_server_answers_503_but_other_database_faults_stay_errors(client):
    full = OperationalError("FATAL:  sorry, too many clients already")
    with mock.patch.object(connection, "ensure_connection", side_effect=full):
        assert client.get("/en/plans/").status_code == 503
    client.raise_request_exception = False
    broken = OperationalError("no such table: plans_plan")
    with mock.patch.object(connection, "ensure_connection", side_effect=broken):
        assert client.get("/en/plans/").status_code == 500
