"""Faults: the site's database, cache and queue fail under it, on servers these tests start and stop themselves.

Each test has its own PostgreSQL cluster (`initdb` in a temporary folder, its own port) or its own
`redis-server` (its own port), never the machine's shared ones, and removes them whatever happens.
Select them with `-m faults`.

What huey does with a task a worker had taken when the worker is killed: RedisStorage takes a task off the
queue with BRPOP and has no acknowledgement, so that one task is lost; every task still waiting in Redis is
kept and runs on the next worker. E-mail does not depend on the task: the message waits in the outbox table
(`core.email`), and the unfinished delivery is queued again. `test_queued_email_survives_a_killed_worker`
shows both.
"""

import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
STEP_TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")


class OwnRedis:
    def __init__(self, folder: Path):
        self.port = _free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class OwnPostgres:
    """A throwaway cluster. As root, initdb and the server run as the `postgres` OS user, as they must."""

    def __init__(self, folder: Path):
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
        self.folder = folder
        self.data = folder / "data"
        self.port = _free_port()

    def _run(self, *command: str, timeout: float = STEP_TIMEOUT) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, timeout=timeout, capture_output=True)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options, "-w",
            "-t", "60", action, *extra,
        )  # fmt: skip

    def start(self) -> None:
        self._ctl("start")

    def restart(self, down_for: float) -> None:
        """Stop (closing every connection), stay down a moment, start again."""
        self._ctl("stop", "-m", "fast")
        time.sleep(down_for)
        self.start()

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):  # not running: nothing to stop
            self._ctl("stop", "-m", "immediate")

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"CREATE DATABASE {name}")


@contextlib.contextmanager
def _temporary_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="talentas-faults-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    with _temporary_folder() as folder:
        redis = OwnRedis(folder)
        redis.start()
        try:
            yield redis
        finally:
            redis.stop()


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    with _temporary_folder() as folder:
        postgres = OwnPostgres(folder)
        try:
            postgres.init()
            yield postgres
        finally:
            postgres.stop()


def _site_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "talentas.settings",
        "DEBUG": "0",
        "SECRET_KEY": "faults-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "LOG_LEVEL": "CRITICAL",
        "LOG_FORMAT": "console",
        "VAR_DIR": str(var_dir),
        "EMAIL_URL": "dummymail://",
        "PYTHONWARNINGS": "ignore",
        **extra,
    }


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=STEP_TIMEOUT, capture_output=True
    )
    return done.stdout.decode()


# Run against the fault test's own database: the world of the authorization sweep, and what a request needs.
WORLD_SCRIPT = """
import json, django
django.setup()
from talentas.core.tests.world import build_world
world = build_world()
print(json.dumps({"token": world.tokens["owner"], "organisation": world.organisation.slug, "skill": world.skill.uri}))
"""


