"""Stored XSS in a real browser: the payload corpus rendered by Chromium.

Every free-text field that is shown again gets the payloads (names, ticket subject,
text and replies, loan accessories, course title and teaser, session note); the
pages that show them are opened as the people who see them. No dialog may open,
no element with an injected handler, script or javascript: link may exist, and
the Content-Security-Policy must not have had to block anything (a blocked inline
script means the escaping failed and only the CSP saved the day).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from support.tickets import open_ticket, reply_to_ticket
from tests.factories import SchoolFactory, UserFactory, enable_mfa
from tests.security import factories as f
from tests.security.payloads import PAYLOADS
from tests.support.factories import DeviceFactory, LoanFactory

RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

INJECTED = """
(strict) => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.getAttributeNames()) {
      const value = el.getAttribute(attr) || "";
      if (attr.startsWith("on")) found.push(`${el.tagName} ${attr}`);
      const url = value.replace(/[\\x00-\\x20]/g, "");
      if (["href", "src", "action", "formaction", "xlink:href"].includes(attr)
          && /^(javascript|vbscript|data:text\\/html)/i.test(url)) {
        found.push(`${el.tagName} ${attr}=${value.slice(0, 40)}`);
      }
    }
    // The portal has no inline code at all; the CMS has its own (never a payload).
    const code = el.tagName === "SCRIPT" && !el.src && !/json/.test(el.type);
    if (code && (strict || /XSS|alert\\(/.test(el.textContent))) {
      found.push("inline SCRIPT " + el.textContent.slice(0, 40));
    }
    if (["IFRAME", "OBJECT", "EMBED", "SVG"].includes(el.tagName.toUpperCase())
        && el.outerHTML.includes("XSS")) {
      found.push("injected " + el.tagName);
    }
  }
  return found;
}
"""


def _as(new_page, user, live_server):
    """A page whose browser carries `user`'s session (staff: MFA already passed)."""
    page = new_page()
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    if user is not None:
        client = Client()
        client.force_login(user)
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    return page


def _world():
    school = SchoolFactory(name="Grundschule Am Park", school_number="100001")
    teacher = UserFactory(full_name=PAYLOADS[0], school=school)
    coordinator = UserFactory(
        full_name=PAYLOADS[1], school=school, roles=["Teacher", "School IT coordinator"]
    )
    agent = enable_mfa(UserFactory(school=None, roles=["Support agent"]))
    trainer = enable_mfa(
        UserFactory(full_name=PAYLOADS[2], school=None, roles=["Trainer"])
    )
    tickets = []
    for payload in PAYLOADS:
        ticket = open_ticket(
            school=school,
            reporter=teacher,
            category="other",
            subject=payload,
            body=payload,
        )
        reply_to_ticket(ticket=ticket, author=agent, body=payload)
        tickets.append(ticket)
    course = f.make_course(trainers=[trainer], title=PAYLOADS[3], teaser=PAYLOADS[4])
    session = f.make_session(course, trainer=trainer, internal_note=PAYLOADS[13])
    f.make_registration(session, teacher)
    for n, payload in enumerate(PAYLOADS):
        f.make_registration(session, UserFactory(full_name=payload, school=school))
        device = DeviceFactory(school=school, serial=f"XSS{n:04d}ABCDE")
        LoanFactory(device=device, accessories=payload, condition_at_issue=payload)
    return {
        "teacher": teacher,
        "coordinator": coordinator,
        "agent": agent,
        "trainer": trainer,
        "tickets": tickets,
        "course": course,
        "session": session,
        "school": school,
    }


@pytest.mark.browser
def test_no_payload_runs_in_the_browser(new_page, live_server):
    w = _world()
    some = [w["tickets"][i].reference for i in (0, 4, 13, 21)]
    visits = {
        None: [w["course"].get_parent().url, w["course"].url],
        "teacher": [
            reverse("support:tickets"),
            *(reverse("support:ticket", args=[r]) for r in some),
            reverse("courses:my_courses"),
            reverse("accounts:profile"),
        ],
        "coordinator": [
            reverse("support:tickets"),
            reverse("support:school_loans", args=[w["school"].school_number]),
        ],
        "agent": [
            reverse("support:queue"),
            *(reverse("support:queue_ticket", args=[r]) for r in some),
        ],
        "trainer": [
            reverse("courses:session_participants", args=[w["session"].pk]),
            reverse("course_sessions:edit", args=[w["session"].pk]),
        ],
    }
    problems = []
    for role, urls in visits.items():
        page = _as(new_page, w[role] if role else None, live_server)
        for url in urls:
            response = page.goto(url)
            page.wait_for_load_state("networkidle")
            assert response.status == 200, f"{role} {url}: {response.status}"
            assert "XSS" in page.content(), f"{role} {url}: no payload shown"
            for found in page.evaluate(INJECTED, not url.startswith("/cms/")):
                problems.append(f"{role} {url}: {found}")
            if not url.startswith("/cms/"):  # the CMS has its own, looser policy
                for violation in page.evaluate("window.__cspViolations"):
                    problems.append(f"{role} {url}: CSP blocked {violation}")
    assert not new_page.dialogs, f"dialogs opened: {new_page.dialogs}"
    assert not problems, "\n".join(problems)
