"""Demo scouting cards that cross borders: an Estonian initiative adopted in the Netherlands
and a German one handed over to Luxembourg. Written through the services, so that the cards
have their steps; a card whose initiative is already on the board is left alone, and nothing
happens when the demo initiatives are missing."""

from django.db import transaction
from django.utils.text import slugify

from initiatives.models import Initiative
from ncc_portal.demo import demo_users
from ncc_portal.models import Organisation, OrganisationKind, Role, User

from ..models import ScoutingCard, ScoutingStage
from . import services

# An adopter the demo organisations do not have: created in the demo's style.
REPAIR_CAFE_LU = {
    "name": "Repair Café Lëtzebuerg asbl (Demo)",
    "country": "LU",
    "region_id": "LU000",
    "website": "https://repaircafe-letzebuerg.example",
    "description_fr": "Association qui organise des cafés de réparation dans tout le Luxembourg.",
    "description_en": "Association that runs repair cafés across Luxembourg.",
}

CARDS = [
    {
        "organisation": "MTÜ Küla Hoolib (Demo)",
        "scouted_by": "EE",
        "scout_note": "Village care by neighbours works with very little money; Dutch rural "
        "municipalities ask for exactly this.",
        "hand_over_to": "NL",
        "hand_over_note": "Could Dorpskracht Drenthe take this up? The Estonian team offers a "
        "visit to Võru County and translated guides.",
        "adopter": {"name": "Vereniging Dorpskracht Drenthe (Demo)"},
        "adopter_by": "NL",
        "adopter_note": "Pilot planned in two villages near Emmen.",
        "stages": [
            ScoutingStage.ASSESSED,
            ScoutingStage.ADOPTER_SOUGHT,
            ScoutingStage.ADOPTER_FOUND,
        ],
    },
    {
        "organisation": "Repair-Café-Netzwerk Ruhr e.V. (Demo)",
        "scouted_by": "DE",
        "scout_note": "A network model that a small country can copy as a whole.",
        "hand_over_to": "LU",
        "hand_over_note": "The Ruhr network shares its start-up kit under CC BY; the "
        "Luxembourg repair cafés might federate in the same way.",
        "adopter": REPAIR_CAFE_LU,
        "adopter_by": "LU",
        "adopter_note": "Interested in the network's volunteer training.",
        "stages": [ScoutingStage.ASSESSED, ScoutingStage.ADOPTER_SOUGHT],
    },
]


def _coordinators():
    emails = {u["country"]: u["email"] for u in demo_users() if u["role"] == Role.COORDINATOR}
    return {
        user.centre.country: user
        for user in User.objects.filter(email__in=emails.values()).select_related("centre")
        if user.centre_id
    }


def _adopter(data):
    if "country" not in data:
        return Organisation.objects.filter(name=data["name"]).first()
    organisation, _created = Organisation.objects.get_or_create(
        slug=slugify(data["name"])[:200],
        defaults={"kind": OrganisationKind.THIRD_SECTOR, **data},
    )
    return organisation


@transaction.atomic
def seed_scouting():
    coordinators = _coordinators()
    for entry in CARDS:
        initiative = (
            Initiative.objects.published()
            .filter(organisation__name=entry["organisation"], open_for_replication=True)
            .order_by("pk")
            .first()
        )
        scout = coordinators.get(entry["scouted_by"])
        receiver = coordinators.get(entry["hand_over_to"])
        if initiative is None or scout is None or receiver is None:
            continue
        if ScoutingCard.objects.filter(initiative=initiative).exists():
            continue
        card = services.scout(coordinator=scout, initiative=initiative, note=entry["scout_note"])
        for stage in entry["stages"][:2]:
            card = services.move(coordinator=scout, card=card, stage=stage)
        card = services.hand_over(
            coordinator=scout,
            card=card,
            country=entry["hand_over_to"],
            note=entry["hand_over_note"],
        )
        adopter = _adopter(entry["adopter"])
        if adopter is not None:
            services.add_adopter(
                coordinator=receiver, card=card, organisation=adopter, note=entry["adopter_note"]
            )
        for stage in entry["stages"][2:]:
            card = services.move(coordinator=receiver, card=card, stage=stage)
