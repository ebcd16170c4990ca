"""Demo initiatives: a realistic registry in five languages with every moderation state in play.

Each initiative goes through ``initiatives.services`` with the demo users as actors, so its history
is the one the portal would have written; afterwards the timestamps are moved into the past so that
the registry reads like one that has been in use for a while. ``seed_initiatives`` is idempotent:
an initiative whose slug exists is skipped.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ncc_portal.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Region,
    Role,
    TargetGroup,
    Theme,
    User,
)
from ncc_portal.richtext import sanitise

from . import services
from .models import Action, Event, Initiative, PendingChange
from .snapshots import LANGUAGE_CODES, snapshot_of

INNOVATOR_EMAIL = "innovator@ncc-demo.example"

REPAIR_NETWORK = "Repair-Café-Netzwerk Ruhr e.V. (Demo)"
EPICERIE = "Épicerie sociale Minett asbl (Demo)"
HOUSING_FIRST_BERLIN = "Wohnen zuerst Berlin gGmbH (Demo)"
KULA_HOOLIB = "MTÜ Küla Hoolib (Demo)"
BUURTKRACHT = "Stichting Buurtkracht Rotterdam (Demo)"
DORPSKRACHT = "Vereniging Dorpskracht Drenthe (Demo)"
NACHBARSCHAFTSWERK = "Nachbarschaftswerk Ruhr (Demo)"

# (name, country, NUTS region, website, descriptions, the demo innovator is a member)
ORGANISATIONS = [
    (
        REPAIR_NETWORK,
        "DE",
        "DEA36",
        "https://repaircafe-ruhr.example",
        {
            "de": "Verein, der Reparatur-Cafés im nördlichen Ruhrgebiet gründet und begleitet.",
            "en": "Association that starts and supports repair cafés in the northern Ruhr area.",
        },
        True,
    ),
    (
        EPICERIE,
        "LU",
        "LU000",
        "https://epicerie-minett.example",
        {
            "fr": "Association qui gère une épicerie sociale et des projets d’insertion "
            "dans le sud du Luxembourg.",
            "de": "Verein, der einen Sozialladen und Beschäftigungsprojekte im Süden Luxemburgs "
            "betreibt.",
        },
        True,
    ),
    (
        HOUSING_FIRST_BERLIN,
        "DE",
        "DE300",
        "https://wohnen-zuerst-berlin.example",
        {"de": "Gemeinnützige Gesellschaft, die Housing First in Berlin umsetzt."},
        False,
    ),
    (
        KULA_HOOLIB,
        "EE",
        "EE008",
        "https://kulahoolib.example",
        {
            "et": "Mittetulundusühing, mis korraldab Võrumaa külades naabriabi eakatele.",
            "en": "Non-profit organising neighbourly help for older people in Võru County "
            "villages.",
        },
        False,
    ),
    (
        BUURTKRACHT,
        "NL",
        "NL366",
        "https://buurtkracht-rotterdam.example",
        {"nl": "Stichting die met bewoners van Rotterdam-Zuid voorzieningen in de wijk opzet."},
        False,
    ),
    (
        DORPSKRACHT,
        "NL",
        "NL131",
        "https://dorpskracht-drenthe.example",
        {"nl": "Vereniging van Drentse dorpen die zorg en ondersteuning zelf organiseren."},
        False,
    ),
]

# The workflows an initiative can be put through.
DRAFT = "draft"
SUBMITTED = "submitted"
CHANGES_REQUESTED = "changes_requested"
REJECTED = "rejected"
PUBLISHED = "published"
ARCHIVED = "archived"
PENDING_CHANGE = "pending_change"  # published, with submitted edits waiting for review
OUTDATED = "outdated"  # published, last confirmed 15 months ago

INITIATIVES = [
    # --- Germany --------------------------------------------------------------------------------
    {
        "organisation": REPAIR_NETWORK,
        "workflow": PUBLISHED,
        "days_ago": 250,
        "language": "de",
        "texts": {
            "de": (
                "Reparatur-Café Ruhr",
                "Einmal im Monat reparieren Ehrenamtliche gemeinsam mit Besucherinnen und "
                "Besuchern kaputte Toaster, Fahrräder und Kleidung – kostenlos, in Stadtteilen "
                "mit wenig Einkommen und viel Zusammenhalt.",
                "Im nördlichen Ruhrgebiet landen viele Geräte im Müll, weil eine Reparatur im "
                "Fachgeschäft zu teuer ist. Das Reparatur-Café Ruhr bringt Menschen zusammen, "
                "die reparieren können, und Menschen, die es lernen wollen.\n\n"
                "Die Treffen finden in Stadtteilzentren, Gemeindehäusern und Schulen statt. "
                "Ehrenamtliche Elektrikerinnen, Schneider und Fahrradschrauber zeigen, wie es "
                "geht; bei Kaffee und Kuchen entstehen Nachbarschaften, die sich auch sonst "
                "gegenseitig helfen.\n\n"
                "Seit 2016 sind aus einem Treffpunkt in Gelsenkirchen elf Reparatur-Cafés in "
                "vier Städten geworden.",
            ),
            "en": (
                "Repair Café Ruhr",
                "Once a month volunteers and visitors repair broken toasters, bicycles and "
                "clothes together – free of charge, in neighbourhoods with low incomes and strong "
                "ties.",
                "In the northern Ruhr area many appliances end up in the bin because a "
                "professional repair costs too much. Repair Café Ruhr brings together people who "
                "can repair things and people who want to learn.\n\n"
                "The meetings take place in community centres, parish halls and schools. "
                "Volunteer electricians, tailors and bicycle mechanics show how it is done; over "
                "coffee and cake, neighbours get to know each other and start helping each other "
                "in other ways too.\n\n"
                "Since 2016, one meeting point in Gelsenkirchen has grown into eleven repair "
                "cafés in four towns.",
            ),
        },
        "country": "DE",
        "regions": ["DEA32", "DEA36", "DEA31"],
        "themes": ["green-and-just-transition", "community-development-and-civic-participation"],
        "sdgs": [11, 12, 13],
        "target_groups": ["low-skilled-adults", "older-people"],
        "stage": "scaling",
        "start_year": 2016,
        "website": "https://repaircafe-ruhr.example",
        "social_links": ["https://social.example/@repaircaferuhr"],
        "funding": {"foundation": None, "regional": "12000"},
        "impact": [
            ("Reparierte Gegenstände", "3400", "Stück", 2024),
            ("Erfolgsquote der Reparaturen", "68", "%", 2024),
            ("Aktive Ehrenamtliche", "85", "Personen", 2024),
        ],
        "contact": ("Jana Schrauber", "kontakt@repaircafe-ruhr.example", "", True),
        "replication": {
            "conditions": "Ein Raum mit Strom und Tischen, fünf bis zehn Ehrenamtliche mit "
            "handwerklichem Geschick, eine Haftpflichtversicherung und eine Person, die die "
            "Treffen koordiniert.",
            "cost": "under_10k",
            "materials": "Starterhandbuch, Werkzeugliste, Vorlagen für Plakate und "
            "Reparaturzettel, Schulung für Koordinatorinnen und Koordinatoren.",
            "languages": ["de", "en"],
            "licence": "cc_by_sa",
        },
        "evidence": "self_assessed",
    },
    {
        "organisation": "Diakonisches Werk Schleswig-Holstein",
        "workflow": PUBLISHED,
        "days_ago": 300,
        "language": "de",
        "texts": {
            "de": (
                "Ankommen in Arbeit – Jobcoaching für Geflüchtete",
                "Geflüchtete Frauen und Männer werden von einem festen Jobcoach bis in eine "
                "sozialversicherungspflichtige Beschäftigung begleitet – mit Sprachkurs im "
                "Betrieb und Unterstützung für die Arbeitgeber.",
                "Viele Geflüchtete bringen Berufserfahrung mit, finden aber keinen Einstieg, "
                "weil Anerkennung, Sprache und Kinderbetreuung gleichzeitig gelöst werden "
                "müssen. Ankommen in Arbeit setzt genau dort an.\n\n"
                "Jede Teilnehmerin und jeder Teilnehmer hat einen Jobcoach, der bei der "
                "Anerkennung von Abschlüssen hilft, Praktika vermittelt und auch nach der "
                "Einstellung ansprechbar bleibt. Betriebe erhalten eine Ansprechperson für "
                "Fragen zu Aufenthaltsrecht und Förderung.\n\n"
                "Das Projekt wird aus dem ESF Plus gefördert und wissenschaftlich begleitet.",
            ),
            "en": (
                "Arriving in Work – job coaching for refugees",
                "Refugee women and men are accompanied by a dedicated job coach into employment "
                "with social insurance – with language courses at the workplace and support for "
                "employers.",
                "Many refugees bring work experience but cannot get started, because recognition "
                "of qualifications, language and childcare all have to be solved at once. "
                "Arriving in Work starts exactly there.\n\n"
                "Every participant has a job coach who helps with the recognition of "
                "qualifications, finds internships and stays available after hiring. Employers "
                "get a contact person for questions on residence law and subsidies.\n\n"
                "The project is funded by the ESF+ and independently evaluated.",
            ),
        },
        "country": "DE",
        "regions": ["DEF02", "DEF0B"],
        "themes": ["migration-and-integration", "employment-and-labour-market-inclusion"],
        "sdgs": [8, 10],
        "target_groups": ["migrants-and-refugees", "women"],
        "stage": "implementation",
        "start_year": 2021,
        "website": "https://ankommen-in-arbeit.example",
        "funding": {"esf_plus": "480000", "national": "120000"},
        "impact": [
            ("Begleitete Teilnehmende", "212", "Personen", 2024),
            ("In Beschäftigung nach 12 Monaten", "41", "%", 2024),
        ],
        "contact": ("Hauke Petersen", "jobcoaching@diakonie-sh.example", "+49 431 000000", True),
        "replication": {
            "conditions": "Ein Träger mit Erfahrung in der Migrationsberatung, Kontakte zu "
            "Jobcentern und Kammern und eine Finanzierung für mindestens zwei Jobcoaches.",
            "cost": "50k_250k",
            "materials": "Handbuch zum Coaching-Prozess, Gesprächsleitfäden, Evaluationsbericht.",
            "languages": ["de", "en"],
            "licence": "cc_by",
        },
        "evidence": "evaluated",
    },
    {
        "organisation": NACHBARSCHAFTSWERK,
        "workflow": PENDING_CHANGE,
        "days_ago": 200,
        "language": "de",
        "texts": {
            "de": (
                "Digital dabei – Digitalsprechstunde für Seniorinnen und Senioren",
                "Jugendliche aus dem Stadtteil erklären älteren Menschen Smartphone, "
                "Videotelefonie und Online-Termine – jeden Mittwoch im Nachbarschaftscafé und "
                "auf Wunsch zu Hause.",
                "Arzttermine, Bahntickets und Rentenbescheide gibt es immer öfter nur noch "
                "digital. Viele ältere Menschen fühlen sich dadurch abgehängt.\n\n"
                "In der Digitalsprechstunde helfen geschulte Jugendliche bei konkreten Fragen: "
                "Wie richte ich ein Smartphone ein? Wie erkenne ich betrügerische Nachrichten? "
                "Die Jugendlichen erhalten dafür eine Aufwandsentschädigung und ein Zertifikat.",
            ),
        },
        "country": "DE",
        "regions": ["DEA32", "DEA31"],
        "themes": ["digital-inclusion", "active-ageing"],
        "sdgs": [4, 10],
        "target_groups": ["older-people", "young-people-neet"],
        "stage": "pilot",
        "start_year": 2023,
        "website": "https://digital-dabei.example",
        "funding": {"regional": "18000", "foundation": "25000"},
        "impact": [("Beratungsgespräche", "640", "Gespräche", 2024)],
        "contact": ("Ines Innovatorin", "digital@nachbarschaftswerk.example", "", False),
        "edit": {
            "en": (
                "Digitally included – digital help desk for older people",
                "Young people from the neighbourhood explain smartphones, video calls and online "
                "appointments to older people – every Wednesday in the neighbourhood café and at "
                "home on request.",
                "Doctor's appointments, train tickets and pension notices are increasingly only "
                "available online. Many older people feel left behind.\n\n"
                "At the digital help desk, trained young people help with concrete questions: "
                "How do I set up a smartphone? How do I recognise fraudulent messages? The young "
                "people receive an allowance and a certificate.",
            ),
            "impact": ("Geschulte Jugendliche", "24", "Personen", 2024),
        },
    },
    {
        "organisation": NACHBARSCHAFTSWERK,
        "workflow": CHANGES_REQUESTED,
        "days_ago": 12,
        "language": "de",
        "texts": {
            "de": (
                "Gute Ware Gelsenkirchen – Sozialkaufhaus mit Lebensmittelladen",
                "Ein Kaufhaus für gebrauchte Möbel, Kleidung und Haushaltswaren mit einem "
                "Lebensmittelladen für Menschen mit geringem Einkommen; Langzeitarbeitslose "
                "arbeiten dort und qualifizieren sich für den Einzelhandel.",
                "Gute Ware verbindet zwei Aufgaben: günstige Waren für Haushalte mit wenig Geld "
                "und sinnvolle Arbeit für Menschen, die lange ohne Beschäftigung waren.\n\n"
                "Spenden werden abgeholt, aufbereitet und verkauft. Im Lebensmittelladen gibt "
                "es gerettete Lebensmittel zu einem Drittel des üblichen Preises.",
            ),
        },
        "country": "DE",
        "regions": ["DEA32"],
        "themes": ["social-inclusion-and-poverty", "social-economy-and-social-enterprise"],
        "sdgs": [1, 2, 12],
        "target_groups": ["long-term-unemployed", "children-and-families"],
        "stage": "idea",
        "start_year": 2025,
        "website": "https://gute-ware-ge.example",
        "funding": {"regional": None},
        "impact": [],
        "comment": "Danke für den Eintrag! Bitte ergänzen Sie mindestens eine Wirkungszahl "
        "(z. B. geplante Arbeitsplätze) und beschreiben Sie, wer im Lebensmittelladen "
        "einkaufen darf und wie das nachgewiesen wird. Danach veröffentlichen wir gern.",
    },
    {
        "organisation": HOUSING_FIRST_BERLIN,
        "workflow": PUBLISHED,
        "days_ago": 330,
        "language": "de",
        "texts": {
            "de": (
                "Housing First Berlin",
                "Obdachlose Menschen erhalten ohne Vorbedingungen eine eigene Wohnung mit "
                "Mietvertrag und werden so lange begleitet, wie sie es wünschen.",
                "Der klassische Stufenweg – Notunterkunft, Wohnheim, Trainingswohnung – "
                "scheitert oft gerade bei den Menschen, die am längsten auf der Straße leben. "
                "Housing First dreht die Reihenfolge um: zuerst die Wohnung, dann alles "
                "Weitere.\n\n"
                "Sozialarbeiterinnen und Sozialarbeiter begleiten freiwillig und aufsuchend bei "
                "Gesundheit, Schulden und Sucht. Die Wohnungen stammen von "
                "Wohnungsbaugesellschaften und privaten Vermieterinnen und Vermietern.",
            ),
            "en": (
                "Housing First Berlin",
                "Homeless people get their own flat with a tenancy agreement without "
                "preconditions and are supported for as long as they wish.",
                "The classic staircase – emergency shelter, hostel, training flat – often fails "
                "precisely for the people who have lived on the street the longest. Housing "
                "First reverses the order: the flat first, then everything else.\n\n"
                "Social workers offer voluntary, outreach support on health, debt and addiction. "
                "The flats come from housing companies and private landlords.",
            ),
            "nl": (
                "Housing First Berlijn",
                "Dakloze mensen krijgen zonder voorwaarden een eigen woning met huurcontract en "
                "worden begeleid zolang zij dat willen.",
                "De klassieke trap – nachtopvang, pension, trainingswoning – mislukt juist vaak "
                "bij mensen die het langst op straat leven. Housing First draait de volgorde om: "
                "eerst de woning, dan de rest.",
            ),
        },
        "country": "DE",
        "regions": ["DE300"],
        "themes": ["housing-and-homelessness", "health-and-care"],
        "sdgs": [1, 3, 11],
        "target_groups": ["people-experiencing-homelessness"],
        "stage": "established",
        "start_year": 2018,
        "website": "https://wohnen-zuerst-berlin.example",
        "funding": {"regional": "1200000", "foundation": None},
        "impact": [
            ("Menschen in eigener Wohnung", "128", "Personen", 2024),
            ("Mietverhältnisse nach zwei Jahren stabil", "91", "%", 2024),
        ],
        "contact": ("Team Housing First", "info@wohnen-zuerst-berlin.example", "", True),
        "replication": {
            "conditions": "Zugang zu Wohnungen (Kooperationsvertrag mit Vermietern), ein "
            "multiprofessionelles Team und eine Finanzierung für mindestens drei Jahre.",
            "cost": "over_250k",
            "materials": "Praxishandbuch, Kooperationsvertrag mit Wohnungsgesellschaften, "
            "Fortbildung nach dem Housing-First-Ansatz.",
            "languages": ["de", "en"],
            "licence": "cc_by",
        },
        "evidence": "evaluated",
    },
    {
        "organisation": "Finanzierungsagentur Social Entrepreneurship (FASE)",
        "workflow": PUBLISHED,
        "days_ago": 180,
        "language": "de",
        "texts": {
            "de": (
                "Ausbildung statt Warteschleife – ein Social Impact Bond in Augsburg",
                "Private Investoren finanzieren die intensive Begleitung arbeitsloser "
                "Jugendlicher in eine Ausbildung; die öffentliche Hand zahlt nur zurück, wenn "
                "die vereinbarten Ziele erreicht werden.",
                "Bei einem Social Impact Bond tragen Investoren das Risiko einer neuen "
                "sozialen Maßnahme. Ein unabhängiger Prüfer stellt fest, wie viele Jugendliche "
                "nach neun Monaten eine Ausbildung begonnen haben.\n\n"
                "Werden die Ziele erreicht, erstattet das Land das eingesetzte Kapital mit "
                "einer moderaten Rendite. Das Modell zeigt, wie wirkungsorientierte "
                "Finanzierung Prävention ermöglicht.",
            ),
            "en": (
                "Apprenticeships instead of waiting – a social impact bond in Augsburg",
                "Private investors finance intensive support to bring unemployed young people "
                "into vocational training; the public sector only pays back if the agreed "
                "outcomes are achieved.",
                "In a social impact bond, investors carry the risk of a new social programme. An "
                "independent assessor determines how many young people have started an "
                "apprenticeship after nine months.\n\n"
                "If the targets are met, the state repays the capital with a moderate return. "
                "The model shows how outcome-based funding makes prevention possible.",
            ),
        },
        "country": "DE",
        "regions": ["DE271", "DE276"],
        "themes": ["social-finance", "youth", "employment-and-labour-market-inclusion"],
        "sdgs": [4, 8, 17],
        "target_groups": ["young-people-neet"],
        "stage": "implementation",
        "start_year": 2022,
        "website": "https://ausbildung-statt-warteschleife.example",
        "funding": {"private": "850000", "national": None},
        "impact": [("Jugendliche in Ausbildung", "57", "Personen", 2024)],
        "evidence": "evaluated",
        "partners": (
            ["funder", "public_authority"],
            "Wir suchen Kommunen und Stiftungen, die einen weiteren Social Impact Bond prüfen.",
        ),
    },
    {
        "organisation": "Social Impact",
        "workflow": PUBLISHED,
        "days_ago": 150,
        "language": "de",
        "texts": {
            "de": (
                "Zukunftspaten – Mentoring für Jugendliche in Hamburg",
                "Berufstätige begleiten Jugendliche ohne Ausbildungsplatz ein Jahr lang als "
                "Patin oder Pate: bei Bewerbungen, Praktika und den ersten Wochen im Betrieb.",
                "Viele Jugendliche haben niemanden in ihrem Umfeld, der den Weg in eine "
                "Ausbildung kennt. Zukunftspaten bringt sie mit Menschen aus Betrieben, "
                "Verwaltung und Hochschulen zusammen.\n\n"
                "Die Patinnen und Paten werden geschult und treffen sich regelmäßig zum "
                "Austausch. Schulen und die Jugendberufsagentur vermitteln die Jugendlichen.",
            ),
            "en": (
                "Future Mentors – mentoring for young people in Hamburg",
                "Working professionals mentor young people without an apprenticeship for a "
                "year: with applications, internships and the first weeks at work.",
                "Many young people have no one around them who knows the way into vocational "
                "training. Future Mentors connects them with people from companies, public "
                "administration and universities.\n\n"
                "Mentors are trained and meet regularly to share experience. Schools and the "
                "youth employment agency refer the young people.",
            ),
        },
        "country": "DE",
        "regions": ["DE600"],
        "themes": ["youth", "education-and-skills"],
        "sdgs": [4, 8],
        "target_groups": ["young-people-neet", "children-and-families"],
        "stage": "implementation",
        "start_year": 2020,
        "website": "https://zukunftspaten-hamburg.example",
        "funding": {"foundation": "90000", "private": None},
        "impact": [
            ("Mentoring-Tandems", "146", "Tandems", 2024),
            ("Jugendliche mit Ausbildungsvertrag", "62", "%", 2024),
        ],
        "contact": ("Lea Brandt", "paten@socialimpact.example", "+49 40 000000", True),
        "partners": (
            ["private_company", "academia"],
            "Unternehmen, deren Beschäftigte Patenschaften übernehmen, und eine Hochschule für "
            "die Wirkungsmessung.",
        ),
    },
    {
        "organisation": "Westfälische Hochschule Gelsenkirchen – Institut Arbeit und Technik (IAT)",
        "workflow": OUTDATED,
        "days_ago": 470,
        "language": "de",
        "texts": {
            "de": (
                "Sozial einkaufen – soziale Kriterien in der kommunalen Beschaffung",
                "Ein Werkzeugkasten und eine Beratung für Kommunen im Ruhrgebiet, die bei "
                "Reinigung, Catering und Grünpflege soziale Kriterien vorgeben und "
                "Sozialunternehmen beauftragen wollen.",
                "Kommunen kaufen jedes Jahr für Milliarden Euro ein. Das Vergaberecht erlaubt "
                "es ausdrücklich, soziale Ziele zu berücksichtigen – doch viele Vergabestellen "
                "scheuen den Aufwand.\n\n"
                "Das Projekt hat mit vier Städten Mustertexte für Ausschreibungen entwickelt, "
                "Vergabestellen geschult und eine Liste geeigneter Sozialunternehmen "
                "zusammengestellt.",
            ),
            "en": (
                "Buying social – social criteria in municipal procurement",
                "A toolkit and advice service for municipalities in the Ruhr area that want to "
                "set social criteria for cleaning, catering and grounds maintenance and "
                "commission social enterprises.",
                "Municipalities spend billions of euros every year. Procurement law explicitly "
                "allows social objectives to be taken into account – but many procurement "
                "offices shy away from the effort.\n\n"
                "With four cities, the project developed model tender texts, trained "
                "procurement staff and compiled a list of suitable social enterprises.",
            ),
        },
        "country": "DE",
        "regions": ["DEA3", "DEA1"],
        "themes": [
            "social-economy-and-social-enterprise",
            "employment-and-labour-market-inclusion",
        ],
        "sdgs": [8, 12, 16],
        "target_groups": ["social-enterprises-and-social-innovators", "persons-with-disabilities"],
        "stage": "pilot",
        "start_year": 2022,
        "website": "https://sozial-einkaufen.example",
        "funding": {"national": "210000"},
        "impact": [("Vergaben mit sozialen Kriterien", "23", "Verfahren", 2023)],
        "evidence": "peer_reviewed",
    },
    {
        "organisation": "Diakonisches Werk Schleswig-Holstein",
        "workflow": PUBLISHED,
        "days_ago": 90,
        "language": "de",
        "texts": {
            "de": (
                "Dorfgemeinschaft pflegt – nachbarschaftliche Sorge in Nordfriesland",
                "In kleinen Dörfern organisieren Dorfkümmerinnen Nachbarschaftshilfe für ältere "
                "Menschen und pflegende Angehörige – abgestimmt mit Pflegedienst und Gemeinde.",
                "Auf dem Land fehlen Pflegekräfte, und die Wege sind weit. Gleichzeitig gibt es "
                "in vielen Dörfern Menschen, die gern helfen würden, wenn jemand die Hilfe "
                "organisiert.\n\n"
                "Eine Dorfkümmerin mit zehn Wochenstunden ist Anlaufstelle für alle Fragen, "
                "vermittelt Einkaufs- und Fahrdienste und entlastet pflegende Angehörige. Der "
                "Pflegedienst übernimmt die medizinische Versorgung.",
            ),
        },
        "country": "DE",
        "regions": ["DEF07", "DEF0C"],
        "themes": [
            "health-and-care",
            "active-ageing",
            "community-development-and-civic-participation",
        ],
        "sdgs": [3, 10, 11],
        "target_groups": ["older-people", "informal-carers", "people-in-rural-areas"],
        "stage": "implementation",
        "start_year": 2022,
        "website": "https://dorfgemeinschaft-pflegt.example",
        "funding": {"esf_plus": "310000", "regional": "40000"},
        "impact": [
            ("Beteiligte Dörfer", "14", "Dörfer", 2024),
            ("Ehrenamtliche Helferinnen und Helfer", "190", "Personen", 2024),
        ],
        "contact": ("Maren Jensen", "dorf@diakonie-sh.example", "", False),
        "partners": (
            ["public_authority", "third_sector"],
            "Ämter und Pflegekassen, die das Modell in weiteren Dörfern mitfinanzieren.",
        ),
    },
    {
        "organisation": REPAIR_NETWORK,
        "workflow": REJECTED,
        "days_ago": 40,
        "language": "de",
        "texts": {
            "de": (
                "Reparaturtreff Gelsenkirchen-Buer",
                "Jeden zweiten Samstag reparieren wir im Jugendzentrum Buer Elektrogeräte und "
                "Fahrräder.",
                "Der Treff gehört zum Netzwerk der Reparatur-Cafés im Ruhrgebiet.",
            ),
        },
        "country": "DE",
        "regions": ["DEA32"],
        "themes": ["green-and-just-transition"],
        "sdgs": [12],
        "target_groups": [],
        "stage": "established",
        "start_year": 2019,
        "website": "",
        "funding": {},
        "impact": [],
        "comment": "Dieser Eintrag beschreibt einen Standort des bereits veröffentlichten "
        "„Reparatur-Café Ruhr“. Bitte ergänzen Sie Gelsenkirchen-Buer dort als weiteren "
        "Treffpunkt, statt einen zweiten Eintrag anzulegen.",
    },
    {
        "organisation": REPAIR_NETWORK,
        "workflow": SUBMITTED,
        "days_ago": 3,
        "language": "de",
        "texts": {
            "de": (
                "Werkzeugbibliothek Emscher-Lippe",
                "Bohrmaschine, Leiter oder Nähmaschine ausleihen statt kaufen: Eine "
                "Werkzeugbibliothek im Stadtteilzentrum verleiht Geräte gegen einen kleinen "
                "Jahresbeitrag.",
                "Eine Bohrmaschine wird im Durchschnitt wenige Minuten im Jahr benutzt. In der "
                "Werkzeugbibliothek teilen sich Nachbarinnen und Nachbarn Werkzeuge, "
                "Gartengeräte und Küchenmaschinen.\n\n"
                "Ehrenamtliche warten die Geräte und geben Einführungen. Wer wenig Geld hat, "
                "zahlt keinen Beitrag.",
            ),
            "en": (
                "Emscher-Lippe Library of Things",
                "Borrow a drill, a ladder or a sewing machine instead of buying one: a library "
                "of things in the community centre lends tools for a small annual fee.",
                "The average drill is used for a few minutes a year. In the library of things, "
                "neighbours share tools, garden equipment and kitchen appliances.",
            ),
        },
        "country": "DE",
        "regions": ["DEA36"],
        "themes": ["green-and-just-transition", "community-development-and-civic-participation"],
        "sdgs": [11, 12],
        "target_groups": ["children-and-families"],
        "stage": "pilot",
        "start_year": 2024,
        "website": "https://werkzeugbibliothek.example",
        "funding": {"regional": "8000"},
        "impact": [("Ausleihen", "730", "Ausleihen", 2024)],
        "contact": ("Ines Innovatorin", "leihen@repaircafe-ruhr.example", "", True),
    },
    {
        "organisation": NACHBARSCHAFTSWERK,
        "workflow": DRAFT,
        "days_ago": 2,
        "language": "de",
        "texts": {
            "de": (
                "Lesepaten für Grundschulkinder im Quartier",
                "Ehrenamtliche lesen einmal pro Woche mit Kindern, die zu Hause wenig Deutsch "
                "sprechen.",
                "",
            ),
        },
        "country": "DE",
        "regions": ["DEA32"],
        "themes": ["education-and-skills"],
        "sdgs": [4],
        "target_groups": ["children-and-families", "migrants-and-refugees"],
        "stage": "idea",
        "start_year": None,
        "website": "",
        "funding": {},
        "impact": [],
    },
    # --- Estonia --------------------------------------------------------------------------------
    {
        "organisation": KULA_HOOLIB,
        "workflow": PUBLISHED,
        "days_ago": 210,
        "language": "et",
        "texts": {
            "et": (
                "Küla hoolib – kogukonna toel kodus vananemine Võrumaal",
                "Külade vabatahtlikud ja külakoordinaator aitavad eakatel Võrumaa elanikel "
                "kauem kodus elada: poeskäigud, sõit arsti juurde, küttepuud ja igapäevane "
                "suhtlus.",
                "Võrumaa külades elab palju üksi elavaid eakaid, kelle lähim hooldusteenus on "
                "kaugel. Küla hoolib loob igas külas vabatahtlike võrgustiku, mida juhib "
                "osalise koormusega külakoordinaator.\n\n"
                "Koordinaator kaardistab koos vallaga abivajaduse, leiab sobiva abilise ja "
                "hoiab ühendust pere ning sotsiaaltöötajaga. Vabatahtlikud saavad koolituse ja "
                "kindlustuse.",
            ),
            "en": (
                "Village Cares – ageing at home with community support in Võru County",
                "Village volunteers and a village coordinator help older residents of Võru "
                "County to live at home for longer: shopping, lifts to the doctor, firewood and "
                "daily contact.",
                "Many older people in the villages of Võru County live alone, far from the "
                "nearest care service. Village Cares builds a network of volunteers in each "
                "village, led by a part-time village coordinator.\n\n"
                "Together with the municipality, the coordinator maps needs, finds the right "
                "helper and stays in touch with the family and the social worker. Volunteers "
                "are trained and insured.",
            ),
        },
        "country": "EE",
        "regions": ["EE008"],
        "themes": [
            "health-and-care",
            "active-ageing",
            "community-development-and-civic-participation",
        ],
        "sdgs": [3, 10, 11],
        "target_groups": ["older-people", "people-in-rural-areas", "informal-carers"],
        "stage": "implementation",
        "start_year": 2021,
        "website": "https://kulahoolib.example",
        "funding": {"esf_plus": "160000", "regional": "20000"},
        "impact": [
            ("Külad", "11", "küla", 2024),
            ("Abi saanud eakad", "230", "inimest", 2024),
        ],
        "contact": ("Kersti Tamm", "info@kulahoolib.example", "+372 500 0000", True),
        "replication": {
            "conditions": "Valla sotsiaalosakonna toetus, üks koordinaator kuni kümne küla kohta "
            "ja vabatahtlike kindlustus.",
            "cost": "10k_50k",
            "materials": "Koordinaatori käsiraamat, vabatahtlike koolituskava, lepingute näidised.",
            "languages": ["et", "en"],
            "licence": "cc_by",
        },
        "evidence": "self_assessed",
    },
    {
        "organisation": "Heateo SA",
        "workflow": PUBLISHED,
        "days_ago": 120,
        "language": "et",
        "texts": {
            "et": (
                "Digitark – digioskused vanemaealistele raamatukogudes",
                "Noored vabatahtlikud ja raamatukoguhoidjad õpetavad vanemaealistele "
                "nutitelefoni, e-teenuste ja ID-kaardi kasutamist väikestes rühmades.",
                "Eestis on peaaegu kõik avalikud teenused veebis, kuid paljud üle "
                "65-aastased ei kasuta neid. Digitark toob õppe sinna, kuhu inimesed niigi "
                "tulevad: maakonna- ja külaraamatukogudesse.\n\n"
                "Kursus kestab neli nädalat. Osalejad õpivad digiallkirja andma, retsepte "
                "vaatama, pangarakendust turvaliselt kasutama ja petukõnesid ära tundma.",
            ),
            "en": (
                "Digitark – digital skills for older people in libraries",
                "Young volunteers and librarians teach older people to use smartphones, "
                "e-services and the ID card in small groups.",
                "In Estonia almost every public service is online, yet many people over 65 do "
                "not use them. Digitark brings learning to where people already go: county and "
                "village libraries.\n\n"
                "A course lasts four weeks. Participants learn to sign digitally, view "
                "prescriptions, use a banking app safely and recognise scam calls.",
            ),
            "de": (
                "Digitark – digitale Kompetenzen für Ältere in Bibliotheken",
                "Junge Ehrenamtliche und Bibliothekarinnen bringen älteren Menschen in kleinen "
                "Gruppen den Umgang mit Smartphone, E-Services und ID-Karte bei.",
                "In Estland sind fast alle öffentlichen Dienste online, doch viele Menschen über "
                "65 nutzen sie nicht. Digitark bringt das Lernen dorthin, wo die Menschen "
                "ohnehin hingehen: in die Kreis- und Dorfbibliotheken.",
            ),
        },
        "country": "EE",
        "regions": ["EE001", "EE009"],
        "themes": ["digital-inclusion", "active-ageing", "education-and-skills"],
        "sdgs": [4, 10],
        "target_groups": ["older-people", "people-in-rural-areas"],
        "stage": "scaling",
        "start_year": 2019,
        "website": "https://digitark.example",
        "funding": {"foundation": "45000", "national": "60000"},
        "impact": [
            ("Kursuse lõpetanud", "1850", "inimest", 2024),
            ("Osalevad raamatukogud", "64", "raamatukogu", 2024),
        ],
        "contact": ("Liis Kask", "digitark@heateo.example", "", True),
        "replication": {
            "conditions": "Raamatukogude võrgustik, vabatahtlike koordinaator ja lihtne "
            "õppematerjal kohalikus keeles.",
            "cost": "10k_50k",
            "materials": "Kursuse kava, töölehed, vabatahtlike juhend.",
            "languages": ["et", "en"],
            "licence": "cc_by_sa",
        },
        "evidence": "evaluated",
    },
    {
        "organisation": "Tallinn University",
        "workflow": PUBLISHED,
        "days_ago": 75,
        "language": "et",
        "texts": {
            "et": (
                "Tugev algus – mentorprogramm Ida-Virumaa noortele",
                "Kohalikud ettevõtjad ja üliõpilased on aasta jooksul mentoriks noortele, kes "
                "ei õpi ega tööta, ning aitavad neil leida tee kooli, praktikale või tööle.",
                "Ida-Virumaal on noorte töötus üks Eesti kõrgemaid. Programm viib iga noore "
                "kokku koolitatud mentoriga, kes kohtub temaga vähemalt kord nädalas.\n\n"
                "Koostöös Töötukassa ja kohalike koolidega leitakse igale noorele järgmine "
                "samm: kutseõpe, praktikakoht või esimene töökoht.",
            ),
            "en": (
                "Strong Start – mentoring for young people in Ida-Viru County",
                "Local entrepreneurs and students mentor young people who are not in education "
                "or employment for a year and help them find their way back to school, an "
                "internship or a job.",
                "Youth unemployment in Ida-Viru County is among the highest in Estonia. The "
                "programme matches each young person with a trained mentor who meets them at "
                "least once a week.\n\n"
                "Together with the Unemployment Insurance Fund and local schools, each young "
                "person finds a next step: vocational training, an internship or a first job.",
            ),
        },
        "country": "EE",
        "regions": ["EE00A"],
        "themes": ["youth", "employment-and-labour-market-inclusion"],
        "sdgs": [4, 8, 10],
        "target_groups": ["young-people-neet"],
        "stage": "pilot",
        "start_year": 2023,
        "website": "https://tugevalgus.example",
        "funding": {"easi": "220000", "national": None},
        "impact": [("Mentorpaarid", "48", "paari", 2024)],
        "partners": (
            ["private_company", "public_authority"],
            "Otsime ettevõtteid, kelle töötajad soovivad olla mentorid.",
        ),
    },
    {
        "organisation": "Sotsiaalsete Ettevõtete Võrgustik – Estonian Social Enterprise Network",
        "workflow": PUBLISHED,
        "days_ago": 45,
        "language": "et",
        "texts": {
            "et": (
                "Sotsiaalselt vastutustundlikud hanked omavalitsustes",
                "Võrgustik nõustab omavalitsusi, kuidas lisada hangetesse sotsiaalseid "
                "tingimusi ja osta teenuseid sotsiaalsetelt ettevõtetelt, kes pakuvad tööd "
                "vähenenud töövõimega inimestele.",
                "Omavalitsused ostavad igal aastal teenuseid ja kaupu miljonite eurode eest. "
                "Kui osa hangetest on reserveeritud sotsiaalsetele ettevõtetele või sisaldab "
                "sotsiaalseid tingimusi, tekib töökohti inimestele, kellel on tööturul raske.\n\n"
                "Pakume hankijatele juhendit, tüüptingimusi ja nõustamist ning koondame "
                "sotsiaalsete ettevõtete pakkumised ühte andmebaasi.",
            ),
        },
        "country": "EE",
        "regions": ["EE001", "EE008"],
        "themes": ["social-economy-and-social-enterprise"],
        "sdgs": [8, 12, 16],
        "target_groups": ["persons-with-disabilities", "social-enterprises-and-social-innovators"],
        "stage": "implementation",
        "start_year": 2022,
        "website": "https://sev.example/hanked",
        "funding": {"national": "75000"},
        "impact": [("Nõustatud omavalitsused", "19", "omavalitsust", 2024)],
        "contact": ("Margit Saar", "hanked@sev.example", "", True),
    },
    {
        "organisation": "Sihtasutus Võrumaa Arenduskeskus",
        "workflow": ARCHIVED,
        "days_ago": 320,
        "language": "et",
        "texts": {
            "et": (
                "Tööle tagasi – Võrumaa tööklubi",
                "Pikaajalistele töötutele mõeldud tööklubi, kus osalejad said kord nädalas "
                "nõustamist, harjutasid tööintervjuusid ja külastasid kohalikke tööandjaid.",
                "Pilootprojekt toimus aastatel 2021–2023 Võru ja Põlva maakonnas. Tööklubi "
                "kohtus kord nädalas raamatukogus või kogukonnamajas ning seda juhtis "
                "karjäärinõustaja.\n\n"
                "Kokku osales 74 inimest, kellest 29 leidis projekti ajal töö.",
            ),
            "en": (
                "Back to Work – Võru County job club",
                "A job club for the long-term unemployed, where participants received weekly "
                "advice, practised job interviews and visited local employers.",
                "The pilot ran from 2021 to 2023 in Võru and Põlva counties. The job club met "
                "once a week in a library or community house and was led by a career "
                "counsellor.\n\n"
                "In total 74 people took part, 29 of whom found work during the project.",
            ),
        },
        "country": "EE",
        "regions": ["EE008"],
        "themes": ["employment-and-labour-market-inclusion"],
        "sdgs": [8],
        "target_groups": ["long-term-unemployed", "people-in-rural-areas"],
        "stage": "pilot",
        "start_year": 2021,
        "website": "https://vorumaa-tooklubi.example",
        "funding": {"esf_plus": "95000"},
        "impact": [("Tööle saanud osalejad", "29", "inimest", 2023)],
        "comment": "Pilootprojekt lõppes 2023. aastal; tulemused on üle viidud Võrumaa uude "
        "tööhõiveprogrammi.",
    },
    # --- Netherlands ----------------------------------------------------------------------------
    {
        "organisation": "Social Enterprise NL",
        "workflow": PUBLISHED,
        "days_ago": 270,
        "language": "nl",
        "texts": {
            "nl": (
                "Nieuwe Start – jobcoaching voor statushouders",
                "Statushouders werken vanaf de eerste maand bij een sociale onderneming, leren "
                "Nederlands op de werkvloer en krijgen een jobcoach die hen naar een betaalde "
                "baan begeleidt.",
                "Veel statushouders wachten jaren op een eerste baan, terwijl je een taal het "
                "snelst op de werkvloer leert. Nieuwe Start combineert werkervaring bij "
                "aangesloten sociale ondernemingen met taallessen en persoonlijke "
                "begeleiding.\n\n"
                "Iedere deelnemer heeft een vaste jobcoach en een buddy op de werkvloer. Na zes "
                "tot twaalf maanden volgt een plaatsing bij een reguliere werkgever in de regio.",
            ),
            "en": (
                "New Start – job coaching for refugees with a residence permit",
                "Refugees with a residence permit work at a social enterprise from their first "
                "month, learn Dutch on the job and get a job coach who guides them into paid "
                "work.",
                "Many refugees wait years for a first job, although a language is learned "
                "fastest at work. New Start combines work experience at member social "
                "enterprises with language lessons and personal guidance.\n\n"
                "Every participant has a dedicated job coach and a buddy at work. After six to "
                "twelve months they move on to a regular employer in the region.",
            ),
        },
        "country": "NL",
        "regions": ["NL32B", "NL325"],
        "themes": [
            "migration-and-integration",
            "employment-and-labour-market-inclusion",
            "social-economy-and-social-enterprise",
        ],
        "sdgs": [8, 10],
        "target_groups": ["migrants-and-refugees"],
        "stage": "scaling",
        "start_year": 2019,
        "website": "https://nieuwestart.example",
        "funding": {"esf_plus": "650000", "regional": "150000"},
        "impact": [
            ("Deelnemers", "340", "personen", 2024),
            ("Betaald werk na 18 maanden", "58", "%", 2024),
        ],
        "contact": ("Fatima El Amrani", "info@nieuwestart.example", "+31 20 000 0000", True),
        "replication": {
            "conditions": "Een netwerk van sociale ondernemingen met werkplekken, afspraken met "
            "de gemeente over inburgering en financiering voor jobcoaches.",
            "cost": "50k_250k",
            "materials": "Draaiboek, werkplekcriteria, trainingsmodules voor jobcoaches.",
            "languages": ["nl", "en"],
            "licence": "cc_by",
        },
        "evidence": "evaluated",
    },
    {
        "organisation": BUURTKRACHT,
        "workflow": PUBLISHED,
        "days_ago": 160,
        "language": "nl",
        "texts": {
            "nl": (
                "De Voedselkamer – sociale supermarkt in Rotterdam-Zuid",
                "Een winkel waar huishoudens met een laag inkomen met een spaarpas zelf hun "
                "boodschappen kiezen, aangevuld met budgetcoaching en een kookclub.",
                "Anders dan bij een voedselpakket kiezen klanten in De Voedselkamer zelf wat ze "
                "nodig hebben. Ze betalen met punten die maandelijks op hun pas worden gezet, "
                "afhankelijk van de grootte van het huishouden.\n\n"
                "De winkel werkt samen met supermarkten en telers uit de regio die overschotten "
                "leveren. Vrijwilligers uit de wijk runnen de winkel; budgetcoaches van de "
                "gemeente houden er wekelijks spreekuur.",
            ),
        },
        "country": "NL",
        "regions": ["NL366"],
        "themes": ["social-inclusion-and-poverty", "community-development-and-civic-participation"],
        "sdgs": [1, 2, 12],
        "target_groups": ["children-and-families", "long-term-unemployed"],
        "stage": "established",
        "start_year": 2017,
        "website": "https://voedselkamer.example",
        "funding": {"regional": "70000", "foundation": "30000", "private": None},
        "impact": [
            ("Huishoudens per maand", "420", "huishoudens", 2024),
            ("Geredde voeding", "96", "ton", 2024),
        ],
        "contact": ("Sanne de Vries", "winkel@voedselkamer.example", "", False),
    },
    {
        "organisation": "Kennisland",
        "workflow": PUBLISHED,
        "days_ago": 100,
        "language": "nl",
        "texts": {
            "nl": (
                "Housing First Den Haag",
                "Dakloze mensen met complexe problemen krijgen direct een eigen woning met "
                "huurcontract, zonder voorwaarden vooraf, en intensieve begeleiding zolang als "
                "nodig.",
                "Housing First draait de gebruikelijke trap om: eerst een woning, daarna werken "
                "aan gezondheid, schulden en verslaving. De begeleiding is vrijwillig en "
                "outreachend, met een vast team dat dag en nacht bereikbaar is.\n\n"
                "De woningen komen van drie corporaties en liggen verspreid over de stad. Na "
                "twee jaar woont 85 procent van de deelnemers nog steeds zelfstandig.",
            ),
            "en": (
                "Housing First The Hague",
                "Homeless people with complex problems immediately get their own home with a "
                "tenancy, without preconditions, and intensive support for as long as needed.",
                "Housing First turns the usual staircase around: a home first, then work on "
                "health, debt and addiction. Support is voluntary and outreaching, with a "
                "dedicated team available day and night.\n\n"
                "The homes come from three housing associations and are spread across the city. "
                "After two years, 85 per cent of participants still live independently.",
            ),
            "de": (
                "Housing First Den Haag",
                "Obdachlose Menschen mit komplexen Problemen erhalten sofort eine eigene Wohnung "
                "mit Mietvertrag, ohne Vorbedingungen, und intensive Begleitung, solange sie "
                "nötig ist.",
                "Housing First kehrt den üblichen Stufenweg um: zuerst eine Wohnung, danach die "
                "Arbeit an Gesundheit, Schulden und Sucht.",
            ),
        },
        "country": "NL",
        "regions": ["NL361"],
        "themes": ["housing-and-homelessness", "health-and-care"],
        "sdgs": [1, 3, 11],
        "target_groups": ["people-experiencing-homelessness"],
        "stage": "established",
        "start_year": 2015,
        "website": "https://housingfirst-denhaag.example",
        "funding": {"regional": "2100000", "national": None},
        "impact": [("Zelfstandig wonend na twee jaar", "85", "%", 2024)],
        "contact": ("Team Housing First", "housingfirst@kl.example", "", True),
        "replication": {
            "conditions": "Afspraken met woningcorporaties over een vast aantal woningen per "
            "jaar en een multidisciplinair team met 24-uursbereikbaarheid.",
            "cost": "over_250k",
            "materials": "Handboek Housing First, modelovereenkomst met corporaties, "
            "getrouwheidsschaal voor teams.",
            "languages": ["nl", "en"],
            "licence": "cc_by",
        },
        "evidence": "peer_reviewed",
    },
    {
        "organisation": "Ministry of Social Affairs and Employment",
        "workflow": PUBLISHED,
        "days_ago": 60,
        "language": "nl",
        "texts": {
            "nl": (
                "Resultaatfinanciering: een social impact bond voor jonge werkzoekenden",
                "Private investeerders financieren intensieve begeleiding van jongeren zonder "
                "startkwalificatie; de overheid betaalt alleen terug als meer jongeren "
                "duurzaam aan het werk of naar school gaan.",
                "In deze pilot sloten drie gemeenten, twee investeerders en een uitvoerende "
                "sociale onderneming een contract met vooraf vastgestelde resultaten. Een "
                "onafhankelijke evaluator meet na zes en twaalf maanden hoeveel jongeren werk "
                "of een opleiding hebben.\n\n"
                "De pilot levert kennis op over wanneer resultaatfinanciering wel en niet werkt.",
            ),
            "en": (
                "Paying for results: a social impact bond for young jobseekers",
                "Private investors fund intensive support for young people without basic "
                "qualifications; the government only repays if more young people go into "
                "lasting work or back to school.",
                "In this pilot, three municipalities, two investors and a social enterprise "
                "signed a contract with outcomes agreed in advance. An independent evaluator "
                "measures after six and twelve months how many young people are in work or "
                "education.",
            ),
        },
        "country": "NL",
        "regions": ["NL366", "NL361", "NL362"],
        "themes": ["social-finance", "youth"],
        "sdgs": [8, 17],
        "target_groups": ["young-people-neet"],
        "stage": "pilot",
        "start_year": 2023,
        "website": "https://resultaatfinanciering.example",
        "funding": {"national": "400000", "private": "1500000"},
        "impact": [("Jongeren in begeleiding", "260", "jongeren", 2024)],
        "evidence": "evaluated",
        "partners": (
            ["funder", "public_authority"],
            "Gemeenten en fondsen die een volgende ronde van resultaatfinanciering willen "
            "verkennen.",
        ),
    },
    {
        "organisation": DORPSKRACHT,
        "workflow": PUBLISHED,
        "days_ago": 30,
        "language": "nl",
        "texts": {
            "nl": (
                "Dorpsondersteuners in Drenthe",
                "In kleine dorpen is een dorpsondersteuner het vaste aanspreekpunt voor ouderen "
                "en mantelzorgers en verbindt vrijwillige hulp met de wijkverpleging en de "
                "gemeente.",
                "De dorpsondersteuner is een inwoner van het dorp die enkele uren per week "
                "betaald wordt om vragen op te halen, vrijwilligers te koppelen en signalen door "
                "te geven aan professionals.\n\n"
                "Zo kunnen ouderen langer thuis wonen en voelen mantelzorgers zich minder "
                "alleen. Het model wordt inmiddels in twintig dorpen toegepast.",
            ),
            "en": (
                "Village supporters in Drenthe",
                "In small villages a village supporter is the point of contact for older people "
                "and informal carers, linking voluntary help with district nursing and the "
                "municipality.",
                "The village supporter is a resident who is paid for a few hours a week to "
                "collect questions, match volunteers and pass on concerns to professionals.",
            ),
        },
        "country": "NL",
        "regions": ["NL131", "NL132", "NL133"],
        "themes": [
            "health-and-care",
            "active-ageing",
            "community-development-and-civic-participation",
        ],
        "sdgs": [3, 11],
        "target_groups": ["older-people", "informal-carers", "people-in-rural-areas"],
        "stage": "scaling",
        "start_year": 2018,
        "website": "https://dorpsondersteuners.example",
        "funding": {"regional": "120000", "foundation": None},
        "impact": [("Dorpen met een dorpsondersteuner", "20", "dorpen", 2024)],
        "contact": ("Gerrit Bakker", "info@dorpskracht-drenthe.example", "", True),
        "replication": {
            "conditions": "Een actieve dorpsvereniging, steun van de gemeente en een budget "
            "voor acht tot twaalf betaalde uren per week.",
            "cost": "10k_50k",
            "materials": "Functieprofiel, werkwijzer, voorbeeldafspraken met de gemeente.",
            "languages": ["nl"],
            "licence": "cc_by_sa",
        },
        "evidence": "self_assessed",
    },
    # --- Luxembourg -----------------------------------------------------------------------------
    {
        "organisation": EPICERIE,
        "workflow": PUBLISHED,
        "days_ago": 190,
        "language": "fr",
        "texts": {
            "fr": (
                "Épicerie sociale Minett – des courses dignes à prix réduit",
                "Une épicerie solidaire à Esch-sur-Alzette où les ménages à faible revenu "
                "achètent des produits frais et de base à un tiers du prix, avec des conseils "
                "budgétaires et des ateliers cuisine.",
                "L’accès est accordé pour une durée limitée sur orientation des offices "
                "sociaux. Les clients choisissent eux-mêmes leurs produits, ce qui préserve "
                "leur dignité et leur autonomie.\n\n"
                "L’épicerie récupère les invendus de supermarchés et de producteurs locaux et "
                "emploie des personnes en parcours d’insertion. Des bénévoles animent chaque "
                "semaine un atelier « cuisiner avec peu ».",
            ),
            "de": (
                "Sozialladen Minett – würdevoll einkaufen zu reduzierten Preisen",
                "Ein solidarischer Lebensmittelladen in Esch-sur-Alzette, in dem Haushalte mit "
                "geringem Einkommen frische Lebensmittel und Grundnahrungsmittel zu einem "
                "Drittel des Preises kaufen, mit Budgetberatung und Kochkursen.",
                "Den Zugang vermitteln die Sozialämter für eine begrenzte Zeit. Die Kundinnen "
                "und Kunden wählen ihre Produkte selbst aus – das wahrt ihre Würde und "
                "Selbstständigkeit.",
            ),
            "en": (
                "Minett social grocery – dignified shopping at reduced prices",
                "A social grocery in Esch-sur-Alzette where low-income households buy fresh "
                "produce and basics at a third of the price, with budget advice and cooking "
                "workshops.",
                "Access is granted for a limited period on referral by the social welfare "
                "offices. Customers choose their own products, which preserves their dignity "
                "and independence.\n\n"
                "The grocery collects unsold goods from supermarkets and local producers and "
                "employs people on integration pathways.",
            ),
        },
        "country": "LU",
        "regions": ["LU000"],
        "themes": ["social-inclusion-and-poverty", "social-economy-and-social-enterprise"],
        "sdgs": [1, 2, 12],
        "target_groups": ["children-and-families", "long-term-unemployed"],
        "stage": "established",
        "start_year": 2014,
        "website": "https://epicerie-minett.example",
        "funding": {"national": "180000", "private": None},
        "impact": [
            ("Ménages servis par mois", "310", "ménages", 2024),
            ("Postes d’insertion", "9", "postes", 2024),
        ],
        "contact": ("Sophie Weber", "contact@epicerie-minett.example", "+352 000 001", True),
        "partners": (
            ["private_company"],
            "Des commerces et producteurs prêts à donner leurs invendus régulièrement.",
        ),
    },
    {
        "organisation": "Ministère du Travail",
        "workflow": PUBLISHED,
        "days_ago": 140,
        "language": "fr",
        "texts": {
            "fr": (
                "Tremplin – vers l’emploi pour les bénéficiaires de protection internationale",
                "Un parcours de douze mois qui combine cours de langue, stage en entreprise et "
                "coaching individuel pour aider les réfugiés reconnus à trouver un emploi "
                "durable au Luxembourg.",
                "Le parcours commence par un bilan de compétences et la reconnaissance des "
                "diplômes. Chaque participant est suivi par un coach qui l’accompagne jusqu’à "
                "six mois après l’embauche.\n\n"
                "Les entreprises partenaires proposent des stages et un tutorat. Le projet est "
                "cofinancé par le Fonds social européen plus.",
            ),
            "en": (
                "Tremplin – into work for beneficiaries of international protection",
                "A twelve-month pathway combining language classes, company internships and "
                "individual coaching to help recognised refugees find lasting employment in "
                "Luxembourg.",
                "The pathway starts with a skills assessment and the recognition of diplomas. "
                "Each participant is supported by a coach until six months after hiring.",
            ),
        },
        "country": "LU",
        "regions": ["LU000"],
        "themes": ["migration-and-integration", "employment-and-labour-market-inclusion"],
        "sdgs": [8, 10],
        "target_groups": ["migrants-and-refugees"],
        "stage": "implementation",
        "start_year": 2022,
        "website": "https://tremplin-emploi.example",
        "funding": {"esf_plus": "540000", "national": "360000"},
        "impact": [("Participants en emploi après 12 mois", "47", "%", 2024)],
        "evidence": "evaluated",
    },
    {
        "organisation": "Ministère du Travail",
        "workflow": PUBLISHED,
        "days_ago": 20,
        "language": "fr",
        "texts": {
            "fr": (
                "Clauses sociales dans les marchés publics",
                "Un service d’appui aux communes et aux établissements publics pour intégrer des "
                "clauses d’insertion dans leurs marchés et acheter auprès des entreprises de "
                "l’économie sociale et solidaire.",
                "Les acheteurs publics reçoivent des modèles de clauses, un accompagnement pour "
                "rédiger les cahiers des charges et une liste d’entreprises de l’économie "
                "sociale et solidaire capables de répondre.\n\n"
                "Des marchés d’entretien des espaces verts, de nettoyage et de restauration "
                "collective ont déjà été attribués avec des clauses sociales.",
            ),
            "de": (
                "Soziale Klauseln in öffentlichen Aufträgen",
                "Eine Unterstützung für Gemeinden und öffentliche Einrichtungen, die "
                "Beschäftigungsklauseln in ihre Aufträge aufnehmen und bei Unternehmen der "
                "Sozial- und Solidarwirtschaft einkaufen wollen.",
                "Öffentliche Auftraggeber erhalten Musterklauseln, Begleitung beim Verfassen "
                "der Leistungsbeschreibungen und eine Liste geeigneter Unternehmen der Sozial- "
                "und Solidarwirtschaft.",
            ),
        },
        "country": "LU",
        "regions": ["LU000"],
        "themes": [
            "social-economy-and-social-enterprise",
            "employment-and-labour-market-inclusion",
        ],
        "sdgs": [8, 12],
        "target_groups": ["social-enterprises-and-social-innovators", "long-term-unemployed"],
        "stage": "implementation",
        "start_year": 2023,
        "website": "https://clauses-sociales.example",
        "funding": {"national": None},
        "impact": [("Marchés avec clauses sociales", "12", "marchés", 2024)],
        "replication": {
            "conditions": "Un cadre légal qui autorise les clauses sociales et une personne de "
            "référence pour les acheteurs publics.",
            "cost": "10k_50k",
            "materials": "Modèles de clauses, guide pour les acheteurs, liste de contrôle.",
            "languages": ["fr", "de"],
            "licence": "cc0",
        },
    },
    {
        "organisation": EPICERIE,
        "workflow": SUBMITTED,
        "days_ago": 5,
        "language": "fr",
        "texts": {
            "fr": (
                "Jardin solidaire – maraîchage d’insertion à Esch-sur-Alzette",
                "Des personnes éloignées de l’emploi cultivent des légumes biologiques sur un "
                "terrain communal et les vendent à l’épicerie sociale, tout en se formant au "
                "maraîchage.",
                "Le jardin emploie huit personnes en contrat d’insertion, encadrées par un "
                "maraîcher et une accompagnatrice sociale. La récolte approvisionne l’épicerie "
                "sociale Minett et des cantines scolaires.",
            ),
        },
        "country": "LU",
        "regions": ["LU000"],
        "themes": ["green-and-just-transition", "employment-and-labour-market-inclusion"],
        "sdgs": [2, 8, 15],
        "target_groups": ["long-term-unemployed", "low-skilled-adults"],
        "stage": "pilot",
        "start_year": 2025,
        "website": "https://jardin-solidaire.example",
        "funding": {"esf_plus": "140000", "regional": None},
        "impact": [("Postes d’insertion", "8", "postes", 2025)],
        "contact": ("Sophie Weber", "jardin@epicerie-minett.example", "", True),
    },
]

# Gaps in days between the successive steps of an initiative's history.
STEP_GAPS = [3, 5, 2, 4]
# The possibly-outdated initiative was last confirmed this long ago (15 months).
OUTDATED_CONFIRMATION = timedelta(days=457)


def _users():
    """The demo innovator and the coordinator of each country (from ``ncc_portal.demo``)."""
    from ncc_portal.demo import USERS  # here, because ncc_portal.demo will import this module

    coordinators = {
        country: User.objects.get(email=email)
        for email, _name, role, country, _language, _organisation in USERS
        if role == Role.COORDINATOR
    }
    return User.objects.get(email=INNOVATOR_EMAIL), coordinators


def seed_demo_organisations(innovator):
    for name, country, region, website, descriptions, innovator_is_member in ORGANISATIONS:
        organisation, _created = Organisation.objects.get_or_create(
            slug=slugify(name)[:200],
            defaults={
                "name": name,
                "kind": OrganisationKind.THIRD_SECTOR,
                "country": country,
                "region_id": region,
                "website": website,
                **{f"description_{code}": text for code, text in descriptions.items()},
            },
        )
        if innovator_is_member:
            Membership.objects.get_or_create(organisation=organisation, user=innovator)


def _snapshot(entry, organisation, vocabularies):
    themes, target_groups = vocabularies
    regions = set(
        Region.objects.filter(code__in=entry["regions"], country=entry["country"]).values_list(
            "code", flat=True
        )
    )
    if regions != set(entry["regions"]):
        raise ValueError(f"Unknown regions for {entry['country']}: {entry['regions']}")
    language = entry["language"]
    replication = entry.get("replication")
    partner_kinds, partnership_needs = entry.get("partners", ([], ""))
    contact_name, contact_email, contact_phone, contact_consent = entry.get(
        "contact", ("", "", "", False)
    )
    data = snapshot_of(Initiative(organisation=organisation))
    for code in LANGUAGE_CODES:
        title, summary, description = entry["texts"].get(code, ("", "", ""))
        data.update(
            {
                f"title_{code}": title,
                f"summary_{code}": summary,
                f"description_{code}": sanitise(description),
            }
        )
    # Like the form, the replication and partnership texts exist in the original language only.
    data.update(
        {
            "original_language": language,
            "country": entry["country"],
            "stage": entry["stage"],
            "start_year": entry["start_year"],
            "website": entry["website"],
            "social_links": entry.get("social_links", []),
            "contact_name": contact_name,
            "contact_email": contact_email,
            "contact_phone": contact_phone,
            "contact_consent": contact_consent,
            "open_for_replication": replication is not None,
            f"replication_conditions_{language}": replication["conditions"] if replication else "",
            f"replication_materials_{language}": replication["materials"] if replication else "",
            "replication_cost": replication["cost"] if replication else "",
            "materials_languages": replication["languages"] if replication else [],
            "materials_licence": replication["licence"] if replication else "",
            "evidence": entry.get("evidence", ""),
            "seeking_partners": bool(partner_kinds),
            "partner_kinds": partner_kinds,
            f"partnership_needs_{language}": partnership_needs,
            "regions": sorted(regions),
            "themes": sorted(themes[slug] for slug in entry["themes"]),
            "sdgs": sorted(entry["sdgs"]),
            "target_groups": sorted(target_groups[slug] for slug in entry["target_groups"]),
            "funding": [
                {"kind": kind, "amount": amount} for kind, amount in entry["funding"].items()
            ],
            "impact": [
                {"label": label, "value": value, "unit": unit, "year": year}
                for label, value, unit, year in entry["impact"]
            ],
        }
    )
    return data


def _author(organisation, innovator, coordinator):
    """Who registers it: the demo innovator for their organisations; for the others, which have
    no member in the demo, the national centre registered the initiative it scouted."""
    if organisation.memberships.filter(user=innovator).exists():
        return innovator
    return coordinator


def _run_workflow(entry, initiative, author, coordinator):
    workflow = entry["workflow"]
    if workflow == DRAFT:
        return
    services.submit_initiative(initiative=initiative, actor=author)
    if workflow == SUBMITTED:
        return
    if workflow == CHANGES_REQUESTED:
        services.request_changes(initiative=initiative, actor=coordinator, comment=entry["comment"])
        return
    if workflow == REJECTED:
        services.reject_initiative(
            initiative=initiative, actor=coordinator, reason=entry["comment"]
        )
        return
    services.publish_initiative(initiative=initiative, actor=coordinator)
    if workflow == ARCHIVED:
        services.archive_initiative(
            initiative=initiative, actor=coordinator, comment=entry["comment"]
        )
    elif workflow == PENDING_CHANGE:
        initiative.refresh_from_db()
        data = snapshot_of(initiative)
        title, summary, description = entry["edit"]["en"]
        data.update(title_en=title, summary_en=summary, description_en=sanitise(description))
        label, value, unit, year = entry["edit"]["impact"]
        data["impact"].append({"label": label, "value": value, "unit": unit, "year": year})
        services.update_initiative(initiative=initiative, editor=author, data=data)
        services.submit_initiative(initiative=initiative, actor=author)


def _move_into_the_past(initiative, entry, now):
    """Spread the history over the weeks or months since ``days_ago``. Steps after the first
    publication (edits, archiving) happened in the last days."""
    events = list(initiative.events.order_by("pk"))
    published = next((e for e in events if e.action == Action.PUBLISHED), None)
    when = now - timedelta(days=entry["days_ago"])
    later = [e for e in events if published and e.pk > published.pk]
    for n, event in enumerate(events):
        if event in later:
            event.created_at = now - timedelta(days=2 * (len(later) - later.index(event)))
        else:
            event.created_at = when
            when += timedelta(days=STEP_GAPS[n % len(STEP_GAPS)], hours=n + 1)
    Event.objects.bulk_update(events, ["created_at"])

    # The public text last changed when it was written; later edits wait in a pending change.
    written = [e for e in events if e.action in (Action.CREATED, Action.EDITED) and e not in later]
    fields = {"created_at": events[0].created_at, "updated_at": written[-1].created_at}
    submissions = [e for e in events if e.action == Action.SUBMITTED]
    if submissions:
        fields["submitted_at"] = submissions[-1].created_at
    fields["confirmed_at"] = fields["created_at"]
    if published:
        fields["published_at"] = fields["confirmed_at"] = published.created_at
    if entry["workflow"] == OUTDATED:
        fields["confirmed_at"] = now - OUTDATED_CONFIRMATION
        # The yearly reminder went out three months ago and was not answered.
        fields["freshness_reminder_sent_at"] = fields["confirmed_at"] + timedelta(days=365)
    Initiative.objects.filter(pk=initiative.pk).update(**fields)

    edited = [e for e in later if e.action == Action.EDITED]
    submitted = [e for e in later if e.action == Action.CHANGES_SUBMITTED]
    if edited:
        PendingChange.objects.filter(initiative=initiative).update(
            created_at=edited[0].created_at,
            updated_at=edited[-1].created_at,
            submitted_at=submitted[-1].created_at if submitted else None,
        )


@transaction.atomic
def seed_initiatives():
    """Create the demo initiatives that do not exist yet; returns how many were created.

    Needs the reference data and the demo users and organisations (``ncc_portal.demo``). The
    services queue their notification emails as usual.
    """
    innovator, coordinators = _users()
    seed_demo_organisations(innovator)
    vocabularies = (
        dict(Theme.objects.values_list("slug", "pk")),
        dict(TargetGroup.objects.values_list("slug", "pk")),
    )
    now = timezone.now()
    created = 0
    for entry in INITIATIVES:
        title = entry["texts"][entry["language"]][0]
        if Initiative.objects.filter(slug=slugify(title)[:200]).exists():
            continue
        organisation = Organisation.objects.get(name=entry["organisation"])
        coordinator = coordinators[entry["country"]]
        author = _author(organisation, innovator, coordinator)
        initiative = services.create_initiative(
            author=author, data=_snapshot(entry, organisation, vocabularies)
        )
        _run_workflow(entry, initiative, author, coordinator)
        _move_into_the_past(initiative, entry, now)
        created += 1
    return created
