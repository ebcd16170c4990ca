"""The schema.org description of a library resource's page (``ncc_portal.structured_data``)."""

from ncc_portal import fallback
from ncc_portal.structured_data import (
    CONTEXT,
    absolute,
    country,
    organisation_reference,
    without_empty,
)

from ..models import AccessLevel, ResourceLicence, ResourceType

TYPES = {
    ResourceType.STUDY: "Report",
    ResourceType.PRESENTATION: "PresentationDigitalDocument",
    ResourceType.TRAINING: "LearningResource",
    ResourceType.FAQ: "CreativeWork",
}
LICENCES = {
    ResourceLicence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    ResourceLicence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    ResourceLicence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


def resource_page(resource):
    """A document of its type (a report, a presentation, learning material, else a digital
    document) published by its publisher in its publication year, in the languages of its
    files; the licence as the licence's address where there is one. Files are not named:
    their addresses check the access level. Reads only what the detail page has loaded."""
    publisher = organisation_reference(resource.publisher) if resource.publisher else None
    file_languages = sorted({file.language for file in resource.files.all()})
    return without_empty(
        {
            "@context": CONTEXT,
            "@type": TYPES.get(resource.type, "DigitalDocument"),
            "name": resource.title,
            "abstract": resource.abstract,
            "url": absolute(resource.get_absolute_url()),
            "sameAs": resource.external_url,
            "inLanguage": file_languages or fallback.shown_language(resource, "abstract"),
            "genre": resource.get_type_display(),
            "author": publisher,
            "publisher": publisher,
            "datePublished": str(resource.year),
            "license": LICENCES.get(resource.licence, ""),
            "spatialCoverage": country(resource.country) if resource.country else None,
            "keywords": ", ".join(theme.name for theme in resource.themes.all()),
            "audience": [
                {"@type": "Audience", "audienceType": audience.name}
                for audience in resource.audiences.all()
            ],
            "conditionsOfAccess": resource.get_access_level_display()
            if resource.access_level != AccessLevel.PUBLIC
            else "",
        }
    )
