"""Demo data of the helpdesk: help articles, canned replies, a small IT-service
team, one reporting teacher per school and about 3,000 tickets over the last two
school years with conversations, internal notes, assignees and history.

Runs after the inventory demo (devices exist). Idempotent: every part is skipped
when it exists. Tickets, messages and events are bulk inserted.
"""

from __future__ import annotations

import datetime as dt
import json
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from portal import roles
from portal.accounts.models import User
from portal.demo import DEMO_DOMAIN, demo_email
from portal.schools.models import School
from support.demo_help_articles import ARTICLES
from support.demo_helpdesk_texts import (
    AGENT_REPLIES,
    CANNED,
    CATEGORIES,
    INTERNAL_NOTES,
    SCHOOL_REPLIES,
)
from support.models import (
    CannedReply,
    Device,
    HelpArticlePage,
    HelpArticleRelatedCourse,
    HelpIndexPage,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketMessage,
)
from support.references import format_reference
from support.sla import WorkingDay, add_working_hours

TICKETS = 3_000
AGENT_NAMES = ["Petra Hoffmann", "Deniz Kaya", "Mia Schneider"]
HOURS = {  # (first response, resolution) in working hours, as the default settings
    "low": (16, 80),
    "normal": (8, 40),
    "high": (4, 16),
    "urgent": (1, 8),
}


def seed(*, stdout) -> None:
    rng = random.Random(6)  # noqa: S311 - demo data, not security
    seed_help_articles()
    seed_canned_replies()
    if Ticket.objects.exists():
        stdout.write("  tickets exist already: skipped")
        return
    agents = seed_agents()
    reporters = seed_reporters()
    count = seed_tickets(rng, agents=agents, reporters=reporters)
    stdout.write(f"  help articles: {len(ARTICLES)}, tickets: {count}")


def seed_help_articles() -> None:
    from wagtail.models import Page

    from home.models import HomePage

    index = HelpIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        if home is None:
            return
        index = home.add_child(instance=HelpIndexPage(title="Hilfe", slug="hilfe"))
    existing = set(HelpArticlePage.objects.values_list("slug", flat=True))
    for slug, title, category, summary, keyword, body in ARTICLES:
        if slug in existing:
            continue
        article = index.add_child(
            instance=HelpArticlePage(
                title=title,
                slug=slug,
                category=category,
                summary=summary,
                body=json.dumps(body),
            )
        )
        course = (
            Page.objects.live()
            .filter(content_type__model="coursepage", title__icontains=keyword)
            .first()
            if keyword
            else None
        )
        if course:
            HelpArticleRelatedCourse.objects.create(article=article, course=course)


def seed_canned_replies() -> None:
    for title, category, body in CANNED:
        CannedReply.objects.get_or_create(
            title=title, defaults={"category": category, "body": body}
        )


def _bulk_users(names: list[tuple[str, str, School | None]], role: str) -> list[User]:
    emails = [email for email, _name, _school in names]
    have = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new = [
        User(email=email, full_name=name, school=school, password=make_password(None))
        for email, name, school in names
        if email not in have
    ]
    User.objects.bulk_create(new, batch_size=500)
    users = list(User.objects.filter(email__in=emails))
    group = Group.objects.get(name=role)
    Through = User.groups.through
    Through.objects.bulk_create(
        [Through(user_id=u.pk, group_id=group.pk) for u in users],
        ignore_conflicts=True,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in new],
        ignore_conflicts=True,
    )
    return users


def seed_agents() -> list[User]:
    names = [
        (f"{slugify(n).replace('-', '.')}@{DEMO_DOMAIN}", n, None) for n in AGENT_NAMES
    ]
    agents = _bulk_users(names, roles.AGENT)
    main_agent = User.objects.filter(email=demo_email("support")).first()
    return [main_agent, *agents] if main_agent else agents


def seed_reporters() -> dict[int, list[User]]:
    """One demo teacher per school, plus the demo school accounts."""
    schools = list(School.objects.order_by("school_number"))
    names = [
        (f"lehrkraft.{s.school_number}@{DEMO_DOMAIN}", f"Lehrkraft {s.name}", s)
        for s in schools
    ]
    users = _bulk_users(names, roles.TEACHER)
    demo_accounts = User.objects.filter(
        email__in=[demo_email(x) for x in ("lehrerin", "lehrer", "koordination")]
    )
    by_school: dict[int, list[User]] = {}
    for user in [*users, *demo_accounts]:
        by_school.setdefault(user.school_id, []).append(user)
    return by_school


def _status_for(age_days: float, rng: random.Random) -> str:
    if age_days > 30:
        return rng.choices(["closed", "in_repair"], [995, 5])[0]
    if age_days > 7:
        return rng.choices(
            ["closed", "resolved", "open", "waiting", "in_repair"], [40, 30, 10, 10, 10]
        )[0]
    return rng.choices(
        ["new", "open", "waiting", "in_repair", "resolved"], [35, 30, 15, 10, 10]
    )[0]


