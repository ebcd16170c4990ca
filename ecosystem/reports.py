"""The knowledge base's report kinds: one case study, and the ecosystem of a country."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives import statistics
from ncc_portal import maps
from ncc_portal.models import Country, NationalCentre
from ncc_portal.parts import ReportKind
from ncc_portal.siteaddress import site_url

from .casestudies import services as casestudy_services
from .models import CaseStudy, MilestoneStatus, Resource, StrategyMilestone


def _case_study(params):
    try:
        return casestudy_services.detail_queryset().get(
            slug=params.get("case_study", ""), status="published"
        )
    except CaseStudy.DoesNotExist as exc:
        raise ValidationError(_("There is no published case study with this address.")) from exc


def case_study_params(params):
    return {"case_study": _case_study(params).slug}


def case_study_title(params):
    return _case_study(params).title


def case_study_context(params, progress):
    case_study = _case_study(params)
    casestudy_services.mark_languages([case_study])
    progress(30)
    region_codes = [r.code for r in case_study.regions.all()]
    return {
        "case_study": case_study,
        "sections": casestudy_services.sections_of(case_study),
        "actors": casestudy_services.actors_by_helix(case_study),
        "map_svg": maps.region_map(
            region_codes,
            title=_("Regions of %(title)s") % {"title": case_study.title},
            level=casestudy_services.map_level(case_study),
        )
        if region_codes
        else "",
        "citation": casestudy_services.citation(
            case_study, site_url() + case_study.get_absolute_url()
        ),
        "centre": NationalCentre.objects.filter(country=case_study.country).first(),
    }


def ecosystem_params(params):
    country = (params.get("country") or "").upper()
    if country not in Country.values:
        raise ValidationError(_("Choose a country."))
    return {"country": country}


def ecosystem_title(params):
    return _("Social-innovation ecosystem: %(country)s") % {
        "country": Country(params["country"]).label
    }


def ecosystem_context(params, progress):
    country = params["country"]
    initiatives = statistics.published(country)
    flags = statistics.flags(initiatives)
    case_studies = list(
        CaseStudy.objects.published()
        .for_country(country)
        .with_list_facts()
        .order_by("-published_on", "pk")
    )
    casestudy_services.mark_languages(case_studies)
    progress(20)
    milestones = list(StrategyMilestone.objects.filter(country=country))
    milestone_counts = {
        status: sum(1 for m in milestones if m.status == status) for status in MilestoneStatus
    }
    progress(35)
    nuts2 = [row for row in statistics.by_nuts2(initiatives) if row[0][:2] == country]
    choropleth = maps.choropleth(
        {code: n for code, _name, n in nuts2},
        level=2,
        title=_("Published initiatives per NUTS-2 region"),
        countries=[country],
        width=560,
    )
    progress(55)
    figures = {
        "initiatives": flags["total"],
        "open_for_replication": flags["open_for_replication"],
        "case_studies": len(case_studies),
        "resources": Resource.objects.published().filter(country=country).count(),
        "milestones_done": milestone_counts[MilestoneStatus.DONE],
        "milestones": len(milestones),
    }
    replicable = list(
        initiatives.filter(open_for_replication=True)
        .select_related("organisation")
        .order_by("title")
    )
    progress(70)
    return {
        "country": Country(country).label,
        "centre": NationalCentre.objects.filter(country=country).first(),
        "figures": figures,
        "case_studies": [
            (case_study, casestudy_services.sections_of(case_study)) for case_study in case_studies
        ],
        "milestones": milestones,
        "choropleth": choropleth,
        "regions": [row for row in nuts2 if row[2]],
        "replicable": replicable,
    }


CASE_STUDY = ReportKind(
    name="case-study",
    label=gettext_lazy("Ecosystem case study"),
    template="reports/case_study.html",
    clean_params=case_study_params,
    title=case_study_title,
    build_context=case_study_context,
    public=True,
)

COUNTRY_ECOSYSTEM = ReportKind(
    name="country-ecosystem",
    label=gettext_lazy("Ecosystem of a country"),
    template="reports/country_ecosystem.html",
    clean_params=ecosystem_params,
    title=ecosystem_title,
    build_context=ecosystem_context,
    public=False,
)
