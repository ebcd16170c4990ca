from modeltranslation.translator import TranslationOptions, register

from ncc_portal.fallback import prefer_original_language

from .models import Initiative


@register(Initiative)
class InitiativeTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "image_alt",
        "replication_conditions",
        "replication_materials",
        "partnership_needs",
    )


# Missing translations fall back to the language an initiative was written in first.
prefer_original_language(Initiative)
