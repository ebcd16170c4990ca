"""Demo introductions in every stage of the pipeline, between the demo initiatives and the demo
partner profiles (``partnerships.profiles``' demo step, which runs before this one), made
through ``services`` with members of the organisations as actors: interest awaiting an answer,
a coordinator's proposal, introduced, in talks, agreed, active, ended with an outcome, and one
declined. ``seed_introductions`` does nothing when introductions exist already, or when there
are no demo profiles yet.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from initiatives.models import Initiative
from ncc_portal.models import Role, User

from .. import matching
from ..models import PIPELINE, Introduction, Outcome, PartnerProfile, Stage
from . import services

# The way each demo introduction goes, one per pair, oldest first.
PLAN = [
    (Stage.ENDED, Outcome.PILOT),
    (Stage.ACTIVE, None),
    (Stage.AGREED, None),
    (Stage.IN_TALKS, None),
    (Stage.INTRODUCED, None),
    ("brokered", None),
    (Stage.PROPOSED, None),
    (Stage.DECLINED, None),
]


def _member(organisation_id):
    return (
        User.objects.filter(memberships__organisation_id=organisation_id, is_active=True)
        .order_by("pk")
        .first()
    )


def _coordinator(*countries):
    return (
        User.objects.filter(role=Role.COORDINATOR, centre__country__in=countries, is_active=True)
        .order_by("pk")
        .first()
    )


def _pairs():
    """Suggested pairs whose two sides have members, the best of each initiative first, then
    its next ones, so that the plan's stages spread over as many initiatives and profiles as
    the demo has."""
    candidates = []
    initiatives = Initiative.objects.published().order_by("published_at", "pk")
    for initiative in initiatives.prefetch_related("themes", "regions"):
        if not (initiative.partner_needs or initiative.partner_offers):
            continue
        member = _member(initiative.organisation_id)
        if member is None:
            continue
        ranked = []
        for suggestion in matching.suggest_partners(initiative, limit=len(PLAN)):
            partner = _member(suggestion.profile.organisation_id)
            if partner is not None:
                ranked.append((initiative, suggestion.profile, member, partner))
        candidates.append(ranked)
    # Round robin: every initiative's best pair, then every initiative's second best, …
    for rank in range(len(PLAN)):
        for ranked in candidates:
            if rank < len(ranked):
                yield ranked[rank]


def _introduce(initiative, profile, member, partner, plan, when):
    target, outcome = plan
    if target == "brokered":
        coordinator = _coordinator(initiative.country, profile.organisation.country)
        if coordinator is None:
            return None
        return services.broker(
            coordinator=coordinator,
            initiative=initiative,
            profile=profile,
            message="Both of you work on the same question in the same region: worth a talk.",
            now=when,
        )
    introduction = services.express_interest(
        user=member,
        initiative=initiative,
        profile=profile,
        message=(
            "We are looking for a partner to pilot our approach and would be glad to talk "
            "about what you offer."
        ),
        now=when,
    )
    if target == Stage.PROPOSED:
        return introduction
    if target == Stage.DECLINED:
        return services.decline(user=partner, introduction=introduction, now=when)
    introduction = services.accept(
        user=partner, introduction=introduction, now=when + timedelta(days=2)
    )
    day = 4
    for stage in PIPELINE[1 : PIPELINE.index(target) + 1]:
        introduction = services.move_stage(
            user=member if day % 2 else partner,
            introduction=introduction,
            stage=stage,
            outcome=outcome if stage == Stage.ENDED else None,
            now=when + timedelta(days=day),
        )
        day += 10
    return introduction


def seed_introductions():
    if Introduction.objects.exists() or not PartnerProfile.objects.valid().exists():
        return
    now = timezone.now()
    for number, (pair, plan) in enumerate(zip(_pairs(), PLAN, strict=False)):
        when = now - timedelta(days=120 - 12 * number)
        try:
            _introduce(*pair, plan, when)
        except ValidationError:
            continue
