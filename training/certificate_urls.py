"""The verification address printed on certificates of attendance (``parts.url_modules``)."""

from django.urls import path

from .views import participation

urlpatterns = [
    path(
        "certificates/<str:code>/",
        participation.certificate_verify,
        name="certificate-verify",
    ),
]
