"""``/api/v1/``: the router over ``parts.api_resources``, the OpenAPI schema and its docs page
(served from our own static files by drf-spectacular-sidecar: no CDN)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .. import parts

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
for resource in parts.api_resources:
    router.register(resource.prefix, resource.viewset, basename=resource.name)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
