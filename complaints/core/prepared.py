"""Reads compiled to SQL once per process, for the few queries that run on every signed-in request.

Building a queryset and compiling it costs Django more than running it: the query that loads the signed-in
person (the user row with the moderator flag and the bell's count as subqueries) took about 1.1 ms of CPU
to build and compile and 0.14 ms to run on PostgreSQL (2-core bench machine, 2026-12-03). A PreparedRead
builds its queryset once per database, with a stand-in for the one value that changes, and from then on runs
the same SQL through `Model.objects.raw` with the real value in the stand-in's place.

It fits a read whose shape never changes and whose only varying input is one parameter (an id). The
rows come back as model instances; annotations are set on them as the database returned them (raw() does
not convert them: SQLite answers 1/0 where PostgreSQL answers true/false), so a caller that needs a type
coerces it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, models

# No row has this id; it only marks where the varying value goes among the compiled parameters.
STAND_IN = -7_357_001_357


class PreparedRead:
    def __init__(self, build: Callable[[Any], models.QuerySet]) -> None:
        self._build = build
        self._compiled: dict[str, tuple[type[models.Model], str, tuple, int]] = {}

    def _compile(self, using: str) -> tuple[type[models.Model], str, tuple, int]:
        queryset = self._build(STAND_IN)
        sql, params = queryset.query.get_compiler(using).as_sql()
        places = [i for i, param in enumerate(params) if param == STAND_IN]
        if len(places) != 1:
            raise ImproperlyConfigured(
                f"a PreparedRead needs its value in exactly one place, not {len(places)}"
            )
        compiled = (queryset.model, sql, tuple(params), places[0])
        self._compiled[using] = compiled
        return compiled

    def __call__(self, value: Any, using: str = DEFAULT_DB_ALIAS) -> list[models.Model]:
        model, sql, params, place = self._compiled.get(using) or self._compile(using)
        values = list(params)
        values[place] = value
        return list(model._default_manager.db_manager(using).raw(sql, values))
