"""Which language of a translated text a reader sees.

modeltranslation falls back along one portal-wide chain (the centre's language, English, the
others). Initiatives and case studies also know the language they were written in
(``original_language``): for them a missing translation falls back to that original first,
since a translation into a third language is a step further from what the author wrote. So a
French-written initiative with a German translation shows French, not German, to an English
reader. The same order builds the search vectors (``ncc_portal.fulltext``), so search finds
what readers see.
"""

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from modeltranslation.thread_context import fallbacks_enabled
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname


def fallback_chain(language, original=None):
    """The languages a reader of ``language`` is shown, in order: theirs, the original (when
    known), then the portal-wide fallbacks."""
    chain = settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]
    return list(dict.fromkeys([language, *([original] if original else []), *chain]))


def shown_in_row(row, field, chain, default=""):
    """A translated field of a ``values()`` row as a reader sees it, and its language: the
    first language of ``chain`` (``fallback_chain``) with a text, else ``default``."""
    for code in chain:
        if row[f"{field}_{code}"]:
            return row[f"{field}_{code}"], code
    return default, chain[0]


def shown_language(obj, field):
    """The language of the text of ``obj``'s translated ``field`` that the reader sees, e.g. for
    the ``lang`` attribute of text shown in another language than the page's."""
    language = get_language()
    for code in fallback_chain(language, getattr(obj, "original_language", None)):
        if getattr(obj, f"{field}_{code}", ""):
            return code
    return language


class OriginalLanguageFirst(TranslationFieldDescriptor):
    """modeltranslation's descriptor, trying the object's original language right after the
    reader's own."""

    def __get__(self, instance, owner):
        if instance is None:
            return self
        # A deferred original_language would cost a query: then the portal-wide chain it is.
        original = instance.__dict__.get("original_language")
        if original and fallbacks_enabled():
            undefined = self.fallback_undefined
            if undefined is NONE:
                undefined = self.field.get_default()
            for language in (get_language(), original):
                name = build_localized_fieldname(self.field.name, language)
                value = getattr(instance, name, None)
                if self.meaningful_value(value, undefined):
                    return value
        return super().__get__(instance, owner)


def prefer_original_language(model):
    """Give the translated fields of ``model`` (registered with modeltranslation, with an
    ``original_language`` field) the original-first fallback."""
    for name in translator.get_options_for_model(model).fields:
        current = model.__dict__[name]
        setattr(
            model,
            name,
            OriginalLanguageFirst(
                current.field,
                fallback_languages=current.fallback_languages,
                fallback_value=current.fallback_value,
                fallback_undefined=current.fallback_undefined,
            ),
        )
