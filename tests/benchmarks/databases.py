"""Where the benchmark's databases live and how a run's environment is made.

Never the development database: SQLite files under bench-output/, PostgreSQL
databases named bench_* on the server of BENCH_POSTGRES_URL. Migrating takes
longer than filling, so each engine is migrated once into a template that every
dataset is copied from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "bench-output"
PYTHON = sys.executable
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
ENGINES = ("sqlite", "postgres")


def database_url(engine: str, name: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{OUTPUT / (name + '.sqlite3')}"
    return f"{POSTGRES}/{name}"


def django_env(engine: str, name: str, **extra: str) -> dict[str, str]:
    """The environment of a Django process of the benchmark."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "DATABASE_URL": database_url(engine, name),
        "REDIS_URL": REDIS,
        "BENCH_CACHE_PREFIX": f"bench-{engine}-{name}",
        "REQUEST_LOG_LEVEL": "WARNING",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, env=env, cwd=ROOT, check=True, **kwargs)
    except subprocess.CalledProcessError as error:
        sys.stderr.write(error.stderr or "")
        raise


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def drop(engine: str, name: str) -> None:
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (OUTPUT / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
    else:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrated_template(engine: str) -> str:
    """Migrate the template database of an engine (from scratch) and name it."""
    name = "bench_template"
    drop(engine, name)
    if engine == "postgres":
        _pg_admin(f'CREATE DATABASE "{name}"')
    run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        django_env(engine, name),
    )
    return name


def copy_database(engine: str, template: str, name: str) -> None:
    drop(engine, name)
    if engine == "sqlite":
        shutil.copyfile(OUTPUT / f"{template}.sqlite3", OUTPUT / f"{name}.sqlite3")
    else:
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def flush_cache() -> None:
    """Empty the benchmark's Redis database (its own number, see BENCH_REDIS_URL)."""
    import redis

    redis.Redis.from_url(REDIS).flushdb()
