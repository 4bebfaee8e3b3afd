"""Reads compiled to SQL once per process, for the few queries that run on every signed-in request, and
inserts and updates whose SQL is built once, for the rows every join writes.

Building a queryset and compiling it costs Django more than running it: the query that loads the signed-in
person (the user row with the moderator flag and the bell's count as subqueries) took about 1.1 ms of CPU
to build and compile and 0.14 ms to run on PostgreSQL (2-core bench machine, 2026-12-03). A PreparedRead
builds its queryset once per database, with stand-ins for the values that change (an id, a slug), and from
then on runs the same SQL with the real values in the stand-ins' places. The rows come back exactly as the
queryset would give them (Django's own iterable turns them into model instances, with select_related
objects and converted annotations): only the building and compiling are skipped.

It fits a read whose shape never changes and whose only inputs are those values.

A PreparedInsert does the same for INSERTs: Django builds a new query and compiler for every save() or
bulk_create() (0.6 ms of CPU for a membership's save(), 1.4 ms for a join's two announcements through
bulk_create(); the membership's INSERT sent as plain SQL took 0.2 ms; 2026-12-04, 300 of each in one
transaction). It keeps the statement's text per database and number of rows; the values still go through
each field's own preparation. A PreparedUpdate keeps the text of an UPDATE of one row per set of columns
(1.1 ms of CPU for a campaign's figures through update(), 0.3 ms as plain SQL).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import F, Value
from django.db.models.constants import OnConflict
from django.db.models.sql.subqueries import UpdateQuery
from django.utils.functional import cached_property

# No row has these; they only mark where each value goes among the compiled parameters.
_INT_STAND_IN = -7_357_001_357


def _stand_in(kind: type, position: int) -> Any:
    if kind is int:
        return _INT_STAND_IN - position
    if kind is str:
        return f"\x00stand-in-{position}\x00"
    raise ImproperlyConfigured(f"a PreparedRead takes int or str values, not {kind!r}")


class PreparedRead:
    """`PreparedRead(lambda pk: Model.objects.filter(pk=pk), int)(42)` is `list(Model.objects.filter(pk=42))`."""

    def __init__(self, build: Callable[..., models.QuerySet], *kinds: type) -> None:
        self._build = build
        self._kinds = kinds or (int,)
        self._compiled: dict[str, tuple] = {}

    def _compile(self, using: str) -> tuple:
        stand_ins = [_stand_in(kind, i) for i, kind in enumerate(self._kinds)]
        queryset = self._build(*stand_ins).using(using)
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        places = []
        for stand_in in stand_ins:
            found = [i for i, param in enumerate(params) if param == stand_in]
            if len(found) != 1:
                raise ImproperlyConfigured(f"a PreparedRead needs each value in one place, not {len(found)}")
            places.append(found[0])
        compiled = (queryset, compiler, sql, tuple(params), places)
        self._compiled[using] = compiled
        return compiled

    def __call__(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> list[models.Model]:
        if len(values) != len(self._kinds):
            raise TypeError(f"this read takes {len(self._kinds)} values, not {len(values)}")
        queryset, compiler, sql, params, places = self._compiled.get(using) or self._compile(using)
        filled = list(params)
        for place, kind, value in zip(places, self._kinds, values, strict=True):
            filled[place] = kind(value)
        # A copy of the compiler from the first compile (it knows the columns and how to build the objects),
        # answering with the stored SQL; on this thread's connection of the same database.
        run = copy.copy(compiler)
        run.connection = connections[using]
        run.as_sql = lambda *args, **kwargs: (sql, tuple(filled))
        fresh = queryset.all()
        fresh.query.get_compiler = lambda *args, **kwargs: run
        return list(fresh)

    def first(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> models.Model | None:
        """The first row for these values, or None."""
        found = self(*values, using=using)
        return found[0] if found else None


class PreparedInsert:
    """`PreparedInsert(Model)(objs)` writes the objects as `Model.objects.bulk_create(objs)` would and gives each
    its primary key (RETURNING), with the statement's text built once per database and number of rows.

    Each value is what Django's insert compiler would send: the field's pre_save() (auto_now_add fills in)
    and get_db_prep_save(). No pre_save/post_save signals are sent, as with bulk_create(); the models it writes
    have no receivers.

    With `conflict_key`, a row whose key is already taken is not written again and its object gets the
    existing row's primary key (ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key ... RETURNING): one round
    trip and no savepoint inside a caller's transaction. The same key twice in one call is the caller's to
    avoid (the database refuses to touch one row twice in a statement).
    """

    def __init__(self, model: type[models.Model], *, conflict_key: str | None = None) -> None:
        self._model = model
        self._conflict_key = conflict_key
        self._statements: dict[tuple[str, int], str] = {}

    @cached_property
    def _fields(self) -> list[models.Field]:
        meta = self._model._meta
        if meta.auto_field is None or meta.pk is not meta.auto_field:
            raise ImproperlyConfigured(
                f"a PreparedInsert writes models with an auto primary key, not {meta.label}"
            )
        fields = [field for field in meta.concrete_fields if field is not meta.pk and not field.generated]
        for field in fields:
            if field.has_db_default() or hasattr(field, "get_placeholder_sql"):
                raise ImproperlyConfigured(f"{field} needs Django's own insert compiler")
        return fields

    def _statement(self, using: str, rows: int) -> str:
        statement = self._statements.get((using, rows))
        if statement is None:
            ops = connections[using].ops
            meta = self._model._meta
            row = "(" + ", ".join(["%s"] * len(self._fields)) + ")"
            parts = [
                ops.insert_statement(on_conflict=None),
                ops.quote_name(meta.db_table),
                "(" + ", ".join(ops.quote_name(field.column) for field in self._fields) + ")",
                "VALUES " + ", ".join([row] * rows),
            ]
            if self._conflict_key:
                key = [meta.get_field(self._conflict_key).column]
                parts.append(ops.on_conflict_suffix_sql(self._fields, OnConflict.UPDATE, key, key))
            parts.append(ops.returning_columns([meta.pk])[0])
            statement = self._statements[(using, rows)] = " ".join(parts)
        return statement

    def __call__(self, objs: list[models.Model], *, using: str = DEFAULT_DB_ALIAS) -> None:
        if not objs:
            return
        connection = connections[using]
        fields = self._fields
        params = [
            field.get_db_prep_save(field.pre_save(obj, add=True), connection=connection)
            for obj in objs
            for field in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(self._statement(using, len(objs)), params)
            keys = cursor.fetchall()
        attname = self._model._meta.pk.attname
        for obj, (key,) in zip(objs, keys, strict=True):
            setattr(obj, attname, key)
            obj._state.adding = False
            obj._state.db = using


class PreparedUpdate:
    """`PreparedUpdate(Model)(pk, set={"a": 1}, add={"b": 2})` is
    `Model.objects.filter(pk=pk).update(a=1, b=F("b") + 2)`: the number of rows changed, with the statement's
    text built by Django's own compiler once per database and set of columns."""

    def __init__(self, model: type[models.Model]) -> None:
        self._model = model
        self._statements: dict[tuple, tuple[str, list[models.Field]]] = {}

    def _statement(self, using: str, set_names: tuple, add_names: tuple) -> tuple[str, list[models.Field]]:
        key = (using, set_names, add_names)
        found = self._statements.get(key)
        if found is None:
            meta = self._model._meta
            fields = [meta.get_field(name) for name in (*set_names, *add_names)]
            # Stand-ins only shape the statement; each call sends its own values in their places.
            values = {name: Value(0) for name in set_names} | {name: F(name) + 0 for name in add_names}
            query = self._model._default_manager.filter(pk=_INT_STAND_IN).query.chain(UpdateQuery)
            query.add_update_values(values)
            sql, params = query.get_compiler(using).as_sql()
            if len(params) != len(fields) + 1:
                raise ImproperlyConfigured(f"an update of {meta.label} needs Django's own compiler")
            found = self._statements[key] = (sql, fields)
        return found

    def __call__(
        self, pk: int, *, set: dict | None = None, add: dict | None = None, using: str = DEFAULT_DB_ALIAS
    ) -> int:
        set, add = set or {}, add or {}
        if not set and not add:
            return 0
        connection = connections[using]
        sql, fields = self._statement(using, tuple(set), tuple(add))
        params = [
            field.get_db_prep_save(value, connection=connection)
            for field, value in zip(fields[: len(set)], set.values(), strict=True)
        ]
        params += add.values()
        params.append(pk)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount
