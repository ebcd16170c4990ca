"""The registry in the public API: published initiatives, filtered as the HTML list is."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ncc_portal.api import PublicViewSet, TranslatedFields
from ncc_portal.models import Region, SustainableDevelopmentGoal, TargetGroup, Theme
from ncc_portal.siteaddress import site_url

from .filters import InitiativeFilter
from .models import TRANSLATED_FIELDS, Funding, Initiative


class OrganisationField(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField()


class ContactField(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()


class InitiativeSerializer(TranslatedFields, serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The initiative's page on the portal.")
    organisation = OrganisationField()
    regions = serializers.SerializerMethodField(help_text="NUTS codes.")
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    sdgs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    target_groups = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    funding = serializers.SerializerMethodField(help_text="Kinds of funding it has.")
    image = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField(
        help_text="The contact person, only where the initiative agreed to show it."
    )

    class Meta:
        model = Initiative
        fields = [
            "slug",
            "url",
            "title",
            "summary",
            "description",
            "original_language",
            "country",
            "regions",
            "themes",
            "sdgs",
            "target_groups",
            "stage",
            "start_year",
            "website",
            "organisation",
            "image",
            "image_alt",
            "open_for_replication",
            "replication_conditions",
            "replication_cost",
            "replication_materials",
            "materials_languages",
            "materials_licence",
            "evidence",
            "seeking_partners",
            "partner_needs",
            "partner_offers",
            "partnership_needs",
            "funding",
            "contact",
            "published_at",
            "confirmed_at",
            "updated_at",
        ]
        translated = TRANSLATED_FIELDS

    def get_url(self, initiative) -> str:
        return site_url() + initiative.get_absolute_url()

    def get_regions(self, initiative) -> list[str]:
        return [region.pk for region in initiative.regions.all()]

    def get_funding(self, initiative) -> list[str]:
        return sorted({funding.kind for funding in initiative.funding.all()})

    def get_image(self, initiative) -> str | None:
        return site_url() + initiative.image.url if initiative.image else None

    @extend_schema_field(ContactField(allow_null=True))
    def get_contact(self, initiative):
        if not initiative.contact_consent:
            return None
        return {
            "name": initiative.contact_name,
            "email": initiative.contact_email,
            "phone": initiative.contact_phone,
        }


class InitiativeViewSet(PublicViewSet):
    """Published initiatives. The filters are the registry list's: ``q`` (full-text search in
    the reader's language), ``country``, ``region`` (NUTS code, any level), ``theme``,
    ``sdg``, ``stage``, ``target_group``, ``funding``, ``replication``, ``partners``, ``need``
    (what it seeks from partners)."""

    # Only what the serializer reads: the related rows' keys, not whole translated records
    # (as with_detail_facts loads them for the page), which took most of a list's time.
    queryset = (
        Initiative.objects.published()
        .without_search_vectors()
        .select_related("organisation")
        .prefetch_related(
            Prefetch("regions", Region.objects.only("code")),
            Prefetch("themes", Theme.objects.only("slug")),
            Prefetch("sdgs", SustainableDevelopmentGoal.objects.only("number")),
            Prefetch("target_groups", TargetGroup.objects.only("slug")),
            Prefetch("funding", Funding.objects.only("initiative_id", "kind")),
        )
    )
    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilter
    lookup_field = "slug"
    modified_field = "updated_at"
