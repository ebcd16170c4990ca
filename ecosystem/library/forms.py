from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ncc_portal.models import Country, Language, Organisation, Theme

from ..models import AccessLevel, Audience, Resource, ResourceLicence, ResourceType

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
FILE_HELP = _(
    "PDF, Word, Excel, PowerPoint or OpenDocument, at most %(limit)s MB. We check the content "
    "of the file, not its name."
)


def _file_help():
    return FILE_HELP % {"limit": settings.LIBRARY_MAX_UPLOAD_MB}


class ResourceForm(forms.Form):
    """A resource's description in the five languages and its facts. On creation it can carry
    a first file; the view hands that to ``services.add_file``, which checks it."""

    type = forms.ChoiceField(label=_("Type"), choices=ResourceType.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    audiences = forms.ModelMultipleChoiceField(
        label=_("Audience"),
        queryset=Audience.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=[("", _("Transnational")), *Country.choices],
        required=False,
    )
    year = forms.IntegerField(
        label=_("Publication year"), min_value=1950, max_value=date.today().year + 1
    )
    publisher = forms.ModelChoiceField(
        label=_("Publisher"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Not in the portal or not known"),
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=[("", _("Not specified")), *ResourceLicence.choices],
        required=False,
    )
    external_url = forms.URLField(
        label=_("External link"),
        required=False,
        assume_scheme="https",
        help_text=_("Where the resource is published elsewhere, if it is."),
    )
    access_level = forms.ChoiceField(
        label=_("Who may open the files"), choices=AccessLevel.choices, initial=AccessLevel.PUBLIC
    )
    file = forms.FileField(label=_("File"), required=False)
    file_language = forms.ChoiceField(
        label=_("Language of the file"), choices=Language.choices, required=False
    )

    def __init__(self, *args, resource=None, **kwargs):
        self.resource = resource
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                required=False,
                max_length=250,
            )
            self.fields[f"abstract_{code}"] = forms.CharField(
                label=_("Abstract (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        self.fields["file"].help_text = _file_help()
        if resource is not None:
            # Further files are added one by one on the resource's page.
            del self.fields["file"], self.fields["file_language"]
            if not self.is_bound:
                self.initial = self._initial_from(resource)
        elif not self.is_bound:
            self.initial.setdefault("file_language", get_language())
            self.initial.setdefault("year", date.today().year)

    @staticmethod
    def _initial_from(resource):
        initial = {
            field: getattr(resource, field)
            for field in ("type", "country", "year", "licence", "external_url", "access_level")
        }
        initial["publisher"] = resource.publisher_id
        initial["themes"] = list(resource.themes.all())
        initial["audiences"] = list(resource.audiences.all())
        for code in LANGUAGE_CODES:
            initial[f"title_{code}"] = getattr(resource, f"title_{code}") or ""
            initial[f"abstract_{code}"] = getattr(resource, f"abstract_{code}") or ""
        return initial

    def language_groups(self):
        return [
            (code, name, [self[f"title_{code}"], self[f"abstract_{code}"]])
            for code, name in settings.LANGUAGES
        ]

    def clean(self):
        cleaned = super().clean()
        complete = [
            code
            for code in LANGUAGE_CODES
            if (cleaned.get(f"title_{code}") or "").strip()
            and (cleaned.get(f"abstract_{code}") or "").strip()
        ]
        if not complete:
            language = get_language() if get_language() in LANGUAGE_CODES else "en"
            for field in ("title", "abstract"):
                if not (cleaned.get(f"{field}_{language}") or "").strip():
                    self.add_error(
                        f"{field}_{language}",
                        _("Please give the title and the abstract in at least one language."),
                    )
        if cleaned.get("file") and not cleaned.get("file_language"):
            self.add_error("file_language", _("Say which language the file is in."))
        return cleaned

    def to_data(self):
        cleaned = self.cleaned_data
        data = {
            field: cleaned[field]
            for field in (
                "type",
                "country",
                "year",
                "publisher",
                "licence",
                "external_url",
                "access_level",
                "themes",
                "audiences",
            )
        }
        for code in LANGUAGE_CODES:
            data[f"title_{code}"] = cleaned[f"title_{code}"].strip()
            data[f"abstract_{code}"] = cleaned[f"abstract_{code}"].strip()
        return data


class ResourceFileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the file"), choices=Language.choices)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()
        if not self.is_bound:
            self.initial.setdefault("language", get_language())


class CollectionForm(forms.Form):
    """A collection in the five languages and its resources, one slug per line in the order
    they are shown (works without JavaScript)."""

    position = forms.IntegerField(
        label=_("Position among the collections"),
        min_value=0,
        max_value=1000,
        initial=0,
        required=False,
    )
    resources = forms.CharField(
        label=_("Resources, in order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One resource per line: its address on this site or the last part of it (for "
            "example “social-finance-guide”). Only published resources can be added."
        ),
    )

    def __init__(self, *args, collection=None, **kwargs):
        self.collection = collection
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                required=False,
                max_length=200,
            )
            self.fields[f"introduction_{code}"] = forms.CharField(
                label=_("Introduction (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        if collection is not None and not self.is_bound:
            self.initial["position"] = collection.position
            self.initial["resources"] = "\n".join(
                item.resource.slug for item in collection.items.select_related("resource")
            )
            for code in LANGUAGE_CODES:
                for field in ("title", "introduction"):
                    self.initial[f"{field}_{code}"] = getattr(collection, f"{field}_{code}") or ""

    def language_groups(self):
        return [
            (code, name, [self[f"title_{code}"], self[f"introduction_{code}"]])
            for code, name in settings.LANGUAGES
        ]

    def clean_resources(self):
        slugs = []
        for line in self.cleaned_data["resources"].splitlines():
            slug = line.strip().rstrip("/").rsplit("/", 1)[-1]
            if slug and slug not in slugs:
                slugs.append(slug)
        found = {r.slug: r for r in Resource.objects.published().filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise ValidationError(
                _("These are not published resources: %(slugs)s") % {"slugs": ", ".join(unknown)}
            )
        return [found[slug] for slug in slugs]

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f"title_{code}") or "").strip() for code in LANGUAGE_CODES):
            language = get_language() if get_language() in LANGUAGE_CODES else "en"
            self.add_error(f"title_{language}", _("Please give a title in at least one language."))
        return cleaned

    def to_data(self):
        cleaned = self.cleaned_data
        data = {"position": cleaned.get("position") or 0}
        for code in LANGUAGE_CODES:
            data[f"title_{code}"] = cleaned[f"title_{code}"].strip()
            data[f"introduction_{code}"] = cleaned[f"introduction_{code}"].strip()
        return data
