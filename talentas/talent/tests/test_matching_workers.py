"""The match index is one file shared by every web worker: two gunicorn workers map the same file and answer from it."""

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from talentas.core.tests.test_faults import _manage, _request, _site_env, gunicorn

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable

WORLD_SCRIPT = """
import json, django
django.setup()
from talentas.core.tests.world import build_world
world = build_world()
print(json.dumps({"token": world.tokens["owner"], "opportunity": world.opportunity.pk}))
"""


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _mapped_index_files(pid: int, directory: Path) -> set[str]:
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except FileNotFoundError:
        return set()
    return {line.split()[-1] for line in maps.splitlines() if str(directory) in line and line.endswith(".bin")}


def test_two_gunicorn_workers_answer_from_the_same_index_file(tmp_path):
    index_dir = tmp_path / "match-index"
    env = _site_env(f"sqlite:///{tmp_path / 'site.sqlite3'}", tmp_path, TASKS_IMMEDIATE="1")
    env["MATCH_INDEX_DIR"] = str(index_dir)
    _manage(env, "migrate", "--noinput", "-v0")
    made = subprocess.run([PYTHON, "-c", WORLD_SCRIPT], cwd=ROOT, env=env, check=True, timeout=120, capture_output=True)
    world = json.loads(made.stdout.decode().strip().splitlines()[-1])
    _manage(env, "build_match_index")  # what the queue worker (or make run) does
    built = sorted(index_dir.glob("index-*.bin"))  # the newest last (the world's own writes may have made one)

    with gunicorn(env) as (server, port):
        path = f"/api/v1/opportunities/{world['opportunity']}/matches"
        statuses: list[int] = []
        mapped: dict[int, set[str]] = {}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            # Requests in parallel, so that a busy worker leaves the next one to the other.
            threads = [
                threading.Thread(target=lambda: statuses.append(_request(port, "GET", path, token=world["token"])))
                for _ in range(6)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            workers = _workers(server.pid)
            mapped = {pid: _mapped_index_files(pid, index_dir) for pid in workers}
            if len(workers) == 2 and all(mapped.values()):
                break
        assert set(statuses) == {200}, statuses
        assert len(mapped) == 2 and all(mapped.values()), mapped
        files = set.union(*mapped.values())
        assert files == {str(built[-1])}, mapped  # the same file, the newest, in both workers' memory
        assert sorted(index_dir.glob("index-*.bin")) == built  # no worker built its own
