"""Rebuild the case studies' search vectors: a missing translation now falls back to the case
study's original language first (ncc_portal.fallback), and search should find what readers
see."""

from django.db import migrations

from ncc_portal import fulltext

SECTIONS = [
    "enablers",
    "barriers",
    "policy_instruments",
    "funding_landscape",
    "support_infrastructure",
    "lessons",
]


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite has no vectors
    CaseStudy = apps.get_model("ecosystem", "CaseStudy")
    CaseStudy.objects.update(
        **fulltext.vectors(
            [("title", "A"), ("summary", "B"), *[(section, "C") for section in SECTIONS]],
            original_field="original_language",
        )
    )


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0004_bookmark_once_per_list")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
