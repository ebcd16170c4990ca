"""Every change of state of an introduction: interest expressed by either side, a coordinator's
brokering, acceptance, a quiet decline, withdrawal, and the pipeline's stages.

Double opt-in: whoever expresses interest accepts for their side; the other side (both, when a
coordinator brokers) accepts or declines. Until both have accepted, the parties see only each
other's organisation and messages; afterwards each sees the other's contact person
(``contact_of``). Declining is quiet: the other side is not emailed.

Each step writes an ``IntroductionEvent`` and emails the recipients in their own language
after the commit. The daily limit of expressions of interest is counted under a lock on the
organisation's ``InterestQuota`` row of the day, so that simultaneous requests cannot pass it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ncc_portal.emails import queue_email_to_user
from ncc_portal.models import Membership, Role, User

from ..models import (
    PIPELINE,
    InterestQuota,
    Introduction,
    IntroductionEvent,
    Outcome,
    PartnerProfile,
    Side,
    Stage,
)

DEFAULT_DAILY_LIMIT = 10


def daily_limit():
    return getattr(settings, "PARTNER_INTEREST_DAILY_LIMIT", DEFAULT_DAILY_LIMIT)


# --- Who is who ----------------------------------------------------------------------------


def sides_of(user, introduction):
    """The sides (``Side.INITIATIVE``, ``Side.PARTNER``) ``user`` belongs to, read once per
    person and introduction."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cache = introduction.__dict__.setdefault("_sides_of", {})
    if user.pk not in cache:
        initiative_org = introduction.initiative.organisation_id
        partner_org = introduction.profile.organisation_id
        orgs = set(
            Membership.objects.filter(
                user=user, organisation_id__in=[initiative_org, partner_org]
            ).values_list("organisation_id", flat=True)
        )
        sides = set()
        if initiative_org in orgs:
            sides.add(Side.INITIATIVE)
        if partner_org in orgs:
            sides.add(Side.PARTNER)
        cache[user.pk] = frozenset(sides)
    return cache[user.pk]


def countries_of(introduction):
    """The countries whose coordinators look after the introduction: the initiative's and
    the profile's organisation's."""
    return {introduction.country, introduction.profile.organisation.country}


def coordinates(user, introduction=None, *, countries=None):
    if user is None or not user.is_authenticated:
        return False
    if user.role == Role.ADMINISTRATOR or user.is_superuser:
        return True
    if user.role != Role.COORDINATOR or user.centre_id is None:
        return False
    countries = countries if countries is not None else countries_of(introduction)
    return user.centre.country in countries


def has_accepted(introduction, side):
    if side == Side.INITIATIVE:
        return introduction.initiative_accepted_at is not None
    return introduction.partner_accepted_at is not None


def awaiting_sides(introduction):
    """The sides still to answer a proposed introduction."""
    if introduction.stage != Stage.PROPOSED:
        return set()
    return {
        side for side in (Side.INITIATIVE, Side.PARTNER) if not has_accepted(introduction, side)
    }


def contacts_visible(introduction):
    """Contact persons are shown only once both sides have accepted (and not after a decline
    or withdrawal before that)."""
    return introduction.both_accepted and introduction.stage in PIPELINE


def contact_of(introduction, side):
    """The contact person of ``side`` as the other side sees it once both accepted: the
    profile's or the initiative's contact person, or the member of that side who accepted when
    it names none (e.g. after its contact person erased their account). None before that, or
    when nobody is left to contact."""
    if not contacts_visible(introduction):
        return None
    if side == Side.PARTNER:
        listed, member = introduction.profile, introduction.partner_accepted_by
    else:
        listed, member = introduction.initiative, introduction.initiative_accepted_by
    if listed.contact_name or listed.contact_email:
        return {
            "name": listed.contact_name,
            "email": listed.contact_email,
            "phone": listed.contact_phone,
        }
    if member is None or not member.is_active:
        return None
    return {"name": member.name, "email": member.email, "phone": ""}


