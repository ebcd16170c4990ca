"""Forms of the case studies: the editing form with its actors and the choice of case studies
to compare."""

from datetime import date

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from initiatives.models import FundingKind, Initiative
from ncc_portal.models import Country, Language, Organisation, Region, Theme

from ..models import CaseStudy, Helix
from . import services as casestudy_services

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

SECTION_HELP = {
    "summary": _("What makes this ecosystem worth reading about, in a few sentences."),
    "enablers": _("What helped social innovation grow here."),
    "barriers": _("What held it back."),
    "policy_instruments": _("Laws, programmes, calls and public procurement that mattered."),
    "funding_landscape": _("ESF+, EaSI, national, regional and private money, and how it flows."),
    "support_infrastructure": _("Incubators, networks, advice and finance for innovators."),
    "lessons": _("What others can learn and what you recommend."),
}
MAX_YEAR = date.today().year + 5


def _grouped_by_country(rows):
    """``rows``: (country, value, label) sorted by country -> choices with one group per
    country, so that a long list stays navigable (also with a screen reader)."""
    groups = {}
    for country, value, label in rows:
        groups.setdefault(Country(country).label, []).append((value, label))
    return list(groups.items())


class CaseStudyForm(forms.Form):
    """The whole case study in one form. It never saves: ``to_data`` hands the content to
    ``casestudies/services.py``."""

    original_language = forms.ChoiceField(
        label=_("Language you write in"),
        choices=Language.choices,
        help_text=_("Title and summary are required in this language; translations are optional."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        help_text=_("One or more NUTS regions of the chosen country."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    municipality = forms.CharField(
        label=_("Municipality"),
        required=False,
        max_length=150,
        help_text=_("When the case study is about one municipality within the regions."),
    )
    period_start = forms.IntegerField(
        label=_("Period from (year)"), min_value=1950, max_value=MAX_YEAR
    )
    period_end = forms.IntegerField(
        label=_("Period until (year)"),
        required=False,
        min_value=1950,
        max_value=MAX_YEAR,
        help_text=_("Leave empty for an ongoing period."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    funding_sources = forms.MultipleChoiceField(
        label=_("Funding sources"),
        choices=FundingKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    initiatives = forms.TypedMultipleChoiceField(
        label=_("Linked initiatives"),
        coerce=int,
        required=False,
        help_text=_("Published initiatives of the registry in the same country."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One source per line."),
    )
    authors = forms.CharField(
        label=_("Authors"),
        max_length=300,
        help_text=_("As they should appear in the citation, e.g. “Muster, A.; Beispiel, B.”."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == "coordinator" and user.centre is not None:
            # Coordinators write for their own country (they could not edit it otherwise).
            self.fields["country"].choices = [
                (user.centre.country, Country(user.centre.country).label)
            ]
        self.fields["regions"].choices = _grouped_by_country(
            (r.country, r.code, f"{r.name} ({r.code})")
            for r in Region.objects.filter(level__gte=1).order_by("country", "code")
        )
        self.fields["initiatives"].choices = _grouped_by_country(
            (i.country, i.pk, i.title)
            for i in Initiative.objects.published()
            .only("pk", "country", *[f"title_{code}" for code in LANGUAGE_CODES])
            .order_by("country", "pk")
        )
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                required=False,
                max_length=200,
            )
            for section in CaseStudy.SECTIONS:
                verbose = capfirst(CaseStudy._meta.get_field(section).verbose_name)
                self.fields[f"{section}_{code}"] = forms.CharField(
                    label=_("%(section)s (%(language)s)") % {"section": verbose, "language": name},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3 if section == "summary" else 5}),
                    help_text=SECTION_HELP[section],
                )

    @staticmethod
    def initial_from(case_study):
        initial = {field: getattr(case_study, field) for field in casestudy_services.PLAIN_FIELDS}
        for field in casestudy_services.TRANSLATED_FIELDS:
            for code in LANGUAGE_CODES:
                initial[f"{field}_{code}"] = getattr(case_study, f"{field}_{code}") or ""
        initial["regions"] = [r.code for r in case_study.regions.all()]
        initial["themes"] = [t.pk for t in case_study.themes.all()]
        initial["initiatives"] = [i.pk for i in case_study.initiatives.all()]
        return initial

    def language_groups(self):
        """(code, language name, fields) for one fieldset per language."""
        return [
            (
                code,
                name,
                [self[f"title_{code}"], *[self[f"{s}_{code}"] for s in CaseStudy.SECTIONS]],
            )
            for code, name in settings.LANGUAGES
        ]

    def clean(self):
        cleaned = super().clean()
        language = cleaned.get("original_language")
        if language:
            for field in ("title", "summary"):
                if not (cleaned.get(f"{field}_{language}") or "").strip():
                    self.add_error(
                        f"{field}_{language}", _("Please fill this in your chosen language.")
                    )
        country = cleaned.get("country")
        regions = cleaned.get("regions")
        if country and regions:
            foreign = list(
                Region.objects.filter(code__in=regions)
                .exclude(country=country)
                .values_list("name", flat=True)
            )
            if foreign:
                self.add_error(
                    "regions",
                    _("These regions are not in the chosen country: %(regions)s")
                    % {"regions": ", ".join(foreign)},
                )
        initiatives = cleaned.get("initiatives")
        if country and initiatives:
            foreign = [
                i.title
                for i in Initiative.objects.filter(pk__in=initiatives).exclude(country=country)
            ]
            if foreign:
                self.add_error(
                    "initiatives",
                    _("These initiatives are not in the chosen country: %(initiatives)s")
                    % {"initiatives": ", ".join(foreign)},
                )
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned

    def to_data(self, actors):
        cleaned = self.cleaned_data
        data = {
            field: cleaned[field]
            for field in [
                "original_language",
                "country",
                "period_start",
                "period_end",
                "funding_sources",
            ]
        }
        for field in ["municipality", "sources", "authors"]:
            data[field] = cleaned[field].strip()
        for field in casestudy_services.TRANSLATED_FIELDS:
            for code in LANGUAGE_CODES:
                data[f"{field}_{code}"] = cleaned[f"{field}_{code}"].strip()
        data["regions"] = sorted(cleaned["regions"])
        data["themes"] = sorted(t.pk for t in cleaned["themes"])
        data["initiatives"] = sorted(cleaned["initiatives"])
        data["actors"] = actors
        return data


class ActorForm(forms.Form):
    """One actor of the ecosystem. Every field is optional so that a row can be left or made
    empty; a row with content needs a role and an organisation or a name."""

    helix = forms.ChoiceField(
        label=_("Role in the quadruple helix"),
        choices=[("", "–"), *Helix.choices],
        required=False,
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation in the portal"), coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(
        label=_("Or its name"),
        max_length=200,
        required=False,
        help_text=_("When the organisation is not in the portal."),
    )
    role = forms.CharField(label=_("What it does in the ecosystem"), max_length=300, required=False)

    def __init__(self, *args, organisation_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f) for f in ("helix", "organisation", "name", "role")):
            return cleaned
        if not cleaned.get("helix"):
            self.add_error("helix", _("Choose the actor's role in the quadruple helix."))
        if not cleaned.get("organisation") and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Choose an organisation or give its name."))
        return cleaned

    @property
    def is_empty_row(self):
        return not any(self.cleaned_data.get(f) for f in ("helix", "organisation", "name", "role"))


ActorFormSet = forms.formset_factory(ActorForm, extra=3, max_num=60)


def organisation_choices():
    """The organisations an actor can link, grouped by country (one query for all rows)."""
    rows = Organisation.objects.order_by("country", "name").values_list("country", "pk", "name")
    return [("", "–"), *_grouped_by_country(rows)]


def actor_formset(data=None, *, case_study=None):
    initial = []
    if case_study is not None:
        initial = [
            {
                "helix": a.helix,
                "organisation": a.organisation_id,
                "name": a.name,
                "role": a.role,
            }
            for a in case_study.actors.order_by("position", "pk")
        ]
    return ActorFormSet(
        data,
        initial=initial,
        prefix="actors",
        form_kwargs={"organisation_choices": organisation_choices()},
    )


def actors_from_formset(formset):
    return [
        {
            "helix": form.cleaned_data["helix"],
            "organisation": form.cleaned_data["organisation"],
            "name": form.cleaned_data["name"].strip(),
            "role": form.cleaned_data["role"].strip(),
        }
        for form in formset.forms
        if form.cleaned_data and not form.is_empty_row
    ]


class CompareForm(forms.Form):
    MIN, MAX = 2, 4
    case = forms.MultipleChoiceField(
        label=_("Case studies to compare"),
        help_text=_("Choose two to four."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = choices

    def clean_case(self):
        chosen = self.cleaned_data["case"]
        if not self.MIN <= len(chosen) <= self.MAX:
            raise forms.ValidationError(_("Choose between two and four case studies."))
        return chosen
