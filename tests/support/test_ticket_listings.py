"""The queue's rows and the school's ticket cards are written in Python
(support/ticket_listings.py): byte for byte what their templates draw, for every
kind of row, in both languages."""

import datetime as dt
from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.accounts.models import User
from support import tickets as helpdesk
from support.models import Ticket
from support.ticket_listings import queue_rows_html, ticket_cards_html
from tests.factories import SchoolFactory, UserFactory
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db
ROWS_TEMPLATE = "support/tickets/includes/queue_rows.html"
CARDS_TEMPLATE = "support/tickets/includes/ticket_cards.html"


@pytest.fixture
def assorted(teacher, coordinator, agent, device):
    """Overdue or not, resolved, with a known, an unknown or no serial, assigned
    to an agent, to an anonymised account or to nobody, text that needs escaping."""
    odd_school = SchoolFactory(name='Schule "Am Bach" & <Söhne>', district="Hörde")
    odd = file_ticket(
        UserFactory(school=odd_school, full_name="Ö <Lehrer> & Co"),
        subject="<script>alert('x')</script> & \"Display\"",
        serial="dmpq000000xy",
        category="lost",
    )
    known = file_ticket(teacher, serial=device.serial, category="wlan")
    plain = file_ticket(coordinator, subject="Kein Gerät")
    done = file_ticket(teacher, subject="Erledigt")
    helpdesk.change_ticket(ticket=known, by=agent, assignee=agent, status="open")
    helpdesk.change_ticket(ticket=done, by=agent, status="resolved")
    gone = UserFactory(school=None, full_name="Weg", is_anonymised=True)
    Ticket.objects.filter(pk=plain.pk).update(assignee=gone, status="waiting")
    past = timezone.now() - dt.timedelta(days=3)
    Ticket.objects.filter(pk__in=[odd.pk, done.pk]).update(due_at=past)
    # A value the choices no longer know is shown as it is.
    Ticket.objects.filter(pk=done.pk).update(category="legacy")
    return Ticket.objects.order_by("pk")


@pytest.mark.parametrize("language", ["de", "en"])
def test_queue_rows_are_the_templates_markup(assorted, language):
    with translation.override(language):
        expected = render_to_string(
            ROWS_TEMPLATE, {"tickets": assorted.select_related("school", "assignee")}
        )
        written = queue_rows_html(assorted.queue_rows())
    assert written == expected.rstrip("\n")
    assert written.count("<tr") == 4


@pytest.mark.parametrize("whole_school", [True, False])
@pytest.mark.parametrize("language", ["de", "en"])
def test_ticket_cards_are_the_templates_markup(assorted, language, whole_school):
    User.objects.filter(full_name="Kira Koordinatorin").update(is_anonymised=True)
    with translation.override(language):
        expected = render_to_string(
            CARDS_TEMPLATE,
            {
                "tickets": assorted.select_related("reporter"),
                "whole_school": whole_school,
            },
        )
        written = ticket_cards_html(assorted.card_rows(), whole_school=whole_school)
    assert written == expected.rstrip("\n")
    assert written.count("<li") == 4
    assert ("Lehrer&gt; &amp; Co" in written) is whole_school


def test_the_page_shows_the_rows_and_says_when_there_are_none(client, agent, assorted):
    client.force_login(agent)
    page = client.get(reverse("support:queue")).content.decode()
    assert page.count('<tr class="queue-row') == 3  # the resolved one is not active
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "unbekannt" in page and "überfällig" in page
    empty = client.get(reverse("support:queue"), {"q": "nichts dergleichen"})
    assert "Keine Tickets passen zu diesen Filtern." in empty.content.decode()


def test_the_school_list_shows_the_cards(client, coordinator, teacher, assorted):
    client.force_login(coordinator)
    page = client.get(reverse("support:tickets")).content.decode()
    assert page.count('<li class="card">') == 2  # her school's active tickets
    assert "Gemeldet von Lea Lehrerin" in page
    client.force_login(teacher)
    page = client.get(reverse("support:tickets")).content.decode()
    assert page.count('<li class="card">') == 1 and "Gemeldet von" not in page
    done = client.get(reverse("support:tickets"), {"show": "done"}).content.decode()
    assert "Erledigt" in done


