"""Loading the reference data shipped in ``ncc_portal/data`` (NUTS regions, SDGs, vocabularies)."""

import csv
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from . import parts
from .models import Region, SustainableDevelopmentGoal, TargetGroup, Theme
from .vocabularies import vocabularies_changed

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _translated(field, values):
    return {f"{field}_{code}": values.get(code, "") for code in LANGUAGE_CODES}


@transaction.atomic
def load_regions():
    """Create or update every NUTS 2024 region, parents before children."""
    with open(DATA_DIR / "nuts" / "nuts2024_regions.csv", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda row: int(row["level"]))
    existing = set(Region.objects.values_list("code", flat=True))
    for level in range(4):
        level_rows = [row for row in rows if int(row["level"]) == level]
        new = [
            Region(
                code=row["code"],
                name=row["name"],
                level=level,
                country=row["country"],
                parent_id=row["parent_code"] or None,
            )
            for row in level_rows
            if row["code"] not in existing
        ]
        Region.objects.bulk_create(new)
        for row in level_rows:
            if row["code"] in existing:
                Region.objects.filter(code=row["code"]).update(
                    name=row["name"], parent_id=row["parent_code"] or None
                )
    return len(rows)


@transaction.atomic
def load_vocabularies():
    with open(DATA_DIR / "reference.json", encoding="utf-8") as f:
        data = json.load(f)
    for goal in data["sdgs"]:
        SustainableDevelopmentGoal.objects.update_or_create(
            number=goal["number"],
            defaults={
                "slug": goal["slug"],
                **_translated("name", goal["name"]),
                **_translated("title", goal["title"]),
            },
        )
    for theme in data["themes"]:
        Theme.objects.update_or_create(
            slug=theme["slug"],
            defaults={
                **_translated("name", theme["name"]),
                **_translated("description", theme["description"]),
            },
        )
    for group in data["target_groups"]:
        TargetGroup.objects.update_or_create(
            slug=group["slug"], defaults=_translated("name", group["name"])
        )
    return data


def load_reference_data():
    """Run every registered loader (``parts.reference_data``): the core's regions and
    vocabularies, then the apps' own."""
    for loader in parts.reference_data:
        loader.load()
    vocabularies_changed()  # the regions' bulk writes send no signals
