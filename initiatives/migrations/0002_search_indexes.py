"""GIN indexes on the full-text search vectors: PostgreSQL only (SQLite has no such index)."""

from django.db import migrations

LANGUAGES = ["de", "en", "et", "nl", "fr"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS initiatives_search_{language}_gin "
            f"ON initiatives_initiative USING gin (search_{language})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS initiatives_search_{language}_gin")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