@pytest.fixture
def long_ticket(teacher, colleague, agent, device, django_capture_on_commit_callbacks):
    """Every kind of message and recorded change."""
    from support.attachments import CleanFile
    from tests.support.ticket_fixtures import PDF_BYTES, png_bytes

    ticket = file_ticket(
        teacher,
        body='Zeile 1\n<b>fett</b> & "zitiert"\r\nZeile 3',
        files=[
            CleanFile("Foto <1>.png", png_bytes(), "image/png"),
            CleanFile("Beleg.pdf", PDF_BYTES * 900, "application/pdf"),
        ],
    )
    helpdesk.reply_to_ticket(
        ticket=ticket,
        author=agent,
        body="Intern",
        internal=True,
        files=[CleanFile("Intern.png", png_bytes(), "image/png")],
    )
    helpdesk.change_ticket(
        ticket=ticket, by=agent, status="waiting", priority="high", assignee=agent
    )
    helpdesk.change_ticket(ticket=ticket, by=agent, serial=device.serial)
    other = file_ticket(colleague, subject="Doppelt", body="Auch kaputt")
    helpdesk.merge_tickets(source=other, target=ticket, by=agent)
    helpdesk.reply_to_ticket(ticket=ticket, author=colleague, body="Danke!")
    User.objects.filter(pk=colleague.pk).update(is_anonymised=True)
    helpdesk.change_ticket(ticket=ticket, by=agent, status="resolved")
    helpdesk.close_resolved_tickets(now=timezone.now() + dt.timedelta(days=30))
    return Ticket.objects.get(pk=ticket.pk)


@pytest.mark.parametrize("internal", [True, False])
@pytest.mark.parametrize("language", ["de", "en"])
def test_conversation_and_history_are_the_templates_markup(
    long_ticket, language, internal
):
    from support.thread_markup import conversation_html, history_html
    from support.ticket_threads import conversation

    messages = conversation(long_ticket, internal=internal)
    events = list(long_ticket.events.select_related("actor"))
    with translation.override(language):
        expected = render_to_string(
            "support/tickets/includes/conversation.html",
            {"ticket": long_ticket, "entries": messages},
        )
        assert conversation_html(long_ticket, messages) == expected
        expected = render_to_string(
            "support/tickets/includes/history.html", {"events": events}
        )
        assert history_html(events) == expected.rstrip("\n")
    assert len(messages) == (4 if internal else 3)
    assert any(m.merged_from for m in messages)
    written = conversation_html(long_ticket, messages)
    assert "Beleg.pdf" in written and "Foto &lt;1&gt;.png" in written
    assert ("Intern.png" in written) is internal
    assert {e.kind for e in events} >= {"status", "assignee", "merged", "auto_closed"}


@pytest.mark.parametrize(
    ("django_format", "strftime_format"),
    [
        ("d.m.Y H:i", "%d.%m.%Y %H:%M"),
        ("Y-m-d H:i:s", "%Y-%m-%d %H:%M:%S"),
        ("d.m.Y, 100%", "%d.%m.%Y, 100%%"),
        ("m/d/Y P", None),  # English: "4:30 p.m." needs Django
        ("j.n.Y H:i", None),  # no leading zeros: not the same in strftime
        ("d.m.Y \\u\\m H:i", None),  # escaped letters
    ],
)
def test_dates_are_written_by_strftime_only_where_it_writes_the_same(
    django_format, strftime_format
):
    from django.utils import dateformat

    from support.markup import as_strftime

    assert as_strftime(django_format) == strftime_format
    if strftime_format:
        moment = timezone.localtime(timezone.now().replace(month=3, day=7, hour=9))
        assert moment.strftime(strftime_format) == dateformat.format(
            moment, django_format
        )


def test_a_conversation_reads_files_only_when_it_has_some(
    teacher, agent, long_ticket, django_assert_num_queries
):
    from support.ticket_threads import conversation

    plain = file_ticket(teacher)
    helpdesk.reply_to_ticket(ticket=plain, author=agent, body="Ohne Anhang")
    with django_assert_num_queries(1):
        assert [m.files for m in conversation(plain, internal=True)] == [[], []]
    with django_assert_num_queries(2):
        messages = conversation(long_ticket, internal=False)
    names = [[f.name for f in m.files] for m in messages]
    assert names[0] == ["Foto <1>.png", "Beleg.pdf"]
    assert all(not n for n in names[1:])  # not the internal note's file


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_shown_time_is_what_the_date_filters_write(language):
    from django.template import engines

    from support.markup import shown_time

    moment = timezone.now().replace(month=3, day=7, hour=21, minute=5)
    template = engines["django"].from_string(
        "{{ t|date:'Y-m-d\\TH:i:sO' }}|{{ t|date:'SHORT_DATETIME_FORMAT' }}"
    )
    with translation.override(language):
        assert "|".join(shown_time(moment)) == template.render({"t": moment})


def test_the_school_panel_links_the_other_open_tickets(teacher):
    from support.ticket_panels import school_panel

    first = file_ticket(teacher, subject="Erste")
    other = file_ticket(teacher, subject="Zweite/Dritte")
    [shown] = school_panel(first).open_tickets
    assert shown.url == reverse("support:queue_ticket", args=[other.reference])


