"""The locust scenario of `bench/load.py`: a city's evening on Talentas.

People browse the action plan and its dashboard, look at the event calendar and register for events, search
opportunities and ask for their matches. `/healthz` is requested the same way, as the run's baseline.
Read by `locust -f`; the data (tokens, event ids, the plan's slug) comes from TALENTAS_LOAD_DATA.
"""

import itertools
import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

DATA = json.loads(Path(os.environ["TALENTAS_LOAD_DATA"]).read_text())
_next_person = itertools.count()


class Resident(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        token = DATA["tokens"][next(_next_person) % len(DATA["tokens"])]
        self.auth = {"Authorization": f"Bearer {token}"}

    @task(2)
    def health(self) -> None:
        self.client.get("/healthz", name="/healthz")

    @task(4)
    def plan(self) -> None:
        self.client.get(f"/en/plans/{DATA['plan']}/", name="plan page")

    @task(4)
    def dashboard(self) -> None:
        self.client.get("/en/monitoring/", name="dashboard")

    @task(3)
    def calendar(self) -> None:
        self.client.get("/en/events/", name="event calendar")

    @task(2)
    def register(self) -> None:
        event = random.choice(DATA["events"])
        with self.client.post(
            f"/api/v1/events/{event}/registrations", headers=self.auth, name="register for an event",
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code == 409:  # registered already: the rule holding, not an error
                response.success()

    @task(2)
    def search(self) -> None:
        self.client.get("/en/talent/opportunities/?q=python", name="opportunity search")

    @task(2)
    def matches(self) -> None:
        self.client.get("/api/v1/talents/me/matches", headers=self.auth, name="my matches (API)")
