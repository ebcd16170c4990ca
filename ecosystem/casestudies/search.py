"""The case studies' full-text index: the title, the summary and the analysis sections, every
language of a case study searchable (see ``ncc_portal.fulltext``)."""

from ncc_portal import fulltext

# (field, weight): the title matters most, the summary next, the analysis sections least.
WEIGHTED_FIELDS = [
    ("title", "A"),
    ("summary", "B"),
    ("enablers", "C"),
    ("barriers", "C"),
    ("policy_instruments", "C"),
    ("funding_landscape", "C"),
    ("support_infrastructure", "C"),
    ("lessons", "C"),
]

index = fulltext.SearchIndex(
    "case_studies",
    "ecosystem.CaseStudy",
    WEIGHTED_FIELDS,
    original_field="original_language",
)


def search(queryset, text, language):
    return fulltext.search(queryset, text, language, index)
