from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@require_POST
def set_language(request):
    """Switch the language; a logged-in user keeps it as her preference."""
    language = request.POST.get("language")
    response = django_set_language(request)
    if language in dict(settings.LANGUAGES) and request.user.is_authenticated:
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    if not isinstance(response, HttpResponseRedirect):
        return response
    if not url_has_allowed_host_and_scheme(
        response.url,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return HttpResponseRedirect("/")
    return response
