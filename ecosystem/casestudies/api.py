"""Ecosystem case studies in the public API: published ones, in their comparable sections."""

from django.db.models import Prefetch
from rest_framework import serializers

from initiatives.models import Initiative
from ncc_portal.api import PublicViewSet, TranslatedFields
from ncc_portal.siteaddress import site_url

from ..models import CaseStudy
from .filters import CaseStudyFilter


class CaseStudySerializer(TranslatedFields, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    regions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    initiatives = serializers.SerializerMethodField(
        help_text="Slugs of the published initiatives it names (see /api/v1/initiatives/)."
    )

    class Meta:
        model = CaseStudy
        fields = [
            "slug",
            "url",
            "title",
            "original_language",
            "country",
            "regions",
            "municipality",
            "period_start",
            "period_end",
            "themes",
            *CaseStudy.SECTIONS,
            "funding_sources",
            "initiatives",
            "authors",
            "published_on",
            "updated_at",
        ]
        translated = ["title", *CaseStudy.SECTIONS]

    def get_url(self, case_study) -> str:
        return site_url() + case_study.get_absolute_url()

    def get_initiatives(self, case_study) -> list[str]:
        return [i.slug for i in case_study.initiatives.all() if i.status == "published"]


class CaseStudyViewSet(PublicViewSet):
    """Published ecosystem case studies. Filters as the list page's: ``q``, ``country``,
    ``theme``."""

    queryset = (
        CaseStudy.objects.published()
        .with_list_facts()
        .prefetch_related(
            Prefetch("initiatives", queryset=Initiative.objects.only("pk", "slug", "status"))
        )
    )
    serializer_class = CaseStudySerializer
    filterset_class = CaseStudyFilter
    lookup_field = "slug"
    modified_field = "updated_at"
