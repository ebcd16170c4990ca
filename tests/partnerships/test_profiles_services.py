"""Partner profiles through their services: creating, editing, submitting, publishing, asking
for changes, withdrawing, renewing, the renewal reminder and expiry; history, emails, the index."""

from datetime import timedelta
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerships.filters import listed_profiles
from partnerships.models import (
    VALIDITY,
    PartnerProfile,
    ProfileAction,
    ProfileStatus,
    Sector,
)
from partnerships.profiles import services
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """``with on_commit():`` runs what the block left for after the commit (the emails)."""
    return partial(django_capture_on_commit_callbacks, execute=True)


def data(**overrides):
    values = {
        "original_language": "en",
        "summary_en": "We fund social start-ups in the Ruhr area.",
        "description_en": "A social-finance agency with loans and guarantees.",
        "countries": ["DE"],
        "languages": ["de", "en"],
        "contact_name": "Petra Partner",
        "contact_email": "petra@partner.example",
        "contact_phone": "",
    }
    values.update(overrides)
    return values


ITEMS = [("offers", "funding", "Loans up to 50,000 euros"), ("seeks", "pilot_site", "")]


def mails_to(mailoutbox, email):
    return [m for m in mailoutbox if email in m.to]


@pytest.fixture
def draft(innovator, organisation):
    return services.create_profile(
        user=innovator, organisation=organisation, data=data(), items=ITEMS
    )


@pytest.fixture
def submitted(draft, innovator):
    return services.submit(profile=draft, actor=innovator)


@pytest.fixture
def published(submitted, coordinator_de):
    return services.publish(profile=submitted, actor=coordinator_de)


def actions(profile):
    return list(profile.events.order_by("at", "pk").values_list("action", flat=True))


def test_create_makes_a_draft_with_items_tokens_and_a_default_sector(draft, organisation):
    assert draft.status == ProfileStatus.DRAFT
    assert draft.organisation == organisation
    assert draft.sector == Sector.THIRD_SECTOR  # the organisation's kind: third sector
    assert sorted(draft.offered_kinds()) == ["funding"]
    assert draft.sought_kinds() == ["pilot_site"]
    draft.refresh_from_db()
    assert {"offer:funding", "seeks:pilot_site", "country:DE", "language:en"} <= set(
        draft.facet_tokens
    )
    assert actions(draft) == [ProfileAction.CREATED]
    assert draft not in listed_profiles()


def test_create_only_for_members_and_once_per_organisation(draft, organisation, other_innovator):
    with pytest.raises(PermissionDenied):
        services.create_profile(
            user=other_innovator, organisation=organisation, data=data(), items=ITEMS
        )
    innovator = organisation.memberships.get().user
    with pytest.raises(ValidationError) as error:
        services.create_profile(user=innovator, organisation=organisation, data=data(), items=ITEMS)
    assert "organisation" in error.value.message_dict


def test_create_needs_a_summary_in_the_writing_language_an_offer_and_short_texts(
    innovator, organisation
):
    with pytest.raises(ValidationError) as error:
        services.create_profile(
            user=innovator,
            organisation=organisation,
            data=data(original_language="de"),
            items=[("seeks", "funding", "x" * 301)],
        )
    assert "items" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.create_profile(
            user=innovator,
            organisation=organisation,
            data=data(original_language="de"),
            items=[("seeks", "funding", "")],
        )
    assert {"summary_de", "offers"} <= set(error.value.message_dict)
    assert not PartnerProfile.objects.exists()


def test_submit_emails_the_coordinators_of_the_country(
    draft, innovator, coordinator_de, coordinator_nl, mailoutbox, on_commit
):
    with on_commit():
        profile = services.submit(profile=draft, actor=innovator)
    assert profile.status == ProfileStatus.SUBMITTED
    assert profile.submitted_at is not None
    assert len(mails_to(mailoutbox, coordinator_de.email)) == 1
    assert not mails_to(mailoutbox, coordinator_nl.email)
    with pytest.raises(ValidationError):
        services.submit(profile=profile, actor=innovator)


def test_publish_starts_the_validity_and_emails_the_members(
    submitted, coordinator_de, innovator, mailoutbox, on_commit
):
    with on_commit():
        profile = services.publish(profile=submitted, actor=coordinator_de)
    assert profile.status == ProfileStatus.PUBLISHED
    assert profile.valid_until == timezone.localdate() + VALIDITY
    assert profile.published_at is not None
    assert len(mails_to(mailoutbox, innovator.email)) == 1
    assert profile in listed_profiles()
    assert ProfileAction.PUBLISHED in actions(profile)


def test_only_coordinators_of_the_country_or_administrators_publish(
    submitted, coordinator_nl, innovator, administrator
):
    for person in (coordinator_nl, innovator):
        with pytest.raises(PermissionDenied):
            services.publish(profile=submitted, actor=person)
    assert services.publish(profile=submitted, actor=administrator).is_published


