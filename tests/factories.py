from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from ncc_portal.models import (
    Membership,
    NationalCentre,
    Organisation,
    PublicSectorRequest,
    Role,
    User,
)

TEST_PASSWORD = "a-long-test-password-42"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class NationalCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalCentre
        django_get_or_create = ["country"]

    country = "DE"
    name_en = factory.LazyAttribute(lambda o: f"National Competence Centre {o.country}")
    languages = factory.LazyAttribute(
        lambda o: [{"DE": "de", "EE": "et", "NL": "nl", "LU": "fr"}[o.country], "en"]
    )
    email = factory.LazyAttribute(lambda o: f"info@ncc-{o.country.lower()}.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    language = "en"
    role = Role.INNOVATOR

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save()

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )

    @factory.post_generation
    def with_totp(self, create, extracted, **kwargs):
        if create and extracted:
            TOTP.activate(self, TEST_TOTP_SECRET)


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR
    centre = factory.SubFactory(NationalCentreFactory)

    @factory.post_generation
    def with_totp(self, create, extracted, **kwargs):
        # Coordinators must use two-factor authentication: on unless a test turns it off.
        if create and extracted is not False:
            TOTP.activate(self, TEST_TOTP_SECRET)


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    is_staff = True
    is_superuser = True

    @factory.post_generation
    def with_totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            TOTP.activate(self, TEST_TOTP_SECRET)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = "third_sector"
    country = "DE"
    description_en = "An organisation that works on social inclusion."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class PublicSectorRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicSectorRequest

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind="ministry")
    position = "Unit for social innovation"


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A published initiative in Germany, written in English, unless told otherwise."""

    class Meta:
        model = "initiatives.Initiative"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title_en = factory.Sequence(lambda n: f"Repair café number {n}")
    title = factory.LazyAttribute(lambda o: o.title_en)
    summary_en = "Volunteers repair household items together with their owners."
    summary = factory.LazyAttribute(lambda o: o.summary_en)
    description_en = "<p>Every Saturday in the neighbourhood centre.</p>"
    original_language = "en"
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    country = "DE"
    stage = "implementation"
    status = "published"
    published_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.SelfAttribute("published_at")

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create:
            self.regions.set(extracted if extracted is not None else ["DE300"])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        from initiatives.search import update_search_index

        if create and extracted is not False:
            update_search_index(type(self).objects.filter(pk=self.pk))


class PartnerProfileFactory(factory.django.DjangoModelFactory):
    """A published, valid partner profile of a Dutch municipality, written in English, unless
    told otherwise. ``offers=[...]`` and ``seeks=[...]`` take Contribution codes (or
    ``(code, text)`` pairs); ``regions`` and ``themes`` take primary keys or objects."""

    class Meta:
        model = "partnerships.PartnerProfile"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, kind="public_authority", country="NL")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    sector = "public"
    summary_en = "A municipality that opens its services to social innovators."
    summary = factory.LazyAttribute(lambda o: o.summary_en)
    original_language = "en"
    countries = factory.LazyAttribute(lambda o: [o.organisation.country])
    languages = factory.LazyFunction(lambda: ["nl", "en"])
    contact_name = "Anna de Vries"
    contact_email = factory.Sequence(lambda n: f"partner{n}@gemeente.example")
    status = "published"
    published_at = factory.LazyFunction(timezone.now)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))

    @factory.post_generation
    def offers(self, create, extracted, **kwargs):
        _add_items(self, "offers", extracted if create else None)

    @factory.post_generation
    def seeks(self, create, extracted, **kwargs):
        _add_items(self, "seeks", extracted if create else None)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        # Rebuilds the search index once partnerships.search exists.
        if create and extracted is not False:
            try:
                from partnerships.search import update_search_index
            except ImportError:
                return
            update_search_index(type(self).objects.filter(pk=self.pk))


def _add_items(profile, direction, items):
    from partnerships.models import ProfileItem

    for item in items or []:
        kind, text = item if isinstance(item, tuple) else (item, "")
        ProfileItem.objects.create(
            profile=profile, direction=direction, kind=kind, text=text, text_en=text
        )
