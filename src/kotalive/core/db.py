"""The hottest paths' SQL, built by the ORM once instead of on every call.

`insert_one` writes one new row; `PreparedQuery` reads by a queryset compiled once per database
connection. Both take table and column names from the models (nothing is written out by hand)
and the database from the router.

## insert_one

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

## PreparedQuery

A read that runs on every request (the bearer token and its user, the Idempotency-Key) is a
queryset like any other, but compiling it costs more than PostgreSQL's own work. A
`PreparedQuery` calls its builder once per database connection with a marker for each named text
parameter, keeps the SQL Django compiled and where the markers landed, and from then on runs that
SQL with the values in their places. The row becomes a model instance as `QuerySet.__iter__`
makes it: the ORM's value converters (SQLite hands datetimes back as text), `from_db`,
annotations set as attributes. A `values_list()` queryset gives its rows as tuples instead
(`rows()`, the public Open311 reads). Parameters named in `times` are aware datetimes compared
with a DateTimeField (found through a marker time, adapted per call as the ORM adapts it); a
LIMIT is part of the SQL, so a query with another limit is another `PreparedQuery`.
"""

from __future__ import annotations

import secrets
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, cast

from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model, QuerySet
from django.db.models.signals import post_save, pre_save

# The models `insert_one` may write: append-only rows, each stored on every request of a busy
# path, none with save() logic or save signals. Adding one means checking it is such a row.
INSERT_ONE_MODELS = frozenset(
    {
        "core.auditevent",
        "core.idempotencyrecord",
        "applications.application",
        "applications.event",
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


@dataclass(frozen=True)
class _Compiled:
    model: type[Model] | None  # None: a values_list() query, rows are tuples
    names: tuple[str, ...]  # a values_list() query's columns, in the order of its rows
    sql: str
    params: tuple[Any, ...]  # as compiled: the markers' places are filled in per call
    slots: tuple[tuple[int, str], ...]  # (place in params, parameter name)
    fields: tuple[int, int]  # the model's columns: row[start:end]
    init_list: tuple[str, ...]  # their attribute names, for from_db
    annotations: tuple[tuple[str, int], ...]  # (attribute, column)
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


class PreparedQuery[M: Model]:
    """`build(**markers)`'s queryset, compiled once per database connection; see the module doc.

    The named parameters are text (the value of an exact lookup on a CharField, which the ORM
    passes on as it is), those in `times` aware datetimes (a lookup on a DateTimeField).
    `first()` runs the SQL and returns the first row's instance, or None; `rows()` returns every
    row of a `values_list()` queryset as a tuple (`names()` says of what).
    """

    def __init__(
        self, build: Callable[..., QuerySet[M, Any]], *names: str, times: tuple[str, ...] = ()
    ) -> None:
        self._build = build
        self._names = names
        self._times = times
        self._lock = threading.Lock()
        # Per connection (each thread has its own): converters are bound to the connection's
        # operations, as in the compiler that made them.
        self._compiled: weakref.WeakKeyDictionary[BaseDatabaseWrapper, _Compiled] = (
            weakref.WeakKeyDictionary()
        )

    def sql(self, using: str) -> str:
        return self._compile(using).sql

    def names(self, using: str) -> tuple[str, ...]:
        return self._compile(using).names

    def _compile(self, using: str) -> _Compiled:
        connection = connections[using]
        compiled = self._compiled.get(connection)
        if compiled is not None:
            return compiled
        markers: dict[str, Any] = {
            name: f"prepared-query:{name}:{secrets.token_hex(8)}" for name in self._names
        }
        # A time no real row has (a random microsecond of 1901), found again after adaptation.
        for name in self._times:
            markers[name] = datetime(1901, 1, 1, tzinfo=UTC) + timedelta(
                seconds=secrets.randbelow(86400), microseconds=secrets.randbelow(10**6)
            )
        compiler = self._build(**markers).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = []
        for name, marker in markers.items():
            wanted = (
                connection.ops.adapt_datetimefield_value(marker) if name in self._times else marker
            )
            places = [index for index, value in enumerate(params) if value == wanted]
            if len(places) != 1:
                raise TypeError(f"PreparedQuery: {name} must be one exact text or time parameter.")
            slots.append((places[0], name))
        columns = [s[0] for s in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(columns)
        klass_info = compiler.klass_info
        query = compiler.query
        if not query.default_cols:  # values_list(): its columns, no model to build
            names = (*query.extra_select, *query.values_select, *query.annotation_select)
            model, start, end, init_list = None, 0, len(columns), ()
        else:
            if klass_info is None or klass_info.get("related_klass_infos"):
                raise TypeError("PreparedQuery: one model per row, no select_related.")
            select_fields = klass_info["select_fields"]
            start, end = select_fields[0], select_fields[-1] + 1
            model, names = klass_info["model"], ()
            init_list = tuple(c.target.attname for c in columns[start:end])
        compiled = _Compiled(
            model=model,
            names=names,
            sql=sql,
            params=tuple(params),
            slots=tuple(slots),
            fields=(start, end),
            init_list=init_list,
            annotations=tuple((compiler.annotation_col_map or {}).items()),
            converters=tuple((i, tuple(fs), expr) for i, (fs, expr) in converters.items()),
        )
        with self._lock:
            self._compiled[connection] = compiled
        return compiled

    def _execute(self, using: str, values: dict[str, Any], *, one: bool) -> list[list[Any]]:
        compiled = self._compile(using)
        connection = connections[using]
        params = list(compiled.params)
        for place, name in compiled.slots:
            value = values[name]
            if name in self._times:
                if not isinstance(value, datetime) or _naive(value):
                    raise TypeError(f"PreparedQuery: {name} must be an aware datetime.")
                value = connection.ops.adapt_datetimefield_value(value)
            elif not isinstance(value, str):
                raise TypeError(f"PreparedQuery: {name} must be text.")
            params[place] = value
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = [cursor.fetchone()] if one else cursor.fetchall()
        rows = [list(row) for row in fetched if row is not None]
        if compiled.converters:
            for row in rows:
                for place, functions, expression in compiled.converters:
                    value = row[place]
                    for function in functions:
                        value = function(value, expression, connection)
                    row[place] = value
        return rows

    def first(self, *, using: str, **values: Any) -> M | None:
        compiled = self._compile(using)
        if compiled.model is None:
            raise TypeError("PreparedQuery: first() builds model rows; use rows().")
        found = self._execute(using, values, one=True)
        if not found:
            return None
        row = found[0]
        start, end = compiled.fields
        obj = cast(M, compiled.model.from_db(using, list(compiled.init_list), row[start:end]))
        for attribute, place in compiled.annotations:
            setattr(obj, attribute, row[place])
        return obj

    def rows(self, *, using: str, **values: Any) -> list[tuple[Any, ...]]:
        """Every row of a `values_list()` queryset, as `values_list()` gives them (`names()`)."""
        if self._compile(using).model is not None:
            raise TypeError("PreparedQuery: rows() reads a values_list() query; use first().")
        return [tuple(row) for row in self._execute(using, values, one=False)]


def _naive(value: datetime) -> bool:
    return value.utcoffset() is None
