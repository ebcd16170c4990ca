from modeltranslation.translator import TranslationOptions, register

from .models import NationalCentre, Organisation, SustainableDevelopmentGoal, TargetGroup, Theme


@register(NationalCentre)
class NationalCentreTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("description",)


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalTranslationOptions(TranslationOptions):
    fields = ("name", "title")


@register(TargetGroup)
class TargetGroupTranslationOptions(TranslationOptions):
    fields = ("name",)
