"""Choice labels looked up once per language (portal/choices.py)."""

from django.utils import translation

from courses.models import Registration
from support.models import Ticket


def test_labels_follow_the_active_language():
    ticket = Ticket(status="waiting", priority="urgent", category="display")
    with translation.override("de"):
        german = (ticket.get_status_display(), ticket.get_priority_display())
    with translation.override("en"):
        english = (ticket.get_status_display(), ticket.get_priority_display())
    assert english == ("Waiting for school", "Urgent")
    assert german == ("Wartet auf Schule", "Dringend")
    assert german != english


def test_labels_are_those_django_would_show():
    from django.db.models import Model

    for language in ("de", "en"):
        with translation.override(language):
            for model, name in ((Ticket, "status"), (Registration, "status")):
                field = model._meta.get_field(name)
                for value, _label in field.flatchoices:
                    instance = model(**{name: value})
                    fast = getattr(instance, f"get_{name}_display")()
                    assert fast == Model._get_FIELD_display(instance, field)


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Ticket(status="lost-in-migration").get_status_display() == (
        "lost-in-migration"
    )
    assert Ticket(status=None).get_status_display() is None


def test_known_values_skip_djangos_per_call_dictionary():
    from unittest import mock

    ticket = Ticket(status="new", priority="high", category="wlan")
    with mock.patch("django.db.models.base.make_hashable") as make_hashable:
        ticket.get_status_display()
        ticket.get_priority_display()
        ticket.get_category_display()
    make_hashable.assert_not_called()
