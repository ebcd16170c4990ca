"""Demo milestones for the national strategy tracker: a plausible, dated record per country.

``seed_strategy()`` can run any number of times: a milestone is found again by its country and
English title and brought back to the values in ``data/demo/milestones.yaml``.
"""

from pathlib import Path

from django.db import transaction

from ncc_portal.datafiles import load_yaml

from ..models import (
    PublicationStatus,
    Resource,
    ResourceType,
    StrategyMilestone,
)
from .services import put_in_date_order

DATA = Path(__file__).resolve().parent / "data" / "demo" / "milestones.yaml"


@transaction.atomic
def seed_strategy():
    """Create or refresh the demo milestones; returns how many there are. A published
    national-strategy resource of the country, if the library has one, is linked to the
    country's key milestone (the strategy, law or programme itself)."""
    total = 0
    for entry in load_yaml(DATA)["countries"]:
        country, language = entry["country"], entry["language"]
        strategies = list(
            Resource.objects.filter(
                status=PublicationStatus.PUBLISHED, type=ResourceType.STRATEGY, country=country
            )[:1]
        )
        for position, row in enumerate(entry["milestones"]):
            milestone, _created = StrategyMilestone.objects.update_or_create(
                country=country,
                title_en=row["title_en"],
                defaults={
                    f"title_{language}": row["title"],
                    "description_en": row["description_en"],
                    "status": row["status"],
                    "planned_for": row["planned_for"],
                    "completed_on": row["completed_on"],
                    "responsible_bodies": row["responsible_bodies"],
                    "position": position,
                },
            )
            if position == entry["key_milestone"] and strategies:
                milestone.documents.add(*strategies)
            total += 1
        put_in_date_order(country=country)
    return total