def members_of(organisation_id):
    return User.objects.filter(
        memberships__organisation_id=organisation_id, is_active=True
    ).distinct()


# --- Helpers -------------------------------------------------------------------------------


def _record(introduction, action, *, actor, side="", stage="", message="", now=None):
    return IntroductionEvent.objects.create(
        introduction=introduction,
        action=action,
        side=side,
        stage=stage,
        actor=actor,
        message=message,
        at=now or timezone.now(),
    )


def _email(users, template, introduction, *, exclude=None, **context):
    """Email ``users`` (except ``exclude``) in their own language."""
    for user in users:
        if exclude is not None and user.pk == exclude.pk:
            continue
        # Titles and labels (lazy) are read in the recipient's language.
        with translation.override(user.language):
            translated = {
                key: str(value) if isinstance(value, Promise) else value
                for key, value in context.items()
            }
            initiative_title = str(introduction.initiative.title)
        queue_email_to_user(
            user,
            template=template,
            context={
                "pk": introduction.pk,
                "initiative": initiative_title,
                "initiative_organisation": introduction.initiative.organisation.name,
                "partner": introduction.profile.organisation.name,
                **translated,
            },
        )


def _side_members(introduction, side):
    if side == Side.INITIATIVE:
        return members_of(introduction.initiative.organisation_id)
    return members_of(introduction.profile.organisation_id)


def _other(side):
    return Side.PARTNER if side == Side.INITIATIVE else Side.INITIATIVE


def _organisation_name(introduction, side):
    if side == Side.INITIATIVE:
        return introduction.initiative.organisation.name
    return introduction.profile.organisation.name


def _locked(introduction):
    locked = Introduction.objects.select_for_update(of=("self",)).get(pk=introduction.pk)
    return (
        Introduction.objects.select_related("initiative__organisation", "profile__organisation")
        .filter(pk=locked.pk)
        .get()
    )


def _check_pair(initiative, profile):
    if not initiative.is_published:
        raise ValidationError(_("Only published initiatives can be introduced to partners."))
    if not PartnerProfile.objects.valid().filter(pk=profile.pk).exists():
        raise ValidationError(_("This partner profile is not published or has expired."))
    if initiative.organisation_id == profile.organisation_id:
        raise ValidationError(_("An initiative cannot be introduced to its own organisation."))
    pair = Introduction.objects.filter(initiative=initiative, profile=profile)
    if pair.open().exists():
        raise ValidationError(
            _(
                "An introduction between this initiative and this partner is already under way: "
                "see it on your partner matches page."
            )
        )
    if pair.filter(stage=Stage.DECLINED).exists():
        raise ValidationError(
            _("This introduction did not go ahead before; it cannot be proposed again.")
        )


def _create(**values):
    try:
        with transaction.atomic():
            return Introduction.objects.create(**values)
    except IntegrityError:
        raise ValidationError(
            _(
                "An introduction between this initiative and this partner is already under way: "
                "see it on your partner matches page."
            )
        ) from None


def _count_interest(organisation, now):
    """Count one expression of interest for ``organisation`` today, under a lock on the day's
    quota row; raises once the daily limit is reached."""
    day = timezone.localdate(now)
    quota, _created = InterestQuota.objects.select_for_update().get_or_create(
        organisation=organisation, day=day
    )
    limit = daily_limit()
    if quota.count >= limit:
        raise ValidationError(
            ngettext(
                "Your organisation has already expressed interest %(limit)d time today, the "
                "most allowed per day. Please try again tomorrow.",
                "Your organisation has already expressed interest %(limit)d times today, the "
                "most allowed per day. Please try again tomorrow.",
                limit,
            )
            % {"limit": limit}
        )
    quota.count += 1
    quota.save(update_fields=["count"])


# --- The steps -----------------------------------------------------------------------------


