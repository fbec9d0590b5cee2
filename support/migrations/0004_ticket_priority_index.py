from django.db import migrations, models

# Status and priority go together (urgent tickets are resolved sooner), so
# PostgreSQL's per-column statistics misjudge "high priority and new or open" by a
# thousandfold and walk every ticket by due time. Statistics over both columns
# let it use the index below. PostgreSQL only; SQLite plans without them.
CREATE_STATISTICS = (
    "CREATE STATISTICS IF NOT EXISTS support_ticket_status_priority (mcv) "
    "ON status, priority FROM support_ticket"
)
DROP_STATISTICS = "DROP STATISTICS IF EXISTS support_ticket_status_priority"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_STATISTICS)


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_STATISTICS)


class Migration(migrations.Migration):
    dependencies = [("support", "0003_help_index_page")]

    operations = [
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                fields=["priority", "status", "due_at"],
                name="ticket_priority_status_due",
            ),
        ),
        migrations.RunPython(create_statistics, drop_statistics),
    ]
