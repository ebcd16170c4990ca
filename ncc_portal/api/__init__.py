"""The public, read-only REST API (``/api/v1/``): published data only, no account needed.

Each app registers its resources in ``parts.api_resources`` (from its ``portal.py``); the core
adds its vocabularies and regions. A resource's viewset derives from :class:`PublicViewSet`,
which gives every resource the same behaviour:

- **the HTML list's FilterSet**: the query parameters are the list page's (``?q=``, the facets),
  validated by the same form; an invalid value is a 400 that names the parameter and the value;
  parameters the resource does not know are refused the same way;
- **language**: ``?lang=`` or ``Accept-Language`` picks the language of the texts, with the
  pages' fallback; ``languages`` says in which language each text is; ``?translations=all``
  adds each translatable field in every language, as flat fields named like the columns
  (``title_de``, ``title_en``, …; an empty string where there is no text), without fallback;
- **pagination**: cursor pagination (stable under inserts) of ``page_size`` rows, at most 100;
- **conditional requests**: ``ETag`` on every answer and ``Last-Modified`` where the rows know
  when they changed; ``If-None-Match`` / ``If-Modified-Since`` give a 304 (``ConditionalGet``);
- **limits**: requests per client address (``API_RATE``, e.g. ``120/minute``); beyond it a 429
  with ``Retry-After`` and a message;
- **errors** are JSON: ``{"message": …, "errors": {parameter: [messages]}}``;
- **the schema** (``schema.PublicSchema``) describes all of this for every operation;
- **CORS**: any origin may read (``Access-Control-Allow-Origin: *``; there are no cookies to
  send).
"""

import hashlib

from django.conf import settings
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import (
    exceptions,
    negotiation,
    pagination,
    serializers,
    throttling,
    viewsets,
)
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

from ..fallback import shown_language
from .schema import NOT_IN_API, PublicSchema

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Query parameters every resource understands besides its FilterSet's. "format" is DRF's habit,
# tolerated and ignored (the answer is JSON), unless the FilterSet has a filter of that name
# (the training list's: on site, online, hybrid).
COMMON_PARAMETERS = {"lang", "translations", "cursor", "page_size", "format"}


class InvalidParameters(exceptions.ValidationError):
    """A 400 whose errors name the query parameters."""


def api_exception_handler(exc, context):
    """Every error as ``{"message": …, "errors": {…}}``, in the request's language."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        message = _("Some query parameters are not valid.")
        errors = detail if isinstance(detail, dict) else {"": detail}
        response.data = {"message": message, "errors": errors}
    elif isinstance(exc, exceptions.Throttled):
        response.data = {
            "message": _("Too many requests from your address. Please wait %(seconds)s seconds.")
            % {"seconds": exc.wait and int(exc.wait + 0.999) or 1}
        }
    else:
        message = detail.get("detail", detail) if isinstance(detail, dict) else detail
        response.data = {"message": str(message)}
    return response


class AddressRateThrottle(throttling.SimpleRateThrottle):
    """Requests per client address (the address the proxy set-up vouches for,
    ``ncc_portal.middleware.ClientAddressBehindProxies``)."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.META.get("REMOTE_ADDR")}


class JsonOnly(negotiation.DefaultContentNegotiation):
    """JSON whatever ``?format=`` says: DRF would read it as the name of a renderer and answer
    404 to ``/api/v1/training-offers/?format=online``."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class Pages(pagination.CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-pk"

    def decode_cursor(self, request):
        # DRF answers a cursor it cannot read with a 404; like any other parameter whose
        # value is not valid, it is a 400 that names it.
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise InvalidParameters(
                {
                    "cursor": [
                        _("This is not a cursor of this list: follow the links next and previous.")
                    ]
                }
            ) from None

    def get_paginated_response_schema(self, schema):
        # DRF's is OpenAPI 3.0 ("nullable"), which a 3.1 schema must say with a type list.
        paginated = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            paginated["properties"][link].pop("nullable", None)
            paginated["properties"][link]["type"] = ["string", "null"]
        return paginated


def requested_translations(request):
    """True for ``?translations=all``; any other value is refused."""
    value = request.query_params.get("translations")
    if value not in (None, "all"):
        raise InvalidParameters(
            {"translations": [_("“%(value)s” is not valid here. Use all.") % {"value": value}]}
        )
    return value == "all"


def requested_language(request):
    """``?lang=`` if it is one of the portal's languages, else the best of Accept-Language."""
    language = request.query_params.get("lang", "")
    if language:
        if language not in LANGUAGES:
            raise InvalidParameters(
                {
                    "lang": [
                        _("“%(value)s” is not a language of the portal. Use one of: %(codes)s.")
                        % {"value": language, "codes": ", ".join(LANGUAGES)}
                    ]
                }
            )
        return language
    return translation.get_language_from_request(request._request)


