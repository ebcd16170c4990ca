"""Demo case studies: four published ecosystem analyses (Ruhr area, Tartu County, Utrecht region,
Luxembourg's Minett) and one draft, each written in its country's language, read from
``data/demo/case_studies.yaml``.

They go through ``ecosystem.casestudies.services`` with the demo users as actors, so their history
is the one the portal would have written; afterwards the history is moved into the past.
``seed_case_studies`` is idempotent: a case study whose slug exists is skipped.
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from initiatives.models import Initiative
from ncc_portal.datafiles import load_yaml
from ncc_portal.demo import demo_users
from ncc_portal.models import Organisation, Role, Theme, User

from ..models import CaseStudy, CaseStudyEvent
from . import services

DATA = Path(__file__).resolve().parent / "data" / "demo" / "case_studies.yaml"


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _data(entry):
    organisations = dict(
        Organisation.objects.filter(
            name__in=[actor["name"] for actor in entry["actors"]]
        ).values_list("name", "pk")
    )
    themes = dict(Theme.objects.values_list("slug", "pk"))
    initiatives = Initiative.objects.published().filter(
        country=entry["country"], slug__in=entry["initiatives"]
    )
    start, end = entry["period"]["start"], entry["period"]["end"]
    data = {
        "original_language": entry["language"],
        "country": entry["country"],
        "municipality": entry["municipality"],
        "period_start": start,
        "period_end": end,
        "funding_sources": entry["funding_sources"],
        "sources": "\n".join(entry["sources"]),
        "authors": entry["authors"],
        "regions": entry["regions"],
        "themes": sorted(themes[slug] for slug in entry["themes"]),
        "initiatives": sorted(initiatives.values_list("pk", flat=True)),
        "actors": [
            {
                "helix": actor["helix"],
                "organisation": organisations.get(actor["name"]),
                "name": "" if actor["name"] in organisations else actor["name"],
                "role": actor["role"],
            }
            for actor in entry["actors"]
        ],
    }
    for field in services.TRANSLATED_FIELDS:
        for code in LANGUAGE_CODES:
            data[f"{field}_{code}"] = entry["texts"].get(code, {}).get(field, "")
    return data


def _move_into_the_past(case_study, days_ago, now):
    events = list(case_study.events.order_by("pk"))
    when = now - timedelta(days=days_ago)
    for n, event in enumerate(events):
        event.created_at = when + timedelta(days=3 * n, hours=n)
    CaseStudyEvent.objects.bulk_update(events, ["created_at"])
    fields = {"created_at": events[0].created_at, "updated_at": events[0].created_at}
    published = [e for e in events if e.action == services.CaseStudyAction.PUBLISHED]
    if published:
        fields["published_on"] = timezone.localdate(published[-1].created_at)
    CaseStudy.objects.filter(pk=case_study.pk).update(**fields)


@transaction.atomic
def seed_case_studies():
    """Create the demo case studies that do not exist yet; returns how many were created.

    Needs the demo users, organisations and initiatives (``ncc_portal.demo``). The services
    queue their notification emails as usual.
    """
    content = load_yaml(DATA)
    researcher = User.objects.get(email=content["researcher"])
    coordinators = {
        user["country"]: User.objects.get(email=user["email"])
        for user in demo_users()
        if user["role"] == Role.COORDINATOR
    }
    now = timezone.now()
    created = 0
    for entry in content["case_studies"]:
        title = entry["texts"][entry["language"]]["title"]
        if CaseStudy.objects.filter(slug=slugify(title)[:200]).exists():
            continue
        coordinator = coordinators[entry["country"]]
        author = researcher if entry["author"] == "researcher" else coordinator
        case_study = services.create_case_study(author=author, data=_data(entry))
        if entry["published"]:
            if author == researcher:
                services.request_publication(case_study=case_study, actor=researcher)
            services.publish_case_study(case_study=case_study, actor=coordinator)
        _move_into_the_past(case_study, entry["days_ago"], now)
        created += 1
    return created
