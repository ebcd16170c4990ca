from modeltranslation.translator import TranslationOptions, register

from ncc_portal.fallback import prefer_original_language

from .models import TRANSLATED_FIELDS, PartnerProfile, ProfileItem


@register(PartnerProfile)
class PartnerProfileTranslationOptions(TranslationOptions):
    fields = tuple(TRANSLATED_FIELDS)


@register(ProfileItem)
class ProfileItemTranslationOptions(TranslationOptions):
    fields = ("text",)


# Missing translations of a profile fall back to the language it was written in first; the
# short texts of its offers and requests follow the portal-wide chain.
prefer_original_language(PartnerProfile)