def seed_tickets(rng, *, agents: list[User], reporters: dict[int, list[User]]) -> int:
    now = timezone.now()
    start = timezone.make_aware(dt.datetime(now.year - 2, 8, 1))  # noqa: DTZ001
    span = (now - start).total_seconds()
    devices = list(
        Device.objects.order_by("?")[:4000].values_list(
            "pk", "serial", "school_id", "profile_version_id"
        )
    )
    schools = [s for s in reporters if s is not None]
    weights = [w for w, _s, _b in CATEGORIES.values()]
    day = WorkingDay()
    moments = sorted(
        start + dt.timedelta(seconds=rng.random() * span) for _ in range(TICKETS)
    )
    counters: dict[int, int] = {}
    tickets, plans = [], []
    for created in moments:
        created = _working_time(created, rng)
        device = rng.choice(devices) if devices and rng.random() < 0.8 else None
        school_id = device[2] if device else rng.choice(schools)
        if school_id not in reporters:
            school_id, device = rng.choice(schools), None
        category = rng.choices(list(CATEGORIES), weights)[0]
        priority = (
            "high"
            if category == "lost"
            else rng.choices(["low", "normal", "high", "urgent"], [15, 65, 15, 5])[0]
        )
        status = _status_for((now - created).days, rng)
        response_h, resolution_h = HOURS[priority]
        year = timezone.localtime(created).year
        counters[year] = counters.get(year, 0) + 1
        first_response = add_working_hours(
            created, rng.uniform(0.2, 1.6) * response_h, working_day=day
        )
        resolved = add_working_hours(
            created, rng.uniform(0.3, 1.5) * resolution_h, working_day=day
        )
        if status in ("new",) or first_response > now:
            first_response = None
        done = status in ("resolved", "closed") and resolved < now
        if not done and status in ("resolved", "closed"):
            status = "in_repair"
        if status == "closed" and resolved + dt.timedelta(days=14) > now:
            status = "resolved"
        unknown = rng.random() < 0.02
        ticket = Ticket(
            reference=format_reference(year, counters[year]),
            school_id=school_id,
            reporter=rng.choice(reporters[school_id]),
            device_id=None if unknown or not device else device[0],
            serial=("XQ" + str(rng.randint(10**9, 10**10 - 1)))
            if unknown
            else (device[1] if device else ""),
            profile_version_id=device[3] if device and not unknown else None,
            subject=rng.choice(CATEGORIES[category][1]),
            category=category,
            priority=priority,
            status=status,
            assignee=None if status == "new" else rng.choice(agents),
            created_at=created,
            last_activity_at=resolved if done else (first_response or created),
            response_due_at=add_working_hours(created, response_h, working_day=day),
            due_at=add_working_hours(created, resolution_h, working_day=day),
            first_response_at=first_response,
            resolved_at=resolved if done else None,
            closed_at=resolved + dt.timedelta(days=14) if status == "closed" else None,
        )
        tickets.append(ticket)
        plans.append(category)
    Ticket.objects.bulk_create(tickets, batch_size=1000)
    for year, last in counters.items():
        TicketCounter.objects.update_or_create(
            year=year, defaults={"last_number": last}
        )
    _seed_conversations(rng, tickets, plans, agents)
    return len(tickets)


def _working_time(moment: dt.datetime, rng) -> dt.datetime:
    """Schools report during the school day: move to a weekday morning."""
    local = timezone.localtime(moment)
    while local.weekday() >= 5:
        local += dt.timedelta(days=1)
    return local.replace(hour=rng.randint(7, 15), minute=rng.randint(0, 59))


def _seed_conversations(rng, tickets, plans, agents) -> None:
    messages, events = [], []
    for ticket, category in zip(tickets, plans, strict=True):
        created = ticket.created_at
        messages.append(
            TicketMessage(
                ticket=ticket,
                author=ticket.reporter,
                body=CATEGORIES[category][2],
                created_at=created,
            )
        )
        events.append(
            TicketEvent(
                ticket=ticket,
                actor=ticket.reporter,
                kind="created",
                new_value=ticket.reference,
                created_at=created,
            )
        )
        agent = ticket.assignee or rng.choice(agents)
        if ticket.assignee:
            events.append(
                TicketEvent(
                    ticket=ticket,
                    actor=agent,
                    kind="assignee",
                    new_value=agent.display_name,
                    created_at=created + dt.timedelta(minutes=20),
                )
            )
        if rng.random() < 0.35:
            messages.append(
                TicketMessage(
                    ticket=ticket,
                    author=agent,
                    body=rng.choice(INTERNAL_NOTES),
                    is_internal=True,
                    created_at=created + dt.timedelta(minutes=30),
                )
            )
        if ticket.first_response_at:
            messages.append(
                TicketMessage(
                    ticket=ticket,
                    author=agent,
                    body=rng.choice(AGENT_REPLIES),
                    created_at=ticket.first_response_at,
                )
            )
            if rng.random() < 0.45:
                messages.append(
                    TicketMessage(
                        ticket=ticket,
                        author=ticket.reporter,
                        body=rng.choice(SCHOOL_REPLIES),
                        created_at=ticket.first_response_at + dt.timedelta(hours=3),
                    )
                )
        if ticket.status != "new":
            events.append(
                TicketEvent(
                    ticket=ticket,
                    actor=agent,
                    kind="status",
                    old_value="new",
                    new_value=ticket.status,
                    created_at=ticket.resolved_at
                    or ticket.first_response_at
                    or created,
                )
            )
        if ticket.status == "closed":
            events.append(
                TicketEvent(
                    ticket=ticket,
                    actor=None,
                    kind="auto_closed",
                    old_value="resolved",
                    new_value="closed",
                    created_at=ticket.closed_at,
                )
            )
    TicketMessage.objects.bulk_create(messages, batch_size=2000)
    TicketEvent.objects.bulk_create(events, batch_size=2000)
