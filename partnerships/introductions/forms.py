"""The forms of introductions: interest from a suggestion, a coordinator's brokering, a stage."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative

from ..models import PIPELINE, Outcome, PartnerProfile, Stage

MESSAGE_HELP = _(
    "Who you are and what you hope for from the introduction, in a few sentences. No contact "
    "details: they are exchanged once both sides have accepted."
)


class InterestForm(forms.Form):
    initiative = forms.ModelChoiceField(
        queryset=Initiative.objects.published().without_search_vectors(),
        widget=forms.HiddenInput,
    )
    profile = forms.ModelChoiceField(
        queryset=PartnerProfile.objects.valid().without_search_vectors(),
        widget=forms.HiddenInput,
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MESSAGE_HELP,
    )


class BrokerForm(InterestForm):
    message = forms.CharField(
        label=_("Your message to both sides"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the centre suggests this introduction."),
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[(stage.value, stage.label) for stage in PIPELINE]
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("– only when it ends –")), *Outcome.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, introduction=None, **kwargs):
        super().__init__(*args, **kwargs)
        if introduction is not None and not self.is_bound and introduction.stage in PIPELINE:
            following = PIPELINE.index(Stage(introduction.stage)) + 1
            if following < len(PIPELINE):
                self.initial.setdefault("stage", PIPELINE[following].value)
