"""Demo initiatives: a realistic registry in five languages with every moderation state in play.

Each initiative goes through ``initiatives.services`` with the demo users as actors, so its history
is the one the portal would have written; afterwards the timestamps are moved into the past so that
the registry reads like one that has been in use for a while. ``seed_initiatives`` is idempotent:
an initiative whose slug exists is skipped.
"""

from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ncc_portal.datafiles import load_yaml
from ncc_portal.demo import demo_users
from ncc_portal.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Region,
    Role,
    TargetGroup,
    Theme,
    User,
)
from ncc_portal.richtext import sanitise

from . import services
from .models import Action, Event, Initiative, PendingChange
from .snapshots import LANGUAGE_CODES, snapshot_of

INNOVATOR_EMAIL = "innovator@ncc-demo.example"

DRAFT = "draft"
SUBMITTED = "submitted"
CHANGES_REQUESTED = "changes_requested"
REJECTED = "rejected"
PUBLISHED = "published"
ARCHIVED = "archived"
PENDING_CHANGE = "pending_change"  # published, with submitted edits waiting for review
OUTDATED = "outdated"  # published, last confirmed 15 months ago

DATA = Path(__file__).resolve().parent / "data" / "demo"


def demo_organisations():
    """The organisations behind the demo initiatives (``data/demo/organisations.yaml``)."""
    return load_yaml(DATA / "organisations.yaml")["organisations"]


def demo_initiatives():
    """The demo initiatives (``data/demo/initiatives.yaml``)."""
    return load_yaml(DATA / "initiatives.yaml")["initiatives"]


STEP_GAPS = [3, 5, 2, 4]
# The possibly-outdated initiative was last confirmed this long ago (15 months).
OUTDATED_CONFIRMATION = timedelta(days=457)


def _users():
    """The demo innovator and the coordinator of each country (from ``ncc_portal.demo``)."""
    coordinators = {
        user["country"]: User.objects.get(email=user["email"])
        for user in demo_users()
        if user["role"] == Role.COORDINATOR
    }
    return User.objects.get(email=INNOVATOR_EMAIL), coordinators


def seed_demo_organisations(innovator):
    for data in demo_organisations():
        organisation, _created = Organisation.objects.get_or_create(
            slug=slugify(data["name"])[:200],
            defaults={
                "name": data["name"],
                "kind": OrganisationKind.THIRD_SECTOR,
                "country": data["country"],
                "region_id": data["region"],
                "website": data["website"],
                **{f"description_{code}": text for code, text in data["description"].items()},
            },
        )
        if data["innovator_is_member"]:
            Membership.objects.get_or_create(organisation=organisation, user=innovator)


def _snapshot(entry, organisation, vocabularies):
    themes, target_groups = vocabularies
    regions = set(
        Region.objects.filter(code__in=entry["regions"], country=entry["country"]).values_list(
            "code", flat=True
        )
    )
    if regions != set(entry["regions"]):
        raise ValueError(f"Unknown regions for {entry['country']}: {entry['regions']}")
    language = entry["language"]
    replication = entry.get("replication")
    partners = {"kinds": [], "needs": "", "seeks": [], "offers": []} | entry.get("partners", {})
    contact = entry.get("contact", {"name": "", "email": "", "phone": "", "consent": False})
    data = snapshot_of(Initiative(organisation=organisation))
    for code in LANGUAGE_CODES:
        texts = entry["texts"].get(code, {"title": "", "summary": "", "description": ""})
        data.update(
            {
                f"title_{code}": texts["title"],
                f"summary_{code}": texts["summary"],
                f"description_{code}": sanitise(texts["description"]),
            }
        )
    # Like the form, the replication and partnership texts exist in the original language only.
    data.update(
        {
            "original_language": language,
            "country": entry["country"],
            "stage": entry["stage"],
            "start_year": entry["start_year"],
            "website": entry["website"],
            "social_links": entry.get("social_links", []),
            "contact_name": contact["name"],
            "contact_email": contact["email"],
            "contact_phone": contact["phone"],
            "contact_consent": contact["consent"],
            "open_for_replication": replication is not None,
            f"replication_conditions_{language}": replication["conditions"] if replication else "",
            f"replication_materials_{language}": replication["materials"] if replication else "",
            "replication_cost": replication["cost"] if replication else "",
            "materials_languages": replication["languages"] if replication else [],
            "materials_licence": replication["licence"] if replication else "",
            "evidence": entry.get("evidence", ""),
            "partner_needs": list(partners["seeks"]),
            "partner_offers": list(partners["offers"]),
            "partner_kinds": list(partners["kinds"]),
            f"partnership_needs_{language}": partners["needs"],
            "regions": sorted(regions),
            "themes": sorted(themes[slug] for slug in entry["themes"]),
            "sdgs": sorted(entry["sdgs"]),
            "target_groups": sorted(target_groups[slug] for slug in entry["target_groups"]),
            "funding": [
                {"kind": kind, "amount": amount} for kind, amount in entry["funding"].items()
            ],
            "impact": [dict(figure) for figure in entry["impact"]],
        }
    )
    return data


