"""Rebuild the search vectors: a missing translation now falls back to the initiative's
original language first (ncc_portal.fallback), and search should find what readers see."""

from django.db import migrations

from ncc_portal import fulltext


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite has no vectors
    Initiative = apps.get_model("initiatives", "Initiative")
    Initiative.objects.update(
        **fulltext.vectors(
            [("title", "A"), ("summary", "B"), ("description", "C")],
            original_field="original_language",
        )
    )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_facet_tokens")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
