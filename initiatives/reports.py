"""The registry's report kinds: an initiative's profile and the registry overview."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ncc_portal import charts, maps
from ncc_portal.models import Country, NationalCentre
from ncc_portal.parts import ReportKind
from ncc_portal.reports.rendering import media_uri

from . import statistics
from .models import Initiative


def _initiative(params):
    try:
        return Initiative.objects.with_detail_facts().get(
            slug=params.get("initiative", ""), status="published"
        )
    except Initiative.DoesNotExist as exc:
        raise ValidationError(_("There is no published initiative with this address.")) from exc


def profile_params(params):
    initiative = _initiative(params)
    return {"initiative": initiative.slug}


def profile_title(params):
    return _initiative(params).title


def profile_context(params, progress):
    initiative = _initiative(params)
    progress(40)
    region_codes = [r.code for r in initiative.regions.all()]
    return {
        "initiative": initiative,
        "image_uri": media_uri(initiative.image.name),
        "map_svg": maps.region_map(region_codes, title=_("Where the initiative works"), level=2)
        if region_codes
        else "",
        "centre": NationalCentre.objects.filter(country=initiative.country).first(),
    }


def overview_params(params):
    country = (params.get("country") or "").upper()
    if country and country not in Country.values:
        raise ValidationError(_("Unknown country."))
    return {"country": country}


def overview_title(params):
    if params.get("country"):
        return _("Initiative registry: %(country)s") % {"country": Country(params["country"]).label}
    return _("Initiative registry: the whole alliance")


def overview_context(params, progress):
    country = params.get("country") or None
    queryset = statistics.published(country)
    figures = statistics.flags(queryset)
    progress(15)
    sections = []
    for key, heading, rows in [
        ("themes", _("Initiatives by theme"), statistics.by_theme(queryset)),
        ("stages", _("Initiatives by stage"), statistics.by_stage(queryset)),
        ("sdgs", _("Initiatives by Sustainable Development Goal"), statistics.by_sdg(queryset)),
        ("funding", _("Initiatives by funding source"), statistics.by_funding(queryset)),
    ]:
        sections.append(
            {
                "key": key,
                "heading": heading,
                "rows": rows,
                "chart": charts.bar_chart(
                    [(label, n) for _v, label, n in rows], title=heading, width=560
                ),
            }
        )
    progress(35)
    nuts2 = statistics.by_nuts2(queryset)
    countries = [country] if country else ["DE", "NL", "LU", "EE"]
    choropleth = maps.choropleth(
        {code: n for code, _name, n in nuts2 if code[:2] in countries},
        level=2,
        title=_("Published initiatives per NUTS-2 region"),
        countries=countries,
        width=560,
    )
    progress(50)
    initiatives = list(
        queryset.without_search_vectors()
        .select_related("organisation")
        .prefetch_related("regions", "themes")
        .order_by("country", "title")
    )
    progress(70)
    return {
        "country": Country(country).label if country else None,
        "centre": NationalCentre.objects.filter(country=country).first() if country else None,
        "figures": figures,
        "sections": sections,
        "choropleth": choropleth,
        "regions": [row for row in nuts2 if row[2] and row[0][:2] in countries],
        "initiatives": initiatives,
        "replicable": [i for i in initiatives if i.open_for_replication],
    }


INITIATIVE_PROFILE = ReportKind(
    name="initiative-profile",
    label=gettext_lazy("Initiative profile"),
    template="reports/initiative_profile.html",
    clean_params=profile_params,
    title=profile_title,
    build_context=profile_context,
    public=True,
)

REGISTRY_OVERVIEW = ReportKind(
    name="registry-overview",
    label=gettext_lazy("Registry overview"),
    template="reports/registry_overview.html",
    clean_params=overview_params,
    title=overview_title,
    build_context=overview_context,
    public=False,
)
