from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Organisation, OrganisationKind, PublicSectorRequest, Region, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's default is callable, so Django would add a hidden "initial" input,
        # which it renders with the field's aria attributes (invalid HTML); it is not needed.
        self.fields["language"].show_hidden_initial = False


class OrganisationForm(forms.ModelForm):
    """Name, kind, place and a description in any of the five languages."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "country", "region", "website"] + [
            f"description_{code}" for code, _name in settings.LANGUAGES
        ]
        widgets = {
            f"description_{code}": forms.Textarea(attrs={"rows": 4})
            for code, _name in settings.LANGUAGES
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(level__in=[1, 2, 3]).order_by("code")
        self.fields["region"].required = False
        self.fields["region"].help_text = _("Optional: the NUTS region of your main office.")
        for code, name in settings.LANGUAGES:
            field = self.fields[f"description_{code}"]
            field.label = _("Description (%(language)s)") % {"language": name}
            field.required = False

    def clean(self):
        cleaned = super().clean()
        region, country = cleaned.get("region"), cleaned.get("country")
        if region and country and region.country != country:
            self.add_error("region", _("This region is not in the country you chose."))
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person to invite"))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)


class PublicSectorRequestForm(forms.ModelForm):
    class Meta:
        model = PublicSectorRequest
        fields = ["organisation", "position", "statement"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind__in=[
                OrganisationKind.MINISTRY,
                OrganisationKind.MANAGING_AUTHORITY,
                OrganisationKind.PUBLIC_AUTHORITY,
            ]
        ).order_by("country", "name")
        self.fields["organisation"].help_text = _(
            "Your ministry, public authority or ESF+ managing authority. If it is missing, "
            "create it under Organisations first."
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the requester"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Please tell the requester why you decline."))
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class ResearcherGrantForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person"),
        help_text=_("The person must already have an account on the portal."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        try:
            self.user = User.objects.get(email__iexact=email, is_active=True)
        except User.DoesNotExist as exc:
            raise forms.ValidationError(_("No account uses this email address.")) from exc
        return email