STATUS_LOOP = (
    '{% load i18n %}{% for value, label in statuses %}<li><a href="{{ url }}?'
    'status={{ value }}">{{ label }} <span class="count">{% for v, n in counts'
    " %}{% if v == value %}{{ n }}{% endif %}{% endfor %}</span></a></li>"
    "{% endfor %}|{% blocktranslate count counter=total %}{{ counter }} ticket"
    "{% plural %}{{ counter }} tickets{% endblocktranslate %}"
)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("total", [1, 12345])
def test_status_counts_and_heading_are_what_the_template_drew(language, total):
    from django.template import engines

    from support.ticket_listings import queue_heading_html, status_counts_html

    counts = {"new": total, "open": 7}
    with translation.override(language):
        expected = (
            engines["django"]
            .from_string(STATUS_LOOP)
            .render(
                {
                    "url": reverse("support:queue"),
                    "statuses": Ticket.Status.choices,
                    "counts": [
                        (v, counts.get(v, 0)) for v, _label in Ticket.Status.choices
                    ],
                    "total": total,
                }
            )
        )
        drawn = status_counts_html(counts) + "|" + queue_heading_html(total)
    assert drawn == expected
    word = {"de": ("Ticket", "Tickets"), "en": ("ticket", "tickets")}[language]
    assert drawn.endswith(f"|{total} {word[total > 1]}")


def test_kept_queue_rows_follow_the_language_the_ticket_and_the_time(assorted, agent):
    """Each row's markup is kept per process by all it depends on: drawn again
    in the other language, after a change of the ticket, and when it falls due."""
    rows = list(assorted.queue_rows())
    with translation.override("de"):
        german = queue_rows_html(rows)
    with translation.override("en"):
        english = queue_rows_html(rows)
        assert queue_rows_html(rows) == english
    assert "überfällig" in german and "overdue" in english
    plain = assorted.get(subject="Kein Gerät")
    helpdesk.change_ticket(ticket=plain, by=agent, assignee=agent)
    Ticket.objects.filter(pk=plain.pk).update(
        due_at=timezone.now() + dt.timedelta(minutes=1)
    )
    with translation.override("en"):
        changed = queue_rows_html(assorted.queue_rows())
        expected = render_to_string(
            ROWS_TEMPLATE, {"tickets": assorted.select_related("school", "assignee")}
        )
        assert changed == expected.rstrip("\n")
        assert "Anton Agent" in changed
        with mock.patch(
            "django.utils.timezone.now",
            return_value=timezone.now() + dt.timedelta(minutes=2),
        ):
            later = queue_rows_html(assorted.queue_rows())
    assert later.count("queue-row--overdue") == changed.count("queue-row--overdue") + 1


PAGINATION_TEMPLATE = "support/tickets/includes/pagination.html"


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("number", [1, 2, 3, 1200])
@pytest.mark.parametrize("extra", ["", "status=new&priority=urgent", "q=%3Cb%3E"])
def test_pagination_is_the_templates_markup(language, number, extra):
    from django.core.paginator import Paginator

    from support.ticket_listings import pagination_html

    items = list(range(1200 if number == 1200 else 3))
    page = Paginator(items, 1).get_page(number)
    with translation.override(language):
        expected = render_to_string(
            PAGINATION_TEMPLATE, {"page_obj": page, "extra": extra}
        )
        assert pagination_html(page, extra) == expected
    single = Paginator([1], 5).get_page(1)
    with translation.override(language):
        assert pagination_html(single, extra) == render_to_string(
            PAGINATION_TEMPLATE, {"page_obj": single, "extra": extra}
        )


SCHOOL_PANEL_TEMPLATE = "support/tickets/includes/school_panel.html"


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("shown", ["bare", "full"])
def test_school_panel_is_the_templates_markup(language, shown, teacher, coordinator):
    from support.models import ConfigurationProfile
    from support.ticket_listings import school_panel_html
    from support.ticket_panels import OtherTicket, SchoolPanel

    ticket = file_ticket(teacher, subject="Display")
    school = ticket.school
    if shown == "full":
        school.name = 'Schule "Am Bach" & <Söhne>'
        school.contact_name = "Frau <Meier>"
        school.contact_phone = "0231 12 34"
        school.contact_email = "sekretariat@schule.example"
        profile = ConfigurationProfile(version=1234, wifi_name="Schul&WLAN")
        others = [
            OtherTicket(1, "T-2026-000001", "<b>Akku</b> & mehr", "/q/T-2026-000001/"),
            OtherTicket(2, "T-2026-000002", "Beamer", "/q/T-2026-000002/"),
        ]
        panel = SchoolPanel(current_profile=profile, open_tickets=others, open_count=2)
    else:
        school.contact_name = school.contact_phone = school.contact_email = ""
        panel = SchoolPanel(current_profile=None, open_tickets=[], open_count=1)
    with translation.override(language):
        expected = render_to_string(
            SCHOOL_PANEL_TEMPLATE, {"ticket": ticket, "school_info": panel}
        )
        assert school_panel_html(ticket, panel) == expected
    assert ("Frau &lt;Meier&gt;" in expected) is (shown == "full")
