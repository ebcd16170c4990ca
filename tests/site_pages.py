"""The site's pages with something on each: the world that the accessibility (axe) and HTML
validity tests walk through, and the lists of its pages per kind of visitor."""

from ecosystem.library import services as library_services
from ecosystem.models import CaseStudyActor, SavedSearch, StrategyMilestone
from initiatives.models import Initiative, PeerPortal, PeerRecord
from initiatives.search import update_search_index
from ncc_portal.models import Invitation, Report
from ncc_portal.opendata.dumps import build_open_data
from partnerships.models import Watch, WatchKind
from partnerships.scouting import services as scouting_services

from .ecosystem.test_casestudies import CaseStudyFactory
from .factories import (
    CoordinatorFactory,
    InitiativeFactory,
    MembershipFactory,
    NationalCentreFactory,
    OrganisationFactory,
    PublicSectorRequestFactory,
    UserFactory,
)
from .training.sample import past_attendance, training_world


def site_world():
    """Create the world; returns its people and its pages (addresses without the language)."""
    centre = NationalCentreFactory(country="DE", address="Musterstraße 1\n10115 Berlin")
    member = UserFactory(email="member@example.org")
    organisation = OrganisationFactory(
        name="Quartierswerk", slug="quartierswerk", region_id="DE300"
    )
    MembershipFactory(organisation=organisation, user=member)
    other = OrganisationFactory(name="Elsewhere", slug="elsewhere")
    ministry = OrganisationFactory(name="Ministerium", slug="ministerium", kind="ministry")
    invitation = Invitation.objects.create(organisation=other, email=member.email, language="de")
    role_request = PublicSectorRequestFactory(organisation=ministry)
    coordinator = CoordinatorFactory(centre=centre)
    published = InitiativeFactory(
        organisation=organisation,
        slug="quartierscafe",
        title_en="Neighbourhood café",
        regions=["DE300"],
        open_for_replication=True,
        replication_conditions_en="A room.",
    )
    InitiativeFactory(
        organisation=organisation,
        slug="eingereicht",
        status="submitted",
        submitted_at=published.published_at,
    )
    resource = library_services.create_resource(
        author=coordinator,
        data={
            "title_en": "Guide for managing authorities",
            "abstract_en": "How to fund.",
            "type": "guide",
            "country": "DE",
            "year": 2026,
            "access_level": "public_sector",
        },
    )
    library_services.publish_resource(resource=resource, actor=coordinator)
    collection = library_services.save_collection(
        curator=coordinator,
        data={"title_en": "Social finance", "introduction_en": "Money for good."},
        resources=[resource],
    )
    StrategyMilestone.objects.create(
        country="DE",
        title_en="Strategy adopted",
        status="done",
        completed_on=published.published_at.date(),
    )
    ruhr = CaseStudyFactory(slug="ruhr", title_en="Ruhr area", status="published")
    CaseStudyFactory(slug="tartu", title_en="Tartu county", country="EE", regions=["EE008"])
    CaseStudyActor.objects.create(case_study=ruhr, helix="academia", organisation=organisation)
    saved = SavedSearch.objects.create(
        owner=member, name="Guides", query="type=guide", language="en"
    )
    report = Report.objects.create(
        kind="registry-overview",
        language="de",
        title="Overview",
        requested_by=coordinator,
        centre=centre,
        status="failed",
        error="Test error",
    )
    # Scouting: the café on the board, with a Dutch adopter; another initiative waits to be scouted.
    card = scouting_services.scout(coordinator=coordinator, initiative=published, note="Cheap.")
    scouting_services.add_adopter(
        coordinator=coordinator,
        card=card,
        organisation=OrganisationFactory(name="Buurtwerk", slug="buurtwerk", country="NL"),
        note="Wants to start in Utrecht.",
    )
    InitiativeFactory(
        organisation=other, slug="repair-cafe", title_en="Repair café", open_for_replication=True
    )
    Watch.objects.create(
        owner=member,
        kind=WatchKind.PROFILES,
        name="Funders",
        query="offers=funding",
        language="en",
    )
    offer, session = training_world(coordinator, member)
    ticket = session.registrations.get(user=member)
    attended = past_attendance(offer, coordinator, member)
    build_open_data()  # so that the open-data page shows its table of files
    # A peer portal whose record the registry lists (initiatives.federation), one failing.
    peer = PeerPortal.objects.create(
        name="NCC Estonia",
        slug="ncc-ee",
        base_url="https://ncc.example.ee",
        last_success_at=published.published_at,
    )
    PeerPortal.objects.create(
        name="NCC Luxembourg",
        slug="ncc-lu",
        base_url="https://ncc.example.lu",
        failures=2,
        last_error="The peer portal could not be reached (timed out).",
    )
    harvested = InitiativeFactory(
        organisation=None,
        status="harvested",
        slug="ncc-ee--kogukonnaaed",
        title_en="Community garden",
        country="EE",
        regions=["EE001"],
        indexed=False,
    )
    PeerRecord.objects.create(
        initiative=harvested,
        portal=peer,
        source_id="kogukonnaaed",
        source_url="https://ncc.example.ee/en/initiatives/kogukonnaaed/",
        organisation_name="Kogukond MTÜ",
    )
    update_search_index(Initiative.objects.filter(pk=harvested.pk))
    return {
        "member": member,
        "coordinator": coordinator,
        "training_offer": offer,
        "training_session": session,
        "anonymous_pages": [
            "/",
            "/organisations/",
            "/organisations/?country=DE&kind=third_sector",
            "/organisations/quartierswerk/",
            "/privacy/",
            "/imprint/",
            "/accessibility/",
            "/open-data/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/no-such-page/",
            "/initiatives/",
            "/initiatives/?country=DE&q=caf%C3%A9&sort=name",
            # A search with a "Did you mean …?" link, one with snippets, one of stop words.
            "/initiatives/?q=housebold",
            "/initiatives/?q=household+items",
            "/initiatives/?q=the+of",
            "/initiatives/quartierscafe/",
            "/library/",
            "/library/?type=guide&audience=ministries&sort=title",
            f"/library/{resource.slug}/",
            "/library/collections/",
            f"/library/collections/{collection.slug}/",
            "/ecosystem/map/",
            "/ecosystem/map/?level=3&metric=initiatives",
            "/ecosystem/strategy/",
            "/ecosystem/strategy/de/",
            f"/my/searches/unsubscribe/{saved.token}/",
            "/ecosystem/",
            "/ecosystem/?country=DE&q=ruhr",
            "/ecosystem/ruhr/",
            "/ecosystem/compare/",
            "/ecosystem/compare/?case=ruhr&case=tartu",
            "/training/",
            "/training/?kind=workshop&seats=free&sort=title",
            "/training/archive/",
            "/partners/",
            "/partners/?offer=funding&q=stiftung",
            f"/training/{offer.slug}/",
            f"/training/sessions/{session.pk}/",
            f"/certificates/{attended.certificate_code}/",
            "/certificates/0000-0000-0000/",
            # Refused while the report queue is full (the test sets the limit to nothing).
            "/initiatives/quartierscafe/profile.pdf",
        ],
        "member_pages": [
            "/accounts/profile/",
            "/accounts/delete/",
            "/accounts/public-sector-role/",
            "/accounts/email/",
            "/accounts/password/change/",
            "/accounts/2fa/",
            "/organisations/new/",
            "/organisations/quartierswerk/",
            "/organisations/quartierswerk/edit/",
            "/organisations/quartierswerk/invite/",
            f"/organisations/invitations/{invitation.token}/",
            "/organisations/elsewhere/edit/",  # 403
            "/initiatives/new/",
            "/initiatives/mine/",
            "/initiatives/quartierscafe/",
            "/initiatives/quartierscafe/edit/",
            "/initiatives/eingereicht/",
            "/library/?q=guide",
            "/my/lists/",
            "/my/lists/new/",
            "/my/searches/",
            "/training/mine/",
            f"/training/sessions/{session.pk}/",
            f"/training/check-in/{ticket.check_in_code}/",
            f"/training/sessions/{attended.session_id}/feedback/",
            "/training/new/",
            "/mentoring/",
            "/mentoring/profile/",
            "/partners/?offer=pilot_site",
            "/partners/new/",
            "/matches/",
            "/advice/",
            "/partners/watches/",
        ],
        "coordinator_pages": [
            "/role-requests/",
            f"/role-requests/{role_request.pk}/",
            "/initiatives/review/",
            "/initiatives/eingereicht/review/",
            "/initiatives/peers/",
            "/dashboard/",
            "/reports/",
            "/reports/new/",
            f"/reports/{report.pk}/",
            "/researchers/",
            "/library/new/",
            f"/library/{resource.slug}/edit/",
            f"/library/{resource.slug}/files/new/",
            f"/library/{resource.slug}/",
            "/library/collections/new/",
            f"/library/collections/{collection.slug}/edit/",
            "/ecosystem/strategy/de/new/",
            "/ecosystem/new/",
            "/ecosystem/ruhr/edit/",
            "/training/manage/",
            f"/training/{offer.slug}/edit/",
            f"/training/{offer.slug}/sessions/new/",
            f"/training/sessions/{session.pk}/participants/",
            f"/training/sessions/{session.pk}/edit/",
            f"/training/sessions/{session.pk}/cancel-session/",
            f"/training/check-in/{ticket.check_in_code}/",
            f"/training/sessions/{attended.session_id}/participants/",
            "/mentoring/coordinate/",
            "/advice/queue/",
            "/advice/queue/settings/",
            "/scouting/",
            f"/scouting/{card.pk}/",
        ],
    }
