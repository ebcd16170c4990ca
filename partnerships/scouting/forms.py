"""The scouting board's forms: each feeds one service."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ncc_portal.choices import Country
from ncc_portal.models import Theme

from ..models import ScoutingStage
from .services import adopter_organisations


class CandidateFilterForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("All countries")), *Country.choices]
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), required=False, queryset=Theme.objects.all(), empty_label=_("All themes")
    )


class ScoutForm(forms.Form):
    initiative = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Why it is worth scaling up (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to stage"), choices=ScoutingStage.choices)
    reason = forms.CharField(
        label=_("Reason (needed when dropping)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, card=None, **kwargs):
        super().__init__(*args, **kwargs)
        if card is not None and not self.is_bound:
            self.fields["stage"].initial = card.stage


class HandOverForm(forms.Form):
    country = forms.ChoiceField(label=_("Hand over to the centre of"))
    note = forms.CharField(
        label=_("Note for the receiving centre"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, card, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            (code, label) for code, label in Country.choices if code not in card.countries
        ]


class AdopterForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, card, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = adopter_organisations(card)
        field.label_from_instance = lambda o: f"{o.name} ({o.get_country_display()})"


class PassportRequestForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the initiative (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DossierForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the dossier"), choices=settings.LANGUAGES)
