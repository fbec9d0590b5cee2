"""URLs of support, split by who builds them; all in the `support` namespace."""

from support import urls_helpdesk, urls_inventory

app_name = "support"
urlpatterns = [*urls_inventory.urlpatterns, *urls_helpdesk.urlpatterns]
