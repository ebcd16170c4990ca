"""The full-text tables of the search index on SQLite (FTS5; see ``ncc_portal.fulltext``).
On PostgreSQL the index lives in the ``search_<lang>`` columns, which hold analysed tokens now;
``manage.py rebuild_search_index --if-outdated`` after ``migrate`` fills both. The offers'
vector columns get the GIN indexes the other lists have."""

from django.db import migrations

from ncc_portal.fulltext import LANGUAGES, CreateFullTextTables


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS training_offer_search_{language}_gin "
            f"ON training_offer USING gin (search_{language})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS training_offer_search_{language}_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_mentoring_and_advice"),
        ("ncc_portal", "0005_search_vocabulary"),
    ]

    operations = [
        CreateFullTextTables("training_offer"),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
