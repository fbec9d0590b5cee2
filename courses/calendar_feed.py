"""The personal calendar subscription: a secret token per teacher, revocable.

The token is the only key to the feed (calendar apps can not log in), so it is
long and random, and renewing it makes the old address stop working at once.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from courses.models import CalendarFeed, Registration
from portal.derived import Generation, on_save_or_delete


def feed_for(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_url(feed: CalendarFeed) -> str:
    return settings.SITE_URL + reverse("courses:calendar_feed", args=[feed.token])


def _shown(user_id: int) -> Generation:
    return Generation(f"courses:calendar-feed:{user_id}")


def shown_feed_url(user) -> str:
    """The address "My courses" shows (empty without a feed), kept until the
    teacher renews or revokes it. Only for showing: the feed itself is found
    by its token in the database (`user_for_token`)."""

    def read() -> str:
        feed = feed_for(user)
        return feed_url(feed) if feed else ""

    return _shown(user.pk).cached("url", read)


def kept_feed_url(user):
    """What `shown_feed_url(user)` reads (`portal.derived.read_together`)."""
    return _shown(user.pk).kept("url")


def _feed_changed(instance: CalendarFeed, **_kwargs) -> None:
    _shown(instance.user_id).forget()


def connect_signals() -> None:
    on_save_or_delete(_feed_changed, CalendarFeed, uid="calendar-feed")


@transaction.atomic
def renew_feed(*, user) -> CalendarFeed:
    """Give the user a new secret address; any earlier one stops working."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


@transaction.atomic
def revoke_feed(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def user_for_token(token: str):
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    return feed.user if feed else None


def feed_registrations(user) -> list[Registration]:
    """Open and attended registrations, and recent cancellations (so apps drop them)."""
    since = timezone.now() - timedelta(days=180)
    return list(
        Registration.objects.with_session()
        .filter(teacher=user, session__end__gt=since)
        .filter(
            Q(status__in=Registration.ACTIVE_STATUSES)
            | Q(status=Registration.Status.CANCELLED, session__start__gt=timezone.now())
        )
        .order_by("session__start")
    )
