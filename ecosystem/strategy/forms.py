"""The milestone form of the national strategy tracker. It never saves: the view hands its
cleaned data to ``strategy/services.py``."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import MilestoneStatus, PublicationStatus, Resource


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, resource):
        return f"{resource.title} ({resource.year})"


class MilestoneForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    planned_for = forms.DateField(
        label=_("Planned for"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date by which the milestone is expected."),
    )
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Required when the milestone is done; not a date in the future."),
    )
    responsible_bodies = forms.CharField(
        label=_("Responsible bodies"),
        required=False,
        max_length=400,
        help_text=_("Ministries, agencies or networks in charge, separated by semicolons."),
    )
    documents = DocumentChoiceField(
        label=_("Documents from the library"),
        queryset=Resource.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Published resources, such as the strategy itself or an evaluation."),
    )

    def __init__(self, *args, milestone=None, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Milestone (%(language)s)") % {"language": name},
                required=False,
                max_length=250,
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        # A document linked earlier stays selectable even if the library has withdrawn it, so
        # that saving the form does not silently drop the link.
        documents = Q(status=PublicationStatus.PUBLISHED)
        if milestone is not None and milestone.pk:
            documents |= Q(milestones=milestone)
        self.fields["documents"].queryset = (
            Resource.objects.filter(documents).distinct().order_by("-year", "title")
        )
        if milestone is not None and not self.is_bound:
            self.initial = {
                name: getattr(milestone, name)
                for name in self.fields
                if name != "documents" and hasattr(milestone, name)
            }
            if milestone.pk:
                self.initial["documents"] = [d.pk for d in milestone.documents.all()]

    def language_groups(self):
        """(language code, language name, [title field, description field]) for the template."""
        return [
            (code, name, [self[f"title_{code}"], self[f"description_{code}"]])
            for code, name in settings.LANGUAGES
        ]

    def clean(self):
        cleaned = super().clean()
        codes = [code for code, _name in settings.LANGUAGES]
        if not any(cleaned.get(f"title_{code}") for code in codes):
            language = get_language() if get_language() in codes else codes[0]
            self.add_error(f"title_{language}", _("Give the milestone a title in one language."))
        status, completed_on = cleaned.get("status"), cleaned.get("completed_on")
        if (
            status == MilestoneStatus.DONE
            and not completed_on
            and "completed_on" not in self.errors
        ):
            self.add_error("completed_on", _("A milestone that is done needs its completion date."))
        if completed_on and completed_on > timezone.localdate():
            self.add_error("completed_on", _("The completion date cannot be in the future."))
        elif completed_on and status and status != MilestoneStatus.DONE:
            self.add_error(
                "completed_on",
                _("Only a milestone that is done has a completion date. Set its status to done."),
            )
        return cleaned
