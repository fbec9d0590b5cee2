"""The tables of `make bench`, with every target of issue 8 marked met or missed."""

from __future__ import annotations

P95_TARGET_MS = 100
GROWTH_LIMIT = 1.5
ANONYMOUS_RATIO = 0.50
LOGGED_IN_RATIO = 0.15


def _cell(page: dict | None) -> str:
    if page is None:
        return "-"
    if page["status"] != "ok":
        return page["status"]
    return f"{page['median_ms']:>6.1f} {page['p95_ms']:>6.1f} {page['queries']:>3}"


def _verdicts(first: dict | None, last: dict | None, engine: str) -> list[str]:
    if not first or not last or first["status"] != "ok" or last["status"] != "ok":
        return ["n/a"]
    marks = []
    marks.append("queries=" if first["queries"] == last["queries"] else "QUERIES GROW")
    growth = last["median_ms"] / max(first["median_ms"], 0.1)
    marks.append(f"x{growth:.2f}" + ("" if growth <= GROWTH_LIMIT else " SLOWER"))
    if engine in ("postgres", "postgresql"):
        ok = last["p95_ms"] < P95_TARGET_MS
        marks.append("p95 ok" if ok else "P95 MISSED")
    return marks


def print_pages_table(report: dict) -> None:
    runs = report["runs"]
    engines = sorted({r["engine"] for r in runs})
    for engine in engines:
        mine = sorted(
            (r for r in runs if r["engine"] == engine), key=lambda r: r["scale"]
        )
        print()  # noqa: T201
        print(f"In-process server time on {engine} (ms median, ms p95, queries)")  # noqa: T201
        header = f"{'page':<44}" + "".join(
            f" | {format(r['scale'], 'g') + 'x':^20}" for r in mine
        )
        print(header + " | targets (1x -> 10x)")  # noqa: T201
        print("-" * (len(header) + 22))  # noqa: T201
        keys = [p["key"] for p in mine[0]["pages"]]
        for key in keys:
            cells = [
                next((p for p in r["pages"] if p["key"] == key), None) for r in mine
            ]
            label = cells[0]["label"] if cells[0] else key
            verdict = ", ".join(_verdicts(cells[0], cells[-1], engine))
            print(  # noqa: T201
                f"{label[:44]:<44}"
                + "".join(f" | {_cell(c):^20}" for c in cells)
                + f" | {verdict}"
            )
        for r in mine:
            d = r.get("dataset", {})
            print(  # noqa: T201
                f"  {r['scale']:g}x dataset: {d.get('devices')} devices, "
                f"{d.get('tickets')} tickets, {d.get('teachers')} teachers, "
                f"{d.get('registrations')} registrations; built in {d.get('seconds')} s"
            )


def print_load_table(report: dict) -> None:
    print()  # noqa: T201
    print(  # noqa: T201
        f"Load through nginx (TLS) -> gunicorn ({report.get('workers')} workers) "
        f"on PostgreSQL + Redis, {report.get('seconds')} s per scenario, "
        f"{report.get('connections')} connections"
    )
    header = (
        f"{'scenario':<34} | {'req/s':>8} | {'p50':>7} | {'p95':>7} | {'p99':>7} | "
        f"{'errors':>6} | {'vs ok':>7} | target"
    )
    print(header)  # noqa: T201
    print("-" * len(header))  # noqa: T201
    for row in report["scenarios"]:
        ratio = row.get("ratio")
        target = row.get("target")
        mark = ""
        if target is not None and ratio is not None:
            mark = f">= {target:.0%} " + ("met" if ratio >= target else "MISSED")
        if row.get("errors"):
            mark += " ERRORS"
        print(  # noqa: T201
            f"{row['name'][:34]:<34} | {row['rps']:>8.1f} | {row['p50_ms']:>7.1f} | "
            f"{row['p95_ms']:>7.1f} | {row['p99_ms']:>7.1f} | {row['errors']:>6} | "
            # One decimal: 14.99 % is not "15 %" next to "MISSED".
            f"{'' if ratio is None else f'{ratio:.1%}':>7} | {mark}"
        )
        if row.get("baseline_rps"):
            print(  # noqa: T201
                "  compared with the trivial view timed just before and after it: "
                f"{row['baseline_rps']:.1f} req/s"
            )
        if row.get("unexpected"):
            print(  # noqa: T201
                "  of the errors, answers other than 200 (GET) or 302 (POST): "
                + ", ".join(f"{k}: {n}" for k, n in row["unexpected"].items())
            )
    check = report.get("booking_check")
    if check:
        print(  # noqa: T201
            f"Bookings after the run: {check['registrations']} registrations made, "
            f"sessions over capacity: {check['over_capacity']}, "
            f"double active registrations: {check['doubles']} -> "
            + ("ok" if check["ok"] else "BROKEN")
        )
    helpdesk = report.get("helpdesk_check")
    if helpdesk:
        print(  # noqa: T201
            f"Helpdesk run: {helpdesk['tickets_filed']} tickets filed, "
            f"{helpdesk['notes_written']} internal notes written, "
            f"{helpdesk['duplicate_references']} duplicate references"
        )
    checks = report.get("checks") or {}
    if checks:
        print(  # noqa: T201
            "nginx: "
            + ", ".join(f"{k} {'ok' if v else 'FAILED'}" for k, v in checks.items())
        )
    for command in report.get("commands", []):
        print(  # noqa: T201
            f"ran manage.py {command['command']}: exit {command['exit']}, "
            f"{command['seconds']} s"
        )
