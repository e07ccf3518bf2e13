"""kill -9 of app server workers during a burst of idempotent writes through nginx.

A client sends one `POST /api/v1/auth/code` per phone number, each with its own Idempotency-Key,
and retries with the same key on connection errors, 5xx and timeouts (nginx does not retry a POST
on another upstream: `proxy_next_upstream` without `non_idempotent`). A third of the way in, a
granian worker of app1 is killed with SIGKILL (granian replaces it); two thirds in, the whole of
app2 (its process group: a machine lost), after which nginx sends everything to app1.
Afterwards every acknowledged write exists exactly once and no write was executed twice (one
audit event per stored code, at most one SMS per number).
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections import Counter
from datetime import UTC, datetime
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
from tests.prod_profile import alive, running_profile

pytestmark = fault_marks

REQUESTS = 300
CONCURRENCY = 8
CLIENT_DEADLINE_SECONDS = 60.0


def test_acknowledged_writes_survive_killed_workers_exactly_once(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    run = f"{secrets.randbelow(10**4):04d}"
    run_id = uuid.uuid4().hex[:12]
    phones = [f"0819{run}{index:04d}" for index in range(REQUESTS)]
    started_at = datetime.now(UTC)
    with running_profile(env, tmp_path) as state:
        url = f"{state['url']}api/v1/auth/code"

        def code_request(phone: str) -> Post:
            # The request id marks this run's audit events (the database may be shared).
            return lambda client, key: client.post(
                url,
                json={"phone": phone},
                headers={"Idempotency-Key": key, "X-Request-ID": f"fault{run_id}{phone}"},
            )

        burst = burst_while_killing(
            state,
            [code_request(phone) for phone in phones],
            concurrency=CONCURRENCY,
            deadline=CLIENT_DEADLINE_SECONDS,
        )
        outcomes = [{**o, "phone": phone} for o, phone in zip(burst.outcomes, phones, strict=True)]

        assert alive(state["pids"]["app1"])
        assert wait_for(lambda: len(children_of(state["pids"]["app1"])) >= 2, 30)
        assert not alive(burst.killed_worker)
        assert not [pid for pid in burst.lost if alive(pid)]

        acknowledged = {
            o["phone"] for o in outcomes if o["status"] is not None and o["status"] < 300
        }
        refused = [o for o in outcomes if o["status"] is not None and o["status"] >= 300]
        unanswered = [o for o in outcomes if o["status"] is None]
        assert not refused, refused[:5]
        assert not unanswered, unanswered[:5]
        assert len(acknowledged) == REQUESTS

        normalised = {phone: "+62" + phone[1:] for phone in phones}
        with psycopg.connect(env["DATABASE_URL"], connect_timeout=5) as conn:
            rows = conn.execute(
                "SELECT phone, count(*) FROM accounts_phonecode WHERE phone LIKE %s GROUP BY phone",
                [f"+62819{run}%"],
            ).fetchall()
            executions = conn.execute(
                "SELECT request_id, count(*) FROM core_auditevent"
                " WHERE action = 'resident.code_requested' AND at >= %s AND request_id LIKE %s"
                " GROUP BY request_id",
                [started_at, f"fault{run_id}%"],
            ).fetchall()
        stored: dict[str, int] = dict(rows)
        assert {normalised[p] for p in acknowledged} <= set(stored)
        assert set(stored.values()) == {1}
        # Each execution of the work writes one audit event in its transaction: a retry that ran
        # the work again would show as a second event (its code replacing the first).
        executed: dict[str, int] = dict(executions)
        assert set(executed.values()) == {1}
        assert len(executed) == len(stored)
        sms = [json.loads(line) for line in Path(state["sms_file"]).read_text().splitlines()]
        per_phone: dict[str, int] = {}
        for message in sms:
            per_phone[message["to"]] = per_phone.get(message["to"], 0) + 1
        assert max(per_phone.values()) == 1

        retried = [o for o in outcomes if o["attempts"] > 1]
        errors = Counter(error for o in outcomes for error in o["errors"])
        replayed = [o for o in outcomes if o["replayed"]]
        print(
            f"\nfault kill-9: {REQUESTS} writes, {len(acknowledged)} acknowledged, "
            f"{len(retried)} retried (max {max(o['attempts'] for o in outcomes)} attempts), "
            f"{len(replayed)} replayed, {len(stored)} stored, {sum(executed.values())} executed, "
            f"app1 worker {burst.killed_worker} and app2 {burst.lost} killed, "
            f"errors seen {dict(errors)}"
        )
