"""The "seeking partners" flag becomes a list of typed needs (ncc_portal.choices.Contribution).

An initiative that sought partners gets the needs its kinds of partners stand for
(``NEEDS_OF_KIND``); one that named no kind that maps to a need is taken to seek expertise.
Open pending changes, whose snapshots the services apply later, get the same treatment, and the
facet tokens gain the ``need:<code>`` tokens that the registry's "need" facet counts
(initiatives.search.facet_tokens). Backwards, the flag is ``bool(partner_needs)`` again.
"""

from django.db import migrations

# What a partner of each kind (ncc_portal.models.OrganisationKind) is most likely sought for.
# Frozen here: the mapping is what the data was migrated with, whatever the code says later.
NEEDS_OF_KIND = {
    "funder": "funding",
    "academia": "research",
    "public_authority": "pilot_site",
    "ministry": "pilot_site",
    "managing_authority": "pilot_site",
    "private_company": "expertise",
    "third_sector": "volunteers",
    "intermediary": "network",
}
FALLBACK_NEED = "expertise"
OPEN_CHANGE_STATUSES = ["draft", "submitted", "changes_requested"]


def needs_from_partner_kinds(partner_kinds):
    """The needs, in the order of the vocabulary's first mention, of an initiative seeking
    partners of ``partner_kinds``."""
    needs = []
    for kind in partner_kinds or []:
        need = NEEDS_OF_KIND.get(kind)
        if need and need not in needs:
            needs.append(need)
    return needs or [FALLBACK_NEED]


def _with_need_tokens(tokens, needs):
    """``tokens`` with the "need" and "partners" facets' tokens for ``needs``. An initiative
    without tokens has not been indexed yet (the services index it on publication)."""
    if not tokens:
        return []
    kept = [t for t in tokens if not t.startswith(("need:", "partners:"))]
    partners = "partners:yes" if needs else "partners:no"
    return sorted({*kept, partners, *(f"need:{need}" for need in needs)})


def needs_from_flag(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    PendingChange = apps.get_model("initiatives", "PendingChange")
    batch = []
    initiatives = Initiative.objects.only(
        "pk", "seeking_partners", "partner_kinds", "partner_needs", "facet_tokens"
    )
    for initiative in initiatives.iterator(chunk_size=500):
        if initiative.seeking_partners and not initiative.partner_needs:
            initiative.partner_needs = needs_from_partner_kinds(initiative.partner_kinds)
        initiative.seeking_partners = bool(initiative.partner_needs)
        initiative.facet_tokens = _with_need_tokens(
            initiative.facet_tokens, initiative.partner_needs
        )
        batch.append(initiative)
        if len(batch) == 500:
            Initiative.objects.bulk_update(
                batch, ["partner_needs", "seeking_partners", "facet_tokens"]
            )
            batch = []
    Initiative.objects.bulk_update(batch, ["partner_needs", "seeking_partners", "facet_tokens"])

    for change in PendingChange.objects.filter(status__in=OPEN_CHANGE_STATUSES):
        data = change.data
        if "partner_needs" not in data:
            seeking = data.pop("seeking_partners", False)
            data["partner_needs"] = (
                needs_from_partner_kinds(data.get("partner_kinds")) if seeking else []
            )
            data.setdefault("partner_offers", [])
            change.save(update_fields=["data"])


def flag_from_needs(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    PendingChange = apps.get_model("initiatives", "PendingChange")
    batch = []
    initiatives = Initiative.objects.only("pk", "partner_needs", "facet_tokens")
    for initiative in initiatives.iterator(chunk_size=500):
        initiative.seeking_partners = bool(initiative.partner_needs)
        initiative.facet_tokens = [t for t in initiative.facet_tokens if not t.startswith("need:")]
        batch.append(initiative)
        if len(batch) == 500:
            Initiative.objects.bulk_update(batch, ["seeking_partners", "facet_tokens"])
            batch = []
    Initiative.objects.bulk_update(batch, ["seeking_partners", "facet_tokens"])

    for change in PendingChange.objects.filter(status__in=OPEN_CHANGE_STATUSES):
        data = change.data
        if "partner_needs" in data:
            data["seeking_partners"] = bool(data.pop("partner_needs"))
            data.pop("partner_offers", None)
            change.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0005_partner_needs_and_offers")]

    operations = [migrations.RunPython(needs_from_flag, flag_from_needs)]
