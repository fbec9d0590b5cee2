"""A small but real OpenID Connect provider for the tests: a school's iServ.

It speaks the parts of OpenID Connect Core and Discovery that the portal uses, over
real HTTP on 127.0.0.1: discovery, JWKS, the authorization endpoint with a login form,
the token endpoint (authorization code, client_secret_post or _basic, PKCE S256 is
required) and userinfo. ID tokens are RS256-signed with a key made at start-up.

Why our own and not a package: the code under test is the relying party (allauth and
our checks). The provider has to be told to misbehave in exactly the ways an attacker
or a misconfigured server would (another signing key, wrong audience, expired, wrong
nonce, wrong issuer, unsigned), which a certified provider does not offer; built on
the standard library, PyJWT and cryptography it needs no extra dependency and no
network. Run it with `python -m tests.sso.provider.server --path /iserv`; it prints
`READY <port>` once it listens. Tests configure it through `POST /_control`.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import secrets
import sys
import threading
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

#: Misbehaviour switches the tests may turn on (all off by default).
MODES = (
    "bad_signature",  # sign the ID token with a key that is not in the JWKS
    "wrong_aud",  # ID token for another client
    "expired",  # ID token expired an hour ago
    "wrong_nonce",  # ID token carries another nonce than the one requested
    "no_nonce",  # ID token without nonce
    "wrong_iss",  # ID token claims another issuer
    "alg_none",  # unsigned ID token
    "discovery_wrong_issuer",  # discovery document names another issuer
    "userinfo_other_sub",  # userinfo describes another subject than the ID token
)


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Provider:
    """The provider's state: keys, clients, users, codes, tokens and switches."""

    def __init__(self, *, base_url: str) -> None:
        self.base_url = base_url
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)
        self.clients: dict[str, dict] = {}
        self.users: dict[str, dict] = {}
        self.modes: set[str] = set()
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.requests: list[dict] = []
        self.lock = threading.Lock()

    # --- documents ----------------------------------------------------------
    def discovery(self) -> dict:
        issuer = self.base_url
        if "discovery_wrong_issuer" in self.modes:
            issuer = "https://evil.example/iserv"
        return {
            "issuer": issuer,
            "authorization_endpoint": f"{self.base_url}/authorize",
            "token_endpoint": f"{self.base_url}/token",
            "userinfo_endpoint": f"{self.base_url}/userinfo",
            "jwks_uri": f"{self.base_url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": [
                "client_secret_post",
                "client_secret_basic",
            ],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile", "email", "groups", "roles"],
        }

    def jwks(self) -> dict:
        numbers = self.key.public_key().public_numbers()
        return {
            "keys": [
                {
                    "kty": "RSA",
                    "use": "sig",
                    "alg": "RS256",
                    "kid": self.kid,
                    "n": _b64(numbers.n),
                    "e": _b64(numbers.e),
                }
            ]
        }

    # --- the flow -----------------------------------------------------------
    def check_authorize(self, params: dict[str, str]) -> str | None:
        """Return an error text for a bad authorization request, None if it is fine."""
        client = self.clients.get(params.get("client_id", ""))
        if not client:
            return "unknown client_id"
        if params.get("redirect_uri") not in client["redirect_uris"]:
            return "redirect_uri is not registered for this client"
        if params.get("response_type") != "code":
            return "response_type must be code"
        if "openid" not in params.get("scope", "").split():
            return "scope must contain openid"
        if params.get("code_challenge_method") != "S256" or not params.get(
            "code_challenge"
        ):
            return "PKCE with S256 is required"
        return None

    def issue_code(self, params: dict[str, str], username: str) -> str:
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = {
                "client_id": params["client_id"],
                "redirect_uri": params["redirect_uri"],
                "nonce": params.get("nonce"),
                "challenge": params["code_challenge"],
                "username": username,
                "expires": time.time() + 60,
            }
        return code

    def exchange(self, form: dict[str, str], basic: tuple[str, str] | None) -> dict:
        client_id, secret = basic or (form.get("client_id"), form.get("client_secret"))
        client = self.clients.get(client_id or "")
        if not client or not secrets.compare_digest(client["secret"], secret or ""):
            return {"error": "invalid_client"}
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)
        if (
            not grant
            or grant["client_id"] != client_id
            or grant["expires"] < time.time()
            or grant["redirect_uri"] != form.get("redirect_uri")
            or form.get("grant_type") != "authorization_code"
        ):
            return {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if not verifier or challenge != grant["challenge"]:
            return {"error": "invalid_grant", "error_description": "PKCE failed"}
        user = self.users[grant["username"]]
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = {"username": grant["username"]}
        return {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(client_id=client_id, grant=grant, user=user),
        }

    def id_token(self, *, client_id: str, grant: dict, user: dict) -> str:
        now = int(time.time())
        claims = {
            "iss": self.base_url,
            "sub": user["sub"],
            "aud": client_id,
            "iat": now,
            "exp": now + 300,
            "auth_time": now,
            "jti": secrets.token_hex(12),
            **user["claims"],
        }
        if grant.get("nonce"):
            claims["nonce"] = grant["nonce"]
        modes = self.modes
        if "wrong_aud" in modes:
            claims["aud"] = "another-client"
        if "expired" in modes:
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        if "wrong_nonce" in modes:
            claims["nonce"] = "not-the-nonce-you-sent"
        if "no_nonce" in modes:
            claims.pop("nonce", None)
        if "wrong_iss" in modes:
            claims["iss"] = "https://evil.example/iserv"
        if "alg_none" in modes:
            return jwt.encode(claims, None, algorithm="none", headers={"kid": self.kid})
        key = self.other_key if "bad_signature" in modes else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})

    def userinfo(self, access_token: str) -> dict | None:
        grant = self.tokens.get(access_token)
        if not grant:
            return None
        user = self.users[grant["username"]]
        sub = "someone-else" if "userinfo_other_sub" in self.modes else user["sub"]
        return {"sub": sub, **user["claims"]}


