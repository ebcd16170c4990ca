"""Partner profiles in the public API: valid (published, not expired) profiles, filtered as the
partner list is. Contact details are never given: they are shared only through a brokered
introduction that both sides accepted."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ncc_portal.api import PublicViewSet, TranslatedFields
from ncc_portal.siteaddress import site_url

from .filters import PartnerFilter, listed_profiles
from .models import TRANSLATED_FIELDS, Direction, PartnerProfile


class ItemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="A code of the shared vocabulary of contributions.")
    text = serializers.CharField()


class PartnerProfileSerializer(TranslatedFields, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name")
    organisation_country = serializers.CharField(source="organisation.country")
    regions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    offers = serializers.SerializerMethodField()
    seeks = serializers.SerializerMethodField()
    # Not "languages": that says in which language each text of the answer is.
    working_languages = serializers.ListField(child=serializers.CharField(), source="languages")

    class Meta:
        model = PartnerProfile
        fields = [
            "slug",
            "url",
            "organisation",
            "organisation_country",
            "sector",
            "summary",
            "description",
            "original_language",
            "offers",
            "seeks",
            "countries",
            "regions",
            "themes",
            "working_languages",
            "valid_until",
            "published_at",
            "updated_at",
        ]
        translated = TRANSLATED_FIELDS

    def get_url(self, profile) -> str:
        return site_url() + profile.get_absolute_url()

    def _items(self, profile, direction):
        return [
            {"kind": item.kind, "text": item.text or ""}
            for item in profile.items.all()
            if item.direction == direction
        ]

    @extend_schema_field(ItemSerializer(many=True))
    def get_offers(self, profile):
        return self._items(profile, Direction.OFFERS)

    @extend_schema_field(ItemSerializer(many=True))
    def get_seeks(self, profile):
        return self._items(profile, Direction.SEEKS)


class PartnerProfileViewSet(PublicViewSet):
    """Partner profiles of organisations from every helix sector: what they offer and seek.
    Filters as the partner list's: ``q``, ``offer``, ``seeks``, ``sector``, ``country``,
    ``region``, ``theme``, ``language``. No contact details."""

    serializer_class = PartnerProfileSerializer
    filterset_class = PartnerFilter
    lookup_field = "slug"
    modified_field = "updated_at"

    def get_queryset(self):
        return (
            listed_profiles()
            .without_search_vectors()
            .select_related("organisation")
            .prefetch_related("items", "regions", "themes")
        )
