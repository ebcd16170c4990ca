"""The library in the public API: the metadata of published resources, and their files where
anyone may open them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ncc_portal.api import PublicViewSet, TranslatedFields
from ncc_portal.siteaddress import site_url

from ..models import AccessLevel, Resource
from .filters import ResourceFilter


class FileSerializer(serializers.Serializer):
    language = serializers.CharField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes.")
    url = serializers.CharField(allow_null=True, help_text="Only where anyone may open it.")


class ResourceSerializer(TranslatedFields, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    audiences = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    publisher = serializers.CharField(source="publisher.name", allow_null=True, default=None)
    files = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = [
            "slug",
            "url",
            "title",
            "abstract",
            "type",
            "themes",
            "audiences",
            "country",
            "year",
            "publisher",
            "licence",
            "external_url",
            "access_level",
            "files",
            "published_at",
        ]
        translated = ["title", "abstract"]

    def get_url(self, resource) -> str:
        return site_url() + resource.get_absolute_url()

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, resource):
        public = resource.access_level == AccessLevel.PUBLIC
        return [
            {
                "language": file.language,
                "name": file.original_name,
                "content_type": file.content_type,
                "size": file.size,
                "url": site_url() + file.get_absolute_url() if public else None,
            }
            for file in resource.files.all()
        ]


class ResourceViewSet(PublicViewSet):
    """Published library resources (guides, studies, toolkits, …). The filters are the
    library list's: ``q`` (titles, abstracts and the files' text), ``type``, ``theme``,
    ``audience``, ``country`` (or ``transnational``), ``file_language``, ``year``,
    ``access_level``. Files of restricted resources are listed without their address."""

    queryset = Resource.objects.published().with_list_facts()
    serializer_class = ResourceSerializer
    filterset_class = ResourceFilter
    lookup_field = "slug"
    modified_field = "published_at"
