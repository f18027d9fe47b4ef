"""The README's scaled deployment, started for one benchmark: gunicorn on PostgreSQL with Redis, over loopback.

`deployment(...)` makes the benchmark's own database, migrates it, runs a setup script in a child process (its
last printed line is JSON, handed back), starts gunicorn and waits for `/healthz`; on leaving it stops the
server and drops the database and the Redis database whatever happened. `Unreachable` says that PostgreSQL or
Redis is not there, which a benchmark reports as skipped.

BENCH_EVENTS_POSTGRES (default postgres://postgres@127.0.0.1:5432) names the PostgreSQL server.
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.harness import stop_server

ROOT = Path(__file__).resolve().parent.parent
REQUEST_TIMEOUT = 30
SETUP_TIMEOUT = 600


class Unreachable(Exception):
    """PostgreSQL or Redis cannot be reached: the benchmark is skipped."""


@dataclass
class Deployment:
    port: int
    data: dict
    work: Path  # the deployment's VAR_DIR, removed afterwards
    env: dict


def postgres_url() -> str:
    return os.environ.get("BENCH_EVENTS_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{postgres_url()}/postgres", autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql)


def flush_redis(url: str) -> None:
    import redis

    with redis.Redis.from_url(url, socket_timeout=5) as client:
        client.flushdb()


def request(port: int, method: str, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_health(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise RuntimeError("gunicorn did not start within 60 seconds")
        time.sleep(0.2)


@contextmanager
def deployment(*, database: str, redis_url: str, setup_script: str, workers: int = 4) -> Iterator[Deployment]:
    try:
        flush_redis(redis_url)
        admin(f"DROP DATABASE IF EXISTS {database}")
        admin(f"CREATE DATABASE {database}")
    except Exception as error:
        raise Unreachable(f"PostgreSQL or Redis is unreachable ({error.__class__.__name__})") from error
    work = Path(tempfile.mkdtemp(prefix=f"talentas-{database}-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{postgres_url()}/{database}",
        "REDIS_URL": redis_url,  # the queue and the cache, as deployed: a queued e-mail is one Redis write
        "DJANGO_SETTINGS_MODULE": "talentas.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "LOG_LEVEL": "WARNING",
        "VAR_DIR": str(work),
        "TASKS_IMMEDIATE": "0",  # e-mails wait in the queue, as in production
        "EMAIL_URL": "dummymail://",
        "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collectstatic output, which the API needs not
    }
    server = None
    try:
        python = sys.executable
        subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=SETUP_TIMEOUT
        )
        made = subprocess.run(  # noqa: S603 (our own interpreter and script)
            [python, "-c", setup_script], cwd=ROOT, env=env, check=True, timeout=SETUP_TIMEOUT, capture_output=True
        )
        data = json.loads(made.stdout.decode().strip().splitlines()[-1])
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603 (gunicorn from our own virtualenv)
            [str(Path(python).with_name("gunicorn")), "talentas.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--backlog", "2048", "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, env=env, start_new_session=True,
        )  # fmt: skip
        _wait_for_health(port, server)
        yield Deployment(port=port, data=data, work=work, env=env)
    finally:
        if server is not None:
            stop_server(server)
        try:
            admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            flush_redis(redis_url)
        except Exception as error:
            print(f"could not clean up {database} or {redis_url}: {error}")
        shutil.rmtree(work, ignore_errors=True)
