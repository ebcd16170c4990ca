"""``/api/v1/``: the router over ``parts.api_resources``, the OpenAPI schema and its docs page
(served from our own static files by drf-spectacular-sidecar: no CDN). Any other address under
``/api/v1/`` is a JSON 404, as an unknown record is."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .. import parts

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
for resource in parts.api_resources:
    router.register(resource.prefix, resource.viewset, basename=resource.name)


def nothing_here(request, path):
    return JsonResponse(
        {
            "message": _(
                "There is nothing at this address. The API's resources are listed at /api/v1/."
            )
        },
        status=404,
    )


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
    # Last: what the router does not match, e.g. /api/v1/sdgs/0.5/ (its keys have no dots).
    re_path(r"^(?P<path>.+/)$", nothing_here),
]
