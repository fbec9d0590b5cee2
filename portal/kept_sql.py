"""Queries whose SQL is compiled once per process and shape.

Django turns a QuerySet into SQL on every evaluation. For the queue's fifty
rows (two joins, a filter, an order and a limit) and for a ticket read with its
school and reporter (some sixty columns), the compiler costs more than the
database answering the query. A query read on nearly every request, in one of
few shapes, keeps its SQL, its parameters and how to turn rows into values or
model instances under a key, and runs the kept SQL on the next request.

`build(*args)` builds the queryset. The key must say everything the SQL depends
on besides `args`: two querysets built from equal keys must compile to the same
SQL. Each argument (a string or an integer, never None, whose value does not
change the SQL's shape) is compiled as a stand-in and put into the kept
parameters on each call. Querysets this cannot keep (matching nothing, composite
fields, prefetches, other iterables) are evaluated by the ORM as always. Tests
compare the results with the ORM's for each shape (tests/test_kept_sql.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators

#: Shapes kept per process; the older half goes when it is full.
LIMIT = 512


@dataclass
class _Compiled:
    sql: str
    params: list
    #: Where each argument goes in the parameters.
    positions: tuple[int, ...]
    width: int
    converters: dict
    #: For values(): the names of the columns.
    names: tuple[str, ...] = ()
    #: For model instances: what ModelIterable works out from the compiler.
    model: Any = None
    start: int = 0
    end: int = 0
    init_list: list = field(default_factory=list)
    populators: list = field(default_factory=list)
    annotations: dict = field(default_factory=dict)


_kept: dict[tuple, _Compiled | None] = {}


def value_rows(
    key: Hashable, build: Callable[..., QuerySet], *args, using: str = "default"
) -> list[dict]:
    """The rows of the `values()` queryset `build(*args)`, as dicts."""
    compiled = _compiled("values", key, build, args, using)
    if compiled is None:
        return list(build(*args))
    names = compiled.names
    return [dict(zip(names, row, strict=True)) for row in _rows(compiled, args, using)]


def instances(
    key: Hashable, build: Callable[..., QuerySet], *args, using: str = "default"
) -> list[Model]:
    """The model instances of the queryset `build(*args)` (with what it
    `select_related()`), in order."""
    compiled = _compiled("instances", key, build, args, using)
    if compiled is None:
        return list(build(*args))
    found = []
    for row in _rows(compiled, args, using):
        obj = compiled.model.from_db(
            using, compiled.init_list, row[compiled.start : compiled.end]
        )
        for populator in compiled.populators:
            populator.populate(row, obj)
        for name, position in compiled.annotations.items():
            setattr(obj, name, row[position])
        found.append(obj)
    return found


def _compiled(kind, key, build, args, using) -> _Compiled | None:
    if any(arg is None or not isinstance(arg, str | int) for arg in args):
        return None
    full_key = (kind, using, key, tuple(type(arg) for arg in args))
    try:
        return _kept[full_key]
    except KeyError:
        pass
    compiled = _compile(kind, build, args, using)
    if len(_kept) >= LIMIT:
        for old in list(_kept)[: LIMIT // 2]:
            del _kept[old]
    _kept[full_key] = compiled
    return compiled


def _stand_in(arg, number: int):
    token = secrets.randbelow(10**9)
    if isinstance(arg, str):
        return f"kept-sql-{number}-{token}"
    return -(10**12) - token * 100 - number


def _compile(kind: str, build, args, using: str) -> _Compiled | None:
    stand_ins = [_stand_in(arg, n) for n, arg in enumerate(args)]
    queryset = build(*stand_ins)
    expected = ValuesIterable if kind == "values" else ModelIterable
    if (
        queryset._iterable_class is not expected
        or queryset._prefetch_related_lookups
        or queryset._known_related_objects
    ):
        return None
    query = queryset.query
    compiler = query.get_compiler(using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    params = list(params)
    positions = []
    for stand_in in stand_ins:
        found = [
            n
            for n, param in enumerate(params)
            if type(param) is type(stand_in) and param == stand_in
        ]
        if len(found) != 1:
            return None  # transformed or repeated: not a plain parameter
        positions.append(found[0])
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    if not sql or compiler.has_composite_fields(fields):
        return None
    compiled = _Compiled(
        sql=sql,
        params=params,
        positions=tuple(positions),
        width=compiler.col_count if compiler.has_extra_select else 0,
        converters=compiler.get_converters(fields),
    )
    if kind == "values":
        if query.selected:
            compiled.names = tuple(query.selected)
        else:  # as ValuesIterable names them
            compiled.names = (
                *query.extra_select,
                *query.values_select,
                *query.annotation_select,
            )
        return compiled
    select, klass_info = compiler.select, compiler.klass_info
    compiled.model = klass_info["model"]
    compiled.start = klass_info["select_fields"][0]
    compiled.end = klass_info["select_fields"][-1] + 1
    compiled.init_list = [
        f[0].target.attname for f in select[compiled.start : compiled.end]
    ]
    compiled.populators = get_related_populators(klass_info, select, using)
    compiled.annotations = dict(compiler.annotation_col_map or {})
    return compiled


def _rows(compiled: _Compiled, args, using: str) -> list:
    params = list(compiled.params)
    for position, arg in zip(compiled.positions, args, strict=True):
        params[position] = arg
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    if compiled.width:
        rows = [row[: compiled.width] for row in rows]
    if compiled.converters:
        return [_converted(row, compiled.converters, connection) for row in rows]
    return rows


def _converted(row, converters: dict, connection) -> list:
    # As SQLCompiler.apply_converters, with this thread's connection.
    row = list(row)
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


def forget() -> None:
    """Drop every kept shape (tests)."""
    _kept.clear()
