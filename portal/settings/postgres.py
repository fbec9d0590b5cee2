"""PostgreSQL connection options from the environment (see `base.py`).

- `POSTGRES_RANDOM_PAGE_COST` (1.1, PostgreSQL's advice for SSDs): sent as a
  startup option. With its default of 4 (spinning disks) the planner read every
  loan of the city for one school's open loans (16 ms instead of 0.3 ms at
  75,000 loans). Empty when a pooler refuses startup options; then set it on
  the database (docs/deploy.md).
- `POSTGRES_PREPARED_STATEMENTS` (true): parameters are sent apart from the
  SQL (psycopg's server-side binding) and a statement a connection has run five
  times is prepared: PostgreSQL then skips parsing and planning it. The queue's
  query took longer to plan (1.4 ms) than to run (0.9 ms); with prepared
  statements PostgreSQL spent 38 % less CPU per request of the helpdesk load.
  False behind a pooler that cannot keep prepared statements (PgBouncer in
  transaction mode before 1.21, or without `max_prepared_statements`).
"""

from __future__ import annotations

import environ

#: Runs of one statement on one connection before it is prepared (psycopg's
#: default; statements run once, like a migration's, are never prepared).
PREPARE_THRESHOLD = 5


def connection_options(env: environ.Env) -> dict:
    options: dict = {}
    page_cost = env("POSTGRES_RANDOM_PAGE_COST", default="1.1")
    if page_cost:
        options["options"] = f"-c random_page_cost={float(page_cost)}"
    if env.bool("POSTGRES_PREPARED_STATEMENTS", default=True):
        options["server_side_binding"] = True
        options["prepare_threshold"] = PREPARE_THRESHOLD
    return options