@transaction.atomic
def express_interest(*, user, initiative, profile, message, now=None):
    """A member of the initiative's organisation (or of the profile's) expresses interest in
    the other side: the introduction is proposed, accepted for the member's side, counted
    against the organisation's daily limit, and the other side's members are emailed with the
    organisation's name and the message (never a person's contact details)."""
    now = now or timezone.now()
    member_of = set(
        Membership.objects.filter(
            user=user, organisation_id__in=[initiative.organisation_id, profile.organisation_id]
        ).values_list("organisation_id", flat=True)
    )
    if initiative.organisation_id in member_of:
        side, organisation = Side.INITIATIVE, initiative.organisation
    elif profile.organisation_id in member_of:
        side, organisation = Side.PARTNER, profile.organisation
    else:
        raise ValidationError(
            _("You can express interest only for an initiative or a partner profile of your own.")
        )
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Please write a short message to the other side.")})
    _check_pair(initiative, profile)
    _count_interest(organisation, now)
    values = {
        "initiative": initiative,
        "profile": profile,
        "country": initiative.country,
        "started_by": side,
        "started_by_user": user,
        "stage_changed_at": now,
        "created_at": now,
    }
    if side == Side.INITIATIVE:
        values.update(
            initiative_message=message, initiative_accepted_at=now, initiative_accepted_by=user
        )
    else:
        values.update(partner_message=message, partner_accepted_at=now, partner_accepted_by=user)
    introduction = _create(**values)
    _record(introduction, "interest", actor=user, side=side, message=message, now=now)
    _email(
        _side_members(introduction, _other(side)),
        "partner_introduction_interest",
        introduction,
        organisation=organisation.name,
        message=message,
    )
    return introduction


@transaction.atomic
def broker(*, coordinator, initiative, profile, message, now=None):
    """A coordinator of the initiative's or the profile's country proposes an introduction;
    both sides are emailed and both must accept."""
    now = now or timezone.now()
    countries = {initiative.country, profile.organisation.country}
    if not coordinates(coordinator, countries=countries):
        raise ValidationError(
            _("You can broker introductions only for initiatives or partners of your country.")
        )
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Please write a short message to both sides.")})
    _check_pair(initiative, profile)
    introduction = _create(
        initiative=initiative,
        profile=profile,
        country=initiative.country,
        started_by=Side.COORDINATOR,
        started_by_user=coordinator,
        coordinator_message=message,
        stage_changed_at=now,
        created_at=now,
    )
    _record(introduction, "brokered", actor=coordinator, side=Side.COORDINATOR, message=message)
    for side in (Side.INITIATIVE, Side.PARTNER):
        _email(
            _side_members(introduction, side),
            "partner_introduction_brokered",
            introduction,
            message=message,
            other=_organisation_name(introduction, _other(side)),
        )
    return introduction


def _answering_side(user, introduction):
    """The side ``user`` answers for: one of theirs that has not accepted yet."""
    if introduction.stage != Stage.PROPOSED:
        raise ValidationError(_("This introduction is no longer waiting for an answer."))
    waiting = awaiting_sides(introduction) & sides_of(user, introduction)
    if not waiting:
        raise ValidationError(_("This introduction is not waiting for your answer."))
    return sorted(waiting)[0]


@transaction.atomic
def accept(*, user, introduction, now=None):
    """A member of a side that has not answered accepts. Once both sides have, the pair is
    introduced: both sides (and a brokering coordinator) are emailed, and each now sees the
    other's contact person."""
    now = now or timezone.now()
    introduction = _locked(introduction)
    side = _answering_side(user, introduction)
    if side == Side.INITIATIVE:
        introduction.initiative_accepted_at, introduction.initiative_accepted_by = now, user
    else:
        introduction.partner_accepted_at, introduction.partner_accepted_by = now, user
    _record(introduction, "accepted", actor=user, side=side, now=now)
    if introduction.both_accepted:
        introduction.stage = Stage.INTRODUCED
        introduction.introduced_at = now
        introduction.stage_changed_at = now
        _record(introduction, "stage", actor=user, stage=Stage.INTRODUCED, now=now)
    introduction.save()
    if introduction.both_accepted:
        recipients = [
            *_side_members(introduction, Side.INITIATIVE),
            *_side_members(introduction, Side.PARTNER),
        ]
        if introduction.started_by == Side.COORDINATOR and introduction.started_by_user:
            recipients.append(introduction.started_by_user)
        _email(recipients, "partner_introduction_introduced", introduction)
    return introduction


