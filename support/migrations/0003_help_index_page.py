"""Create the help section at /hilfe/ under the home page (the footer links to it)."""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    if last is None:
        number = 1
    else:
        number = int(last[-STEPLEN:], 36) + 1
    key = ""
    while number:
        number, digit = divmod(number, 36)
        key = ALPHABET[digit] + key
    return parent.path + key.rjust(STEPLEN, "0")


def create_help_index(apps, schema_editor):
    Page = apps.get_model("wagtailcore.Page")
    ContentType = apps.get_model("contenttypes.ContentType")
    HelpIndexPage = apps.get_model("support.HelpIndexPage")
    Locale = apps.get_model("wagtailcore.Locale")
    home = Page.objects.filter(depth=2, content_type__app_label="home").first()
    if home is None or HelpIndexPage.objects.exists():
        return
    if Page.objects.filter(path__startswith=home.path, depth=3, slug="hilfe").exists():
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="support", model="helpindexpage"
    )
    HelpIndexPage.objects.create(
        title="Hilfe",
        draft_title="Hilfe",
        slug="hilfe",
        intro=(
            "Antworten auf häufige Fragen zu den iPads und zu iServ. Hilft nichts "
            "davon, melden Sie das Problem dem IT-Service."
        ),
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}hilfe/",
        locale=Locale.objects.get(pk=home.locale_id),
        live=True,
    )
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0002_helpdesk"),
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_help_index, migrations.RunPython.noop)]
