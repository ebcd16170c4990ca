"""The facet tokens the registry counts its facets by (see initiatives.search.facet_tokens)."""

from django.db import migrations

import ncc_portal.fields


def fill_tokens(apps, schema_editor):
    # The same tokens as initiatives.search.facet_tokens, from the historical models.
    Initiative = apps.get_model("initiatives", "Initiative")
    initiatives = Initiative.objects.only(
        "pk", "country", "stage", "open_for_replication", "seeking_partners"
    ).prefetch_related("themes", "sdgs", "target_groups", "funding", "regions")
    batch = []
    for initiative in initiatives.iterator(chunk_size=500):
        tokens = {
            f"country:{initiative.country}",
            f"stage:{initiative.stage}",
            f"replication:{'yes' if initiative.open_for_replication else 'no'}",
            f"partners:{'yes' if initiative.seeking_partners else 'no'}",
        }
        tokens.update(f"theme:{t.pk}" for t in initiative.themes.all())
        tokens.update(f"sdg:{g.pk}" for g in initiative.sdgs.all())
        tokens.update(f"target_group:{g.pk}" for g in initiative.target_groups.all())
        tokens.update(f"funding:{f.kind}" for f in initiative.funding.all())
        for region in initiative.regions.all():
            tokens.update(f"region:{region.pk[:n]}" for n in range(3, len(region.pk) + 1))
        initiative.facet_tokens = sorted(tokens)
        batch.append(initiative)
        if len(batch) == 500:
            Initiative.objects.bulk_update(batch, ["facet_tokens"])
            batch = []
    Initiative.objects.bulk_update(batch, ["facet_tokens"])


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="facet_tokens",
            field=ncc_portal.fields.TokenListField(default=list, editable=False),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
    ]
