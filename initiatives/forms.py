from datetime import date
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from ncc_portal.choices import Contribution
from ncc_portal.models import (
    Country,
    Language,
    Organisation,
    OrganisationKind,
    Region,
    SustainableDevelopmentGoal,
    TargetGroup,
    Theme,
)
from ncc_portal.richtext import sanitise
from ncc_portal.widgets import RegionPicker

from . import images
from .models import CostRange, Evidence, FundingKind, Licence, Stage
from .snapshots import LANGUAGE_CODES, PLAIN_FIELDS

# Long secondary texts are written once, in the initiative's own language.
SINGLE_LANGUAGE_TEXTS = [
    "image_alt",
    "replication_conditions",
    "replication_materials",
    "partnership_needs",
]


class RegionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, region):
        return f"{region.name} ({region.code})"


class InitiativeForm(forms.Form):
    """The whole initiative in one form. It never saves: ``to_snapshot`` hands the content to the
    services, which decide whether it goes live or waits for review."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    original_language = forms.ChoiceField(
        label=_("Language you write in"),
        choices=Language.choices,
        help_text=_("Title and summary are required in this language; translations are optional."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    regions = RegionChoiceField(
        label=_("Regions"),
        queryset=Region.objects.filter(level__gte=1).order_by("code"),
        help_text=_("One or more NUTS regions where the initiative works."),
        widget=RegionPicker(),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Sustainable Development Goals"),
        queryset=SustainableDevelopmentGoal.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    start_year = forms.IntegerField(
        label=_("Start year"), required=False, min_value=1900, max_value=date.today().year + 1
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    social_links = forms.CharField(
        label=_("Social media links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One address per line."),
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=150)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)
    contact_consent = forms.BooleanField(
        label=_("The contact person agrees that these details are shown on the public page."),
        required=False,
    )
    image = forms.FileField(
        label=_("Logo or photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. We remove the file's metadata."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    uploaded_image = forms.CharField(required=False, widget=forms.HiddenInput)
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    image_alt = forms.CharField(
        label=_("Image description"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    open_for_replication = forms.BooleanField(
        label=_("Open for replication or adaptation in another place"), required=False
    )
    replication_conditions = forms.CharField(
        label=_("What a replicator needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Conditions, partners, skills and time a replication takes."),
    )
    replication_cost = forms.ChoiceField(
        label=_("Cost of a replication"),
        required=False,
        choices=[("", _("Not known")), *CostRange.choices],
    )
    replication_materials = forms.CharField(
        label=_("Materials for replicators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    materials_languages = forms.MultipleChoiceField(
        label=_("Languages of the materials"),
        required=False,
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    materials_licence = forms.ChoiceField(
        label=_("Licence of the materials"),
        required=False,
        choices=[("", _("Not specified")), *Licence.choices],
    )
    evidence = forms.ChoiceField(
        label=_("Evidence of impact"),
        required=False,
        choices=[("", _("None yet")), *Evidence.choices],
    )
    partner_needs = forms.MultipleChoiceField(
        label=_("What you seek from partners"),
        required=False,
        choices=Contribution.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Partner organisations offering these are suggested to you."),
    )
    partner_offers = forms.MultipleChoiceField(
        label=_("What you can offer partners"),
        required=False,
        choices=Contribution.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_kinds = forms.MultipleChoiceField(
        label=_("Kinds of partners sought"),
        required=False,
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    partnership_needs = forms.CharField(
        label=_("What partners could contribute"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, base, **kwargs):
        """``base`` is the snapshot being edited (empty for a new initiative)."""
        self.base = base
        self.stored_image = None
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.of_member(user).order_by("name")
        self.fields["regions"].widget.show_regions(self.fields["regions"].queryset)
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                required=False,
                max_length=200,
            )
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Short summary (%(language)s)") % {"language": name},
                required=False,
                max_length=600,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("At most 600 characters."),
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_(
                    "Paragraphs, or simple HTML: bold, italics, lists, headings and links."
                ),
            )
        for kind, label in FundingKind.choices:
            self.fields[f"funding_{kind}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"funding_{kind}_amount"] = forms.DecimalField(
                label=_("Amount in euros (optional)"),
                required=False,
                min_value=Decimal(0),
                max_digits=12,
                decimal_places=2,
            )
        if not self.is_bound and base:
            self.initial = self._initial_from(base)

    @staticmethod
    def _initial_from(data):
        initial = {key: value for key, value in data.items() if key not in {"funding", "impact"}}
        language = data["original_language"]
        for field in SINGLE_LANGUAGE_TEXTS:
            initial[field] = data.get(f"{field}_{language}", "")
        initial["social_links"] = "\n".join(data.get("social_links", []))
        for funding in data.get("funding", []):
            initial[f"funding_{funding['kind']}"] = True
            initial[f"funding_{funding['kind']}_amount"] = funding["amount"]
        return initial

    # Groups for the template: (legend, field names).
    def language_groups(self):
        return [
            (
                code,
                name,
                [self[f"title_{code}"], self[f"summary_{code}"], self[f"description_{code}"]],
            )
            for code, name in settings.LANGUAGES
        ]

    def funding_rows(self):
        return [
            (self[f"funding_{kind}"], self[f"funding_{kind}_amount"])
            for kind, _label in FundingKind.choices
        ]

    @property
    def current_image_url(self):
        return default_storage.url(self.current_image) if self.current_image else ""

    @property
    def current_image(self):
        return self.stored_image or (self.base or {}).get("image") or ""

    def clean_social_links(self):
        links = [line.strip() for line in self.cleaned_data["social_links"].splitlines()]
        links = [link for link in links if link]
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(link)s” is not a valid web address.") % {"link": link}
                ) from error
        return links

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            self.stored_image = images.process_upload(upload)
        return upload

    def clean_uploaded_image(self):
        token = self.cleaned_data.get("uploaded_image")
        if token and not self.stored_image:
            self.stored_image = images.unsign_path(token)
        return token

    def clean(self):
        cleaned = super().clean()
        language = cleaned.get("original_language")
        if language:
            for field in ("title", "summary"):
                if not (cleaned.get(f"{field}_{language}") or "").strip():
                    self.add_error(
                        f"{field}_{language}", _("Please fill this in your chosen language.")
                    )
        country, regions = cleaned.get("country"), cleaned.get("regions")
        if country and regions:
            foreign = [r.name for r in regions if r.country != country]
            if foreign:
                self.add_error(
                    "regions",
                    _("These regions are not in the chosen country: %(regions)s")
                    % {"regions": ", ".join(foreign)},
                )
        has_image = bool(self.current_image) and not cleaned.get("remove_image")
        if has_image and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        if cleaned.get("open_for_replication") and not cleaned.get("replication_conditions"):
            self.add_error(
                "replication_conditions", _("Say what someone needs to replicate the initiative.")
            )
        for kind, _label in FundingKind.choices:
            if cleaned.get(f"funding_{kind}_amount") is not None:
                cleaned[f"funding_{kind}"] = True
        return cleaned

    @property
    def uploaded_image_token(self):
        """Carries an image that was accepted while other fields had errors, so that the user
        does not have to upload it again."""
        return images.sign_path(self.stored_image) if self.stored_image else ""

    def to_snapshot(self):
        data = dict(self.base or {})
        cleaned = self.cleaned_data
        language = cleaned["original_language"]
        data["organisation"] = cleaned["organisation"].pk
        for code in LANGUAGE_CODES:
            data[f"title_{code}"] = cleaned[f"title_{code}"].strip()
            data[f"summary_{code}"] = cleaned[f"summary_{code}"].strip()
            data[f"description_{code}"] = sanitise(cleaned[f"description_{code}"])
        for field in SINGLE_LANGUAGE_TEXTS:
            for code in LANGUAGE_CODES:
                data.setdefault(f"{field}_{code}", "")
            data[f"{field}_{language}"] = cleaned[field].strip()
        for field in PLAIN_FIELDS:
            data[field] = cleaned[field]
        data["regions"] = sorted(r.pk for r in cleaned["regions"])
        data["themes"] = sorted(t.pk for t in cleaned["themes"])
        data["sdgs"] = sorted(s.pk for s in cleaned["sdgs"])
        data["target_groups"] = sorted(g.pk for g in cleaned["target_groups"])
        data["funding"] = [
            {
                "kind": kind,
                "amount": None
                if cleaned[f"funding_{kind}_amount"] is None
                else format(cleaned[f"funding_{kind}_amount"].normalize(), "f"),
            }
            for kind, _label in FundingKind.choices
            if cleaned.get(f"funding_{kind}")
        ]
        data["image"] = "" if cleaned["remove_image"] else self.current_image
        return data


class ImpactFigureForm(forms.Form):
    label = forms.CharField(label=_("What was measured"), max_length=200)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1900, max_value=date.today().year + 1
    )


ImpactFigureFormSet = forms.formset_factory(ImpactFigureForm, extra=2, max_num=20)


def impact_formset(data=None, *, base):
    initial = [
        {"label": i["label"], "value": i["value"], "unit": i["unit"], "year": i["year"]}
        for i in (base or {}).get("impact", [])
    ]
    return ImpactFigureFormSet(data, initial=initial, prefix="impact")


def impact_from_formset(formset):
    return [
        {
            "label": form.cleaned_data["label"],
            "value": format(form.cleaned_data["value"].normalize(), "f"),
            "unit": form.cleaned_data.get("unit", ""),
            "year": form.cleaned_data.get("year"),
        }
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class DecisionForm(forms.Form):
    PUBLISH, REQUEST_CHANGES, REJECT = "publish", "request_changes", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (PUBLISH, _("Publish")),
            (REQUEST_CHANGES, _("Request changes")),
            (REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the owners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you request changes or reject."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") in {self.REQUEST_CHANGES, self.REJECT}
            and not (cleaned.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Tell the owners what to change or why you reject."))
        return cleaned


class PeerPortalForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("As readers should see it, e.g. “NCC Estonia”."),
    )
    base_url = forms.URLField(
        label=_("Portal address"),
        max_length=200,
        assume_scheme="https",
        help_text=_("The address of the other centre’s portal, e.g. https://ncc.example.ee"),
    )