LOGIN_PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>{title} – Anmeldung</title></head><body><main>
<h1>{title}</h1><p>{error}</p>
<form method="post" action="{action}">{hidden}
<label for="username">Account</label> <input id="username" name="username">
<label for="password">Passwort</label>
<input id="password" name="password" type="password">
<button type="submit">Anmelden</button></form></main></body></html>"""


def make_handler(provider: Provider, path: str, title: str):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def _send(self, status: int, body: bytes, content_type: str, **headers):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, data: dict, status: int = 200) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            if self.headers.get("Content-Type", "").startswith("application/json"):
                return json.loads(raw or "{}")
            return {k: v[0] for k, v in parse_qs(raw).items()}

        def _login_page(self, params: dict[str, str], error: str = "") -> None:
            hidden = "".join(
                f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
                for k, v in params.items()
                if k not in ("username", "password")
            )
            page = LOGIN_PAGE.format(
                title=escape(title),
                error=escape(error),
                action=f"{path}/authorize",
                hidden=hidden,
            )
            self._send(200, page.encode(), "text/html; charset=utf-8")

        def do_GET(self):
            url = urlsplit(self.path)
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            route = url.path.removeprefix(path)
            if route == "/.well-known/openid-configuration":
                return self._json(provider.discovery())
            if route == "/jwks":
                return self._json(provider.jwks())
            if route == "/authorize":
                provider.requests.append(params)
                error = provider.check_authorize(params)
                if error:
                    return self._send(400, error.encode(), "text/plain")
                return self._login_page(params)
            if route == "/userinfo":
                auth = self.headers.get("Authorization", "")
                info = provider.userinfo(auth.removeprefix("Bearer "))
                if info is None:
                    return self._json({"error": "invalid_token"}, 401)
                return self._json(info)
            if url.path == "/_control":
                return self._json(
                    {"requests": provider.requests, "modes": sorted(provider.modes)}
                )
            return self._send(404, b"not found", "text/plain")

        def do_POST(self):
            url = urlsplit(self.path)
            route = url.path.removeprefix(path)
            form = self._form()
            if url.path == "/_control":
                provider.clients.update(form.get("clients", {}))
                provider.users.update(form.get("users", {}))
                if "modes" in form:
                    provider.modes = set(form["modes"])
                return self._json({"ok": True})
            if route == "/authorize":
                error = provider.check_authorize(form)
                if error:
                    return self._send(400, error.encode(), "text/plain")
                user = provider.users.get(form.get("username", ""))
                if not user or not secrets.compare_digest(
                    user["password"], form.get("password", "")
                ):
                    return self._login_page(form, "Account oder Passwort falsch.")
                code = provider.issue_code(form, form["username"])
                query = {"code": code}
                if form.get("state"):
                    query["state"] = form["state"]
                location = f"{form['redirect_uri']}?{urlencode(query)}"
                return self._send(302, b"", "text/plain", Location=location)
            if route == "/token":
                basic = None
                auth = self.headers.get("Authorization", "")
                if auth.startswith("Basic "):
                    decoded = base64.b64decode(auth[6:]).decode()
                    client_id, _, secret = decoded.partition(":")
                    basic = (client_id, secret)
                result = provider.exchange(form, basic)
                return self._json(result, 400 if "error" in result else 200)
            return self._send(404, b"not found", "text/plain")

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--path", default="/iserv")
    parser.add_argument("--title", default="iServ")
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), None)
    port = server.server_address[1]
    provider = Provider(base_url=f"http://127.0.0.1:{port}{args.path}")
    server.RequestHandlerClass = make_handler(provider, args.path, args.title)
    sys.stdout.write(f"READY {port}\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
