"""`make bench`: build the datasets, time the pages in-process, write the report.

    python -m tests.benchmarks.run pages [--engines sqlite postgres] [--scales 1 10]
    python -m tests.benchmarks.run load          # gunicorn + nginx + wrk, see load.py
    python -m tests.benchmarks.run report        # print bench-output/*.json as tables

`build` and `measure` run inside Django (one process per database); `pages` starts
them. Results: bench-output/pages.json (and load.json from the load run).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from tests.benchmarks import databases as dbs
from tests.benchmarks.load import SCENARIOS
from tests.benchmarks.report import print_load_table, print_pages_table
from tests.benchmarks.stats import merge_rounds


def _django():
    import django

    django.setup()


def cmd_build(args) -> None:
    _django()
    from tests.benchmarks import dataset

    started = time.perf_counter()
    counts = dataset.build(args.scale, stdout=sys.stdout)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(counts))  # noqa: T201


def cmd_measure(args) -> None:
    _django()
    from django.db import connection

    from portal.warmup import freeze_loaded_objects, warm_up
    from tests.benchmarks.pages import measure_all
    from tests.benchmarks.urls import PAGE_CACHE

    # As the gunicorn master does before it forks (deploy/gunicorn.conf.py).
    warm_up()
    freeze_loaded_objects()
    results = measure_all(repeat=args.repeat)
    payload = {
        "engine": connection.vendor,
        "scale": args.scale,
        "page_cache": PAGE_CACHE,
        "pages": results,
    }
    with open(args.out, "w") as handle:
        json.dump(payload, handle, indent=2)


def _build(engine: str, template: str, scale: float) -> tuple[str, dict]:
    name = f"bench_{scale:g}x".replace(".", "_")
    dbs.copy_database(engine, template, name)
    print(f"== {engine} {scale:g}x: building the dataset", flush=True)  # noqa: T201
    built = dbs.run(
        [dbs.PYTHON, "-m", "tests.benchmarks.run", "build", "--scale", str(scale)],
        dbs.django_env(engine, name),
        capture_output=True,
        text=True,
    )
    sys.stdout.write(built.stdout.rsplit("\n", 2)[0] + "\n")
    counts = json.loads(built.stdout.strip().splitlines()[-1])
    print(f"   built in {counts['seconds']} s", flush=True)  # noqa: T201
    return name, counts


def _measure(engine: str, name: str, scale: float, repeat: int, part: int) -> dict:
    out = dbs.OUTPUT / f"pages-{engine}-{name}-{part}.json"
    dbs.run(
        [
            dbs.PYTHON,
            "-m",
            "tests.benchmarks.run",
            "measure",
            "--scale",
            str(scale),
            "--repeat",
            str(repeat),
            "--out",
            str(out),
        ],
        dbs.django_env(engine, name),
    )
    return json.loads(out.read_text())


def cmd_pages(args) -> None:
    """Both scales of an engine are built first, then timed in alternating
    rounds (1x, 10x, 1x, 10x, ...): this machine's speed drifts by a third from
    minute to minute, and timing one scale after the other compared the drift,
    not the scales."""
    dbs.OUTPUT.mkdir(exist_ok=True)
    # Runs of engines not measured this time are kept from the last report.
    previous = dbs.OUTPUT / "pages.json"
    report = {"runs": []}
    if previous.exists():
        kept = json.loads(previous.read_text())["runs"]
        report["runs"] = [r for r in kept if r["engine"] not in args.engines]
    per_round = max(1, args.repeat // args.rounds)
    for engine in args.engines:
        print(f"== {engine}: migrating the template database", flush=True)  # noqa: T201
        template = dbs.migrated_template(engine)
        if engine == args.engines[0]:
            print("== collectstatic (production storage)", flush=True)  # noqa: T201
            dbs.run(
                [dbs.PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                dbs.django_env(engine, template),
            )
        built = {scale: _build(engine, template, scale) for scale in args.scales}
        dbs.drop(engine, template)
        dbs.flush_cache()
        parts: dict[float, list[dict]] = {scale: [] for scale in args.scales}
        for n in range(args.rounds):
            for scale in args.scales:
                print(  # noqa: T201
                    f"== {engine} {scale:g}x: measuring, round {n + 1} of "
                    f"{args.rounds}",
                    flush=True,
                )
                name = built[scale][0]
                parts[scale].append(_measure(engine, name, scale, per_round, n))
        for scale in args.scales:
            run = merge_rounds(parts[scale])
            run.update(engine=engine, scale=scale, dataset=built[scale][1])
            report["runs"].append(run)
    (dbs.OUTPUT / "pages.json").write_text(json.dumps(report, indent=2))
    print_pages_table(report)


def cmd_load(args) -> None:
    from tests.benchmarks.load import main as load_main

    load_main(
        seconds=args.seconds,
        scale=args.scale,
        rebuild=args.rebuild,
        scenarios=args.scenarios,
    )


def cmd_report(args) -> None:
    pages = dbs.OUTPUT / "pages.json"
    if pages.exists():
        print_pages_table(json.loads(pages.read_text()))
    load = dbs.OUTPUT / "load.json"
    if load.exists():
        print_load_table(json.loads(load.read_text()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.run")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build")
    build.add_argument("--scale", type=float, default=1)
    build.set_defaults(func=cmd_build)
    measure = sub.add_parser("measure")
    measure.add_argument("--scale", type=float, default=1)
    measure.add_argument("--repeat", type=int, default=30)
    measure.add_argument("--out", required=True)
    measure.set_defaults(func=cmd_measure)
    pages = sub.add_parser("pages")
    pages.add_argument("--engines", nargs="+", default=list(dbs.ENGINES))
    pages.add_argument("--scales", nargs="+", type=float, default=[1, 10])
    pages.add_argument("--repeat", type=int, default=60)
    pages.add_argument("--rounds", type=int, default=3)
    pages.set_defaults(func=cmd_pages)
    load = sub.add_parser("load")
    load.add_argument("--seconds", type=int, default=60)
    load.add_argument("--scale", type=float, default=1)
    load.add_argument("--rebuild", action="store_true")
    load.add_argument(
        "--scenarios",
        nargs="+",
        choices=[name for name, _label, _target in SCENARIOS[1:]],
        help="run only these (the trivial view always runs first as the yardstick)",
    )
    load.set_defaults(func=cmd_load)
    report = sub.add_parser("report")
    report.set_defaults(func=cmd_report)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
