"""Every change of state on the scouting board: scouting an initiative, moving its card through
the stages, handing it over to another country's centre, adopters, asking the initiative's
owners to complete its passport, notes and the up-scaling dossier.

Each writes a ``ScoutingEvent`` (the card's steps, with their dates) and touches the card's
``updated_at``. The card's row is locked while it changes, so that two centres adding countries
at the same time keep both."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import Initiative
from ncc_portal.choices import Country
from ncc_portal.emails import queue_email_to_user
from ncc_portal.models import Organisation, User
from ncc_portal.reports import services as report_services

from ..models import SCOUTING_ENDS, Adopter, ScoutingCard, ScoutingEvent, ScoutingStage
from . import passport

DOSSIER = "upscaling-dossier"


class Action:
    SCOUTED = "scouted"
    MOVED = "moved"
    HANDED_OVER = "handed_over"
    ADOPTER_ADDED = "adopter_added"
    ADOPTER_REMOVED = "adopter_removed"
    PASSPORT_REQUESTED = "passport_requested"
    NOTE = "note"


# How a step reads on the card and in the dossier.
ACTION_LABELS = {
    Action.SCOUTED: gettext_lazy("Scouted"),
    Action.MOVED: gettext_lazy("Moved to a stage"),
    Action.HANDED_OVER: gettext_lazy("Handed over to another centre"),
    Action.ADOPTER_ADDED: gettext_lazy("Adopter added"),
    Action.ADOPTER_REMOVED: gettext_lazy("Adopter removed"),
    Action.PASSPORT_REQUESTED: gettext_lazy("Passport completion requested"),
    Action.NOTE: gettext_lazy("Note"),
}


def _name(user):
    return (user.name or user.email) if user else ""


def _require(user, permission, card=None):
    if not user.has_perm(permission, card):
        raise PermissionDenied


def _locked(card):
    return ScoutingCard.objects.select_for_update().select_related("initiative").get(pk=card.pk)


def _record(card, actor, action, *, now, stage="", country="", note=""):
    card.updated_at = now
    card.save(update_fields=["updated_at", "stage", "drop_reason", "countries"])
    return ScoutingEvent.objects.create(
        card=card, action=action, stage=stage, country=country, note=note, actor=actor, at=now
    )


def open_card_of(initiative):
    """The card of ``initiative`` that has not ended, or None."""
    return (
        ScoutingCard.objects.filter(initiative=initiative).exclude(stage__in=SCOUTING_ENDS).first()
    )


@transaction.atomic
def scout(*, coordinator, initiative, note=""):
    """Put a published initiative that is open for replication on the board. Its country and
    the scouting coordinator's are on the card; an initiative has one card at a time."""
    _require(coordinator, "partnerships.scout")
    # The initiative's row is the lock that keeps two centres from scouting it twice at once.
    initiative = (
        Initiative.objects.without_search_vectors().select_for_update().get(pk=initiative.pk)
    )
    # (A harvested one is published on a peer portal: initiatives.federation.)
    if initiative.status not in ("published", "harvested"):
        raise ValidationError(_("Only published initiatives can be scouted."))
    if not initiative.open_for_replication:
        raise ValidationError(
            _("This initiative is not open for replication: its owners have not offered it.")
        )
    if open_card_of(initiative) is not None:
        raise ValidationError(_("This initiative is already on the scouting board."))
    countries = [initiative.country]
    if coordinator.centre_id and coordinator.centre.country not in countries:
        countries.append(coordinator.centre.country)
    now = timezone.now()
    card = ScoutingCard.objects.create(
        initiative=initiative,
        countries=countries,
        created_by=coordinator,
        created_at=now,
        updated_at=now,
    )
    _record(
        card, coordinator, Action.SCOUTED, now=now, stage=ScoutingStage.SCOUTED, note=note.strip()
    )
    return card


@transaction.atomic
def move(*, coordinator, card, stage, reason=""):
    """Move the card to another stage; dropping it needs a reason, which the board shows."""
    card = _locked(card)
    _require(coordinator, "partnerships.work_scouting_card", card)
    if stage not in ScoutingStage.values:
        raise ValidationError(_("Unknown stage."))
    if stage == card.stage:
        raise ValidationError(_("The card is already in this stage."))
    reason = reason.strip()
    if stage == ScoutingStage.DROPPED and not reason:
        raise ValidationError(_("Please say why the initiative is dropped."))
    if card.stage in SCOUTING_ENDS and stage not in SCOUTING_ENDS:
        other = open_card_of(card.initiative)
        if other is not None and other.pk != card.pk:
            raise ValidationError(_("This initiative has another card on the board already."))
    card.stage = stage
    card.drop_reason = reason if stage == ScoutingStage.DROPPED else ""
    _record(card, coordinator, Action.MOVED, now=timezone.now(), stage=stage, note=reason)
    return card


