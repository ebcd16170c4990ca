"""The knowledge base's addresses at the root of the language-prefixed site
(``parts.url_modules``)."""

from django.urls import include, path

from .views import casestudies

urlpatterns = [
    path("ecosystem/<slug:slug>/report.pdf", casestudies.case_study_pdf, name="casestudy-pdf"),
    # The map and the tracker come before the case studies' <slug>/.
    path("ecosystem/map/", include("ecosystem.map_urls")),
    path("ecosystem/strategy/", include("ecosystem.strategy_urls")),
    path("ecosystem/", include("ecosystem.casestudy_urls")),
    path("library/", include("ecosystem.library_urls")),
    path("my/", include("ecosystem.personal_urls")),
]
