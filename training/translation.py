from modeltranslation.translator import TranslationOptions, register

from ncc_portal.fallback import prefer_original_language

from .models import TRANSLATED_FIELDS, Offer


@register(Offer)
class OfferTranslationOptions(TranslationOptions):
    fields = tuple(TRANSLATED_FIELDS)


# Missing translations fall back to the language an offer was written in first.
prefer_original_language(Offer)
