"""Choosers of support data that only people allowed to see that data may open.

Wagtail's snippet choosers check no permission to list objects: they exist to pick
a related object. Any CMS user (a trainer, for example) could therefore list every
school's devices and loans through them. Here each chooser view first asks the
model's permission policy for any of view/add/change/delete, else 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser

ANY_ACCESS = {"view", "add", "change", "delete"}


class RequireModelPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        policy = ModelPermissionPolicy(self.model_class)
        if not policy.user_has_any_permission(request.user, ANY_ACCESS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class GuardedChooseView(RequireModelPermissionMixin, chooser.ChooseView):
    pass


class GuardedChooseResultsView(RequireModelPermissionMixin, chooser.ChooseResultsView):
    pass


class GuardedChosenView(RequireModelPermissionMixin, chooser.SnippetChosenView):
    pass


class GuardedChosenMultipleView(
    RequireModelPermissionMixin, chooser.SnippetChosenMultipleView
):
    pass


class GuardedSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = GuardedChooseView
    choose_results_view_class = GuardedChooseResultsView
    chosen_view_class = GuardedChosenView
    chosen_multiple_view_class = GuardedChosenMultipleView
