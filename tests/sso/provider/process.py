"""Start and drive the test OpenID Connect provider as a separate process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class RunningProvider:
    """One provider process: a school's iServ on its own port."""

    port: int
    path: str
    process: subprocess.Popen

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def control(self, **data) -> None:
        url = f"http://127.0.0.1:{self.port}/_control"
        requests.post(url, json=data, timeout=5).raise_for_status()

    def set_modes(self, *modes: str) -> None:
        self.control(modes=list(modes))

    def authorize_requests(self) -> list[dict]:
        url = f"http://127.0.0.1:{self.port}/_control"
        return requests.get(url, timeout=5).json()["requests"]

    def add_client(self, *, client_id: str, secret: str, redirect_uris: list[str]):
        self.control(
            clients={client_id: {"secret": secret, "redirect_uris": redirect_uris}}
        )

    def add_user(self, *, username: str, password: str, sub: str, **claims) -> None:
        self.control(
            users={username: {"password": password, "sub": sub, "claims": claims}}
        )


@contextmanager
def run_provider(*, title: str, path: str = "/iserv") -> Iterator[RunningProvider]:
    """Run `tests.sso.provider.server` until the block ends."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.sso.provider.server",
            "--path",
            path,
            "--title",
            title,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        if not line.startswith("READY "):
            raise RuntimeError(f"The test OIDC provider did not start: {line!r}")
        yield RunningProvider(port=int(line.split()[1]), path=path, process=process)
    finally:
        process.terminate()
        process.wait(timeout=10)
