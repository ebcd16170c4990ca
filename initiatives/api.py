"""The registry in the public API: published initiatives, filtered as the HTML list is."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ncc_portal.api import PublicViewSet, TranslatedFields
from ncc_portal.siteaddress import site_url

from .filters import InitiativeFilter
from .models import TRANSLATED_FIELDS, Initiative


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

    queryset = Initiative.objects.published().with_detail_facts()
    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilter
    lookup_field = "slug"
    modified_field = "updated_at"
