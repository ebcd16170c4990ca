from modeltranslation.translator import TranslationOptions, register

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
