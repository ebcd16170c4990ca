"""GIN indexes on the partner profiles' full-text search vectors: PostgreSQL only (SQLite has no
such index). The facet tokens have none, as the registry's and training's do not: the list counts
all valid profiles' tokens in one pass."""

from django.db import migrations

LANGUAGES = ["de", "en", "et", "nl", "fr"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS partnerships_profile_search_{language}_gin "
            f"ON partnerships_partnerprofile USING gin (search_{language})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS partnerships_profile_search_{language}_gin")


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
