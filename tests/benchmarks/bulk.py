"""Fast inserts for the benchmark dataset: many rows per round trip."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

BATCH = 2000


def bulk(model, rows: list, **kwargs) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)


def insert(model, names: list[str], rows: Iterable[tuple]) -> int:
    """INSERT many rows of `model` fast, for the big tables.

    `bulk_create` builds a model instance per row; at 250,000 devices that alone
    takes minutes on this machine. PostgreSQL gets `COPY`, SQLite `executemany`.
    Values are prepared for the database by the model's fields (dates and times),
    memoised per column because they repeat.
    """
    fields = [model._meta.get_field(name) for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    preparers = []
    for f in fields:
        if f.get_internal_type() in ("DateField", "DateTimeField"):
            memo: dict = {}

            def prep(value, f=f, memo=memo):
                if value not in memo:
                    memo[value] = f.get_db_prep_save(value, connection)
                return memo[value]

            preparers.append(prep)
        else:
            preparers.append(None)

    def prepared() -> Iterable[tuple]:
        for row in rows:
            yield tuple(p(v) if p else v for p, v in zip(preparers, row, strict=True))

    count = 0
    # Table and column names come from the model's meta; values are parameters.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in prepared():
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        chunk: list[tuple] = []
        for row in prepared():
            chunk.append(row)
            if len(chunk) >= 5000:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count