def test_request_changes_needs_a_note_and_emails_it(
    submitted, coordinator_de, innovator, mailoutbox, on_commit
):
    with pytest.raises(ValidationError):
        services.request_changes(profile=submitted, actor=coordinator_de, note=" ")
    with on_commit():
        profile = services.request_changes(
            profile=submitted, actor=coordinator_de, note="Name a region, please."
        )
    assert profile.status == ProfileStatus.CHANGES_REQUESTED
    sent = mails_to(mailoutbox, innovator.email)
    assert len(sent) == 1 and "Name a region, please." in sent[0].body
    assert profile.events.first().note == "Name a region, please."
    assert services.submit(profile=profile, actor=innovator).status == ProfileStatus.SUBMITTED


def test_withdraw_takes_it_out_of_the_list(published, innovator):
    profile = services.withdraw(profile=published, actor=innovator)
    assert profile.status == ProfileStatus.WITHDRAWN
    assert profile not in listed_profiles()
    with pytest.raises(ValidationError):
        services.withdraw(profile=profile, actor=innovator)


def test_a_member_changing_a_published_profile_sends_it_back_to_review(
    published, innovator, coordinator_de, mailoutbox, on_commit
):
    mailoutbox.clear()
    same = services.update_profile(profile=published, editor=innovator, data=data(), items=ITEMS)
    assert same.status == ProfileStatus.PUBLISHED  # nothing changed
    with on_commit():
        changed = services.update_profile(
            profile=published,
            editor=innovator,
            data=data(summary_en="We fund and coach social start-ups."),
            items=[*ITEMS, ("offers", "mentoring", "Coaching")],
        )
    assert changed.status == ProfileStatus.SUBMITTED
    assert changed not in listed_profiles()
    assert len(mails_to(mailoutbox, coordinator_de.email)) == 1
    assert "offer:mentoring" in PartnerProfile.objects.get(pk=changed.pk).facet_tokens


def test_a_coordinator_editing_keeps_it_published(published, coordinator_de):
    profile = services.update_profile(
        profile=published,
        editor=coordinator_de,
        data=data(summary_en="Corrected typo."),
        items=ITEMS,
    )
    assert profile.status == ProfileStatus.PUBLISHED


def test_update_keeps_translations_of_unchanged_items(draft, innovator):
    item = draft.items.get(kind="funding")
    item.text_de = "Darlehen bis 50.000 Euro"
    item.save()
    services.update_profile(
        profile=draft,
        editor=innovator,
        data=data(),
        items=[("offers", "funding", {"en": "Loans up to 50,000 euros"})],
    )
    item.refresh_from_db()
    assert item.text_de == "Darlehen bis 50.000 Euro"
    assert list(draft.items.values_list("kind", flat=True)) == ["funding"]


def test_renewal_reminder_is_sent_once_per_period(published, innovator, mailoutbox, on_commit):
    today = timezone.localdate()
    PartnerProfile.objects.filter(pk=published.pk).update(valid_until=today + timedelta(days=20))
    mailoutbox.clear()
    with on_commit():
        assert services.send_renewal_reminders(today) == 1
        assert services.send_renewal_reminders(today) == 0
    assert len(mails_to(mailoutbox, innovator.email)) == 1
    profile = services.renew(profile=published, actor=innovator)
    assert profile.valid_until == today + VALIDITY
    assert profile.renewal_reminder_sent_at is None
    assert services.send_renewal_reminders(today) == 0  # a year to go now
    later = profile.valid_until - timedelta(days=10)
    assert services.send_renewal_reminders(later) == 1


def test_expiry_is_recorded_once_and_removes_it_from_the_list(
    published, innovator, mailoutbox, on_commit
):
    today = timezone.localdate()
    PartnerProfile.objects.filter(pk=published.pk).update(valid_until=today - timedelta(days=1))
    mailoutbox.clear()
    assert published not in listed_profiles()
    with on_commit():
        assert services.expire(today) == 1
        assert services.expire(today) == 0
    assert actions(published).count(ProfileAction.EXPIRED) == 1
    assert len(mails_to(mailoutbox, innovator.email)) == 1
    # Renewing after expiry lists it again.
    services.renew(profile=published, actor=innovator)
    assert published in listed_profiles()


def test_republishing_an_expired_profile_starts_a_new_year(published, innovator, coordinator_de):
    today = timezone.localdate()
    PartnerProfile.objects.filter(pk=published.pk).update(valid_until=today - timedelta(days=3))
    services.update_profile(
        profile=published, editor=innovator, data=data(summary_en="New."), items=ITEMS
    )
    profile = services.publish(profile=published, actor=coordinator_de)
    assert profile.valid_until == today + VALIDITY


def test_organisations_without_profile(draft, innovator):
    other = OrganisationFactory(name="Second")
    MembershipFactory(user=innovator, organisation=other)
    assert list(services.organisations_without_profile(innovator)) == [other]
    assert not services.organisations_without_profile(UserFactory()).exists()
