"""kill -9 during LAKSA report submissions: none acknowledged is lost, none is stored twice.

A resident's phone (bearer token) files 200 reports through nginx, 8 at a time, each with its own
Idempotency-Key and retried with it on connection errors, 5xx and timeouts. A third of the way in
a granian worker of app1 is killed; two thirds in, all of app2. Afterwards each acknowledged
report exists exactly once, under the reference its answer gave, and no key made two cases.
"""

from __future__ import annotations

import json
import re
import secrets
from collections import Counter
from pathlib import Path

import psycopg

from tests.faults._profile import (
    Post,
    base_env,
    burst_while_killing,
    children_of,
    fault_marks,
    wait_for,
)
from tests.prod_profile import alive, resident_token, running_profile

pytestmark = fault_marks

REPORTS = 200
CONCURRENCY = 8
CLIENT_DEADLINE_SECONDS = 90.0
# Inside Kelurahan Sukarasa.
LAT, LON = "-6.172884", "106.631851"


def test_no_acknowledged_report_is_lost_or_doubled_when_workers_die(tmp_path: Path) -> None:
    env = base_env(tmp_path, RATE_COMPLAINT_SUBMIT="100000/3600")
    run = secrets.token_hex(4)
    with running_profile(env, tmp_path) as state:
        base_url = state["url"]
        token = resident_token(base_url, state["sms_file"], f"0819{secrets.randbelow(10**8):08d}")
        url = f"{base_url}api/v1/complaints/"
        markers = [f"fault-{run}-{index:04d}" for index in range(REPORTS)]

        def report(marker: str) -> Post:
            return lambda client, key: client.post(
                url,
                data={
                    "category": "jalan-rusak",
                    "description": f"Jalan berlubang ({marker})",
                    "lat": LAT,
                    "lon": LON,
                },
                headers={"Idempotency-Key": key, "Authorization": f"Bearer {token}"},
            )

        burst = burst_while_killing(
            state,
            [report(marker) for marker in markers],
            concurrency=CONCURRENCY,
            deadline=CLIENT_DEADLINE_SECONDS,
        )
        outcomes = [
            {**o, "marker": marker} for o, marker in zip(burst.outcomes, markers, strict=True)
        ]

        assert alive(state["pids"]["app1"])
        answered = [o for o in outcomes if o["status"] is not None]
        assert len(answered) == REPORTS, [o for o in outcomes if o["status"] is None][:3]
        assert {o["status"] for o in answered} == {201}, Counter(o["status"] for o in answered)
        refs = {o["marker"]: json.loads(o["body"])["ref"] for o in answered}

        with psycopg.connect(env["DATABASE_URL"], connect_timeout=5) as conn:
            rows = conn.execute(
                "SELECT ref, description FROM complaints_complaint WHERE description LIKE %s",
                [f"%fault-{run}-%"],
            ).fetchall()
        stored = Counter(re.search(r"fault-\w+-\d{4}", d).group(0) for _ref, d in rows)  # type: ignore[union-attr]
        assert len(rows) == REPORTS
        assert set(stored.values()) == {1}
        assert {ref for ref, _d in rows} == set(refs.values())
        retried = [o for o in outcomes if o["attempts"] > 1]
        print(
            f"\nfault kill-9 (LAKSA): {REPORTS} reports acknowledged and stored once each, "
            f"{len(retried)} retried, {sum(o['replayed'] for o in outcomes)} replayed, "
            f"errors seen {dict(Counter(e for o in outcomes for e in o['errors']))}"
        )
        assert wait_for(lambda: len(children_of(state["pids"]["app1"])) >= 2, 30)
