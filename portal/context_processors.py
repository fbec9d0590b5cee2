from django.conf import settings

from portal.navigation import navigation_for


def portal(request):
    """Site name and the navigation the user's roles allow."""
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "main_navigation": navigation_for(request),
    }
