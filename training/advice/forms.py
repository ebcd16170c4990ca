"""The advice desk's forms: asking, answering and replying, notes, assigning, the queue's
filters, the desk's settings and the FAQ entry."""

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ecosystem.models import Audience
from ncc_portal.models import Language, NationalCentre, Theme

from ..models import AdviceTopic, QuestionStatus, Urgency
from . import services

FILES_HELP = format_lazy(
    _(
        "Up to {max} files: PDF, Word, Excel, PowerPoint or OpenDocument, each at most "
        "{size} MB. Only the person who asked and the centre’s coordinators can open them."
    ),
    max=services.MAX_ATTACHMENTS,
    size=lazy(lambda: settings.LIBRARY_MAX_UPLOAD_MB, int)(),
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); the services check them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _files_field():
    return MultipleFileField(label=_("Attachments"), help_text=FILES_HELP)


def _apply_service_error(form, error):
    """Show a service's ValidationError on the form's fields where it names them."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class AskForm(forms.Form):
    centre = forms.ModelChoiceField(
        label=_("National centre"), queryset=NationalCentre.objects.none(), empty_label=None
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=AdviceTopic.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Your question"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Describe your situation and what you need to decide. Mention a deadline if there "
            "is one."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of your question"),
        choices=Language.choices,
        help_text=_("The centre answers in this language."),
    )
    files = _files_field()

    def __init__(self, *args, centres, initial_centre=None, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        if initial_centre is not None:
            self.fields["centre"].initial = initial_centre.pk
        self.fields["language"].initial = language

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > services.MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("You can attach at most %(max)d files.") % {"max": services.MAX_ATTACHMENTS}
            )
        return files

    apply_service_error = _apply_service_error


class MessageForm(forms.Form):
    """An answer from the centre or a reply from the requester, with attachments."""

    body = forms.CharField(
        label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    files = _files_field()

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["body"].label = label

    clean_files = AskForm.clean_files
    apply_service_error = _apply_service_error


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the centre’s coordinators see notes. The requester never does."),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody"),
    )

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = services.colleagues(question)
        self.fields["assignee"].initial = question.assigned_to_id
        self.fields["assignee"].label_from_instance = lambda user: user.name or user.email

    apply_service_error = _apply_service_error


class DeskForm(forms.Form):
    target_working_days = forms.IntegerField(
        label=_("Answer within (working days)"),
        min_value=1,
        max_value=60,
        help_text=_(
            "Monday to Friday; public holidays are not counted. New questions get their due "
            "date from this target; questions already asked keep theirs."
        ),
    )
    open_to_everyone = forms.BooleanField(
        label=_("Anyone signed in may ask"),
        required=False,
        help_text=_("Otherwise only public-sector staff may ask the centre."),
    )

    apply_service_error = _apply_service_error


ASSIGNED_CHOICES = [
    ("", _("Anyone")),
    ("me", _("Assigned to me")),
    ("nobody", _("Unassigned")),
]
SORT_CHOICES = [
    ("waiting", _("Oldest waiting first")),
    ("due", _("Due soonest first")),
    ("newest", _("Newest first")),
]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *QuestionStatus.choices],
    )
    assigned = forms.ChoiceField(label=_("Assigned"), required=False, choices=ASSIGNED_CHOICES)
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *AdviceTopic.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)
    # Administrators work every centre's questions and may pick one.
    centre = forms.ModelChoiceField(
        label=_("National centre"),
        required=False,
        queryset=NationalCentre.objects.all(),
        empty_label=_("All centres"),
        to_field_name="country",
    )

    # The queue opens on what waits for the centre.
    DEFAULTS = {"status": QuestionStatus.OPEN, "sort": "waiting"}

    def __init__(self, *args, all_centres=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not all_centres:
            del self.fields["centre"]


class FaqForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    text = forms.CharField(
        label=_("Question and answer"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Leave an empty line between paragraphs."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.ModelMultipleChoiceField(
        label=_("Audience"),
        queryset=Audience.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question

    def clean(self):
        cleaned = super().clean()
        text = f"{cleaned.get('title', '')}\n{cleaned.get('text', '')}"
        for detail in services.personal_details_in(text, self.question):
            self.add_error(
                "text", _("Please remove %(detail)s before publishing.") % {"detail": detail}
            )
        return cleaned

    apply_service_error = _apply_service_error
