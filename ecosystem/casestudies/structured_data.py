"""The schema.org description of a case study's page (``ncc_portal.structured_data``)."""

from ncc_portal import fallback
from ncc_portal.structured_data import CONTEXT, absolute, country, region, without_empty


def case_study_page(case_study):
    """An ``Article`` with its authors (the field's names, separated by semicolons), dates and
    the places it covers; in the language of the summary the page shows. Reads only what the
    detail page has loaded."""
    return without_empty(
        {
            "@context": CONTEXT,
            "@type": "Article",
            "headline": case_study.title,
            "name": case_study.title,
            "abstract": case_study.summary,
            "url": absolute(case_study.get_absolute_url()),
            "inLanguage": fallback.shown_language(case_study, "summary"),
            "author": [
                {"@type": "Person", "name": name.strip()}
                for name in case_study.authors.split(";")
                if name.strip()
            ],
            "datePublished": case_study.published_on,
            "dateModified": case_study.updated_at,
            "spatialCoverage": [country(case_study.country)]
            + [region(r) for r in case_study.regions.all()],
            "temporalCoverage": f"{case_study.period_start}/{case_study.period_end or '..'}",
            "keywords": ", ".join(theme.name for theme in case_study.themes.all()),
        }
    )
