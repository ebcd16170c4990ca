"""What the federation test does on the other instance (a second portal with a database of its
own), run there with ``manage.py shell -c``: publish an initiative through the review workflow,
and withdraw (archive) it."""

from initiatives import services
from initiatives.models import Initiative
from ncc_portal.models import Organisation, Role, Theme, User

from ..factories import (
    CoordinatorFactory,
    InitiativeFactory,
    NationalCentreFactory,
    OrganisationFactory,
)


def _coordinator():
    # Each run is a new process, whose factory sequences start again: reuse what is there.
    existing = User.objects.filter(role=Role.COORDINATOR).first()
    return existing or CoordinatorFactory(
        email="coordinator@peer.example", centre=NationalCentreFactory(country="EE")
    )


def _organisation():
    existing = Organisation.objects.filter(slug="kogukond").first()
    return existing or OrganisationFactory(name="Kogukond MTÜ", slug="kogukond", country="EE")


def publish(slug, title, **fields):
    coordinator = _coordinator()
    initiative = InitiativeFactory(
        organisation=_organisation(),
        slug=slug,
        title_en=title,
        title_et=f"{title} (et)",
        country="EE",
        regions=["EE001"],
        themes=[Theme.objects.get(slug="digital-inclusion")],
        status="submitted",
        published_at=None,
        open_for_replication=True,
        replication_conditions_en="A room and ten volunteers.",
        **fields,
    )
    services.publish_initiative(initiative=initiative, actor=coordinator)


def withdraw(slug):
    initiative = Initiative.objects.get(slug=slug)
    services.archive_initiative(initiative=initiative, actor=_coordinator(), comment="Ended.")
