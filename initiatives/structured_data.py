"""The schema.org description of an initiative's page (``ncc_portal.structured_data``)."""

from ncc_portal import fallback
from ncc_portal.structured_data import (
    CONTEXT,
    absolute,
    country,
    organisation_reference,
    plain,
    region,
    without_empty,
)


def initiative_page(initiative):
    """A ``Project`` (schema.org's organisation working towards an aim) run by the
    initiative's organisation, with the facts of its public page; the page itself (its
    language, dates) as ``mainEntityOfPage``, since a project has no language or update
    time of its own in schema.org. Reads only what ``with_detail_facts`` has loaded."""
    url = absolute(initiative.get_absolute_url())
    regions = [region(r) for r in initiative.regions.all()]
    return without_empty(
        {
            "@context": CONTEXT,
            "@type": "Project",
            "name": initiative.title,
            "description": plain(initiative.summary),
            "url": url,
            "parentOrganization": organisation_reference(initiative.organisation),
            "areaServed": regions or [country(initiative.country)],
            "location": {
                "@type": "Place",
                "address": {"@type": "PostalAddress", "addressCountry": initiative.country},
            },
            "foundingDate": str(initiative.start_year) if initiative.start_year else "",
            "keywords": ", ".join(theme.name for theme in initiative.themes.all()),
            "funding": [_grant(funding) for funding in initiative.funding.all()],
            "sameAs": [link for link in [initiative.website, *initiative.social_links] if link],
            "image": absolute(initiative.image.url) if initiative.image else "",
            "mainEntityOfPage": without_empty(
                {
                    "@type": "WebPage",
                    "@id": url,
                    "inLanguage": fallback.shown_language(initiative, "summary"),
                    "datePublished": initiative.published_at,
                    "dateModified": initiative.updated_at,
                }
            ),
        }
    )


def _grant(funding):
    grant = {"@type": "MonetaryGrant", "name": funding.get_kind_display()}
    if funding.amount:
        grant["amount"] = {
            "@type": "MonetaryAmount",
            "value": funding.amount,
            "currency": "EUR",
        }
    return grant