@transaction.atomic
def hand_over(*, coordinator, card, country, note):
    """Share the card with another country's centre, with a note between the centres; its
    coordinators are emailed the note in their language."""
    card = _locked(card)
    _require(coordinator, "partnerships.work_scouting_card", card)
    if country not in Country.values:
        raise ValidationError(_("Unknown country."))
    if country in card.countries:
        raise ValidationError(_("This country's centre already works on the card."))
    note = note.strip()
    if not note:
        raise ValidationError(_("Please write a note for the receiving centre."))
    card.countries = [*card.countries, country]
    _record(card, coordinator, Action.HANDED_OVER, now=timezone.now(), country=country, note=note)
    from_country = coordinator.centre.country if coordinator.centre_id else ""
    for recipient in User.objects.coordinators_of(country):
        with translation.override(recipient.language):
            context = {
                "pk": card.pk,
                "initiative": str(card.initiative.title),
                "origin": str(Country(card.initiative.country).label),
                "from_country": str(Country(from_country).label) if from_country else "",
                "sender": _name(coordinator),
                "note": note,
            }
        queue_email_to_user(recipient, template="partner_scouting_handed_over", context=context)
    return card


def adopter_organisations(card):
    """The organisations that may adopt the card's initiative: those of other countries."""
    return Organisation.objects.exclude(country=card.initiative.country).order_by("country", "name")


@transaction.atomic
def add_adopter(*, coordinator, card, organisation, note=""):
    """Record an organisation of another country that takes the initiative up (with or without
    a partner profile); its country joins the card."""
    card = _locked(card)
    _require(coordinator, "partnerships.work_scouting_card", card)
    if organisation.country == card.initiative.country:
        raise ValidationError(
            _("An adopter is an organisation in another country than the initiative's.")
        )
    if card.adopters.filter(organisation=organisation).exists():
        raise ValidationError(_("This organisation is already an adopter."))
    now = timezone.now()
    adopter = Adopter.objects.create(
        card=card,
        organisation=organisation,
        country=organisation.country,
        note=note.strip(),
        added_by=coordinator,
        added_at=now,
    )
    if organisation.country not in card.countries:
        card.countries = [*card.countries, organisation.country]
    _record(
        card,
        coordinator,
        Action.ADOPTER_ADDED,
        now=now,
        country=organisation.country,
        note=organisation.name,
    )
    return adopter


@transaction.atomic
def remove_adopter(*, coordinator, adopter):
    """Remove an adopter; its country stays on the card (its centre keeps the history)."""
    card = adopter.card
    card = _locked(card)
    _require(coordinator, "partnerships.work_scouting_card", card)
    name, country = adopter.organisation.name, adopter.country
    adopter.delete()
    _record(
        card, coordinator, Action.ADOPTER_REMOVED, now=timezone.now(), country=country, note=name
    )
    return card


def _owners(initiative):
    return User.objects.filter(
        memberships__organisation=initiative.organisation_id, is_active=True
    ).distinct()


@transaction.atomic
def request_passport(*, coordinator, card, note=""):
    """Ask the members of the initiative's organisation to complete its passport: an email in
    each one's language listing what is missing, recorded on the card."""
    card = _locked(card)
    _require(coordinator, "partnerships.work_scouting_card", card)
    initiative = card.initiative
    if not passport.missing(initiative):
        raise ValidationError(_("The passport is complete: there is nothing to ask for."))
    owners = list(_owners(initiative))
    if not owners:
        raise ValidationError(_("The initiative's organisation has no members to write to."))
    now = timezone.now()
    card.passport_requested_at = now
    card.save(update_fields=["passport_requested_at"])
    _record(card, coordinator, Action.PASSPORT_REQUESTED, now=now, note=note.strip())
    for owner in owners:
        with translation.override(owner.language):
            context = {
                "initiative": str(initiative.title),
                "slug": initiative.slug,
                "missing": [str(label) for label in passport.missing(initiative)],
                "sender": _name(coordinator),
                "note": note.strip(),
            }
        queue_email_to_user(owner, template="partner_scouting_passport_requested", context=context)
    return card


@transaction.atomic
def add_note(*, coordinator, card, note):
    card = _locked(card)
    _require(coordinator, "partnerships.work_scouting_card", card)
    note = note.strip()
    if not note:
        raise ValidationError(_("Please write a note."))
    _record(card, coordinator, Action.NOTE, now=timezone.now(), note=note)
    return card


def request_dossier(*, coordinator, card, language):
    """Ask the report engine for the card's up-scaling dossier in ``language``. The engine does
    not know who may see a card, so the permission is checked here."""
    card.refresh_from_db(fields=["countries"])
    _require(coordinator, "partnerships.view_scouting_card", card)
    if not coordinator.has_perm("ncc_portal.request_report"):
        raise PermissionDenied
    return report_services.request_report(
        kind=DOSSIER,
        params={"card": card.pk},
        language=language,
        user=coordinator,
        centre=coordinator.centre,
    )