def _author(organisation, innovator, coordinator):
    """Who registers it: the demo innovator for their organisations; for the others, which have
    no member in the demo, the national centre registered the initiative it scouted."""
    if organisation.memberships.filter(user=innovator).exists():
        return innovator
    return coordinator


def _run_workflow(entry, initiative, author, coordinator):
    workflow = entry["workflow"]
    if workflow == DRAFT:
        return
    services.submit_initiative(initiative=initiative, actor=author)
    if workflow == SUBMITTED:
        return
    if workflow == CHANGES_REQUESTED:
        services.request_changes(initiative=initiative, actor=coordinator, comment=entry["comment"])
        return
    if workflow == REJECTED:
        services.reject_initiative(
            initiative=initiative, actor=coordinator, reason=entry["comment"]
        )
        return
    services.publish_initiative(initiative=initiative, actor=coordinator)
    if workflow == ARCHIVED:
        services.archive_initiative(
            initiative=initiative, actor=coordinator, comment=entry["comment"]
        )
    elif workflow == PENDING_CHANGE:
        initiative.refresh_from_db()
        data = snapshot_of(initiative)
        texts = entry["edit"]["en"]
        data.update(
            title_en=texts["title"],
            summary_en=texts["summary"],
            description_en=sanitise(texts["description"]),
        )
        data["impact"].append(dict(entry["edit"]["impact"]))
        services.update_initiative(initiative=initiative, editor=author, data=data)
        services.submit_initiative(initiative=initiative, actor=author)


def _move_into_the_past(initiative, entry, now):
    """Spread the history over the weeks or months since ``days_ago``. Steps after the first
    publication (edits, archiving) happened in the last days."""
    events = list(initiative.events.order_by("pk"))
    published = next((e for e in events if e.action == Action.PUBLISHED), None)
    when = now - timedelta(days=entry["days_ago"])
    later = [e for e in events if published and e.pk > published.pk]
    for n, event in enumerate(events):
        if event in later:
            event.created_at = now - timedelta(days=2 * (len(later) - later.index(event)))
        else:
            event.created_at = when
            when += timedelta(days=STEP_GAPS[n % len(STEP_GAPS)], hours=n + 1)
    Event.objects.bulk_update(events, ["created_at"])

    # The public text last changed when it was written; later edits wait in a pending change.
    written = [e for e in events if e.action in (Action.CREATED, Action.EDITED) and e not in later]
    fields = {"created_at": events[0].created_at, "updated_at": written[-1].created_at}
    submissions = [e for e in events if e.action == Action.SUBMITTED]
    if submissions:
        fields["submitted_at"] = submissions[-1].created_at
    fields["confirmed_at"] = fields["created_at"]
    if published:
        fields["published_at"] = fields["confirmed_at"] = published.created_at
    if entry["workflow"] == OUTDATED:
        fields["confirmed_at"] = now - OUTDATED_CONFIRMATION
        # The yearly reminder went out three months ago and was not answered.
        fields["freshness_reminder_sent_at"] = fields["confirmed_at"] + timedelta(days=365)
    Initiative.objects.filter(pk=initiative.pk).update(**fields)

    edited = [e for e in later if e.action == Action.EDITED]
    submitted = [e for e in later if e.action == Action.CHANGES_SUBMITTED]
    if edited:
        PendingChange.objects.filter(initiative=initiative).update(
            created_at=edited[0].created_at,
            updated_at=edited[-1].created_at,
            submitted_at=submitted[-1].created_at if submitted else None,
        )


@transaction.atomic
def seed_initiatives():
    """Create the demo initiatives that do not exist yet; returns how many were created.

    Needs the reference data and the demo users and organisations (``ncc_portal.demo``). The
    services queue their notification emails as usual.
    """
    innovator, coordinators = _users()
    seed_demo_organisations(innovator)
    vocabularies = (
        dict(Theme.objects.values_list("slug", "pk")),
        dict(TargetGroup.objects.values_list("slug", "pk")),
    )
    now = timezone.now()
    created = 0
    for entry in demo_initiatives():
        title = entry["texts"][entry["language"]]["title"]
        if Initiative.objects.filter(slug=slugify(title)[:200]).exists():
            continue
        organisation = Organisation.objects.get(name=entry["organisation"])
        coordinator = coordinators[entry["country"]]
        author = _author(organisation, innovator, coordinator)
        initiative = services.create_initiative(
            author=author, data=_snapshot(entry, organisation, vocabularies)
        )
        _run_workflow(entry, initiative, author, coordinator)
        _move_into_the_past(initiative, entry, now)
        created += 1
    return created
