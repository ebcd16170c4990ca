"""The core's resources of the API: the shared vocabularies and the NUTS regions."""

from rest_framework import serializers

from ..models import Region, SustainableDevelopmentGoal, TargetGroup, Theme
from . import PublicViewSet, TranslatedFields


class ThemeSerializer(TranslatedFields, serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name", "description"]
        translated = ["name", "description"]


class GoalSerializer(TranslatedFields, serializers.ModelSerializer):
    class Meta:
        model = SustainableDevelopmentGoal
        fields = ["number", "slug", "name", "title"]
        translated = ["name", "title"]


class TargetGroupSerializer(TranslatedFields, serializers.ModelSerializer):
    class Meta:
        model = TargetGroup
        fields = ["slug", "name"]
        translated = ["name"]


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "country", "parent"]


class ThemeViewSet(PublicViewSet):
    """The themes initiatives, resources, offers and partner profiles are tagged with."""

    queryset = Theme.objects.all()
    serializer_class = ThemeSerializer
    lookup_field = "slug"
    pagination_class = None


class GoalViewSet(PublicViewSet):
    """The UN Sustainable Development Goals."""

    queryset = SustainableDevelopmentGoal.objects.all()
    serializer_class = GoalSerializer
    lookup_field = "number"
    pagination_class = None


class TargetGroupViewSet(PublicViewSet):
    """The groups of people initiatives work with."""

    queryset = TargetGroup.objects.all()
    serializer_class = TargetGroupSerializer
    lookup_field = "slug"
    pagination_class = None


class RegionViewSet(PublicViewSet):
    """The NUTS 2024 regions of the four countries (Eurostat), levels 0 to 3."""

    queryset = Region.objects.order_by("code")
    serializer_class = RegionSerializer
    lookup_field = "code"
    ordering = "code"

    class Pages(PublicViewSet.pagination_class):
        ordering = "code"
        page_size = 100

    pagination_class = Pages
