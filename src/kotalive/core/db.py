"""One new row in one statement, without building the statement again on every call.

`Model.objects.create()` compiles its INSERT anew each time: for a small row that is several times
the database's own work. The paths that append rows on every request (a LAKSA report writes five:
the case, its follower, its first event, the receipt notice and their audit records) use
`insert_one`, which builds the statement once per model, database and conflict target, and then
only converts the values, through the same field methods the ORM uses (`pre_save`, so
`auto_now_add` works; `get_db_prep_save`, so JSON, dates and times are stored the same way).

What it does not do, on purpose: no `save()` and no `pre_save`/`post_save` signals, no
multi-table inheritance, no database defaults or expressions as values. It refuses the models and
values it cannot store exactly as `save()` would rather than store them differently. Use it for
plain append-only rows; everything else goes through the ORM as usual. It refuses a model
with `pre_save`/`post_save` receivers (checked when its statement is built, once per process) and
any model not on `INSERT_ONE_MODELS`: each one there was checked to be such a row.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Field, Model
from django.db.models.signals import post_save, pre_save

# The models `insert_one` may write: append-only rows, each stored on every request of a busy
# path, none with save() logic or save signals. Adding one means checking it is such a row.
INSERT_ONE_MODELS = frozenset(
    {
        "core.auditevent",
        "core.idempotencyrecord",
        "complaints.complaint",
        "complaints.event",
        "complaints.follower",
        "notifications.notification",
    }
)


def _column(model: type[Model], name: str) -> str:
    column = getattr(model._meta.get_field(name), "column", None)
    if not isinstance(column, str):
        raise TypeError(f"insert_one: {model._meta.label}.{name} is not a column.")
    return column


@cache
def _statement(
    model: type[Model], alias: str, conflict: tuple[str, ...]
) -> tuple[str, tuple[Field[Any, Any], ...]]:
    meta = model._meta
    connection = connections[alias]
    if meta.label_lower not in INSERT_ONE_MODELS:
        raise TypeError(f"insert_one: {meta.label} is not in INSERT_ONE_MODELS.")
    # save() would send these, insert_one does not: a receiver would silently miss its rows.
    if pre_save.has_listeners(model) or post_save.has_listeners(model):
        raise TypeError(f"insert_one: {meta.label} has pre_save or post_save receivers.")
    if meta.parents:
        raise TypeError(f"insert_one: {meta.label} inherits from another model.")
    if meta.auto_field is None or tuple(meta.db_returning_fields) != (meta.auto_field,):
        raise TypeError(f"insert_one: {meta.label} needs an automatic primary key, nothing else.")
    if not connection.features.can_return_columns_from_insert:
        raise TypeError(f"insert_one: {connection.vendor} cannot return the new key.")
    fields = tuple(
        f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated
    )
    for f in fields:
        if hasattr(f, "get_placeholder"):
            raise TypeError(f"insert_one: {meta.label}.{f.name} needs its own SQL placeholder.")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, f.name)) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    on_conflict = ""
    if conflict:
        target = ", ".join(quote(_column(model, name)) for name in conflict)
        on_conflict = f" ON CONFLICT ({target}) DO NOTHING"
    # Only names from the model's own metadata, quoted by the backend; values stay parameters.
    table, pk = quote(meta.db_table), quote(_column(model, meta.auto_field.name))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({values}){on_conflict} RETURNING {pk}"  # noqa: S608
    return sql, fields


def insert_one(obj: Model, *, skip_if_taken: tuple[str, ...] = ()) -> bool:
    """INSERT `obj` (new, unsaved) as one row and set its primary key; True when stored.

    With `skip_if_taken` (the fields of one of its unique constraints), a row whose values there
    are already taken is not stored (`ON CONFLICT ... DO NOTHING`, on PostgreSQL and SQLite alike)
    and False is returned, with no error and nothing for the caller's transaction to undo. Any
    other integrity error is raised as by `save()`.
    """
    model = type(obj)
    if not obj._state.adding or obj.pk is not None:
        raise ValueError("insert_one stores new objects only.")
    alias = router.db_for_write(model, instance=obj)
    connection = connections[alias]
    sql, fields = _statement(model, alias, skip_if_taken)
    params = []
    for f in fields:
        value = f.pre_save(obj, True)
        if hasattr(value, "resolve_expression"):
            raise TypeError(f"insert_one: {model._meta.label}.{f.name} is an expression.")
        params.append(f.get_db_prep_save(value, connection=connection))
    # As in save(): a failed statement inside an atomic block marks it for rollback, so a caller
    # that catches the error cannot go on writing into a broken transaction.
    with transaction.mark_for_rollback_on_error(alias), connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    setattr(obj, model._meta.pk.attname, row[0])
    obj._state.adding = False
    obj._state.db = alias
    return True
