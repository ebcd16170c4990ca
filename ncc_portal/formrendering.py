"""How forms render: ``{{ form }}`` starts with the error summary (``templates/forms/div.html``),
so that every form of the portal lists its mistakes with links to the fields."""

from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    # The project's template engine, so that the project's templates (the summary) are found;
    # Django's own form templates come from the "django.forms" app.
    form_template_name = "forms/div.html"
