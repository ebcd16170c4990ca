from modeltranslation.translator import TranslationOptions, register

from ncc_portal.fallback import prefer_original_language

from .models import Audience, CaseStudy, Collection, Resource, StrategyMilestone


@register(CaseStudy)
class CaseStudyTranslationOptions(TranslationOptions):
    fields = ("title", *CaseStudy.SECTIONS)


# Missing translations fall back to the language a case study was written in first.
prefer_original_language(CaseStudy)


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = ("title", "abstract")


@register(Collection)
class CollectionTranslationOptions(TranslationOptions):
    fields = ("title", "introduction")


@register(Audience)
class AudienceTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(StrategyMilestone)
class StrategyMilestoneTranslationOptions(TranslationOptions):
    fields = ("title", "description")
