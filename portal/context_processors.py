from django.conf import settings


def portal(request):
    """The site name (the navigation is drawn by `{% site_header %}`)."""
    return {"site_name": settings.WAGTAIL_SITE_NAME}
