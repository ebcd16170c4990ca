"""The ecosystem map's figures: how many initiatives, case studies or actors each NUTS region has.

Every count is one SQL statement grouped by a prefix of the NUTS code. NUTS codes nest (DE3
contains DE30, which contains DE300), so the first ``level + 2`` characters of any code at that
level or finer name the region of ``level`` it lies in. Something linked to several regions counts
once in each region of the chosen level, never twice in the same one. Something linked only to a
coarser region (an initiative working in all of DE3) is counted at that level and coarser ones,
not spread over the finer regions it contains.
"""

from django.db.models import CharField, Count, Q, Value, When
from django.db.models.expressions import Case
from django.db.models.functions import Cast, Concat, Length, Lower, Substr

from initiatives.models import Initiative

from ..models import CaseStudy, CaseStudyActor, PublicationStatus

LEVELS = (1, 2, 3)
METRICS = ("initiatives", "case_studies", "actors")


def _per_prefix(queryset, *, code_path, counted, level):
    """``{code: n}``: the distinct ``counted`` values per region of ``level``."""
    length = level + 2
    rows = (
        queryset.order_by()
        .annotate(code_length=Length(code_path), code=Substr(code_path, 1, length))
        .filter(code_length__gte=length)
        .values("code")
        .annotate(n=Count(counted, distinct=True))
        .values_list("code", "n")
    )
    return dict(rows)


def initiatives_per_region(*, level, theme=None):
    """Listed initiatives (published here or harvested from peer portals) per region of
    ``level``, optionally only those of a theme slug."""
    initiatives = Initiative.objects.listed()
    if theme:
        initiatives = initiatives.filter(
            pk__in=Initiative.objects.filter(themes__slug=theme).values("pk")
        )
    return _per_prefix(initiatives, code_path="regions__code", counted="pk", level=level)


def case_studies_per_region(*, level, theme=None):
    """Published case studies per region of ``level``, by the regions each case study covers."""
    return _per_prefix(
        _published_case_studies(theme), code_path="regions__code", counted="pk", level=level
    )


def actors_per_region(*, level, theme=None):
    """Ecosystem actors per region of ``level``.

    An actor is a quadruple-helix actor named in a published case study, placed in the regions
    that case study covers. We count these rather than the portal's organisations by their own
    ``region``: the actors are the ones an analysis found active in that ecosystem (a national
    ministry takes part in many regional ecosystems while being registered in the capital), they
    follow the case studies' themes so the theme filter means something, and an organisation's
    region is optional and says where its office is, not where it works.

    The same actor named in several case studies of a region counts once there: actors linked
    to a portal organisation are told apart by that organisation, the others by their name.
    """
    identity = Case(
        When(
            organisation__isnull=False,
            then=Concat(Value("organisation:"), Cast("organisation_id", CharField())),
        ),
        default=Concat(Value("name:"), Lower("name")),
        output_field=CharField(),
    )
    actors = CaseStudyActor.objects.filter(
        Q(organisation__isnull=False) | ~Q(name=""),
        case_study__in=_published_case_studies(theme).values("pk"),
    )
    return _per_prefix(actors, code_path="case_study__regions__code", counted=identity, level=level)


def _published_case_studies(theme):
    case_studies = CaseStudy.objects.filter(status=PublicationStatus.PUBLISHED)
    if theme:
        case_studies = case_studies.filter(
            pk__in=CaseStudy.objects.filter(themes__slug=theme).values("pk")
        )
    return case_studies


COUNTERS = {
    "initiatives": initiatives_per_region,
    "case_studies": case_studies_per_region,
    "actors": actors_per_region,
}


def counts_per_region(*, metric, level, theme=None):
    """``{NUTS code of level: count}`` for one of ``METRICS``; regions without any are left out."""
    if metric not in COUNTERS or level not in LEVELS:
        raise ValueError(f"Unknown metric {metric!r} or level {level!r}.")
    return COUNTERS[metric](level=level, theme=theme)
