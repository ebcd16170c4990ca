"""The registry's part of a person's data export (GDPR Art. 15 and 20) and of erasing them."""

from .models import Event, Initiative


def export_personal_data(user):
    """What the person did in the registry's workflow, and the initiatives that name them as
    contact (datetimes are left to the encoder of ``ncc_portal.services.export_personal_data``)."""
    return {
        "initiative_history": [
            {
                "initiative": e.initiative.slug,
                "action": e.action,
                "comment": e.comment,
                "at": e.created_at,
            }
            for e in Event.objects.filter(actor=user).select_related("initiative")
        ],
        "initiative_contacts": [
            {
                "initiative": i.slug,
                "contact_name": i.contact_name,
                "contact_email": i.contact_email,
                "contact_phone": i.contact_phone,
                "shown_publicly": i.contact_consent,
            }
            for i in Initiative.objects.filter(contact_email__iexact=user.email)
        ],
    }


def erase_personal_data(user):
    """Initiatives stay online; the person's contact details leave them. History entries keep
    what happened but no longer say who (``actor`` is SET_NULL)."""
    Initiative.objects.filter(contact_email__iexact=user.email).update(
        contact_name="", contact_email="", contact_phone="", contact_consent=False
    )
