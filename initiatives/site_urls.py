"""The registry's addresses at the root of the language-prefixed site (``parts.url_modules``)."""

from django.urls import include, path

from .views import public

urlpatterns = [
    # Un-namespaced, as it has always been: `{% url 'initiative-profile-pdf' slug %}`.
    path(
        "initiatives/<slug:slug>/profile.pdf",
        public.initiative_profile_pdf,
        name="initiative-profile-pdf",
    ),
    path("initiatives/", include("initiatives.urls")),
]
