"""Demo milestones for the national strategy tracker: a plausible, dated record per country.

``seed_strategy()`` can run any number of times: a milestone is found again by its country and
English title and brought back to the values below.
"""

from datetime import date

from django.db import transaction

from ..models import (
    MilestoneStatus,
    PublicationStatus,
    Resource,
    ResourceType,
    StrategyMilestone,
)
from .services import put_in_date_order

DONE, IN_PROGRESS, PLANNED = (
    MilestoneStatus.DONE,
    MilestoneStatus.IN_PROGRESS,
    MilestoneStatus.PLANNED,
)

# The milestone that links the country's national-strategy document from the library, if any.
KEY_MILESTONE = {"DE": 1, "EE": 0, "LU": 0, "NL": 1}

# country -> the national language, then (English title, national title, status, planned for,
# completed on, responsible bodies, English description).
MILESTONES = {
    "DE": (
        "de",
        [
            (
                "Coalition agreement commits to a national strategy",
                "Koalitionsvertrag kündigt eine nationale Strategie an",
                DONE,
                date(2021, 12, 7),
                date(2021, 12, 7),
                "Bundesregierung",
                "The coalition agreement 2021–2025 announces a national strategy for social "
                "enterprises and social innovation and better access to funding for them.",
            ),
            (
                "National Strategy for Social Innovations and Common-Good-Oriented Enterprises "
                "adopted",
                "Nationale Strategie für Soziale Innovationen und Gemeinwohlorientierte "
                "Unternehmen beschlossen",
                DONE,
                date(2023, 9, 30),
                date(2023, 9, 13),
                "Bundesministerium für Bildung und Forschung (BMBF); Bundesministerium für "
                "Wirtschaft und Klimaschutz (BMWK)",
                "The Federal Cabinet adopts the strategy, with some seventy measures across the "
                "federal ministries: access to finance, public procurement, research and "
                "transfer, and a better legal framework for common-good-oriented enterprises.",
            ),
            (
                "National Competence Centre for Social Innovation starts work",
                "Nationales Kompetenzzentrum für Soziale Innovation nimmt die Arbeit auf",
                DONE,
                date(2024, 6, 1),
                date(2024, 6, 3),
                "Bundesministerium für Arbeit und Soziales (BMAS); ESF Plus",
                "Funded by ESF+ within the European Social Innovation Alliance, the centre "
                "advises ministries and managing authorities and connects initiatives.",
            ),
            (
                "Social innovation as a funding priority of the ESF Plus federal programme",
                "Soziale Innovation als Förderschwerpunkt im ESF-Plus-Bundesprogramm",
                IN_PROGRESS,
                date(2026, 12, 31),
                None,
                "BMAS (Verwaltungsbehörde ESF Plus)",
                "Calls under Article 13 of the ESF+ Regulation are prepared with the "
                "competence centre, including a transnational strand for up-scaling.",
            ),
            (
                "Progress report on the implementation of the strategy",
                "Umsetzungsbericht zur Strategie",
                PLANNED,
                date(2027, 3, 31),
                None,
                "BMBF; BMWK; Interministerielle Arbeitsgruppe",
                "A report to the Bundestag on the measures implemented so far, with the "
                "figures of the competence centre's registry.",
            ),
        ],
    ),
    "EE": (
        "et",
        [
            (
                "Cohesive Estonia development plan 2021–2030 adopted",
                "Sidusa Eesti arengukava 2021–2030 vastu võetud",
                DONE,
                date(2021, 12, 31),
                date(2021, 12, 9),
                "Siseministeerium; Kultuuriministeerium",
                "The government's development plan for a cohesive society includes a strong "
                "civil society and the growth of social enterprises.",
            ),
            (
                "Civil society programme with support for social enterprises",
                "Kodanikuühiskonna programm koos sotsiaalse ettevõtluse toetusega",
                DONE,
                date(2022, 6, 30),
                date(2022, 5, 26),
                "Siseministeerium; Kodanikuühiskonna Sihtkapital",
                "The programme funds capacity building of civic organisations and social "
                "enterprises through the National Foundation of Civil Society.",
            ),
            (
                "National competence centre for social innovation launched",
                "Sotsiaalse innovatsiooni riiklik kompetentsikeskus käivitatud",
                DONE,
                date(2024, 9, 1),
                date(2024, 9, 16),
                "Sotsiaalsete Ettevõtete Võrgustik; Tallinna Ülikool",
                "The centre brings together the social enterprise network, universities and "
                "public foundations.",
            ),
            (
                "Guidance on social and innovation procurement for municipalities",
                "Sotsiaalselt vastutustundlike ja innovatsioonihangete juhend omavalitsustele",
                IN_PROGRESS,
                date(2026, 12, 15),
                None,
                "Rahandusministeerium; Eesti Linnade ja Valdade Liit",
                "Practical guidance and model clauses so that local governments can buy "
                "services from social enterprises.",
            ),
            (
                "ESF+ measure for scaling social innovations",
                "ESF+ meede sotsiaalsete innovatsioonide laiendamiseks",
                PLANNED,
                date(2027, 6, 30),
                None,
                "Sotsiaalministeerium; Riigi Tugiteenuste Keskus",
                "A funding measure to test and scale proven approaches, prepared with the "
                "competence centre.",
            ),
        ],
    ),
    "LU": (
        "fr",
        [
            (
                "Law creating societal impact companies (SIS)",
                "Loi portant création des sociétés d'impact sociétal (SIS)",
                DONE,
                date(2016, 12, 31),
                date(2016, 12, 12),
                "Ministère du Travail, de l'Emploi et de l'Économie sociale et solidaire",
                "The law of 12 December 2016 defines the social and solidarity economy and "
                "creates the status of societal impact company (société d'impact sociétal).",
            ),
            (
                "First societal impact companies approved",
                "Premiers agréments de sociétés d'impact sociétal",
                DONE,
                date(2017, 12, 31),
                date(2017, 9, 29),
                "Ministère du Travail, de l'Emploi et de l'Économie sociale et solidaire",
                "The first companies receive the SIS approval and report their social impact "
                "indicators each year.",
            ),
            (
                "National competence centre for social innovation set up",
                "Mise en place du centre national de compétences pour l'innovation sociale",
                DONE,
                date(2024, 6, 30),
                date(2024, 10, 1),
                "Ministère du Travail; ULESS",
                "The centre supports project sponsors and the ESF+ managing authority.",
            ),
            (
                "Review of the SIS law and its impact reporting",
                "Révision de la loi SIS et du rapport d'impact",
                IN_PROGRESS,
                date(2026, 12, 31),
                None,
                "Ministère du Travail; Conseil économique et social",
                "Simpler approval and reporting for small societal impact companies, based "
                "on an evaluation of the first years.",
            ),
            (
                "Social clauses in public procurement",
                "Clauses sociales dans les marchés publics",
                PLANNED,
                date(2027, 6, 30),
                None,
                "Ministère de la Mobilité et des Travaux publics; Ministère du Travail",
                "Guidance and model clauses reserving contracts for social and solidarity "
                "economy enterprises.",
            ),
        ],
    ),
    "NL": (
        "nl",
        [
            (
                "Social and Economic Council advises on social enterprises",
                "SER-advies Sociale ondernemingen: een verkenning",
                DONE,
                date(2015, 12, 31),
                date(2015, 6, 19),
                "Sociaal-Economische Raad (SER)",
                "The council explores a suitable legal form and the barriers social "
                "enterprises meet, and recommends action by the government.",
            ),
            (
                "Impact entrepreneurship action programme",
                "Actieprogramma Impact Ondernemen",
                DONE,
                date(2020, 12, 31),
                date(2020, 11, 12),
                "Ministerie van Economische Zaken en Klimaat; Ministerie van Sociale Zaken en "
                "Werkgelegenheid",
                "Measures on finance, recognition, procurement and impact measurement for "
                "impact entrepreneurs.",
            ),
            (
                "Bill for a private company with a social purpose (BVm)",
                "Wetsvoorstel besloten vennootschap met maatschappelijk doel (BVm)",
                IN_PROGRESS,
                date(2026, 12, 31),
                None,
                "Ministerie van Justitie en Veiligheid; Ministerie van Economische Zaken",
                "After a public consultation the bill is prepared for parliament.",
            ),
            (
                "National competence centre for social innovation launched",
                "Nationaal Competentiecentrum Sociale Innovatie gestart",
                DONE,
                date(2024, 6, 30),
                date(2024, 9, 2),
                "Ministerie van Sociale Zaken en Werkgelegenheid; Social Enterprise NL; Kennisland",
                "The centre connects initiatives, municipalities and the ESF+ managing authority.",
            ),
            (
                "Evaluation of social innovation in the ESF+ programme",
                "Evaluatie van sociale innovatie in het ESF+-programma",
                PLANNED,
                date(2027, 6, 30),
                None,
                "Ministerie van Sociale Zaken en Werkgelegenheid (managementautoriteit ESF+)",
                "An evaluation of the projects funded under Article 13 and of their take-up "
                "in regular policy.",
            ),
        ],
    ),
}


@transaction.atomic
def seed_strategy():
    """Create or refresh the demo milestones; returns how many there are. A published
    national-strategy resource of the country, if the library has one, is linked to the
    country's key milestone (the strategy, law or programme itself)."""
    total = 0
    for country, (language, milestones) in MILESTONES.items():
        strategies = list(
            Resource.objects.filter(
                status=PublicationStatus.PUBLISHED, type=ResourceType.STRATEGY, country=country
            )[:1]
        )
        for position, row in enumerate(milestones):
            title_en, title_national, status, planned, completed, bodies, description = row
            milestone, _created = StrategyMilestone.objects.update_or_create(
                country=country,
                title_en=title_en,
                defaults={
                    f"title_{language}": title_national,
                    "description_en": description,
                    "status": status,
                    "planned_for": planned,
                    "completed_on": completed,
                    "responsible_bodies": bodies,
                    "position": position,
                },
            )
            if position == KEY_MILESTONE[country] and strategies:
                milestone.documents.add(*strategies)
            total += 1
        put_in_date_order(country=country)
    return total
