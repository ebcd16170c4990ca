"""Introductions' part of a person's data export (GDPR Art. 15 and 20) and of erasing them.

The messages a person wrote and the steps they took are theirs; the organisations' profiles
and the introductions themselves belong to the organisations and stay (as counts for the
centres' figures), with the person's messages blanked, their name taken off and their contact
details taken off the profiles that name them as contact person."""

from django.db import transaction

from .models import Introduction, IntroductionEvent, PartnerProfile, Side

MESSAGE_FIELD = {
    Side.INITIATIVE: "initiative_message",
    Side.PARTNER: "partner_message",
    Side.COORDINATOR: "coordinator_message",
}


def export_personal_data(user):
    """The introductions the person started or accepted, with the message they wrote, and
    every step they took in one."""
    started = Introduction.objects.filter(started_by_user=user).select_related(
        "initiative", "profile"
    )
    events = IntroductionEvent.objects.filter(actor=user).select_related(
        "introduction__initiative", "introduction__profile"
    )
    return {
        "partner_introductions_started": [
            {
                "introduction": introduction.pk,
                "initiative": introduction.initiative.slug,
                "partner_profile": introduction.profile.slug,
                "as": introduction.started_by,
                "your_message": getattr(introduction, MESSAGE_FIELD[introduction.started_by]),
                "started_at": introduction.created_at,
                "stage": introduction.stage,
            }
            for introduction in started
        ],
        "partner_introduction_steps": [
            {
                "introduction": event.introduction_id,
                "initiative": event.introduction.initiative.slug,
                "partner_profile": event.introduction.profile.slug,
                "action": event.action,
                "side": event.side,
                "stage": event.stage,
                "message": event.message,
                "at": event.at,
            }
            for event in events
        ],
        "partner_profile_contacts": [
            {
                "partner_profile": profile.slug,
                "contact_name": profile.contact_name,
                "contact_email": profile.contact_email,
                "contact_phone": profile.contact_phone,
            }
            for profile in PartnerProfile.objects.filter(contact_email__iexact=user.email)
        ],
    }


@transaction.atomic
def erase_personal_data(user):
    """Blank the messages the person wrote and take their name off the steps and the
    acceptances (before the account is deleted; the foreign keys would only set them to null
    afterwards). The initiative's fallback contact is the member who accepted: with the
    account gone, nothing of them is shown any more."""
    IntroductionEvent.objects.filter(actor=user).update(message="", actor=None)
    for side, field in MESSAGE_FIELD.items():
        Introduction.objects.filter(started_by_user=user, started_by=side).update(**{field: ""})
    Introduction.objects.filter(started_by_user=user).update(started_by_user=None)
    Introduction.objects.filter(initiative_accepted_by=user).update(initiative_accepted_by=None)
    Introduction.objects.filter(partner_accepted_by=user).update(partner_accepted_by=None)
    # The profiles stay; the person's contact details leave them (as they leave initiatives).
    PartnerProfile.objects.filter(contact_email__iexact=user.email).update(
        contact_name="", contact_email="", contact_phone=""
    )
