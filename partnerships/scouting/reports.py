"""The up-scaling dossier: one scouted initiative, its passport, its adopters and the steps
taken, as a PDF in any of the portal's languages.

The report engine cleans the parameters without knowing who asks; who may request a dossier
(the coordinators of a country on the card, administrators) is checked by
``services.request_dossier``."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ncc_portal.choices import Country
from ncc_portal.parts import ReportKind

from ..models import ScoutingCard
from . import passport
from .services import ACTION_LABELS, Action


def _card(params):
    try:
        return ScoutingCard.objects.select_related("initiative", "initiative__organisation").get(
            pk=int(params.get("card") or 0)
        )
    except (ScoutingCard.DoesNotExist, TypeError, ValueError) as error:
        raise ValidationError(
            _("Choose a card on the scouting board to build its up-scaling dossier.")
        ) from error


def dossier_params(params):
    return {"card": _card(params).pk}


def dossier_title(params):
    return _("Up-scaling dossier: %(title)s") % {"title": _card(params).initiative.title}


def steps(card):
    """The card's steps for reading: date, what, stage or country, note, who."""
    return [
        {
            "at": event.at,
            "action": ACTION_LABELS.get(event.action, event.action),
            # A move names its stage; the first step is always "scouted".
            "stage": event.get_stage_display() if event.action == Action.MOVED else "",
            "country": event.get_country_display() if event.country else "",
            "note": event.note,
            "actor": (event.actor.name or event.actor.email) if event.actor else "",
        }
        for event in card.events.select_related("actor")
    ]


def dossier_context(params, progress):
    card = _card(params)
    initiative = card.initiative
    progress(30)
    return {
        "card": card,
        "initiative": initiative,
        "passport": passport.passport(initiative),
        "missing": passport.missing(initiative),
        "countries": [str(Country(code).label) for code in card.countries],
        "adopters": list(card.adopters.select_related("organisation")),
        "steps": steps(card),
    }


UPSCALING_DOSSIER = ReportKind(
    name="upscaling-dossier",
    label=gettext_lazy("Up-scaling dossier"),
    template="reports/upscaling_dossier.html",
    clean_params=dossier_params,
    title=dossier_title,
    build_context=dossier_context,
    public=False,
    order=150,
    # Built from its card's page (services.request_dossier), not on the report request form.
    requestable=False,
)