def _request(port: int, method: str, path: str, body: dict | None = None, token: str = "") -> int:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0  # refused or cut: the server was not there for a moment
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 2) -> Iterator[tuple[subprocess.Popen, int]]:
    """The site under gunicorn on a free loopback port, answering; stopped (by force after 20 s) on leaving."""
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).with_name("gunicorn")), "talentas.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "60", "--log-level", "critical"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for_port(port, 60)
        yield server, port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def test_postgres_restart_mid_traffic_answers_503_and_writes_nothing_by_halves(own_postgres, tmp_path):
    own_postgres.create_database("talentas_faults")
    # A request that finds no connection for a second is answered 503 at once, so the restart shows in the answers
    # however slowly this machine runs the traffic.
    env = _site_env(own_postgres.url("talentas_faults"), tmp_path, TASKS_IMMEDIATE="1", DB_POOL_TIMEOUT="1")
    _manage(env, "migrate", "--noinput", "-v0")
    made = subprocess.run(
        [PYTHON, "-c", WORLD_SCRIPT], cwd=ROOT, env=env, check=True, timeout=STEP_TIMEOUT, capture_output=True
    )
    world = json.loads(made.stdout.decode().strip().splitlines()[-1])
    with gunicorn(env) as (_server, port):
        opportunity = {
            "organisation": world["organisation"],
            "kind": "job",
            "title": "Night shift engineer",
            "description": "Keeps the lights on while the database restarts.",
            "skills": [{"skill": world["skill"]}],
            "languages": [{"language": "lt", "min_level": 4}],
        }
        statuses: Counter[tuple[str, int]] = Counter()
        stop = threading.Event()

        def traffic() -> None:
            while not stop.is_set():
                statuses["write", _request(port, "POST", "/api/v1/opportunities", opportunity, world["token"])] += 1
                statuses["health", _request(port, "GET", "/healthz")] += 1
                statuses["page", _request(port, "GET", "/en/plans/")] += 1

        # Both workers have their connection open and their code loaded before the traffic starts.
        warm = [_request(port, "GET", "/en/plans/") for _ in range(6)]
        assert _request(port, "POST", "/api/v1/opportunities", opportunity, world["token"]) == 201, warm
        threads = [threading.Thread(target=traffic, daemon=True) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        own_postgres.restart(down_for=3)
        time.sleep(4)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

        server_errors = {key: count for key, count in statuses.items() if key[1] >= 500 and key[1] != 503}
        assert not server_errors, f"answers during the restart: {dict(statuses)}"
        assert statuses["write", 201] > 0
        assert statuses["health", 503] > 0, f"the traffic missed the restart: {dict(statuses)}"
        # recovered: the next requests are served again
        assert _request(port, "GET", "/healthz") == 200
        assert _request(port, "POST", "/api/v1/opportunities", opportunity, world["token"]) == 201

    import psycopg

    with psycopg.connect(own_postgres.url("talentas_faults"), connect_timeout=5) as connection:
        half_written = connection.execute(
            "SELECT count(*) FROM talent_opportunity o WHERE NOT EXISTS "
            "(SELECT 1 FROM talent_opportunityskill s WHERE s.opportunity_id = o.id) OR NOT EXISTS "
            "(SELECT 1 FROM talent_opportunitylanguage l WHERE l.opportunity_id = o.id)"
        ).fetchone()[0]
    assert half_written == 0


# Sent from the fault test's own process: two e-mails through the site's queued backend.
SEND_SCRIPT = """
import django
django.setup()
from django.core.mail import send_mail
for subject in ("first", "second"):
    send_mail(subject, "Body.", "from@talentas.example", ["to@talentas.example"])
"""


def _worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "manage.py", "run_huey", "--workers", "1", "--quiet"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _stuck_smtp_server() -> tuple[socket.socket, int]:
    """A mail server that accepts the connection and never greets: the first delivery hangs mid-task."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    return server, server.getsockname()[1]


def test_queued_email_survives_a_killed_worker(own_redis, tmp_path):
    smtp, smtp_port = _stuck_smtp_server()
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    database = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    redis = {"REDIS_URL": own_redis.url, "TASKS_IMMEDIATE": "0"}
    hanging = _site_env(database, tmp_path, EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}", **redis)
    # django-environ reads the path after the third slash, so an absolute one takes four
    delivering = _site_env(database, tmp_path, EMAIL_URL=f"filemail:///{outbox}", **redis)
    worker = None
    try:
        _manage(delivering, "migrate", "--noinput", "-v0")  # the worker's periodic tasks read the database
        subprocess.run([PYTHON, "-c", SEND_SCRIPT], cwd=ROOT, env=hanging, check=True, timeout=STEP_TIMEOUT)
        worker = _worker(hanging)
        smtp.settimeout(30)
        connection, _ = smtp.accept()  # the worker is now inside the first task, waiting for the greeting
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        connection.close()

        worker = _worker(delivering)

        def delivered() -> str:
            return "".join(path.read_text() for path in outbox.iterdir())

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "Subject: second" not in delivered():
            time.sleep(0.2)
        assert "Subject: second" in delivered()  # it waited in Redis and survived the kill
        assert "Subject: first" not in delivered()  # its task died with the worker...
        # ...but the message waits in the outbox: the periodic requeue (here at once) queues it again.
        _manage({**delivering, "EMAIL_CLAIM_SECONDS": "0"}, "deliver_pending_email")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "Subject: first" not in delivered():
            time.sleep(0.2)
        assert "Subject: first" in delivered()
        assert delivered().count("Subject: second") == 1  # nothing delivered twice
    finally:
        smtp.close()
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


@pytest.mark.django_db
def test_pages_answer_while_redis_is_down(own_redis, settings):
    from talentas.monitoring.tests.factories import small_plan

    small_plan()
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": own_redis.url}}
    settings.CACHES["default"]["BACKEND"] = "talentas.core.cache.RedisCacheThatDegrades"
    client = Client()
    pages = ["/healthz", "/en/", "/en/plans/", "/en/monitoring/", "/api/v1/plans", "/en/accounts/login/"]
    assert [client.get(page).status_code for page in pages] == [200] * len(pages)
    own_redis.stop()
    assert [client.get(page).status_code for page in pages] == [200] * len(pages)


def test_data_version_moves_in_one_round_trip_and_restarts_above_old_numbers(own_redis, settings):
    from django.core.cache import caches

    from talentas.core import metrics

    settings.CACHES = {"default": {"BACKEND": "talentas.core.cache.RedisCacheThatDegrades", "LOCATION": own_redis.url}}
    cache = caches["default"]
    first = metrics.data_version()
    metrics.mark_data_changed()
    assert metrics.data_version() == first + 1
    cache.clear()  # evicted: the counter starts again, above every number counted before
    metrics.mark_data_changed()
    assert metrics.data_version() > first + 1
    own_redis.stop()
    metrics.mark_data_changed()  # Redis down: the write still succeeds, uncached


def _queue_length(redis_url: str, key: str = "huey.redis.talentas") -> int:
    import redis

    return redis.Redis.from_url(redis_url).llen(key)


def test_api_calls_answer_while_redis_is_down_and_their_tasks_wait_in_the_database(own_redis, tmp_path):
    """Every API call by a token queues the note of its use: with Redis stopped that call answered a 500 (its
    task lost); now it answers, the task is held in the database, and reaches the queue once Redis is back."""
    database = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    env = _site_env(database, tmp_path, REDIS_URL=own_redis.url, TASKS_IMMEDIATE="0")
    _manage(env, "migrate", "--noinput", "-v0")
    made = subprocess.run([PYTHON, "-c", WORLD_SCRIPT], cwd=ROOT, env=env, check=True, timeout=STEP_TIMEOUT,
                          capture_output=True)  # fmt: skip
    token = json.loads(made.stdout.decode().strip().splitlines()[-1])["token"]
    held = "from talentas.core.models import HeldTask; print(HeldTask.objects.count())"
    with gunicorn(env, workers=1) as (_, port):
        own_redis.stop()
        assert _request(port, "GET", "/api/v1/me", token=token) == 200
        assert _request(port, "GET", "/en/plans/") == 200
    assert _manage(env, "shell", "--no-imports", "-c", held).strip() == "1"
    own_redis.start()
    requeue = "from talentas.core.queue import requeue_held_tasks; print(requeue_held_tasks())"
    assert _manage(env, "shell", "--no-imports", "-c", requeue).strip() == "1"
    assert _manage(env, "shell", "--no-imports", "-c", held).strip() == "0"
    assert _queue_length(own_redis.url) == 1


@pytest.mark.django_db
def test_a_requests_tasks_and_data_version_go_to_redis_in_one_round_trip_in_order(own_redis, settings, monkeypatch):
    import redis
    from django.core.cache import caches

    from talentas.core import metrics, queue

    settings.CACHES = {"default": {"BACKEND": "talentas.core.cache.RedisCacheThatDegrades", "LOCATION": own_redis.url}}
    storage = queue.TaskStorage("talentas", url=own_redis.url)
    first = metrics.data_version()
    sent: list[str] = []
    execute = redis.Redis.execute_command

    def counted(client, *args, **options):
        sent.append(args[0])
        return execute(client, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    with queue.deferred_writes():
        for message in (b"first", b"second", b"third"):
            storage.enqueue(message)
        metrics.mark_data_changed()
        assert sent == []  # nothing leaves before the response is ready
    assert sent == ["EVAL"]  # the three tasks and the data version: one round trip
    monkeypatch.undo()
    assert [storage.conn.rpop(storage.queue_key) for _ in range(4)] == [b"first", b"second", b"third", None]
    assert caches["default"].get(metrics._DATA_VERSION_KEY) == first + 1


@pytest.mark.django_db
def test_a_page_that_writes_and_then_reads_the_data_version_sees_it_moved(own_redis, settings):
    from talentas.core import metrics, queue

    settings.CACHES = {"default": {"BACKEND": "talentas.core.cache.RedisCacheThatDegrades", "LOCATION": own_redis.url}}
    first = metrics.data_version()
    with queue.deferred_writes():
        metrics.mark_data_changed()
        assert metrics.data_version() == first + 1  # a cached page of the old version is not served


@pytest.mark.django_db(transaction=True)
def test_tasks_that_cannot_reach_redis_are_held_and_requeued_once(own_redis):
    from talentas.core import queue
    from talentas.core.models import HeldTask

    storage = queue.TaskStorage("talentas", url=own_redis.url)
    own_redis.stop()
    storage.enqueue(b"alone")  # outside a request: at once
    with queue.deferred_writes():
        storage.enqueue(b"in a request")
    assert [bytes(row.message) for row in HeldTask.objects.order_by("pk")] == [b"alone", b"in a request"]
    assert queue.requeue_held_tasks(storage) == 0  # still down: they stay
    assert HeldTask.objects.count() == 2
    own_redis.start()
    assert queue.requeue_held_tasks(storage) == 2
    assert queue.requeue_held_tasks(storage) == 0
    assert HeldTask.objects.count() == 0
    assert [storage.conn.rpop(storage.queue_key) for _ in range(3)] == [b"alone", b"in a request", None]
