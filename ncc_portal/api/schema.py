"""What the OpenAPI schema says of every resource besides its serializer and filters: the
``lang`` and ``translations`` parameters, the error answers and, for the serializers with
translated fields, ``languages`` and the per-language fields of ``?translations=all``.

Schemathesis checks the answers against this schema (``tests/ncc_portal/test_api_schema.py``),
so whatever ``ncc_portal.api`` adds to an answer must be described here."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = dict(settings.LANGUAGES)


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="What went wrong, in the language asked for.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400: the messages for each query parameter that is not valid.",
    )

    class Meta:
        ref_name = "Error"


ERRORS = {
    "400": OpenApiResponse(
        ErrorSerializer,
        description="A query parameter is not valid or not known; `errors` names it.",
    ),
    "404": OpenApiResponse(ErrorSerializer, description="There is no such published record."),
    "429": OpenApiResponse(
        ErrorSerializer,
        description="Too many requests from the client's address: wait for `Retry-After` seconds.",
    ),
}


# The HTML lists' parameters the API does not take.
NOT_IN_API = {"sort"}


class PublicSchema(AutoSchema):
    """The schema of a ``PublicViewSet``'s operations."""

    def get_override_parameters(self):
        parameters = [
            *super().get_override_parameters(),
            OpenApiParameter(
                "lang",
                enum=LANGUAGES,
                description=(
                    "The language of the texts (default: the best of Accept-Language). A text "
                    "missing in it comes in another language; `languages` says which."
                ),
            ),
        ]
        if getattr(getattr(self._get_serializer(), "Meta", None), "translated", None):
            parameters.append(
                OpenApiParameter(
                    "translations",
                    enum=["all"],
                    description=(
                        "`all` adds each translated field in every language, e.g. `title_de`, "
                        "`title_en`, … (an empty string where there is no text in that language)."
                    ),
                )
            )
        return parameters

    def _get_filter_parameters(self):
        # The list's order is the cursor's (newest first): the HTML list's ``sort`` is not
        # a parameter of the API (PublicViewSet.allowed_parameters).
        return [
            parameter
            for parameter in super()._get_filter_parameters()
            if parameter["name"] not in NOT_IN_API
        ]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["400", "429"] if self._is_list_view() else ["400", "404", "429"]
        for code in codes:
            responses[code] = self._get_response_for_code(ERRORS[code], code, direction=direction)
        return responses


class TranslatedFieldsSchema(OpenApiSerializerExtension):
    """``languages`` (always) and ``<field>_<language>`` (with ``?translations=all``) beside
    the fields of a serializer derived from ``ncc_portal.api.TranslatedFields``."""

    target_class = "ncc_portal.api.TranslatedFields"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        from . import TranslatedFields

        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if schema.get("description") == TranslatedFields.__doc__.strip():
            # Inherited (drf-spectacular reads the classes' docstrings): not for readers.
            schema["description"] = (
                "Texts come in the language asked for, with fallback; `languages` says which "
                "language each is in."
            )
        translated = list(self.target.Meta.translated)
        properties = {}
        for name, field in schema["properties"].items():
            properties[name] = field
            if name not in translated:
                continue
            for code in LANGUAGES:
                properties[f"{name}_{code}"] = {
                    "type": "string",
                    "description": (
                        f"`{name}` in {LANGUAGE_NAMES[code]}, without fallback: empty where it "
                        "has no text in that language. Only with `?translations=all`."
                    ),
                }
        properties["languages"] = {
            "type": "object",
            "description": "The language of each translated text shown in this answer.",
            "properties": {name: {"type": "string", "enum": LANGUAGES} for name in translated},
            "required": translated,
            "additionalProperties": False,
        }
        schema["properties"] = properties
        schema["required"] = [*schema.get("required", []), "languages"]
        return schema
