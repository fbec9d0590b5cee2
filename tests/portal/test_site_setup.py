import pytest
from django.core.management import call_command
from wagtail.models import Site

from home.models import HomePage


@pytest.mark.django_db(transaction=True)
def test_home_page_comes_back_after_flush(client):
    call_command("flush", verbosity=0, interactive=False)
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert client.get("/").status_code == 200
