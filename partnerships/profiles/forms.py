"""The partner profile's form. It never saves: the view hands ``values()``, ``items()``, the
themes and regions to the services, whose errors come back onto the form."""

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ncc_portal.choices import Contribution, Country, Language
from ncc_portal.models import Organisation, Region, Theme
from ncc_portal.widgets import RegionPicker

from ..models import LANGUAGES, Direction, Sector
from . import services

CONTACT_HELP = _("Never shown on the profile; shared only when both sides accept an introduction.")


class RegionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, region):
        return f"{region.name} ({region.code})"


class PartnerProfileForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=Sector.choices,
        required=False,
        help_text=_("Left empty, it follows from the kind of your organisation."),
    )
    original_language = forms.ChoiceField(
        label=_("Language you write in"),
        choices=Language.choices,
        help_text=_("The summary is required in this language; translations are optional."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries served"),
        choices=Country.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = RegionChoiceField(
        label=_("Regions served"),
        queryset=Region.objects.filter(level__gte=1).order_by("code"),
        required=False,
        help_text=_("Optional: NUTS regions where your organisation works."),
        # Several countries: the picker shows every country's group (no narrowing).
        widget=RegionPicker(country_field=""),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=150, help_text=CONTACT_HELP
    )
    contact_email = forms.EmailField(label=_("Contact email"), help_text=CONTACT_HELP)
    contact_phone = forms.CharField(
        label=_("Contact phone"), max_length=40, required=False, help_text=CONTACT_HELP
    )

    def __init__(self, *args, user, profile=None, **kwargs):
        self.profile = profile
        super().__init__(*args, **kwargs)
        # The picker groups the regions by country (without it, one nameless group each).
        self.fields["regions"].widget.show_regions(self.fields["regions"].queryset)
        for code, _name in settings.LANGUAGES:
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Short summary"),
                max_length=600,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 6, "lang": code}),
            )
        for _direction, prefix in ((Direction.OFFERS, "offer"), (Direction.SEEKS, "seeks")):
            for kind, label in Contribution.choices:
                self.fields[f"{prefix}_{kind}"] = forms.BooleanField(label=label, required=False)
                self.fields[f"{prefix}_{kind}_text"] = forms.CharField(
                    label=format_lazy("{}: {}", label, _("in a few words")),
                    max_length=services.ITEM_TEXT_LENGTH,
                    required=False,
                )
        if profile is None:
            self.fields["organisation"].queryset = services.organisations_without_profile(user)
        else:
            del self.fields["organisation"]
            self.initial.update(self._initial_of(profile))

    @staticmethod
    def _initial_of(profile):
        initial = {name: getattr(profile, name) for name in services.PLAIN_FIELDS}
        for name in services.TRANSLATED_NAMES:
            initial[name] = getattr(profile, name) or ""
        initial["themes"] = list(profile.themes.values_list("pk", flat=True))
        initial["regions"] = list(profile.regions.values_list("pk", flat=True))
        language = profile.original_language
        for item in profile.items.all():
            prefix = "offer" if item.direction == Direction.OFFERS else "seeks"
            initial[f"{prefix}_{item.kind}"] = True
            initial[f"{prefix}_{item.kind}_text"] = getattr(item, f"text_{language}") or ""
        return initial

    def clean(self):
        cleaned = super().clean()
        for prefix in ("offer", "seeks"):
            for kind, _label in Contribution.choices:
                if cleaned.get(f"{prefix}_{kind}_text") and not cleaned.get(f"{prefix}_{kind}"):
                    self.add_error(
                        f"{prefix}_{kind}",
                        _("Tick it, or leave its text empty."),
                    )
        return cleaned

    # What the services take.
    def values(self):
        data = {name: self.cleaned_data.get(name) for name in services.PLAIN_FIELDS}
        for name in services.TRANSLATED_NAMES:
            data[name] = self.cleaned_data.get(name, "")
        return data

    def items(self):
        """(direction, kind, text) of the ticked offers and requests. The text is in the
        writing language; its translations (from the demo or the admin) are kept while it is
        unchanged."""
        language = self.cleaned_data.get("original_language")
        result = []
        for direction, prefix in ((Direction.OFFERS, "offer"), (Direction.SEEKS, "seeks")):
            for kind, _label in Contribution.choices:
                if self.cleaned_data.get(f"{prefix}_{kind}"):
                    text = self.cleaned_data.get(f"{prefix}_{kind}_text", "")
                    result.append((direction, kind, {language: text}))
        return result

    # Groups for the template.
    def language_groups(self):
        return [
            (code, name, [self[f"summary_{code}"], self[f"description_{code}"]])
            for code, name in settings.LANGUAGES
        ]

    def item_rows(self, prefix):
        return [
            (self[f"{prefix}_{kind}"], self[f"{prefix}_{kind}_text"])
            for kind, _label in Contribution.choices
        ]

    def offer_rows(self):
        return self.item_rows("offer")

    def seeks_rows(self):
        return self.item_rows("seeks")

    def add_service_errors(self, error):
        """Put a service's ValidationError on the form's fields (or the form)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                if field == "offers":
                    target = None
                for message in messages:
                    self.add_error(target, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you ask for changes."),
    )


__all__ = ["LANGUAGES", "PartnerProfileForm", "DecisionForm"]
