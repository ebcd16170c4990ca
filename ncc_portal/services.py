"""State changes of the shared models. Views, admin and commands all call these functions."""

import json

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import parts
from .emails import queue_email, queue_email_to_user
from .models import (
    Invitation,
    Membership,
    Organisation,
    PublicSectorRequest,
    Role,
    RoleRequestStatus,
    User,
)


def unique_slug(model, text, *, max_length=200):
    base = slugify(text)[:max_length] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base[: max_length - 6]}-{n}"
        n += 1
    return slug


@transaction.atomic
def create_organisation(*, creator, name, kind, country, region=None, website="", **translated):
    """Create an organisation with its creator as the first member.

    ``translated`` holds the per-language description fields (``description_de`` …).
    """
    organisation = Organisation.objects.create(
        name=name,
        slug=unique_slug(Organisation, name),
        kind=kind,
        country=country,
        region=region,
        website=website,
        **translated,
    )
    Membership.objects.create(organisation=organisation, user=creator)
    return organisation


@transaction.atomic
def invite_member(*, organisation, invited_by, email, language):
    """Record an invitation and email its link. A still-open invitation is sent again."""
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already a member.") % {"email": email})
    invitation = organisation.invitations.open().filter(email=email).first()
    if invitation is None:
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, language=language, invited_by=invited_by
        )
    queue_email(
        to=email,
        language=invitation.language,
        template="organisation_invitation",
        context={
            "organisation": organisation.name,
            "inviter": str(invited_by),
            "token": invitation.token,
            "expires": invitation.expires_at.date().isoformat(),
        },
    )
    return invitation


@transaction.atomic
def accept_invitation(*, invitation, user):
    """Make ``user`` a member. The invitation was sent to an address; any verified user may use
    the link, which is a secret only the recipient received."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or was already used."))
    Membership.objects.get_or_create(organisation=invitation.organisation, user=user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return invitation.organisation


@transaction.atomic
def leave_organisation(*, organisation, user):
    """Remove ``user`` from ``organisation``; the last member cannot leave."""
    memberships = Membership.objects.select_for_update().filter(organisation=organisation)
    if not any(m.user_id == user.pk for m in memberships):
        raise PermissionDenied
    if len(memberships) == 1:
        raise ValidationError(
            _("You are the last member of %(organisation)s. Invite someone to take over first.")
            % {"organisation": organisation.name}
        )
    memberships.filter(user=user).delete()


@transaction.atomic
def request_public_sector_role(*, user, organisation, position, statement=""):
    if user.role != Role.INNOVATOR:
        raise ValidationError(_("Your account already has a role beyond innovator."))
    if PublicSectorRequest.objects.filter(user=user).pending().exists():
        raise ValidationError(_("You already have a request waiting for a decision."))
    if not organisation.is_public_sector:
        raise ValidationError(
            _("Choose a ministry, a public authority or an ESF+ managing authority.")
        )
    role_request = PublicSectorRequest.objects.create(
        user=user, organisation=organisation, position=position, statement=statement
    )
    coordinators = User.objects.filter(
        role=Role.COORDINATOR, centre__country=organisation.country, is_active=True
    )
    for coordinator in coordinators:
        queue_email_to_user(
            coordinator,
            template="public_sector_request_received",
            context={"requester": str(user), "organisation": organisation.name},
        )
    return role_request


@transaction.atomic
def decide_public_sector_request(*, role_request, decided_by, approve, note=""):
    """Approve or decline; approval makes the requester public-sector staff and a member of the
    organisation. The requester is told either way."""
    role_request = PublicSectorRequest.objects.select_for_update().get(pk=role_request.pk)
    if role_request.status != RoleRequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    role_request.status = RoleRequestStatus.APPROVED if approve else RoleRequestStatus.DECLINED
    role_request.decided_by = decided_by
    role_request.decided_at = timezone.now()
    role_request.decision_note = note
    role_request.save()
    requester = role_request.user
    if approve:
        if requester.role == Role.INNOVATOR:
            requester.role = Role.PUBLIC_SECTOR
            requester.save(update_fields=["role"])
        Membership.objects.get_or_create(organisation=role_request.organisation, user=requester)
    queue_email_to_user(
        requester,
        template="public_sector_request_decided",
        context={
            "approved": approve,
            "organisation": role_request.organisation.name,
            "note": note,
        },
    )
    return role_request


@transaction.atomic
def assign_role(*, user, role, centre=None):
    """Give ``user`` a role. Coordinators need a centre; administrators may use the Django admin."""
    if role == Role.COORDINATOR and centre is None:
        raise ValidationError(_("A coordinator works for a national centre."))
    user.role = role
    user.centre = centre if role == Role.COORDINATOR else user.centre
    user.is_staff = role == Role.ADMINISTRATOR
    user.is_superuser = role == Role.ADMINISTRATOR
    user.save(update_fields=["role", "centre", "is_staff", "is_superuser"])
    return user


@transaction.atomic
def grant_researcher_role(*, user, granted_by):
    """Coordinators let a person write case studies and library entries."""
    if user.role != Role.INNOVATOR:
        raise ValidationError(
            _("%(email)s already has the role %(role)s.")
            % {"email": user.email, "role": user.get_role_display()}
        )
    user.role = Role.RESEARCHER
    user.save(update_fields=["role"])
    queue_email_to_user(
        user, template="researcher_role_granted", context={"granted_by": str(granted_by)}
    )
    return user


@transaction.atomic
def revoke_researcher_role(*, user, revoked_by):
    if user.role != Role.RESEARCHER:
        raise ValidationError(_("This person is not a researcher."))
    user.role = Role.INNOVATOR
    user.save(update_fields=["role"])
    return user


def export_personal_data(user):
    """Everything the portal holds about ``user``, as a JSON-ready dict (GDPR Art. 15 and 20).

    Each part contributes its section (``parts.data_export``); the core's is the account."""
    data = {}
    for section in parts.data_export:
        part = section.export(user)
        if clash := data.keys() & part.keys():
            raise ImproperlyConfigured(
                f"The data-export section {section.name!r} repeats the keys {sorted(clash)}."
            )
        data.update(part)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def export_account_data(user):
    """The core's section of the data export: the account, its addresses, roles and memberships."""
    from allauth.account.models import EmailAddress

    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "role": user.role,
            "centre": user.centre.country if user.centre else None,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "memberships": [
            {"organisation": m.organisation.name, "joined_at": m.joined_at}
            for m in user.memberships.select_related("organisation")
        ],
        "public_sector_requests": [
            {
                "organisation": r.organisation.name,
                "position": r.position,
                "statement": r.statement,
                "status": r.status,
                "created_at": r.created_at,
                "decided_at": r.decided_at,
                "decision_note": r.decision_note,
            }
            for r in user.public_sector_requests.select_related("organisation")
        ],
        "two_factor_authentication": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in user.authenticator_set.all()
        ],
    }


@transaction.atomic
def delete_account(*, user):
    """Delete ``user`` and their personal data. Organisations and the content they published stay;
    content that pointed at the user keeps no trace of them (foreign keys are SET_NULL). Each part
    removes what foreign keys alone would not (``parts.data_export``)."""
    for section in parts.data_export:
        if section.erase:
            section.erase(user)
    user.delete()


def erase_account_data(user):
    """The core's part of erasing an account: the invitations it sent and received."""
    Invitation.objects.filter(invited_by=user).update(invited_by=None)
    Invitation.objects.filter(email__iexact=user.email).delete()
