"""The forms of training: an offer, a session, registering, cancelling a session."""

from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ncc_portal.models import Language, NationalCentre, Organisation, Region, Role, Theme

from .models import (
    TRANSLATED_FIELDS,
    Audience,
    OfferFormat,
    OfferKind,
    Question,
    Session,
)

LABELS = {
    "title": _("Title (%(language)s)"),
    "summary": _("Short summary (%(language)s)"),
    "description": _("Description (%(language)s)"),
    "prerequisites": _("Prerequisites (%(language)s)"),
}


class OfferForm(forms.Form):
    """An offer's facts and its texts in each language; ``values()`` gives the services' input."""

    original_language = forms.ChoiceField(
        label=_("Language it is written in"),
        choices=Language.choices,
        help_text=_("Readers of other languages see this text when there is no translation."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OfferKind.choices)
    format = forms.ChoiceField(label=_("Format"), choices=OfferFormat.choices)
    audiences = forms.MultipleChoiceField(
        label=_("Audience"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages it is given in"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fee = forms.DecimalField(
        label=_("Fee in euros"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("Leave empty when it is free. The fee is shown as information only."),
    )
    centre = forms.ModelChoiceField(label=_("National centre"), queryset=NationalCentre.objects)
    provider = forms.ModelChoiceField(
        label=_("Partner organisation providing it"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Leave empty when the national centre itself provides it."),
    )

    def __init__(self, *args, user, offer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        coordinates = user.role == Role.COORDINATOR and user.centre_id
        if coordinates:
            # A coordinator's offers are their centre's.
            self.fields["centre"].queryset = NationalCentre.objects.filter(pk=user.centre_id)
            self.fields["centre"].initial = user.centre_id
            self.fields["provider"].queryset = Organisation.objects.filter(
                country=user.centre.country
            ).order_by("name")
        elif user.role == Role.ADMINISTRATOR or user.is_superuser:
            self.fields["provider"].queryset = Organisation.objects.order_by("name")
        else:
            # A partner organisation's member proposes an offer of their organisation.
            self.fields["provider"].queryset = Organisation.objects.of_member(user).order_by("name")
            self.fields["provider"].required = True
            self.fields["provider"].help_text = ""
        for code, name in settings.LANGUAGES:
            for field in TRANSLATED_FIELDS:
                label = LABELS[field] % {"language": name}
                if field == "title":
                    self.fields[f"{field}_{code}"] = forms.CharField(
                        label=label, required=False, max_length=200
                    )
                else:
                    rows = {"summary": 3, "description": 8, "prerequisites": 2}[field]
                    self.fields[f"{field}_{code}"] = forms.CharField(
                        label=label,
                        required=False,
                        max_length=600 if field == "summary" else None,
                        widget=forms.Textarea(attrs={"rows": rows}),
                    )
        if offer is not None and not self.is_bound:
            self.initial = {
                "original_language": offer.original_language,
                "kind": offer.kind,
                "format": offer.format,
                "audiences": offer.audiences,
                "languages": offer.languages,
                "themes": list(offer.themes.all()),
                "fee": offer.fee,
                "centre": offer.centre_id,
                "provider": offer.provider_id,
                **{
                    f"{field}_{code}": getattr(offer, f"{field}_{code}") or ""
                    for code, _name in settings.LANGUAGES
                    for field in TRANSLATED_FIELDS
                },
            }

    def language_groups(self):
        return [
            (code, name, [self[f"{field}_{code}"] for field in TRANSLATED_FIELDS])
            for code, name in settings.LANGUAGES
        ]

    def clean(self):
        cleaned = super().clean()
        language = cleaned.get("original_language")
        if language:
            for field, message in [
                ("title", _("Give the offer a title in the language it is written in.")),
                ("summary", _("Give the offer a short summary in the language it is written in.")),
            ]:
                if not cleaned.get(f"{field}_{language}"):
                    self.add_error(f"{field}_{language}", message)
        provider = cleaned.get("provider")
        centre = cleaned.get("centre")
        if provider and centre and provider.country != centre.country:
            self.add_error(
                "provider", _("The organisation has to be in the national centre's country.")
            )
        return cleaned

    def values(self):
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in ["original_language", "kind", "format", "audiences", "languages", "fee"]
        }
        values["centre"] = data["centre"]
        values["provider"] = data["provider"]
        for code, _name in settings.LANGUAGES:
            for field in TRANSLATED_FIELDS:
                values[f"{field}_{code}"] = data.get(f"{field}_{code}", "")
        return values


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


SESSION_TIMES = [
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
    "cancellation_deadline",
]


class SessionForm(forms.ModelForm):
    """A session; its times are entered as clock times in the session's own time zone."""

    questions = forms.MultipleChoiceField(
        label=_("Ask the participants about"),
        choices=Question.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The answers are seen by coordinators only and deleted 30 days after the session."
        ),
    )
    region = forms.ModelChoiceField(
        label=_("NUTS region"), queryset=Region.objects.none(), required=False
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown to confirmed participants only."),
    )

    class Meta:
        model = Session
        fields = [
            "time_zone",
            *SESSION_TIMES[:2],
            "venue",
            "address",
            "region",
            "online_url",
            "closed_event",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "needs_approval",
            "cancellation_deadline",
            "questions",
        ]
        widgets = {name: LocalDateTimeInput() for name in SESSION_TIMES}
        widgets["address"] = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args, offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer = offer
        self.fields["region"].queryset = Region.objects.filter(
            country=offer.centre.country
        ).order_by("code")
        self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"
        for name in SESSION_TIMES:
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not self.instance.pk and not self.is_bound:
            from .models import COUNTRY_TIME_ZONES

            self.initial["time_zone"] = COUNTRY_TIME_ZONES.get(offer.centre.country, "UTC")
        if self.instance.pk and not self.is_bound:
            # Shown as the clock reads in the session's zone.
            zone = ZoneInfo(self.instance.time_zone)
            for name in SESSION_TIMES:
                value = getattr(self.instance, name)
                if value:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            zone = ZoneInfo(zone_name)
            current = timezone.get_current_timezone()
            for name in SESSION_TIMES:
                value = cleaned.get(name)
                if value:
                    # Django read the clock time in the server's zone: read it in the session's.
                    naive = value.astimezone(current).replace(tzinfo=None)
                    cleaned[name] = naive.replace(tzinfo=zone)
        if self.offer.format != OfferFormat.ON_SITE and not cleaned.get("online_url"):
            self.add_error(
                "online_url", _("An online or hybrid session needs the link to join it.")
            )
        if self.offer.format != OfferFormat.ONLINE and not cleaned.get("address"):
            self.add_error("address", _("A session on site needs its address."))
        return cleaned

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RegistrationForm(forms.Form):
    """The questions a session asks; all optional."""

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Question.choices)
        for question in session.questions:
            self.fields[question] = forms.CharField(
                label=labels.get(question, question),
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Optional. Only the organisers see it; it is deleted after the event."),
            )

    def answers(self):
        return {name: value.strip() for name, value in self.cleaned_data.items() if value.strip()}


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to everyone registered"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


SCALE = [(n, str(n)) for n in range(5, 0, -1)]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall, how was it? (5 = excellent, 1 = poor)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful is it for your work? (5 = very useful, 1 = not at all)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What should we keep or change?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. The trainer never sees who wrote what."),
    )