@transaction.atomic
def decline(*, user, introduction, now=None):
    """A member of a side that has not answered declines. Quiet: nobody is emailed; the
    decline is recorded, and the pair is not suggested or proposed again."""
    now = now or timezone.now()
    introduction = _locked(introduction)
    side = _answering_side(user, introduction)
    introduction.stage = Stage.DECLINED
    introduction.stage_changed_at = now
    introduction.save(update_fields=["stage", "stage_changed_at"])
    _record(introduction, "declined", actor=user, side=side, stage=Stage.DECLINED, now=now)
    return introduction


@transaction.atomic
def withdraw(*, user, introduction, now=None):
    """A party that has accepted (or a coordinator) withdraws a proposed introduction before
    it is made; the other sides that were told of it are emailed."""
    now = now or timezone.now()
    introduction = _locked(introduction)
    if introduction.stage != Stage.PROPOSED:
        raise ValidationError(_("Only an introduction waiting for an answer can be withdrawn."))
    mine = {side for side in sides_of(user, introduction) if has_accepted(introduction, side)}
    if mine:
        side = sorted(mine)[0]
    elif coordinates(user, introduction):
        side = Side.COORDINATOR
    else:
        raise ValidationError(_("You cannot withdraw this introduction."))
    introduction.stage = Stage.WITHDRAWN
    introduction.stage_changed_at = now
    introduction.save(update_fields=["stage", "stage_changed_at"])
    _record(introduction, "withdrawn", actor=user, side=side, stage=Stage.WITHDRAWN, now=now)
    told = [s for s in (Side.INITIATIVE, Side.PARTNER) if s != side]
    for other in told:
        _email(
            _side_members(introduction, other),
            "partner_introduction_withdrawn",
            introduction,
            exclude=user,
        )
    return introduction


@transaction.atomic
def move_stage(*, user, introduction, stage, outcome=None, note="", now=None):
    """The pair or a coordinator of its countries moves an introduction along the pipeline;
    ending it needs an outcome. Everyone else on the pair is emailed."""
    now = now or timezone.now()
    introduction = _locked(introduction)
    if not (sides_of(user, introduction) or coordinates(user, introduction)):
        raise ValidationError(_("You cannot move this introduction."))
    if introduction.stage not in PIPELINE or introduction.stage == Stage.ENDED:
        raise ValidationError(_("This introduction is not in the pipeline."))
    if stage not in PIPELINE:
        raise ValidationError({"stage": _("Choose a stage of the pipeline.")})
    if stage == introduction.stage:
        raise ValidationError({"stage": _("The introduction is already at this stage.")})
    outcome = outcome or ""
    if stage == Stage.ENDED and outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Please choose how the introduction ended.")})
    if stage != Stage.ENDED and outcome:
        raise ValidationError({"outcome": _("An outcome is given only when it ends.")})
    introduction.stage = stage
    introduction.outcome = outcome
    introduction.stage_changed_at = now
    introduction.save(update_fields=["stage", "outcome", "stage_changed_at"])
    side = sorted(sides_of(user, introduction))[0] if sides_of(user, introduction) else ""
    _record(
        introduction,
        "stage",
        actor=user,
        side=side or Side.COORDINATOR,
        stage=stage,
        message=note.strip(),
        now=now,
    )
    recipients = [
        *_side_members(introduction, Side.INITIATIVE),
        *_side_members(introduction, Side.PARTNER),
    ]
    _email(
        recipients,
        "partner_introduction_stage",
        introduction,
        exclude=user,
        stage=Stage(stage).label,
        outcome=Outcome(outcome).label if outcome else "",
        note=note.strip(),
    )
    return introduction
