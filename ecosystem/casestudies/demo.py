"""Demo case studies: four published ecosystem analyses (Ruhr area, Tartu County, Utrecht region,
Luxembourg's Minett) and one draft, each written in its country's language.

They go through ``ecosystem.casestudies.services`` with the demo users as actors, so their history
is the one the portal would have written; afterwards the history is moved into the past.
``seed_case_studies`` is idempotent: a case study whose slug exists is skipped.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from initiatives.models import Initiative
from ncc_portal.models import Organisation, Theme, User

from ..models import CaseStudy, CaseStudyEvent
from . import services

RESEARCHER_EMAIL = "researcher@ncc-demo.example"
COORDINATORS = {
    "DE": "coordinator.de@ncc-demo.example",
    "EE": "coordinator.ee@ncc-demo.example",
    "NL": "coordinator.nl@ncc-demo.example",
    "LU": "coordinator.lu@ncc-demo.example",
}

# Actors: (helix, organisation name in the portal or a plain name, what it does).
CASE_STUDIES = [
    {
        "author": "researcher",
        "published": True,
        "days_ago": 120,
        "language": "de",
        "country": "DE",
        "regions": ["DEA12", "DEA13", "DEA32", "DEA36", "DEA51", "DEA52"],
        "municipality": "",
        "period": (2014, 2024),
        "themes": [
            "employment-and-labour-market-inclusion",
            "green-and-just-transition",
            "community-development-and-civic-participation",
        ],
        "funding_sources": ["esf_plus", "national", "regional", "foundation"],
        "authors": "Forscherin, R.; Institut Arbeit und Technik (IAT)",
        "texts": {
            "de": {
                "title": "Soziale Innovation im Ruhrgebiet: vom Strukturwandel zur "
                "Nachbarschaftsökonomie",
                "summary": "Nach dem Ende des Steinkohlenbergbaus ist im Ruhrgebiet ein dichtes "
                "Geflecht aus Nachbarschaftsinitiativen, Wohlfahrtsverbänden, Hochschulen und "
                "Kommunen entstanden, das Beschäftigung, Reparatur und Teilhabe im Quartier "
                "verbindet. Die Fallstudie zeigt, wie ESF+-Programme und kommunale "
                "Quartiersentwicklung diese Initiativen tragen – und wo sie an Grenzen stoßen.",
                "enablers": "Starke Wohlfahrtsverbände und eine lange Tradition der "
                "Quartiersarbeit; Hochschulen mit anwendungsnaher Forschung (IAT, Hochschule "
                "Bochum); Leerstand, der günstige Räume für Werkstätten und Läden bietet; "
                "regionale Netzwerke, die Initiativen über Stadtgrenzen hinweg verbinden.",
                "barriers": "Kurze Projektlaufzeiten und hoher Aufwand für Anträge und Nachweise; "
                "fünfzehn Städte und vier Kreise mit unterschiedlichen Förderlogiken; geringe "
                "Eigenmittel der Vereine; wenig Wirkungskapital für Sozialunternehmen außerhalb "
                "der großen Zentren.",
                "policy_instruments": "ESF+-Bundesprogramme zur Quartiersentwicklung und "
                "Beschäftigung; Landesprogramme NRW zur Stärkung benachteiligter Stadtteile; "
                "kommunale Sozialplanung und soziale Kriterien in der Beschaffung.",
                "funding_landscape": "Der größte Teil der Mittel stammt aus dem ESF+ und aus "
                "Landesprogrammen, ergänzt durch kommunale Zuschüsse und Stiftungen. Private "
                "Einnahmen (Reparaturentgelte, Verkauf) decken selten mehr als ein Fünftel der "
                "Kosten.",
                "support_infrastructure": "Gründungs- und Beratungsangebote für soziale "
                "Innovationen, Stadtteilbüros, regionale Netzwerke der Reparatur-Cafés sowie "
                "Transferstellen der Hochschulen.",
                "lessons": "Mehrjährige Grundfinanzierung für Träger, die Quartiere verbinden; "
                "eine regionale Anlaufstelle statt fünfzehn verschiedener Förderwege; "
                "Wirkungsmessung, die kleine Initiativen nicht überfordert.",
            },
            "en": {
                "title": "Social innovation in the Ruhr area: from structural change to a "
                "neighbourhood economy",
                "summary": "After the end of coal mining, the Ruhr area has grown a dense web of "
                "neighbourhood initiatives, welfare organisations, universities and "
                "municipalities that links employment, repair and participation in the "
                "neighbourhood. The case study shows how ESF+ programmes and municipal "
                "neighbourhood development carry these initiatives, and where they reach "
                "their limits.",
                "enablers": "Strong welfare organisations and a long tradition of community "
                "work; universities doing applied research; vacant buildings offering cheap "
                "space for workshops and shops; regional networks linking initiatives across "
                "city borders.",
                "barriers": "Short project cycles and heavy application and reporting work; "
                "fifteen cities and four districts with different funding logics; little "
                "equity in associations; scarce impact capital outside the big centres.",
                "policy_instruments": "Federal ESF+ programmes for neighbourhoods and "
                "employment; North Rhine-Westphalian programmes for deprived districts; "
                "municipal social planning and social criteria in procurement.",
                "funding_landscape": "Most money comes from the ESF+ and the Land, topped up by "
                "municipal grants and foundations. Earned income rarely covers more than a "
                "fifth of the costs.",
                "support_infrastructure": "Start-up and advice services for social innovation, "
                "neighbourhood offices, a regional network of repair cafés and university "
                "transfer offices.",
                "lessons": "Multi-year core funding for organisations that connect "
                "neighbourhoods; one regional contact point instead of fifteen funding routes; "
                "impact measurement that small initiatives can manage.",
            },
        },
        "actors": [
            ("public", "Regionalverband Ruhr", "Regionalplanung und Netzwerk der Städte"),
            (
                "public",
                "ESF+-Verwaltungsbehörde des Bundes (Demo)",
                "Programmsteuerung der ESF+-Bundesprogramme",
            ),
            (
                "academia",
                "Westfälische Hochschule Gelsenkirchen – Institut Arbeit und Technik (IAT)",
                "Begleitforschung und Wirkungsanalysen",
            ),
            ("business", "Social Impact", "Gründungsberatung und Labore für Sozialunternehmen"),
            (
                "civil_society",
                "Repair-Café-Netzwerk Ruhr e.V. (Demo)",
                "Gründet und begleitet Reparatur-Cafés",
            ),
            (
                "civil_society",
                "Nachbarschaftswerk Ruhr (Demo)",
                "Verbindet Nachbarschaftshilfe und Beschäftigung",
            ),
        ],
        "initiatives": [
            "reparatur-cafe-ruhr",
            "sozial-einkaufen-soziale-kriterien-in-der-kommunalen-beschaffung",
            "digital-dabei-digitalsprechstunde-fur-seniorinnen-und-senioren",
        ],
        "sources": [
            "Institut Arbeit und Technik (2023): Quartiersentwicklung und soziale Innovation "
            "im Ruhrgebiet. Gelsenkirchen.",
            "Interviews mit zwölf Initiativen und vier Stadtverwaltungen, 2024.",
            "https://www.iat.eu",
        ],
    },
    {
        "author": "coordinator",
        "published": True,
        "days_ago": 90,
        "language": "et",
        "country": "EE",
        "regions": ["EE008"],
        "municipality": "Tartu",
        "period": (2017, 2024),
        "themes": ["active-ageing", "digital-inclusion", "social-economy-and-social-enterprise"],
        "funding_sources": ["esf_plus", "national", "foundation", "other_eu"],
        "authors": "Koordinaator, K.; Tartu Ülikool",
        "texts": {
            "et": {
                "title": "Tartumaa sotsiaalse innovatsiooni ökosüsteem",
                "summary": "Tartumaal toetavad sotsiaalset innovatsiooni ülikool, "
                "omavalitsused, kogukonnad ja sotsiaalsed ettevõtted. Juhtumiuuring kirjeldab, "
                "kuidas eakate kodus elamise toetamine, digioskuste õpe ja sotsiaalselt "
                "vastutustundlikud hanked on piirkonnas kasvanud.",
                "enablers": "Tugev ülikool ja teaduspark, aktiivsed külaseltsid, väike "
                "ja paindlik omavalitsus, kus otsustajad on kättesaadavad.",
                "barriers": "Projektipõhine rahastus, vähe püsivat tuge teenuste "
                "jätkamiseks, maapiirkondade hõre asustus ja transpordi puudumine.",
                "policy_instruments": "ESF+ meetmed hoolekande ja tööhõive jaoks, "
                "Kodanikuühiskonna Sihtkapitali taotlusvoorud, omavalitsuste sotsiaalhanked.",
                "funding_landscape": "Peamiselt ESF+ ja riigieelarve vahendid, millele "
                "lisanduvad sihtasutuste toetused ja väike osa omatulu.",
                "support_infrastructure": "Teaduspargi inkubaator, Sotsiaalsete Ettevõtete "
                "Võrgustiku nõustamine, maakonna arenduskeskuse konsultandid.",
                "lessons": "Kogukonnateenused vajavad omavalitsusega pikaajalist lepingut; "
                "ülikooli uuringud aitavad teenuste mõju näidata ja rahastajaid veenda.",
            },
            "en": {
                "title": "The social-innovation ecosystem of Tartu County",
                "summary": "In Tartu County the university, municipalities, village "
                "communities and social enterprises carry social innovation. The case study "
                "describes how support for older people living at home, digital skills "
                "training and socially responsible procurement grew in the region.",
                "enablers": "A strong university and science park, active village "
                "associations, a small and flexible local government where decision-makers "
                "are within reach.",
                "barriers": "Project-based funding, little lasting support to continue "
                "services, sparse settlement and missing transport in rural areas.",
                "policy_instruments": "ESF+ measures for social welfare and employment, calls "
                "of the National Foundation of Civil Society, social procurement by "
                "municipalities.",
                "funding_landscape": "Mostly ESF+ and state budget money, complemented by "
                "foundation grants and a small share of earned income.",
                "support_infrastructure": "The science park's incubator, advice from the "
                "Estonian Social Enterprise Network, consultants of the county development "
                "centre.",
                "lessons": "Community services need long-term contracts with the municipality; "
                "university research helps to show their impact and to convince funders.",
            },
        },
        "actors": [
            ("public", "Tartu linnavalitsus", "Sotsiaalteenuste tellija ja hangete korraldaja"),
            (
                "public",
                "Kodanikuühiskonna Sihtkapital – National Foundation of Civil Society",
                "Rahastab kodanikuühenduste arendusprojekte",
            ),
            ("academia", "Tartu Ülikool", "Uurib heaolu ja hindab teenuste mõju"),
            ("business", "Tartu Teaduspark", "Inkubaator ja ettevõtlusnõustamine"),
            ("civil_society", "MTÜ Küla Hoolib (Demo)", "Naabriabi eakatele külades"),
            (
                "civil_society",
                "Sotsiaalsete Ettevõtete Võrgustik – Estonian Social Enterprise Network",
                "Nõustab sotsiaalseid ettevõtteid",
            ),
        ],
        "initiatives": [
            "kula-hoolib-kogukonna-toel-kodus-vananemine-vorumaal",
            "sotsiaalselt-vastutustundlikud-hanked-omavalitsustes",
        ],
        "sources": [
            "Tartu Ülikool (2023): Kogukonnapõhised teenused Lõuna-Eestis.",
            "Intervjuud kümne organisatsiooniga, 2024.",
        ],
    },
    {
        "author": "coordinator",
        "published": True,
        "days_ago": 60,
        "language": "nl",
        "country": "NL",
        "regions": ["NL350"],
        "municipality": "Utrecht",
        "period": (2016, None),
        "themes": [
            "social-economy-and-social-enterprise",
            "employment-and-labour-market-inclusion",
            "community-development-and-civic-participation",
        ],
        "funding_sources": ["esf_plus", "national", "regional", "private"],
        "authors": "Coördinator, K.; Universiteit Utrecht",
        "texts": {
            "nl": {
                "title": "Sociale innovatie in de regio Utrecht: wijkgericht werken en sociaal "
                "ondernemen",
                "summary": "De regio Utrecht combineert wijkteams, een actieve gemeente en een "
                "groeiend aantal sociale ondernemingen. De casestudy laat zien hoe inkoop door "
                "de gemeente, onderzoek van de universiteit en landelijke netwerken samen een "
                "ecosysteem vormen waarin mensen met afstand tot de arbeidsmarkt werk vinden.",
                "enablers": "Een gemeente die sociaal ondernemerschap in haar inkoopbeleid "
                "opneemt; wijkteams die bewoners goed kennen; een universiteit die praktijk en "
                "onderzoek verbindt.",
                "barriers": "Versnipperde financiering tussen Participatiewet, Wmo en "
                "projectsubsidies; hoge huurprijzen voor bedrijfsruimte; tijdelijke "
                "contracten die opschaling lastig maken.",
                "policy_instruments": "Social return-afspraken bij gemeentelijke inkoop, "
                "ESF+-regeling voor arbeidsmarktregio's, landelijke experimenten met "
                "resultaatfinanciering.",
                "funding_landscape": "ESF+ via de arbeidsmarktregio, gemeentelijke budgetten, "
                "sociale investeerders en eigen omzet van sociale ondernemingen.",
                "support_infrastructure": "Netwerk van sociale ondernemers, "
                "incubatieprogramma's, kennisinstellingen en een regionaal werkgeversservicepunt.",
                "lessons": "Koop sociaal in en maak contracten meerjarig; laat wijkteams en "
                "sociale ondernemingen elkaar vroeg leren kennen; meet resultaten samen met "
                "de deelnemers.",
            },
        },
        "actors": [
            ("public", "Gemeente Utrecht", "Inkoop, wijkteams en werkgeversdienstverlening"),
            (
                "public",
                "Ministry of Social Affairs and Employment",
                "Landelijke regels en ESF+-middelen",
            ),
            ("academia", "Universiteit Utrecht", "Onderzoek naar werk en sociale innovatie"),
            ("business", "Social Enterprise NL", "Netwerk van sociale ondernemers"),
            ("civil_society", "Kennisland", "Ontwerpt experimenten met overheid en bewoners"),
        ],
        "initiatives": [
            "nieuwe-start-jobcoaching-voor-statushouders",
            "resultaatfinanciering-een-social-impact-bond-voor-jonge-werkzoekenden",
        ],
        "sources": [
            "Gemeente Utrecht (2022): Actieplan sociaal ondernemen.",
            "Universiteit Utrecht (2024): Werk en inclusie in de regio.",
        ],
    },
    {
        "author": "coordinator",
        "published": True,
        "days_ago": 30,
        "language": "fr",
        "country": "LU",
        "regions": ["LU000"],
        "municipality": "Esch-sur-Alzette",
        "period": (2015, 2024),
        "themes": [
            "social-inclusion-and-poverty",
            "social-economy-and-social-enterprise",
            "green-and-just-transition",
        ],
        "funding_sources": ["esf_plus", "national", "regional"],
        "authors": "Coordinateur, C.",
        "texts": {
            "fr": {
                "title": "L’économie sociale et solidaire dans le Minett",
                "summary": "Ancien bassin sidérurgique du sud du Luxembourg, le Minett s’appuie "
                "sur un tissu d’associations, de communes et d’entreprises d’insertion pour "
                "lutter contre la pauvreté et réinsérer les demandeurs d’emploi. L’étude montre "
                "le rôle du cadre légal des sociétés d’impact sociétal et des clauses sociales "
                "dans les marchés publics.",
                "enablers": "Un cadre légal pour les sociétés d’impact sociétal, un ministère "
                "qui soutient l’économie sociale et solidaire, des communes proches des "
                "associations.",
                "barriers": "Coût élevé du logement et des locaux, dépendance aux subventions "
                "publiques, faible visibilité des initiatives auprès des entreprises.",
                "policy_instruments": "Loi sur les sociétés d’impact sociétal, conventions avec "
                "le ministère du Travail, clauses sociales dans les marchés publics.",
                "funding_landscape": "FSE+, budget de l’État et des communes, quelques "
                "recettes propres des épiceries et ateliers.",
                "support_infrastructure": "Incubateur de l’économie sociale et solidaire, "
                "réseau des épiceries sociales, services communaux d’action sociale.",
                "lessons": "Associer tôt les communes, mutualiser les fonctions support entre "
                "associations, et utiliser les marchés publics comme levier d’insertion.",
            },
        },
        "actors": [
            ("public", "Ministère du Travail", "Agrément et conventions d’insertion"),
            (
                "public",
                "Ville d’Esch-sur-Alzette",
                "Action sociale et mise à disposition de locaux",
            ),
            ("academia", "Université du Luxembourg", "Études sur la pauvreté et l’emploi"),
            (
                "business",
                "Entreprises de la construction du sud",
                "Partenaires des clauses sociales",
            ),
            (
                "civil_society",
                "Épicerie sociale Minett asbl (Demo)",
                "Épicerie sociale et projets d’insertion",
            ),
        ],
        "initiatives": [
            "epicerie-sociale-minett-des-courses-dignes-a-prix-reduit",
            "clauses-sociales-dans-les-marches-publics",
        ],
        "sources": ["Ministère du Travail (2023): Rapport sur l’économie sociale et solidaire."],
    },
    {
        "author": "researcher",
        "published": False,
        "days_ago": 5,
        "language": "de",
        "country": "DE",
        "regions": ["DEF07", "DEF0C"],
        "municipality": "",
        "period": (2019, None),
        "themes": ["health-and-care", "active-ageing"],
        "funding_sources": ["national", "foundation"],
        "authors": "Forscherin, R.",
        "texts": {
            "de": {
                "title": "Sorgende Gemeinschaften im ländlichen Schleswig-Holstein",
                "summary": "Entwurf: Wie Dörfer in Nordfriesland und Schleswig-Flensburg "
                "Nachbarschaftshilfe, Pflege und Ehrenamt verbinden.",
                "enablers": "Starke Dorfgemeinschaften und ein Wohlfahrtsverband, der "
                "Koordination übernimmt.",
            },
        },
        "actors": [
            (
                "civil_society",
                "Diakonisches Werk Schleswig-Holstein",
                "Koordiniert Nachbarschaftshilfe und Pflege",
            ),
        ],
        "initiatives": ["dorfgemeinschaft-pflegt-nachbarschaftliche-sorge-in-nordfriesland"],
        "sources": [],
    },
]

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _data(entry):
    organisations = dict(
        Organisation.objects.filter(
            name__in=[name for _h, name, _r in entry["actors"]]
        ).values_list("name", "pk")
    )
    themes = dict(Theme.objects.values_list("slug", "pk"))
    initiatives = Initiative.objects.published().filter(
        country=entry["country"], slug__in=entry["initiatives"]
    )
    start, end = entry["period"]
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
                "helix": helix,
                "organisation": organisations.get(name),
                "name": "" if name in organisations else name,
                "role": role,
            }
            for helix, name, role in entry["actors"]
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
    researcher = User.objects.get(email=RESEARCHER_EMAIL)
    coordinators = {
        country: User.objects.get(email=email) for country, email in COORDINATORS.items()
    }
    now = timezone.now()
    created = 0
    for entry in CASE_STUDIES:
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
