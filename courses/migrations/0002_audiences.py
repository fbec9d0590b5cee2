from django.db import migrations

SCHOOL_TYPES = [
    "grundschule",
    "hauptschule",
    "realschule",
    "sekundarschule",
    "gesamtschule",
    "gymnasium",
    "foerderschule",
    "berufskolleg",
    "weiterbildungskolleg",
]


def create_audiences(apps, schema_editor):
    Audience = apps.get_model("courses", "Audience")
    for school_type in SCHOOL_TYPES:
        Audience.objects.get_or_create(school_type=school_type)


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(create_audiences, migrations.RunPython.noop)]
