"""Wagtail admin hooks of the accounts app."""

from django.contrib.auth import get_user_model
from wagtail import hooks

from portal.accounts.user_cache import forget_users


@hooks.register("after_bulk_action")
def forget_users_changed_in_bulk(request, action_type, objects, action_class):
    """Wagtail's bulk "mark as active/inactive" updates users without signals."""
    user_model = get_user_model()
    forget_users([obj.pk for obj in objects if isinstance(obj, user_model)])
