"""The search vocabulary (``SearchTerm``, for suggestions and decompounding) and the state of
the search indexes. On PostgreSQL the vocabulary's accent-free words get a trigram index
(``pg_trgm``) for "Did you mean …?"."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_term_folded_trgm "
            "ON ncc_portal_searchterm USING gin (folded gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_term_folded_trgm")


class Migration(migrations.Migration):
    dependencies = [("ncc_portal", "0004_report_heartbeat")]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("index", models.CharField(max_length=40)),
                ("term", models.CharField(max_length=100)),
                ("folded", models.CharField(max_length=100)),
            ],
            options={
                "indexes": [models.Index(fields=["index", "folded"], name="search_term_folded")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("index", "term"), name="one_search_term_per_index"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchIndexState",
            fields=[
                ("index", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("analysis_version", models.PositiveIntegerField()),
                ("rebuilt_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
