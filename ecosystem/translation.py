from modeltranslation.translator import TranslationOptions, register

from .models import Audience, CaseStudy, Collection, Resource, StrategyMilestone


@register(CaseStudy)
class CaseStudyTranslationOptions(TranslationOptions):
    fields = ("title", *CaseStudy.SECTIONS)


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