class TranslatedFields(serializers.Serializer):
    """A record whose fields in ``Meta.translated`` come in the reader's language (with
    fallback); ``languages`` says which language each of these texts is in. With
    ``?translations=all`` each of them also comes in every language, right after it
    (``title``, ``title_de``, ``title_en``, …), as stored: an empty string where there is no
    text in that language."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        meta = getattr(cls, "Meta", None)
        if meta is not None and "languages" in getattr(meta, "fields", []):
            # It would be overwritten by the languages of the texts.
            raise TypeError(f"{cls.__name__}: a field named 'languages' needs another name here")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        fields = getattr(self.Meta, "translated", [])
        request = self.context.get("request")
        if request is not None and request.query_params.get("translations") == "all":
            every = {}
            for name, value in data.items():
                every[name] = value
                if name in fields:
                    for code in LANGUAGES:
                        every[f"{name}_{code}"] = getattr(instance, f"{name}_{code}") or ""
            data = every
        data["languages"] = {field: shown_language(instance, field) for field in fields}
        return data


class ListFilters(DjangoFilterBackend):
    """The resource's FilterSet (the HTML list's), validated as the list page validates it;
    unknown parameters are refused. drf-spectacular documents its filters in the schema."""

    def filter_queryset(self, request, queryset, view):
        allowed = view.allowed_parameters()
        filters = set(view.filterset_class.base_filters) if view.filterset_class else set()
        known = allowed - ({"format"} - filters)
        errors = {
            name: [
                _("Unknown parameter. This resource understands: %(known)s.")
                % {"known": ", ".join(sorted(known))}
            ]
            for name in sorted(set(request.query_params) - allowed)
        }
        filterset = None
        if view.filterset_class is not None and view.action == "list":
            data = request.query_params.copy()
            for name in [*COMMON_PARAMETERS, *view.extra_parameters, *errors]:
                if name not in filters:
                    data.pop(name, None)
            filterset = view.filterset_class(
                data, queryset=queryset, request=request, **view.filterset_kwargs()
            )
            if not filterset.is_valid():
                errors.update(
                    {
                        name: [str(error) for error in field_errors]
                        for name, field_errors in filterset.errors.items()
                    }
                )
        if errors:
            raise InvalidParameters(errors)
        # The list's filters, in the API's own (cursor) order.
        return filterset.qs.order_by() if filterset is not None else queryset


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource of published rows. Subclasses set ``queryset`` (published rows
    only), ``serializer_class``, optionally ``filterset_class`` (the HTML list's) and
    ``modified_field`` (the field that says when a row last changed, for Last-Modified)."""

    filterset_class = None
    filter_backends = [ListFilters]
    modified_field = None
    # Query parameters of the resource's own, besides the FilterSet's (read in get_queryset).
    extra_parameters: set[str] = set()
    pagination_class = Pages
    throttle_classes = [AddressRateThrottle]
    authentication_classes = []
    permission_classes = []
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonOnly
    schema = PublicSchema()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        translation.activate(requested_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        requested_translations(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        response.setdefault("Vary", "Accept-Language")
        return response

    def allowed_parameters(self):
        names = set(COMMON_PARAMETERS) | self.extra_parameters
        if self.filterset_class is not None:
            names |= set(self.filterset_class.base_filters) - NOT_IN_API
        return names

    def filterset_kwargs(self):
        """More keyword arguments of the FilterSet, as the HTML list passes them."""
        return {}

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        self._last_modified(response, getattr(self, "_page_rows", []))
        return response

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._page_rows = page or []
        return page

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = super().retrieve(request, *args, **kwargs)
        self._last_modified(response, [instance])
        return response

    def _last_modified(self, response, rows):
        if not self.modified_field:
            return
        times = [getattr(row, self.modified_field) for row in rows]
        times = [moment for moment in times if moment]
        if times:
            response["Last-Modified"] = http_date(max(times).timestamp())


class ConditionalGet:
    """For the API: an ETag on every successful GET (a hash of the body), 304 answers to
    If-None-Match / If-Modified-Since, and read access from any origin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/"):
            return response
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After, Link"
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if response.streaming:
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        digest = hashlib.sha256(response.content).hexdigest()[:32]
        response["ETag"] = quote_etag(digest)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=_parsed_date(response.get("Last-Modified")),
            response=response,
        )


def _parsed_date(value):
    return parse_http_date_safe(value) if value else None
