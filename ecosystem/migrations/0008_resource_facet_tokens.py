"""The facet tokens the library counts its facets by (ecosystem.library.search.facet_tokens)."""

from django.db import migrations

import ncc_portal.fields


def fill_tokens(apps, schema_editor):
    # The same tokens as ecosystem.library.search.facet_tokens, from the historical models.
    Resource = apps.get_model("ecosystem", "Resource")
    resources = Resource.objects.only(
        "pk", "type", "country", "year", "access_level"
    ).prefetch_related("themes", "audiences", "files")
    batch = []
    for resource in resources.iterator(chunk_size=500):
        tokens = {
            f"type:{resource.type}",
            f"country:{resource.country or 'transnational'}",
            f"year:{resource.year}",
            f"access_level:{resource.access_level}",
        }
        tokens.update(f"theme:{theme.pk}" for theme in resource.themes.all())
        tokens.update(f"audience:{audience.pk}" for audience in resource.audiences.all())
        tokens.update(f"file_language:{each.language}" for each in resource.files.all())
        resource.facet_tokens = sorted(tokens)
        batch.append(resource)
        if len(batch) == 500:
            Resource.objects.bulk_update(batch, ["facet_tokens"])
            batch = []
    Resource.objects.bulk_update(batch, ["facet_tokens"])


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0007_fulltext_tables")]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="facet_tokens",
            field=ncc_portal.fields.TokenListField(default=list, editable=False),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
    ]
