"""The nginx example (deploy/nginx/schulportal.conf) made runnable here, and the
checks of what it promises; used by the load run and tests/portal/test_deploy_units.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from tests.benchmarks import databases as dbs

DEPLOY = dbs.ROOT / "deploy"
APP_PORT = int(os.environ.get("BENCH_APP_PORT", "8470"))
HTTP_PORT = int(os.environ.get("BENCH_HTTP_PORT", "8480"))
HTTPS_PORT = int(os.environ.get("BENCH_HTTPS_PORT", "8443"))
BASE_URL = f"https://127.0.0.1:{HTTPS_PORT}"


def nginx_replacements(out: Path) -> dict[str, str]:
    """What the load run changes in deploy/nginx/schulportal.conf: host, ports,
    certificate, upstream and paths, and nothing else."""
    return {
        "listen 80;": f"listen 127.0.0.1:{HTTP_PORT};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{HTTPS_PORT} ssl http2;",
        "server 127.0.0.1:8000": f"server 127.0.0.1:{APP_PORT}",
        "/etc/ssl/certs/portal.example.org.pem": str(out / "cert.pem"),
        "/etc/ssl/private/portal.example.org.key": str(out / "key.pem"),
        "server_name portal.example.org;": "server_name 127.0.0.1;",
        "/srv/schulportal/staticfiles/": f"{dbs.OUTPUT / 'staticfiles'}/",
        "/var/lib/schulportal/media/": f"{dbs.OUTPUT / 'media'}/",
        "/var/log/nginx/": f"{out}/",
    }


def render_nginx_site(text: str, out: Path) -> str:
    for old, new in nginx_replacements(out).items():
        if old not in text:
            raise ValueError(f"deploy/nginx/schulportal.conf no longer has {old!r}")
        text = text.replace(old, new)
    return text


def nginx_main_config(out: Path) -> Path:
    """A complete nginx.conf around the example site, runnable without root paths."""
    site = out / "schulportal.conf"
    example = (DEPLOY / "nginx" / "schulportal.conf").read_text()
    site.write_text(render_nginx_site(example, out))
    temp = out / "tmp"
    temp.mkdir(exist_ok=True)
    main = out / "nginx.conf"
    user = "user root;\n" if os.geteuid() == 0 else ""
    main.write_text(
        f"{user}worker_processes 1;\npid {out}/nginx.pid;\n"
        f"error_log {out}/nginx-main.error.log warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n  include /etc/nginx/mime.types;\n"
        "  default_type application/octet-stream;\n  sendfile on;\n"
        f"  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n"
        f"  scgi_temp_path {temp}/scgi;\n  include {site};\n}}\n"
    )
    return main


def certificate(out: Path) -> None:
    """A self-signed certificate for 127.0.0.1 (key.pem, cert.pem in out)."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(out / "key.pem"),
            "-out",
            str(out / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )


def check_proxy() -> dict:
    """What the nginx example promises: HTTP goes to HTTPS, hashed static files
    come gzipped with a year of immutable caching, media is not public."""
    import ssl

    context = ssl._create_unverified_context()  # noqa: S323 - our self-signed cert

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=context)
    )

    def fetch(url: str, **headers) -> tuple[int, dict]:
        request = urllib.request.Request(url, headers=headers)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers)

    manifest = json.loads((dbs.OUTPUT / "staticfiles" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/portal.css"]
    status, headers = fetch(f"http://127.0.0.1:{HTTP_PORT}/kurse/")
    redirect = status == 301 and headers.get("Location", "").startswith("https://")
    status, headers = fetch(
        f"{BASE_URL}/static/{hashed}", **{"Accept-Encoding": "gzip"}
    )
    static_ok = (
        status == 200
        and headers.get("Content-Encoding") == "gzip"
        and "immutable" in headers.get("Cache-Control", "")
    )
    status, _headers = fetch(f"{BASE_URL}/media/helpdesk/x.pdf")
    return {
        "http_redirects_to_https": redirect,
        "static_gzip_immutable": static_ok,
        "media_not_public": status == 404,
    }
