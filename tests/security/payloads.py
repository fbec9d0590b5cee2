"""XSS payloads and the check that none of them is alive in rendered HTML.

Each payload carries a marker (`XSS<n>`) so that a test can tell that the field
is shown at all (otherwise the check would pass vacuously). Kept under 120
characters so that they fit every text field of the portal.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

_TEMPLATES = [
    '<script>alert("{m}")</script>',
    "<img src=x onerror=alert('{m}')>",
    "<svg onload=alert('{m}')>{m}",
    "<svg><script>alert('{m}')</script></svg>{m}",
    "<a href=\"javascript:alert('{m}')\">{m}</a>",
    '<a href="jav&#x09;ascript:alert(1)">{m}</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">'
    "{m}</a>",
    '<a href="java\nscript:alert(1)">{m}</a>',
    '<a href=" JaVaScRiPt:alert(1)">{m}</a>',
    "<div style=\"background:url('javascript:alert(1)')\">{m}</div>",
    '<div style="width:expression(alert(1))">{m}</div>',
    '"><script>alert("{m}")</script>',
    "'><img src=x onerror=alert(1)>{m}",
    '</textarea><script>alert("{m}")</script>',
    '</title><script>alert("{m}")</script>',
    '</script><script>alert("{m}")</script>',
    '<iframe src="javascript:alert(1)"></iframe>{m}',
    "<details open ontoggle=alert(1)>{m}",
    "<<script>script>alert(1)<</script>/script>{m}",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>{m}",
    "<img src=x\nonerror\n=\nalert(1)>{m}",
    "<p>{m}<b onmouseover=alert(1)>broken <i>markup",
]

PAYLOADS: list[str] = [t.format(m=f"XSS{n}") for n, t in enumerate(_TEMPLATES)]


def marker(payload: str) -> str:
    return re.search(r"XSS\d+", payload).group(0)


_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}
_CONTROL = re.compile(r"[\x00-\x20]+")


def live_payloads(html: str) -> list[str]:
    """What in `html` would run script: injected scripts, handlers, js: URLs."""
    soup = BeautifulSoup(html, "html.parser")
    # Escaping always changes the payload; verbatim means it went out raw.
    found = [f"verbatim: {p[:60]}" for p in PAYLOADS if p in html]
    for script in soup.find_all("script"):
        src = script.get("src")
        if src is not None:
            if not src.startswith("/") or src.startswith("//") or "XSS" in src:
                found.append(f"script from {src}")
        elif "json" not in (script.get("type") or ""):
            # The portal's pages have no inline code at all (CSP); the CMS has its
            # own, which never contains a payload.
            code = script.get_text()
            if "alert(" in code or "XSS" in code:
                found.append(f"inline script: {code[:80]}")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}={value[:60]}>")
            if name.lower() in _URL_ATTRIBUTES:
                url = _CONTROL.sub("", value).lower()
                if url.startswith(("javascript:", "vbscript:", "data:text/html")):
                    found.append(f"<{tag.name} {name}={value[:60]}>")
            if name.lower() == "style" and re.search(
                r"expression|javascript:", value, re.I
            ):
                found.append(f"<{tag.name} style={value[:60]}>")
        if tag.name in {"iframe", "object", "embed", "base"} and "XSS" in str(tag):
            found.append(f"<{tag.name}> injected")
    return found


def assert_inert(html: str, where: str, shown: list[str] = ()) -> None:
    """No live payload in `html`; every marker in `shown` visible as text."""
    live = live_payloads(html)
    assert not live, f"{where}: live payload(s): {live}"
    missing = [m for m in shown if m not in html]
    assert not missing, f"{where}: the field is not shown (markers {missing})"
