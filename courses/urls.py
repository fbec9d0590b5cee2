"""URLs of courses, split by who builds them; all in the `courses` namespace."""

from courses import urls_booking, urls_catalogue

app_name = "courses"
urlpatterns = [*urls_catalogue.urlpatterns, *urls_booking.urlpatterns]
