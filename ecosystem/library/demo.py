"""Demo resource library: realistic resources across types, countries and languages, some with
small real PDFs (rendered with WeasyPrint) so that the full-text search has something to find,
and the three toolkit collections.

``seed_library`` is idempotent: resources are looked up by slug, collections are updated.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.html import escape

from ncc_portal.models import Organisation, Theme, User

from ..models import AccessLevel, Audience, Collection, Resource
from . import services
from .reference import load_audiences

# Each resource: slug, titles, abstracts, facts, and PDFs as (language, file name, heading,
# paragraphs). Words such as "Quartiersfonds" or "kogukonnaköök" appear only in the PDFs.
RESOURCES = [
    {
        "slug": "social-innovation-in-esf-programmes-managing-authorities",
        "title": {
            "en": "Social innovation in ESF+ programmes: a guide for managing authorities",
            "de": "Soziale Innovation in ESF+-Programmen: Leitfaden für Verwaltungsbehörden",
            "nl": "Sociale innovatie in ESF+-programma's: handreiking voor managementautoriteiten",
        },
        "abstract": {
            "en": "How managing authorities can design calls under Article 13 ESF+, select "
            "socially innovative projects and plan their up-scaling. Internal working paper of "
            "the alliance, for public-sector staff.",
            "de": "Wie Verwaltungsbehörden Aufrufe nach Artikel 13 ESF+ gestalten, sozial "
            "innovative Projekte auswählen und deren Verbreitung planen. Internes Arbeitspapier "
            "für Beschäftigte des öffentlichen Sektors.",
            "nl": "Hoe managementautoriteiten oproepen onder artikel 13 ESF+ opzetten, sociaal "
            "innovatieve projecten selecteren en opschaling plannen. Intern werkdocument voor "
            "medewerkers van de overheid.",
        },
        "type": "guide",
        "country": "",
        "year": 2025,
        "publisher": "Kennisland",
        "licence": "all_rights",
        "access_level": AccessLevel.PUBLIC_SECTOR,
        "themes": ["employment-and-labour-market-inclusion", "social-inclusion-and-poverty"],
        "audiences": ["managing-authorities", "ministries"],
        "files": [
            (
                "nl",
                "handreiking-esf-sociale-innovatie.pdf",
                "Handreiking sociale innovatie in het ESF+",
                [
                    "Artikel 13 van de ESF+-verordening vraagt lidstaten om sociale innovatie "
                    "te ondersteunen. Deze handreiking beschrijft hoe een managementautoriteit "
                    "een oproep opzet met een experimenteerbudget en een leerlijn.",
                    "Beoordelingscommissies kijken naar de probleemanalyse, de "
                    "samenwerkingspartners uit de quadruple helix en de opschalingsroute. "
                    "Een voorbeeld is de proeftuin Werkgeversbrug in Twente.",
                ],
            ),
            (
                "de",
                "leitfaden-esf-soziale-innovation.pdf",
                "Leitfaden Soziale Innovation im ESF+",
                [
                    "Artikel 13 der ESF+-Verordnung verpflichtet die Mitgliedstaaten, soziale "
                    "Innovationen zu fördern. Der Leitfaden zeigt, wie eine Verwaltungsbehörde "
                    "einen Förderaufruf mit Experimentierbudget gestaltet.",
                    "Bewertungsgremien achten auf Problemanalyse, Partnerschaften und "
                    "Verstetigung. Beispiel ist der Quartiersfonds im Ruhrgebiet, der kleine "
                    "Nachbarschaftsprojekte unbürokratisch finanziert.",
                ],
            ),
        ],
    },
    {
        "slug": "train-the-trainer-handbuch-sozialunternehmertum",
        "title": {
            "de": "Train-the-Trainer-Handbuch Sozialunternehmertum",
            "en": "Train-the-trainer handbook on social entrepreneurship",
        },
        "abstract": {
            "de": "Module, Übungen und Moderationshinweise für Trainerinnen und Trainer, die "
            "Gründungsteams sozialer Unternehmen begleiten.",
            "en": "Modules, exercises and facilitation notes for trainers who coach founding "
            "teams of social enterprises.",
        },
        "type": "training_material",
        "country": "DE",
        "year": 2024,
        "publisher": "Social Impact",
        "licence": "cc_by_sa",
        "access_level": AccessLevel.PUBLIC,
        "themes": ["social-economy-and-social-enterprise", "education-and-skills"],
        "audiences": ["intermediaries", "innovators"],
        "files": [
            (
                "de",
                "train-the-trainer-handbuch.pdf",
                "Train-the-Trainer-Handbuch",
                [
                    "Modul 1: Wirkungslogik. Die Teilnehmenden entwickeln in Kleingruppen eine "
                    "Wirkungstreppe für ein Beispielprojekt.",
                    "Modul 2: Geschäftsmodell. Mit dem Social Business Model Canvas prüfen die "
                    "Gruppen, wie Einnahmen und Wirkung zusammenhängen. Dauer: drei Stunden.",
                ],
            )
        ],
    },
    {
        "slug": "sociale-innovatie-in-de-gemeente",
        "title": {
            "nl": "Sociale innovatie in de gemeente: een handreiking",
            "en": "Social innovation in the municipality: a practical guide",
        },
        "abstract": {
            "nl": "Hoe gemeenten maatschappelijke initiatieven de ruimte geven: van "
            "right-to-challenge tot inkoop met sociale waarde.",
            "en": "How municipalities give room to civic initiatives: from the right to "
            "challenge to procurement with social value.",
        },
        "type": "guide",
        "country": "NL",
        "year": 2023,
        "publisher": "Kennisland",
        "licence": "cc_by",
        "access_level": AccessLevel.PUBLIC,
        "themes": ["community-development-and-civic-participation"],
        "audiences": ["ministries", "intermediaries"],
        "files": [
            (
                "nl",
                "handreiking-gemeenten.pdf",
                "Sociale innovatie in de gemeente",
                [
                    "Met het uitdaagrecht kunnen bewonersgroepen een gemeentelijke taak "
                    "overnemen als zij die beter of goedkoper kunnen uitvoeren.",
                    "Bij sociaal inkopen weegt de gemeente de maatschappelijke waarde van een "
                    "aanbieding mee, bijvoorbeeld werkplekken voor mensen met een afstand tot "
                    "de arbeidsmarkt.",
                ],
            )
        ],
    },
    {
        "slug": "sotsiaalse-ettevotluse-inkubatsiooni-toorist",
        "title": {
            "et": "Sotsiaalse ettevõtluse inkubatsiooniprogrammi tööriistakast",
            "en": "Toolkit for a social enterprise incubation programme",
        },
        "abstract": {
            "et": "Kuidas korraldada kuuekuulist inkubatsiooniprogrammi sotsiaalsetele "
            "ettevõtetele: valik, mentorlus, mõju mõõtmine ja demopäev.",
            "en": "How to run a six-month incubation programme for social enterprises: "
            "selection, mentoring, impact measurement and demo day.",
        },
        "type": "toolkit",
        "country": "EE",
        "year": 2024,
        "publisher": "Sotsiaalsete Ettevõtete Võrgustik",
        "licence": "cc_by",
        "access_level": AccessLevel.PUBLIC,
        "themes": ["social-economy-and-social-enterprise"],
        "audiences": ["intermediaries", "innovators"],
        "files": [
            (
                "et",
                "inkubatsiooni-tooriistakast.pdf",
                "Inkubatsiooniprogrammi tööriistakast",
                [
                    "Programmi esimesel kuul sõnastavad meeskonnad oma mõjueesmärgi ja "
                    "sihtrühma. Näiteks kogukonnaköök Võrus pakub tööd pikaajalistele töötutele.",
                    "Mentorid kohtuvad meeskondadega iga kahe nädala järel. Demopäeval "
                    "esitlevad meeskonnad oma tulemusi investoritele ja omavalitsustele.",
                ],
            )
        ],
    },
    {
        "slug": "guide-finance-solidaire-luxembourg",
        "title": {
            "fr": "Guide de la finance solidaire au Luxembourg",
            "en": "Guide to solidarity finance in Luxembourg",
            "de": "Leitfaden solidarische Finanzierung in Luxemburg",
        },
        "abstract": {
            "fr": "Prêts, garanties, fonds d'impact et subventions pour les sociétés d'impact "
            "sociétal et les associations : qui finance quoi, et à quelles conditions.",
            "en": "Loans, guarantees, impact funds and grants for societal impact companies and "
            "associations: who funds what, on which terms.",
        },
        "type": "guide",
        "country": "LU",
        "year": 2024,
        "publisher": "Ministère du Travail",
        "licence": "cc_by",
        "access_level": AccessLevel.PUBLIC,
        "themes": ["social-finance", "social-economy-and-social-enterprise"],
        "audiences": ["innovators", "intermediaries"],
        "files": [
            (
                "fr",
                "guide-finance-solidaire.pdf",
                "Guide de la finance solidaire",
                [
                    "Les sociétés d'impact sociétal (SIS) peuvent obtenir un prêt à taux réduit "
                    "et une garantie publique. Le microcrédit solidaire s'adresse aux "
                    "créateurs d'entreprise exclus du crédit bancaire.",
                    "Un fonds d'amorçage régional soutient les projets du Minett pendant leurs "
                    "deux premières années.",
                ],
            )
        ],
    },
    {
        "slug": "social-impact-investing-pilot-funds-evaluation",
        "title": {
            "en": "Social impact investing in Europe: evaluation of three pilot funds",
            "de": "Wirkungsorientiertes Investieren in Europa: Evaluation dreier Pilotfonds",
        },
        "abstract": {
            "en": "An evaluation of three pilot funds for social enterprises in Germany, the "
            "Netherlands and Estonia: take-up, default rates, social outcomes and lessons for "
            "public co-investment.",
            "de": "Evaluation dreier Pilotfonds für Sozialunternehmen in Deutschland, den "
            "Niederlanden und Estland: Nachfrage, Ausfälle, soziale Wirkung und Lehren.",
        },
        "type": "study",
        "country": "",
        "year": 2023,
        "publisher": "Centre for Social Investment",
        "licence": "cc_by",
        "access_level": AccessLevel.SIGNED_IN,
        "themes": ["social-finance"],
        "audiences": ["researchers", "ministries", "managing-authorities"],
        "files": [
            (
                "en",
                "pilot-funds-evaluation.pdf",
                "Evaluation of three pilot funds",
                [
                    "Across the three funds, 61 social enterprises received repayable finance. "
                    "The blended tranche with a first-loss guarantee attracted private lenders.",
                    "Recommendation: managing authorities should pair co-investment with "
                    "investment-readiness support, as the Rotterdam voucher scheme did.",
                ],
            )
        ],
    },
    {
        "slug": "mustervertrag-wirkungsorientierte-finanzierung",
        "title": {
            "de": "Mustervertrag für wirkungsorientierte Finanzierung (Social Impact Bond)",
            "en": "Model contract for outcome-based funding (social impact bond)",
        },
        "abstract": {
            "de": "Vorlage mit Erläuterungen für Verträge zwischen öffentlicher Hand, "
            "Investoren und Dienstleistern bei ergebnisabhängiger Vergütung.",
            "en": "An annotated template for contracts between public authorities, investors "
            "and service providers when payment depends on outcomes.",
        },
        "type": "template",
        "country": "DE",
        "year": 2022,
        "publisher": "Finanzierungsagentur Social Entrepreneurship",
        "licence": "cc_by",
        "access_level": AccessLevel.PUBLIC,
        "themes": ["social-finance"],
        "audiences": ["ministries", "intermediaries"],
        "files": [
            (
                "de",
                "mustervertrag-sib.pdf",
                "Mustervertrag Social Impact Bond",
                [
                    "§ 3 Ergebnismessung: Die Parteien vereinbaren messbare Zielwerte und einen "
                    "unabhängigen Evaluator.",
                    "§ 5 Auszahlung: Die Rückzahlung an die Investoren erfolgt nur, wenn die "
                    "vereinbarten Ergebnisse erreicht sind.",
                ],
            )
        ],
    },
    {
        "slug": "nationale-strategie-soziale-innovationen",
        "title": {
            "de": "Nationale Strategie für Soziale Innovationen und Gemeinwohlorientierte "
            "Unternehmen",
            "en": "National strategy for social innovation and public-benefit enterprises",
        },
        "abstract": {
            "de": "Die Strategie der Bundesregierung mit Maßnahmen zu Finanzierung, "
            "Vernetzung, Forschung und Förderung sozialer Innovationen.",
            "en": "The German federal government's strategy with measures on funding, "
            "networking, research and support for social innovation.",
        },
        "type": "national_strategy",
        "country": "DE",
        "year": 2023,
        "publisher": "",
        "licence": "",
        "access_level": AccessLevel.PUBLIC,
        "external_url": "https://www.bmwk.de/Redaktion/DE/Publikationen/Wirtschaft/"
        "nationale-strategie-fur-soziale-innovationen-und-gemeinwohlorientierte-unternehmen.html",
        "themes": ["social-economy-and-social-enterprise"],
        "audiences": ["ministries", "managing-authorities", "researchers"],
        "files": [],
    },
    {
        "slug": "kodanikuuhiskonna-programm-2024-2027",
        "title": {
            "et": "Kodanikuühiskonna programm 2024–2027",
            "en": "Civil society programme 2024–2027",
        },
        "abstract": {
            "et": "Eesti kodanikuühiskonna arendamise programm: kogukondade võimestamine, "
            "sotsiaalne ettevõtlus ja vabaühenduste rahastamine.",
            "en": "Estonia's programme for civil society: empowering communities, social "
            "enterprise and the funding of civil-society organisations.",
        },
        "type": "national_strategy",
        "country": "EE",
        "year": 2024,
        "publisher": "Kodanikuühiskonna Sihtkapital",
        "licence": "",
        "access_level": AccessLevel.PUBLIC,
        "external_url": "https://www.siseministeerium.ee/",
        "themes": ["community-development-and-civic-participation"],
        "audiences": ["ministries", "intermediaries"],
        "files": [],
    },
    {
        "slug": "incubation-programme-evaluation-template",
        "title": {
            "en": "Incubation programme evaluation template",
            "et": "Inkubatsiooniprogrammi hindamise vorm",
        },
        "abstract": {
            "en": "A questionnaire and indicator sheet to evaluate incubation programmes for "
            "social enterprises at entry, exit and after one year.",
            "et": "Küsimustik ja näitajate leht sotsiaalsete ettevõtete inkubatsiooniprogrammide "
            "hindamiseks.",
        },
        "type": "template",
        "country": "EE",
        "year": 2025,
        "publisher": "Tallinn University",
        "licence": "cc_by",
        "access_level": AccessLevel.PUBLIC,
        "themes": ["social-economy-and-social-enterprise", "education-and-skills"],
        "audiences": ["intermediaries", "researchers"],
        "files": [
            (
                "en",
                "incubation-evaluation-template.pdf",
                "Incubation programme evaluation template",
                [
                    "Indicator 1: revenue in the twelve months after exit. Indicator 2: number "
                    "of people from the target group employed or served.",
                    "Ask participants to rate the mentoring on a five-point scale and to name "
                    "one decision they took differently because of it.",
                ],
            )
        ],
    },
    {
        "slug": "quadruple-helix-partnerships-workshop",
        "title": {
            "en": "Quadruple-helix partnerships: workshop presentation",
            "nl": "Quadruple-helixpartnerschappen: presentatie workshop",
        },
        "abstract": {
            "en": "Slides from the alliance workshop in Utrecht on how public authorities, "
            "universities, companies and civil society build lasting partnerships.",
            "nl": "Presentatie van de workshop in Utrecht over duurzame samenwerking tussen "
            "overheid, kennisinstellingen, bedrijven en maatschappelijke organisaties.",
        },
        "type": "presentation",
        "country": "NL",
        "year": 2025,
        "publisher": "Universiteit Utrecht",
        "licence": "cc_by",
        "access_level": AccessLevel.PUBLIC,
        "external_url": "https://www.uu.nl/",
        "themes": ["community-development-and-civic-participation"],
        "audiences": ["intermediaries", "researchers"],
        "files": [],
    },
    {
        "slug": "policy-brief-article-13-esf",
        "title": {
            "en": "Policy brief: making Article 13 ESF+ work",
            "de": "Policy Brief: Artikel 13 ESF+ wirksam umsetzen",
        },
        "abstract": {
            "en": "Five recommendations for ministries on funding, testing and scaling social "
            "innovation with ESF+ money, based on the alliance's ecosystem analyses.",
            "de": "Fünf Empfehlungen an Ministerien zur Förderung, Erprobung und Verbreitung "
            "sozialer Innovationen mit ESF+-Mitteln.",
        },
        "type": "policy_document",
        "country": "",
        "year": 2025,
        "publisher": "Institut Arbeit und Technik",
        "licence": "cc_by",
        "access_level": AccessLevel.PUBLIC,
        "themes": ["employment-and-labour-market-inclusion"],
        "audiences": ["ministries", "managing-authorities"],
        "files": [
            (
                "en",
                "policy-brief-article-13.pdf",
                "Making Article 13 ESF+ work",
                [
                    "Recommendation 1: reserve an experimentation budget in every programme and "
                    "accept that some pilots fail.",
                    "Recommendation 2: fund a national competence centre to scout, document and "
                    "transfer what works, such as the Tartu neighbourhood care model.",
                ],
            )
        ],
    },
    {
        "slug": "kogukonnateenuste-sotsiaalse-moju-hindamine",
        "title": {
            "et": "Kogukonnateenuste sotsiaalse mõju hindamine",
            "en": "Assessing the social impact of community services",
        },
        "abstract": {
            "et": "Uuring, kuidas Lõuna-Eesti omavalitsused hindavad kogukonnateenuste mõju "
            "eakate ja noorte heaolule.",
            "en": "A study of how municipalities in southern Estonia assess the impact of "
            "community services on the well-being of older and young people.",
        },
        "type": "study",
        "country": "EE",
        "year": 2022,
        "publisher": "Tartu Ülikool",
        "licence": "cc_by",
        "access_level": AccessLevel.PUBLIC,
        "themes": ["active-ageing", "youth"],
        "audiences": ["researchers", "ministries"],
        "files": [],
        "external_url": "https://ut.ee/",
    },
    {
        "slug": "societes-impact-societal-cadre-legal",
        "title": {
            "fr": "Sociétés d'impact sociétal : le cadre légal expliqué",
            "en": "Societal impact companies: the legal framework explained",
        },
        "abstract": {
            "fr": "Ce que la loi luxembourgeoise de 2016 demande aux sociétés d'impact "
            "sociétal : objet social, parts d'impact, rapport annuel et agrément.",
            "en": "What Luxembourg's 2016 law asks of societal impact companies: social "
            "purpose, impact shares, annual report and approval.",
        },
        "type": "policy_document",
        "country": "LU",
        "year": 2021,
        "publisher": "Ministère du Travail",
        "licence": "",
        "access_level": AccessLevel.PUBLIC,
        "external_url": "https://mt.gouvernement.lu/",
        "themes": ["social-economy-and-social-enterprise"],
        "audiences": ["innovators", "intermediaries"],
        "files": [],
    },
    {
        "slug": "blended-finance-for-social-enterprises",
        "title": {
            "en": "Blended finance for social enterprises: a practical guide",
            "nl": "Gemengde financiering voor sociale ondernemingen: een praktische gids",
        },
        "abstract": {
            "en": "How grants, repayable finance and guarantees can be combined so that social "
            "enterprises grow without losing their mission.",
            "nl": "Hoe subsidies, leningen en garanties samen sociale ondernemingen laten groeien "
            "zonder hun missie te verliezen.",
        },
        "type": "guide",
        "country": "NL",
        "year": 2024,
        "publisher": "Social Enterprise NL",
        "licence": "cc_by",
        "access_level": AccessLevel.PUBLIC,
        "themes": ["social-finance"],
        "audiences": ["innovators", "intermediaries"],
        "files": [
            (
                "nl",
                "gemengde-financiering.pdf",
                "Gemengde financiering",
                [
                    "Een startende sociale onderneming combineert vaak een schenking van een "
                    "fonds met een achtergestelde lening. De schenking dekt de aanloopverliezen.",
                    "Een borgstelling van de gemeente verlaagt het risico voor de bank, zoals "
                    "bij de fietsenmakerij Tweewieler in Zwolle.",
                ],
            )
        ],
    },
]

COLLECTIONS = [
    {
        "slug": "train-the-trainer",
        "position": 1,
        "title": {
            "en": "Train the trainer",
            "de": "Train the Trainer",
            "nl": "Train de trainer",
            "et": "Koolitajate koolitus",
            "fr": "Former les formateurs",
        },
        "introduction": {
            "en": "Materials for people who train and coach social innovators: course modules, "
            "exercises and the policy background trainers need.",
            "de": "Materialien für alle, die Sozialinnovatorinnen und -innovatoren schulen und "
            "begleiten: Kursmodule, Übungen und der politische Hintergrund.",
            "nl": "Materiaal voor wie sociale innovatoren traint en coacht: cursusmodules, "
            "oefeningen en de beleidsachtergrond die trainers nodig hebben.",
            "et": "Materjalid neile, kes koolitavad ja juhendavad sotsiaalseid innovaatoreid: "
            "kursusemoodulid, harjutused ja poliitiline taust.",
            "fr": "Des supports pour celles et ceux qui forment et accompagnent les innovateurs "
            "sociaux : modules, exercices et contexte politique.",
        },
        "items": [
            "train-the-trainer-handbuch-sozialunternehmertum",
            "quadruple-helix-partnerships-workshop",
            "policy-brief-article-13-esf",
            "sociale-innovatie-in-de-gemeente",
        ],
    },
    {
        "slug": "business-incubation",
        "position": 2,
        "title": {
            "en": "Business incubation",
            "de": "Inkubation",
            "nl": "Incubatie",
            "et": "Inkubatsioon",
            "fr": "Incubation",
        },
        "introduction": {
            "en": "How to set up, run and evaluate an incubation programme for social "
            "enterprises, from selection to demo day.",
            "de": "Wie man ein Inkubationsprogramm für Sozialunternehmen aufbaut, durchführt "
            "und evaluiert – von der Auswahl bis zum Demo Day.",
            "nl": "Hoe je een incubatieprogramma voor sociale ondernemingen opzet, uitvoert en "
            "evalueert, van selectie tot demodag.",
            "et": "Kuidas luua, korraldada ja hinnata sotsiaalsete ettevõtete "
            "inkubatsiooniprogrammi valikust demopäevani.",
            "fr": "Comment créer, animer et évaluer un programme d'incubation pour entreprises "
            "sociales, de la sélection au demo day.",
        },
        "items": [
            "sotsiaalse-ettevotluse-inkubatsiooni-toorist",
            "incubation-programme-evaluation-template",
            "train-the-trainer-handbuch-sozialunternehmertum",
        ],
    },
    {
        "slug": "social-finance",
        "position": 3,
        "title": {
            "en": "Social finance",
            "de": "Sozialfinanzierung",
            "nl": "Sociale financiering",
            "et": "Sotsiaalne rahastamine",
            "fr": "Finance sociale",
        },
        "introduction": {
            "en": "Instruments that finance social innovation beyond grants: loans, guarantees, "
            "impact funds and outcome-based contracts, with evidence from pilots.",
            "de": "Instrumente, die soziale Innovation über Zuschüsse hinaus finanzieren: "
            "Darlehen, Garantien, Wirkungsfonds und ergebnisabhängige Verträge.",
            "nl": "Instrumenten die sociale innovatie financieren naast subsidies: leningen, "
            "garanties, impactfondsen en resultaatgerichte contracten.",
            "et": "Rahastamisvahendid toetuste kõrval: laenud, garantiid, mõjufondid ja "
            "tulemuspõhised lepingud.",
            "fr": "Les instruments qui financent l'innovation sociale au-delà des subventions : "
            "prêts, garanties, fonds d'impact et contrats à impact.",
        },
        "items": [
            "blended-finance-for-social-enterprises",
            "guide-finance-solidaire-luxembourg",
            "mustervertrag-wirkungsorientierte-finanzierung",
            "social-impact-investing-pilot-funds-evaluation",
        ],
    },
]

EDITOR_EMAIL = "researcher@ncc-demo.example"


def _pdf(language, heading, paragraphs):
    import weasyprint

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    page = (
        f'<html lang="{language}"><head><meta charset="utf-8"><title>{escape(heading)}</title>'
        "<style>body{font-family:sans-serif;font-size:11pt}</style></head>"
        f"<body><h1>{escape(heading)}</h1>{body}</body></html>"
    )
    return weasyprint.HTML(string=page).write_pdf()


def _translated(field, values):
    return {f"{field}_{code}": text for code, text in values.items()}


def _publisher(name):
    if not name:
        return None
    exact = Organisation.objects.filter(name=name).first()
    return exact or Organisation.objects.filter(name__icontains=name).order_by("name").first()


def _seed_resource(entry, editor):
    data = {
        "slug": entry["slug"],
        **_translated("title", entry["title"]),
        **_translated("abstract", entry["abstract"]),
        "type": entry["type"],
        "country": entry["country"],
        "year": entry["year"],
        "publisher": _publisher(entry["publisher"]),
        "licence": entry["licence"],
        "external_url": entry.get("external_url", ""),
        "access_level": entry["access_level"],
        "themes": list(Theme.objects.filter(slug__in=entry["themes"])),
        "audiences": list(Audience.objects.filter(slug__in=entry["audiences"])),
    }
    resource = services.create_resource(author=editor, data=data)
    for language, name, heading, paragraphs in entry["files"]:
        upload = SimpleUploadedFile(name, _pdf(language, heading, paragraphs), "application/pdf")
        services.add_file(resource=resource, language=language, upload=upload, user=editor)
    services.publish_resource(resource=resource, actor=editor)
    return resource


@transaction.atomic
def seed_library():
    """The demo library: returns the number of resources created by this run."""
    load_audiences()
    editor = User.objects.filter(email=EDITOR_EMAIL).first()
    existing = set(Resource.objects.values_list("slug", flat=True))
    created = 0
    for entry in RESOURCES:
        if entry["slug"] not in existing:
            _seed_resource(entry, editor)
            created += 1
    for entry in COLLECTIONS:
        collection = Collection.objects.filter(slug=entry["slug"]).first()
        resources = Resource.objects.published().in_bulk(entry["items"], field_name="slug")
        services.save_collection(
            curator=editor,
            data={
                "slug": entry["slug"],
                "position": entry["position"],
                **_translated("title", entry["title"]),
                **_translated("introduction", entry["introduction"]),
            },
            resources=[resources[slug] for slug in entry["items"] if slug in resources],
            collection=collection,
        )
    return created
