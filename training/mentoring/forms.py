"""The forms of mentoring: a mentor profile, a request, a proposal, a meeting, feedback."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from ncc_portal.choices import Country, Language
from ncc_portal.models import Theme

from ..models import MentorProfile


def _themes_field(**kwargs):
    return forms.ModelMultipleChoiceField(
        queryset=Theme.objects.order_by("name"), widget=forms.CheckboxSelectMultiple, **kwargs
    )


class MentorProfileForm(forms.Form):
    themes = _themes_field(label=_("Themes you can mentor on"))
    languages = forms.MultipleChoiceField(
        label=_("Languages you mentor in"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries you mentor in"),
        choices=Country.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The coordinators of these countries approve you and propose you to mentees."),
    )
    capacity = forms.IntegerField(
        label=_("Mentees at a time"),
        min_value=1,
        max_value=20,
        initial=2,
        help_text=_("How many mentorships you can run at the same time (1 to 20)."),
    )
    bio = forms.CharField(
        label=_("About you"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MentorProfile._meta.get_field("bio").help_text,
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        help_text=MentorProfile._meta.get_field("phone").help_text,
    )
    accepting = forms.BooleanField(
        label=_("I am taking new mentees"),
        required=False,
        initial=True,
        help_text=_("Switch it off for a while: running mentorships go on."),
    )

    @classmethod
    def for_profile(cls, profile, data=None):
        initial = None
        if profile is not None:
            initial = {
                "themes": list(profile.themes.all()),
                "languages": profile.languages,
                "countries": profile.countries,
                "capacity": profile.capacity,
                "bio": profile.bio,
                "phone": profile.phone,
                "accepting": profile.accepting,
            }
        return cls(data, initial=initial)

    def values(self):
        return {name: self.cleaned_data[name] for name in self.fields if name != "themes"}


class MentoringRequestForm(forms.Form):
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        help_text=_("The coordinators of its country look for a mentor."),
    )
    needs = forms.CharField(
        label=_("What you need"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What a mentor should help with: the question, the stage, what you tried."),
    )
    themes = _themes_field(
        label=_("Themes"),
        required=False,
        help_text=_("Leave them all unticked to use the initiative's themes."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can work in"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = (
            Initiative.objects.of_member(user).without_search_vectors().distinct().order_by("slug")
        )


class ProposeMentorForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=MentorProfile.objects.approved())


class MeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=1, max_value=1440
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen by the two of you and the national centre's coordinators only."),
    )


class MentoringFeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the mentorship? (1 poor, 5 excellent)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
