"""Read replicas: reads go to a replica, writes and migrations to `default`.

Enabled by `DATABASE_REPLICA_URLS` (see settings). Replicas are copies of `default`, so a relation
between objects loaded from any of them is allowed. Reads made while `default` is inside a
transaction stay on `default`: a service that writes and then reads in one transaction must see its
own writes, which a replica (that lags) may not have yet.
"""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model

DEFAULT = "default"


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        replicas: list[str] = list(settings.DATABASE_REPLICAS)
        if not replicas or connections[DEFAULT].in_atomic_block:
            return DEFAULT
        # Random spreads the load without shared state between workers; good enough for copies.
        return random.choice(replicas)  # noqa: S311 - load spreading, not security

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        ours = {DEFAULT, *settings.DATABASE_REPLICAS}
        if obj1._state.db in ours and obj2._state.db in ours:
            return True
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        return db == DEFAULT
