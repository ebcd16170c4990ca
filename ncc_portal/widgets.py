"""Form widgets of the portal."""

from dataclasses import dataclass

from django import forms

from .models import Country


@dataclass(frozen=True)
class CountryGroup:
    code: str
    label: str

    def __str__(self):
        return str(self.label)


class RegionPicker(forms.CheckboxSelectMultiple):
    """NUTS regions as checkboxes, one foldable group per country (several regions chosen
    without Ctrl-click). static/js/portal.js narrows the groups to the country chosen in the
    form's ``country`` field and filters the regions by name as one types; without JavaScript
    the groups fold open by hand. Use with a ModelMultipleChoiceField of ``Region``."""

    template_name = "widgets/region_picker.html"
    option_template_name = "widgets/region_picker_option.html"

    def __init__(self, attrs=None, country_field="country"):
        super().__init__(attrs)
        self.country_field = country_field

    def show_regions(self, regions):
        """Group ``regions`` (Region rows, in code order) by country."""
        groups, self.levels = {}, {}
        for region in regions:
            groups.setdefault(region.country, []).append(
                (region.pk, f"{region.name} ({region.pk})")
            )
            self.levels[region.pk] = region.level
        labels = dict(Country.choices)
        self.choices = [
            (CountryGroup(code, labels.get(code, code)), options)
            for code, options in groups.items()
        ]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["level"] = getattr(self, "levels", {}).get(str(value), 1)
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["country_field"] = self.country_field
        context["widget"]["country_groups"] = [
            (group, options, any(option["selected"] for option in options))
            for group, options, _index in context["widget"]["optgroups"]
        ]
        return context
