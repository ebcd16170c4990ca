"""Training in the public API: published offers with their sessions, filtered as the training
list is. A session's online link is never given, nor the address of a closed event: those are
for confirmed participants."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from ncc_portal.api import InvalidParameters, PublicViewSet, TranslatedFields
from ncc_portal.siteaddress import site_url

from .filters import TrainingFilter
from .models import SEAT_STATUSES, TRANSLATED_FIELDS, Offer, Session

WHEN = {"upcoming": "when:upcoming", "past": "when:past"}


class SessionSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", allow_null=True)
    address = serializers.SerializerMethodField(help_text="Not given for closed events.")
    online = serializers.SerializerMethodField()
    seats_taken = serializers.IntegerField(source="seats_taken_count", read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "starts_at",
            "ends_at",
            "time_zone",
            "venue",
            "address",
            "region",
            "online",
            "closed_event",
            "capacity",
            "seats_taken",
            "registration_opens_at",
            "registration_closes_at",
            "needs_approval",
            "cancellation_deadline",
            "status",
        ]

    def get_address(self, session) -> str | None:
        return None if session.closed_event else session.address

    def get_online(self, session) -> bool:
        return session.offer.format != "on_site"


class OfferSerializer(TranslatedFields, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    country = serializers.CharField(source="centre.country")
    provider = serializers.CharField(source="provider.name", allow_null=True, default=None)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    fee = serializers.DecimalField(
        max_digits=8, decimal_places=2, allow_null=True, help_text="Euros; null when free."
    )
    sessions = SessionSerializer(many=True, source="listed_sessions")
    # Not "languages": that says in which language each text of the answer is.
    given_in = serializers.ListField(
        child=serializers.CharField(), source="languages", help_text="Languages it is given in."
    )

    class Meta:
        model = Offer
        fields = [
            "slug",
            "url",
            "kind",
            "format",
            "audiences",
            "given_in",
            "themes",
            "title",
            "summary",
            "description",
            "prerequisites",
            "original_language",
            "country",
            "provider",
            "fee",
            "sessions",
            "published_at",
        ]
        translated = TRANSLATED_FIELDS

    def get_url(self, offer) -> str:
        return site_url() + offer.get_absolute_url()


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "when",
                enum=list(WHEN),
                description="upcoming (default: offers with a session to come) or past.",
            )
        ]
    )
)
class OfferViewSet(PublicViewSet):
    """Published training offers, courses, events and advice clinics with their sessions.
    The filters are the training list's: ``q``, ``kind``, ``format``, ``language``,
    ``country``, ``region``, ``theme``, ``audience``, ``month`` (2027-03), ``seats=free``;
    ``when=past`` gives the archive."""

    serializer_class = OfferSerializer
    filterset_class = TrainingFilter
    lookup_field = "slug"
    modified_field = "published_at"
    extra_parameters = {"when"}

    def when(self):
        when = self.request.query_params.get("when", "upcoming")
        if when not in WHEN:
            raise InvalidParameters(
                {
                    "when": [
                        _("“%(value)s” is not valid here. Use upcoming or past.") % {"value": when}
                    ]
                }
            )
        return when

    def get_queryset(self):
        sessions = (
            Session.objects.select_related("offer")
            .annotate(
                seats_taken_count=Count(
                    "registrations", filter=Q(registrations__status__in=SEAT_STATUSES)
                )
            )
            .order_by("starts_at")
        )
        offers = (
            Offer.objects.published()
            .without_search_vectors()
            .select_related("centre", "provider")
            .prefetch_related("themes", Prefetch("sessions", sessions, to_attr="listed_sessions"))
        )
        if self.action == "list":
            offers = offers.filter(facet_tokens__has_token=WHEN[self.when()])
        return offers

    def filterset_kwargs(self):
        return {"archive": self.when() == "past"}
