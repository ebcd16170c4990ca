"""GIN indexes on the full-text search vectors: PostgreSQL only."""

from django.db import migrations

TABLES = ["ecosystem_casestudy", "ecosystem_resource"]
LANGUAGES = ["de", "en", "et", "nl", "fr"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for language in LANGUAGES:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_{language}_gin "
                f"ON {table} USING gin (search_{language})"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for language in LANGUAGES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_{language}_gin")


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
