"""schema.org descriptions (JSON-LD) of the public pages, for search engines.

A view puts its page's description (a dict) into the context as ``structured_data``, and the
template renders it with the ``json_ld`` filter (``templatetags/structured_data.py``), which
escapes it. Each app describes its own pages in its ``structured_data.py`` with the helpers
here. A description says what the page shows a visitor, in the page's language with the
page's fallbacks (the models' translated fields), and never more: no contact person, no
address or link the page keeps for participants.
"""

from django.utils.html import strip_tags

from .choices import Country
from .models import OrganisationKind
from .siteaddress import site_url

CONTEXT = "https://schema.org"

ORGANISATION_TYPES = {
    OrganisationKind.PUBLIC_AUTHORITY: "GovernmentOrganization",
    OrganisationKind.MINISTRY: "GovernmentOrganization",
    OrganisationKind.MANAGING_AUTHORITY: "GovernmentOrganization",
    OrganisationKind.ACADEMIA: "ResearchOrganization",
    OrganisationKind.PRIVATE_COMPANY: "Corporation",
    OrganisationKind.THIRD_SECTOR: "NGO",
}


def absolute(path):
    """An address of the site as an absolute URL (``SITE_URL`` in production)."""
    return site_url() + path


def plain(text):
    """A text without markup (the rich-text fields hold HTML)."""
    return strip_tags(text or "").strip()


def without_empty(data):
    """``data`` without the properties that have no value."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def country(code):
    """A country of the alliance, named in the page's language."""
    return {"@type": "Country", "identifier": code, "name": str(Country(code).label)}


def region(region):
    """A NUTS region, named and coded."""
    return {"@type": "AdministrativeArea", "name": region.name, "identifier": region.code}


def postal_address(*, country_code="", region=None, street=""):
    return without_empty(
        {
            "@type": "PostalAddress",
            # The address field holds lines (street, postcode and town): one line here.
            "streetAddress": ", ".join(
                line.strip() for line in street.splitlines() if line.strip()
            ),
            "addressRegion": region.name if region else "",
            "addressCountry": country_code or (region.country if region else ""),
        }
    )


def organisation_reference(organisation):
    """An organisation named by another description: its name and its page here."""
    return {
        "@type": ORGANISATION_TYPES.get(organisation.kind, "Organization"),
        "name": organisation.name,
        "url": absolute(organisation.get_absolute_url()),
    }


def organisation_page(organisation):
    """The organisation's page as everyone sees it: no members, no contact person."""
    return without_empty(
        {
            "@context": CONTEXT,
            **organisation_reference(organisation),
            "description": plain(organisation.description),
            "address": postal_address(
                country_code=organisation.country, region=organisation.region
            ),
            "sameAs": [organisation.website] if organisation.website else [],
        }
    )
