"""Choices shared by the core's models and the apps (no model imports here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    GERMANY = "DE", _("Germany")
    ESTONIA = "EE", _("Estonia")
    LUXEMBOURG = "LU", _("Luxembourg")
    NETHERLANDS = "NL", _("Netherlands")


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    ESTONIAN = "et", _("Estonian")
    DUTCH = "nl", _("Dutch")
    FRENCH = "fr", _("French")


class Contribution(models.TextChoices):
    """What a partner can contribute, or a party seeks: the one vocabulary of partner profiles'
    offers and requests and of initiatives' needs (partnerships)."""

    FUNDING = "funding", _("Funding")
    SOCIAL_INVESTMENT = "social_investment", _("Social investment")
    PILOT_SITE = "pilot_site", _("Pilot site")
    EXPERTISE = "expertise", _("Expertise and advice")
    RESEARCH = "research", _("Research and evaluation")
    DATA = "data", _("Data")
    NETWORK = "network", _("Network and outreach")
    PROCUREMENT = "procurement", _("Public procurement")
    VOLUNTEERS = "volunteers", _("Volunteers")
    PREMISES = "premises", _("Premises")
    MENTORING = "mentoring", _("Mentoring")
    TRANSLATION = "translation", _("Translation and adaptation of materials")
