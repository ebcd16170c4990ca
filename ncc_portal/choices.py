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
