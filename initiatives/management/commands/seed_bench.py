"""A large, realistic registry for benchmarks: ``seed_bench --initiatives 10000 [--seed 1]``.

Writes with ``bulk_create`` straight to the tables, not through the services: benchmark data needs
no history or notifications, and ten thousand initiatives must load in seconds. Every initiative is
published, its slug starts with ``bench-``, and the command tops up to the requested number, so
running it again adds only what is missing. The texts are composed from phrase lists in the five
languages, so that stemming and the fallback between languages matter as they would in real use.
"""

import random
import re
import time
from datetime import timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from initiatives.models import (
    CostRange,
    Evidence,
    Funding,
    FundingKind,
    ImpactFigure,
    Initiative,
    Licence,
    Stage,
    Status,
)
from initiatives.search import update_search_index
from initiatives.snapshots import LANGUAGE_CODES
from ncc_portal.models import (
    Organisation,
    OrganisationKind,
    Region,
    SustainableDevelopmentGoal,
    TargetGroup,
    Theme,
)
from ncc_portal.reference import load_reference_data

SLUG_PREFIX = "bench-"
ORGANISATION_COUNT = 500
BATCH_SIZE = 1000

# Share of initiatives per country, the original language there, and how likely each further
# language is to have a translation.
COUNTRIES = {
    "DE": (0.55, "de", {"en": 0.6, "fr": 0.1}),
    "NL": (0.20, "nl", {"en": 0.6, "de": 0.1}),
    "EE": (0.13, "et", {"en": 0.7, "de": 0.1}),
    "LU": (0.12, "fr", {"de": 0.5, "en": 0.6}),
}

# Each topic: themes, target groups and SDGs it belongs to, then per language three title stems
# and three sentences. The lists run parallel: the same position means the same thing in every
# language, so that translations of one initiative say the same.
TOPICS = [
    {
        "themes": ["green-and-just-transition", "community-development-and-civic-participation"],
        "target_groups": ["older-people", "low-skilled-adults"],
        "sdgs": [11, 12, 13],
        "de": (
            ["Reparatur-Café", "Offene Werkstatt", "Werkzeugbibliothek"],
            [
                "Ehrenamtliche reparieren gemeinsam mit den Besucherinnen und Besuchern kaputte "
                "Geräte, Fahrräder und Kleidung.",
                "Statt Dinge wegzuwerfen, lernen die Menschen in der Nachbarschaft, sie selbst zu "
                "reparieren.",
                "Die Treffen stärken den Zusammenhalt in den Nachbarschaften und vermeiden Abfall.",
            ],
        ),
        "en": (
            ["Repair café", "Open workshop", "Library of things"],
            [
                "Volunteers repair broken appliances, bicycles and clothes together with visitors.",
                "Instead of throwing things away, people in the neighbourhood learn to repair "
                "them themselves.",
                "The meetings strengthen cohesion in the neighbourhoods and reduce waste.",
            ],
        ),
        "nl": (
            ["Repair café", "Open werkplaats", "Spullenbibliotheek"],
            [
                "Vrijwilligers repareren samen met bezoekers kapotte apparaten, fietsen en "
                "kleding.",
                "In plaats van spullen weg te gooien, leren buurtbewoners ze zelf te repareren.",
                "De bijeenkomsten versterken de samenhang in de buurten en besparen afval.",
            ],
        ),
        "fr": (
            ["Repair café", "Atelier de réparation ouvert", "Bibliothèque d’objets"],
            [
                "Des bénévoles réparent avec les visiteurs des appareils, des vélos et des "
                "vêtements abîmés.",
                "Au lieu de jeter les objets, les habitants du quartier apprennent à les réparer "
                "eux-mêmes.",
                "Les rencontres renforcent la cohésion dans les quartiers et réduisent les "
                "déchets.",
            ],
        ),
        "et": (
            ["Parandustöökoda", "Avatud töökoda", "Asjade raamatukogu"],
            [
                "Vabatahtlikud parandavad koos külastajatega katkiseid seadmeid, jalgrattaid ja "
                "riideid.",
                "Asjade äraviskamise asemel õpivad naabruskonna elanikud neid ise parandama.",
                "Kohtumised tugevdavad kogukonna sidusust ja vähendavad jäätmeid.",
            ],
        ),
    },
    {
        "themes": ["migration-and-integration", "employment-and-labour-market-inclusion"],
        "target_groups": ["migrants-and-refugees", "women"],
        "sdgs": [8, 10],
        "de": (
            [
                "Jobcoaching für Geflüchtete",
                "Ankommen in Arbeit",
                "Sprach- und Arbeitspatenschaften",
            ],
            [
                "Geflüchtete Menschen werden von einem Jobcoach bis in eine feste Beschäftigung "
                "begleitet.",
                "Sprachkurse finden direkt im Betrieb statt, damit die Teilnehmenden schneller "
                "Deutsch lernen.",
                "Arbeitgeber erhalten Beratung zu Aufenthaltsrecht, Anerkennung von Abschlüssen "
                "und Förderung.",
            ],
        ),
        "en": (
            ["Job coaching for refugees", "Arriving in work", "Language and work mentoring"],
            [
                "Refugees are accompanied by a job coach until they find stable employment.",
                "Language courses take place at the workplace so that participants learn the "
                "language faster.",
                "Employers receive advice on residence law, recognition of qualifications and "
                "subsidies.",
            ],
        ),
        "nl": (
            ["Jobcoaching voor statushouders", "Aan het werk", "Taal- en werkmaatjes"],
            [
                "Statushouders worden door een jobcoach begeleid tot ze een vaste baan hebben.",
                "Taallessen vinden plaats op de werkvloer, zodat deelnemers sneller Nederlands "
                "leren.",
                "Werkgevers krijgen advies over verblijfsrecht, erkenning van diploma’s en "
                "subsidies.",
            ],
        ),
        "fr": (
            [
                "Coaching emploi pour réfugiés",
                "Tremplin vers l’emploi",
                "Parrainage linguistique et professionnel",
            ],
            [
                "Les personnes réfugiées sont accompagnées par un coach jusqu’à un emploi stable.",
                "Les cours de langue ont lieu sur le lieu de travail pour que les participants "
                "progressent plus vite.",
                "Les employeurs sont conseillés sur le droit de séjour, la reconnaissance des "
                "diplômes et les aides.",
            ],
        ),
        "et": (
            ["Töönõustamine pagulastele", "Teekond tööle", "Keele- ja töömentorlus"],
            [
                "Pagulasi toetab töönõustaja, kuni nad leiavad püsiva töökoha.",
                "Keeleõpe toimub töökohal, et osalejad õpiksid keelt kiiremini.",
                "Tööandjad saavad nõu elamisloa, diplomite tunnustamise ja toetuste kohta.",
            ],
        ),
    },
    {
        "themes": ["digital-inclusion", "active-ageing"],
        "target_groups": ["older-people"],
        "sdgs": [4, 10],
        "de": (
            [
                "Digitalsprechstunde für Seniorinnen und Senioren",
                "Digital dabei",
                "Smartphone-Treff für Ältere",
            ],
            [
                "Ältere Menschen lernen, Smartphones, Videotelefonie und Online-Dienste sicher "
                "zu nutzen.",
                "Jugendliche und Ehrenamtliche erklären geduldig, wie man Termine bucht und "
                "betrügerische Nachrichten erkennt.",
                "Die Kurse finden in Bibliotheken, Stadtteilzentren und Seniorentreffs statt.",
            ],
        ),
        "en": (
            [
                "Digital help desk for older people",
                "Digitally included",
                "Smartphone club for seniors",
            ],
            [
                "Older people learn to use smartphones, video calls and online services safely.",
                "Young people and volunteers patiently explain how to book appointments and spot "
                "fraudulent messages.",
                "The courses take place in libraries, community centres and senior clubs.",
            ],
        ),
        "nl": (
            ["Digitaal spreekuur voor ouderen", "Digitaal meedoen", "Smartphonecafé voor senioren"],
            [
                "Ouderen leren smartphones, videobellen en online diensten veilig te gebruiken.",
                "Jongeren en vrijwilligers leggen geduldig uit hoe je afspraken maakt en "
                "oplichting herkent.",
                "De cursussen vinden plaats in bibliotheken, buurthuizen en ontmoetingscentra.",
            ],
        ),
        "fr": (
            [
                "Permanence numérique pour seniors",
                "Inclusion numérique",
                "Café smartphone pour aînés",
            ],
            [
                "Les personnes âgées apprennent à utiliser en toute sécurité les smartphones, les "
                "appels vidéo et les services en ligne.",
                "Des jeunes et des bénévoles expliquent patiemment comment prendre rendez-vous et "
                "repérer les messages frauduleux.",
                "Les cours ont lieu dans des bibliothèques, des maisons de quartier et des clubs "
                "seniors.",
            ],
        ),
        "et": (
            ["Digiabi eakatele", "Digitark", "Nutitelefoni klubi vanemaealistele"],
            [
                "Eakad õpivad turvaliselt kasutama nutitelefoni, videokõnesid ja e-teenuseid.",
                "Noored ja vabatahtlikud selgitavad kannatlikult, kuidas aegu broneerida ja "
                "petusõnumeid ära tunda.",
                "Kursused toimuvad raamatukogudes, kogukonnamajades ja päevakeskustes.",
            ],
        ),
    },
    {
        "themes": ["social-inclusion-and-poverty", "social-economy-and-social-enterprise"],
        "target_groups": ["children-and-families", "long-term-unemployed"],
        "sdgs": [1, 2, 12],
        "de": (
            ["Sozialkaufhaus", "Sozialer Lebensmittelladen", "Tafelladen mit Budgetberatung"],
            [
                "Haushalte mit geringem Einkommen kaufen Lebensmittel und Waren des täglichen "
                "Bedarfs zu stark reduzierten Preisen.",
                "Gerettete Lebensmittel aus Supermärkten und von regionalen Erzeugern werden "
                "sinnvoll weitergegeben.",
                "Langzeitarbeitslose finden im Laden eine Beschäftigung und qualifizieren sich für "
                "den Einzelhandel.",
            ],
        ),
        "en": (
            [
                "Social department store",
                "Social supermarket",
                "Community grocery with budget advice",
            ],
            [
                "Low-income households buy food and everyday goods at greatly reduced prices.",
                "Surplus food from supermarkets and regional producers is put to good use.",
                "Long-term unemployed people find work in the shop and train for retail jobs.",
            ],
        ),
        "nl": (
            ["Kringloopwarenhuis", "Sociale supermarkt", "Buurtwinkel met budgetcoaching"],
            [
                "Huishoudens met een laag inkomen kopen voedsel en dagelijkse producten tegen "
                "sterk verlaagde prijzen.",
                "Voedseloverschotten van supermarkten en regionale telers krijgen een goede "
                "bestemming.",
                "Langdurig werklozen vinden werk in de winkel en scholen zich voor de "
                "detailhandel.",
            ],
        ),
        "fr": (
            ["Magasin solidaire", "Épicerie sociale", "Épicerie solidaire avec conseil budgétaire"],
            [
                "Les ménages à faible revenu achètent de la nourriture et des produits du "
                "quotidien à prix très réduits.",
                "Les invendus des supermarchés et des producteurs régionaux trouvent une utilité.",
                "Des chômeurs de longue durée travaillent au magasin et se forment aux métiers de "
                "la vente.",
            ],
        ),
        "et": (
            ["Sotsiaalne kauplus", "Kogukonnapood", "Toidupood ja eelarvenõustamine"],
            [
                "Väikese sissetulekuga pered ostavad toitu ja esmatarbekaupu tunduvalt soodsama "
                "hinnaga.",
                "Poodide ja kohalike tootjate toidu ülejäägid leiavad kasutust.",
                "Pikaajalised töötud leiavad poes tööd ja õpivad müügitööd.",
            ],
        ),
    },
    {
        "themes": ["housing-and-homelessness", "health-and-care"],
        "target_groups": ["people-experiencing-homelessness"],
        "sdgs": [1, 3, 11],
        "de": (
            ["Housing First", "Wohnen zuerst", "Eigene Wohnung statt Notunterkunft"],
            [
                "Obdachlose Menschen erhalten ohne Vorbedingungen eine eigene Wohnung mit "
                "Mietvertrag.",
                "Sozialarbeiterinnen und Sozialarbeiter begleiten freiwillig bei Gesundheit, "
                "Schulden und Sucht.",
                "Wohnungsbaugesellschaften und private Vermieter stellen die Wohnungen zur "
                "Verfügung.",
            ],
        ),
        "en": (
            ["Housing First", "Home first", "A home of one’s own instead of a shelter"],
            [
                "Homeless people receive their own flat with a tenancy agreement without "
                "preconditions.",
                "Social workers offer voluntary support on health, debt and addiction.",
                "Housing companies and private landlords provide the flats.",
            ],
        ),
        "nl": (
            ["Housing First", "Eerst een thuis", "Eigen woning in plaats van nachtopvang"],
            [
                "Dakloze mensen krijgen zonder voorwaarden een eigen woning met huurcontract.",
                "Maatschappelijk werkers bieden vrijwillige begeleiding bij gezondheid, schulden "
                "en verslaving.",
                "Woningcorporaties en particuliere verhuurders stellen de woningen beschikbaar.",
            ],
        ),
        "fr": (
            ["Logement d’abord", "Un chez-soi d’abord", "Un logement plutôt qu’un foyer d’urgence"],
            [
                "Les personnes sans abri obtiennent sans condition préalable un logement avec un "
                "bail.",
                "Des travailleurs sociaux les accompagnent librement pour la santé, les dettes et "
                "les addictions.",
                "Des bailleurs sociaux et privés mettent les logements à disposition.",
            ],
        ),
        "et": (
            ["Eluase eelkõige", "Kodu esmalt", "Oma kodu varjupaiga asemel"],
            [
                "Kodutud inimesed saavad ilma eeltingimusteta oma korteri ja üürilepingu.",
                "Sotsiaaltöötajad toetavad vabatahtlikkuse alusel tervise, võlgade ja sõltuvuse "
                "küsimustes.",
                "Korterid tulevad munitsipaalfondist ja erasektori üürileandjatelt.",
            ],
        ),
    },
    {
        "themes": ["youth", "education-and-skills"],
        "target_groups": ["young-people-neet"],
        "sdgs": [4, 8],
        "de": (
            ["Mentoring für Jugendliche", "Zukunftspaten", "Ausbildungslotsen"],
            [
                "Berufstätige begleiten Jugendliche ohne Ausbildungsplatz ein Jahr lang als "
                "Mentorinnen und Mentoren.",
                "Die Jugendlichen erhalten Unterstützung bei Bewerbungen, Praktika und den ersten "
                "Wochen im Betrieb.",
                "Schulen und Jugendberufsagenturen vermitteln die Jugendlichen an das Programm.",
            ],
        ),
        "en": (
            ["Mentoring for young people", "Future mentors", "Apprenticeship guides"],
            [
                "Working professionals mentor young people without an apprenticeship for a year.",
                "The young people get support with applications, internships and their first "
                "weeks at work.",
                "Schools and youth employment agencies refer young people to the programme.",
            ],
        ),
        "nl": (
            ["Mentoring voor jongeren", "Toekomstcoaches", "Loopbaanmaatjes"],
            [
                "Werkende professionals begeleiden een jaar lang jongeren zonder opleiding of werk "
                "als mentor.",
                "De jongeren krijgen steun bij sollicitaties, stages en hun eerste weken op het "
                "werk.",
                "Scholen en jongerenloketten verwijzen jongeren door naar het programma.",
            ],
        ),
        "fr": (
            ["Mentorat pour les jeunes", "Parrains d’avenir", "Guides vers l’apprentissage"],
            [
                "Des professionnels accompagnent pendant un an des jeunes sans emploi ni "
                "formation.",
                "Les jeunes sont soutenus pour leurs candidatures, leurs stages et leurs premières "
                "semaines en entreprise.",
                "Les écoles et les services jeunesse orientent les jeunes vers le programme.",
            ],
        ),
        "et": (
            ["Mentorlus noortele", "Tugev algus", "Karjäärisõbrad"],
            [
                "Töötavad inimesed on aasta jooksul mentoriks noortele, kes ei õpi ega tööta.",
                "Noored saavad tuge kandideerimisel, praktikal ja esimestel töönädalatel.",
                "Koolid ja noorte tugikeskused suunavad noored programmi.",
            ],
        ),
    },
    {
        "themes": [
            "health-and-care",
            "active-ageing",
            "community-development-and-civic-participation",
        ],
        "target_groups": ["older-people", "informal-carers", "people-in-rural-areas"],
        "sdgs": [3, 11],
        "de": (
            [
                "Dorfgemeinschaft pflegt",
                "Nachbarschaftshilfe auf dem Land",
                "Dorfkümmerinnen für ältere Menschen",
            ],
            [
                "In kleinen Dörfern organisieren Ehrenamtliche Nachbarschaftshilfe für ältere "
                "Menschen und pflegende Angehörige.",
                "Eine Dorfkümmerin vermittelt Einkaufs- und Fahrdienste und entlastet die "
                "Familien.",
                "Pflegedienst, Gemeinde und Nachbarschaft stimmen sich eng miteinander ab.",
            ],
        ),
        "en": (
            [
                "Village community care",
                "Neighbourly help in rural areas",
                "Village carers for older people",
            ],
            [
                "In small villages volunteers organise neighbourly help for older people and "
                "family carers.",
                "A village coordinator arranges shopping and transport services and relieves "
                "families.",
                "Care services, the municipality and neighbours coordinate closely.",
            ],
        ),
        "nl": (
            ["Het dorp zorgt", "Burenhulp op het platteland", "Dorpsondersteuners voor ouderen"],
            [
                "In kleine dorpen organiseren vrijwilligers burenhulp voor ouderen en "
                "mantelzorgers.",
                "Een dorpsondersteuner regelt boodschappen en vervoer en ontlast families.",
                "Thuiszorg, gemeente en buren stemmen nauw met elkaar af.",
            ],
        ),
        "fr": (
            [
                "Le village prend soin",
                "Entraide de voisinage en milieu rural",
                "Référents de village pour les aînés",
            ],
            [
                "Dans les petits villages, des bénévoles organisent l’entraide pour les personnes "
                "âgées et les aidants.",
                "Une coordinatrice de village organise les courses et les transports et soulage "
                "les familles.",
                "Les services de soins, la commune et les voisins se coordonnent étroitement.",
            ],
        ),
        "et": (
            ["Küla hoolib", "Naabriabi maapiirkonnas", "Külakoordinaatorid eakatele"],
            [
                "Väikestes külades korraldavad vabatahtlikud naabriabi eakatele ja "
                "omastehooldajatele.",
                "Külakoordinaator korraldab poeskäigud ja transpordi ning toetab peresid.",
                "Hooldusteenus, vald ja naabrid teevad tihedat koostööd.",
            ],
        ),
    },
    {
        "themes": [
            "social-economy-and-social-enterprise",
            "employment-and-labour-market-inclusion",
        ],
        "target_groups": ["social-enterprises-and-social-innovators", "persons-with-disabilities"],
        "sdgs": [8, 12, 16],
        "de": (
            ["Sozial einkaufen", "Soziale Beschaffung", "Aufträge für Sozialunternehmen"],
            [
                "Kommunen berücksichtigen bei Reinigung, Catering und Grünpflege soziale "
                "Kriterien.",
                "Vergabestellen erhalten Mustertexte, Schulungen und eine Liste geeigneter "
                "Sozialunternehmen.",
                "So entstehen Arbeitsplätze für Menschen mit Behinderungen und "
                "Langzeitarbeitslose.",
            ],
        ),
        "en": (
            ["Buying social", "Social procurement", "Contracts for social enterprises"],
            [
                "Municipalities apply social criteria to cleaning, catering and grounds "
                "maintenance.",
                "Procurement offices receive model texts, training and a list of suitable social "
                "enterprises.",
                "This creates jobs for people with disabilities and the long-term unemployed.",
            ],
        ),
        "nl": (
            [
                "Sociaal inkopen",
                "Social return bij aanbestedingen",
                "Opdrachten voor sociale ondernemingen",
            ],
            [
                "Gemeenten hanteren sociale criteria bij schoonmaak, catering en groenonderhoud.",
                "Inkopers krijgen modelteksten, trainingen en een lijst van geschikte sociale "
                "ondernemingen.",
                "Zo ontstaan banen voor mensen met een beperking en langdurig werklozen.",
            ],
        ),
        "fr": (
            ["Achats responsables", "Clauses sociales", "Marchés pour l’économie sociale"],
            [
                "Les communes appliquent des critères sociaux au nettoyage, à la restauration et "
                "à l’entretien des espaces verts.",
                "Les acheteurs publics reçoivent des modèles de clauses, des formations et une "
                "liste d’entreprises sociales.",
                "Cela crée des emplois pour les personnes handicapées et les chômeurs de longue "
                "durée.",
            ],
        ),
        "et": (
            ["Sotsiaalne hange", "Vastutustundlik hange", "Tellimused sotsiaalsetele ettevõtetele"],
            [
                "Omavalitsused arvestavad koristus-, toitlustus- ja haljastushangetes sotsiaalseid "
                "kriteeriume.",
                "Hankijad saavad näidistekste, koolitusi ja nimekirja sobivatest sotsiaalsetest "
                "ettevõtetest.",
                "Nii tekib töökohti puudega inimestele ja pikaajalistele töötutele.",
            ],
        ),
    },
    {
        "themes": ["social-finance", "employment-and-labour-market-inclusion"],
        "target_groups": ["young-people-neet", "social-enterprises-and-social-innovators"],
        "sdgs": [8, 17],
        "de": (
            ["Social Impact Bond", "Wirkungsorientierte Finanzierung", "Sozialer Wirkungskredit"],
            [
                "Private Investoren finanzieren eine neue soziale Maßnahme und tragen das Risiko.",
                "Die öffentliche Hand zahlt nur zurück, wenn unabhängig gemessene Wirkungsziele "
                "erreicht werden.",
                "Das Modell ermöglicht Prävention, die sich sonst kein Haushalt leisten würde.",
            ],
        ),
        "en": (
            ["Social impact bond", "Outcome-based funding", "Social outcomes loan"],
            [
                "Private investors fund a new social programme and carry the risk.",
                "The public sector only repays if independently measured outcomes are achieved.",
                "The model enables prevention that no budget would otherwise afford.",
            ],
        ),
        "nl": (
            ["Social impact bond", "Resultaatfinanciering", "Maatschappelijke impactlening"],
            [
                "Private investeerders financieren een nieuwe sociale aanpak en dragen het risico.",
                "De overheid betaalt alleen terug als onafhankelijk gemeten resultaten worden "
                "gehaald.",
                "Het model maakt preventie mogelijk waarvoor anders geen budget is.",
            ],
        ),
        "fr": (
            [
                "Contrat à impact social",
                "Financement axé sur les résultats",
                "Prêt à impact social",
            ],
            [
                "Des investisseurs privés financent un nouveau programme social et en portent le "
                "risque.",
                "Les pouvoirs publics ne remboursent que si des résultats mesurés de façon "
                "indépendante sont atteints.",
                "Le modèle rend possible une prévention qu’aucun budget ne financerait autrement.",
            ],
        ),
        "et": (
            ["Sotsiaalse mõju võlakiri", "Tulemuspõhine rahastamine", "Mõjulaen"],
            [
                "Erainvestorid rahastavad uut sotsiaalprogrammi ja kannavad riski.",
                "Avalik sektor maksab tagasi ainult siis, kui sõltumatult mõõdetud tulemused "
                "saavutatakse.",
                "Mudel võimaldab ennetustööd, milleks muidu eelarves raha ei jaguks.",
            ],
        ),
    },
    {
        "themes": ["gender-equality", "employment-and-labour-market-inclusion"],
        "target_groups": ["women", "children-and-families"],
        "sdgs": [5, 8],
        "de": (
            [
                "Berufseinstieg für Mütter",
                "Teilzeitausbildung für Alleinerziehende",
                "Frauen in Arbeit",
            ],
            [
                "Alleinerziehende Mütter absolvieren eine Ausbildung in Teilzeit mit verlässlicher "
                "Kinderbetreuung.",
                "Eine Lotsin hilft bei Anträgen, Betreuungsplätzen und Gesprächen mit Betrieben.",
                "Arbeitgeberinnen und Arbeitgeber gewinnen motivierte Fachkräfte.",
            ],
        ),
        "en": (
            [
                "Back to work for mothers",
                "Part-time apprenticeships for single parents",
                "Women into work",
            ],
            [
                "Single mothers complete vocational training part-time with reliable childcare.",
                "A guide helps with applications, childcare places and talks with employers.",
                "Employers gain motivated skilled workers.",
            ],
        ),
        "nl": (
            [
                "Aan de slag voor moeders",
                "Deeltijdopleiding voor alleenstaande ouders",
                "Vrouwen aan het werk",
            ],
            [
                "Alleenstaande moeders volgen een opleiding in deeltijd met betrouwbare "
                "kinderopvang.",
                "Een begeleider helpt bij aanvragen, opvangplekken en gesprekken met werkgevers.",
                "Werkgevers krijgen gemotiveerde vakkrachten.",
            ],
        ),
        "fr": (
            [
                "Retour à l’emploi pour les mères",
                "Apprentissage à temps partiel pour parents seuls",
                "Femmes et emploi",
            ],
            [
                "Des mères seules suivent une formation à temps partiel avec une garde d’enfants "
                "fiable.",
                "Une accompagnatrice aide pour les démarches, les places en crèche et les "
                "entretiens avec les employeurs.",
                "Les employeurs gagnent des professionnelles motivées.",
            ],
        ),
        "et": (
            ["Emad tööle", "Osalise ajaga õpe üksikvanematele", "Naised tööturule"],
            [
                "Üksikemad omandavad osalise ajaga kutse ja saavad usaldusväärse lapsehoiu.",
                "Tugiisik aitab taotluste, lasteaiakohtade ja tööandjatega suhtlemisel.",
                "Tööandjad saavad motiveeritud töötajaid.",
            ],
        ),
    },
]

# Sentences any initiative may add, with its place, start year and a head count.
GENERAL_SENTENCES = {
    "de": [
        "Das Projekt begann {year} in {place} und wird von Ehrenamtlichen und Fachkräften "
        "gemeinsam getragen.",
        "Bisher haben mehr als {count} Menschen von dem Angebot profitiert.",
        "Stadtverwaltung, Wohlfahrtsverbände und örtliche Unternehmen arbeiten eng zusammen.",
        "Eine wissenschaftliche Begleitung untersucht, welche Wirkung das Angebot in {place} hat.",
        "Wir teilen unsere Erfahrungen gern mit Initiativen, die Ähnliches aufbauen möchten.",
        "Die Teilnahme ist kostenlos und steht allen Interessierten offen.",
    ],
    "en": [
        "The project started in {year} in {place} and is run jointly by volunteers and "
        "professionals.",
        "So far more than {count} people have benefited from the service.",
        "The city administration, welfare organisations and local businesses work closely "
        "together.",
        "An evaluation examines what impact the service has in {place}.",
        "We are happy to share our experience with initiatives that want to build something "
        "similar.",
        "Taking part is free of charge and open to everyone.",
    ],
    "nl": [
        "Het project begon in {year} in {place} en wordt samen gedragen door vrijwilligers en "
        "professionals.",
        "Tot nu toe hebben meer dan {count} mensen van het aanbod gebruikgemaakt.",
        "De gemeente, welzijnsorganisaties en lokale ondernemers werken nauw samen.",
        "Een evaluatie onderzoekt welk effect het aanbod in {place} heeft.",
        "We delen onze ervaringen graag met initiatieven die iets vergelijkbaars willen opzetten.",
        "Deelname is gratis en staat open voor iedereen.",
    ],
    "fr": [
        "Le projet a démarré en {year} à {place} et il est porté ensemble par des bénévoles et "
        "des professionnels.",
        "Jusqu’à présent, plus de {count} personnes ont bénéficié de l’offre.",
        "L’administration communale, les associations et les entreprises locales travaillent en "
        "étroite collaboration.",
        "Une évaluation examine l’impact de l’offre à {place}.",
        "Nous partageons volontiers notre expérience avec les initiatives qui souhaitent lancer "
        "un projet similaire.",
        "La participation est gratuite et ouverte à tous.",
    ],
    "et": [
        "Projekt algas {year}. aastal piirkonnas {place} ning seda viivad ühiselt ellu "
        "vabatahtlikud ja spetsialistid.",
        "Seni on teenusest kasu saanud üle {count} inimese.",
        "Omavalitsus, vabaühendused ja kohalikud ettevõtted teevad tihedat koostööd.",
        "Hindamine uurib, millist mõju teenus piirkonnas {place} avaldab.",
        "Jagame hea meelega oma kogemusi algatustega, kes soovivad midagi sarnast luua.",
        "Osalemine on tasuta ja kõigile avatud.",
    ],
}

TITLE_PATTERNS = {
    "de": "{stem} in {place}",
    "en": "{stem} in {place}",
    "nl": "{stem} in {place}",
    "fr": "{stem} à {place}",
    "et": "{stem} – {place}",
}

# (label per language, unit per language, typical range)
IMPACT_FIGURES = [
    (
        {
            "de": "Erreichte Personen",
            "en": "People reached",
            "nl": "Bereikte mensen",
            "fr": "Personnes touchées",
            "et": "Osalejad",
        },
        {"de": "Personen", "en": "people", "nl": "personen", "fr": "personnes", "et": "inimest"},
        (40, 5000),
    ),
    (
        {
            "de": "Aktive Ehrenamtliche",
            "en": "Active volunteers",
            "nl": "Actieve vrijwilligers",
            "fr": "Bénévoles actifs",
            "et": "Aktiivsed vabatahtlikud",
        },
        {"de": "Personen", "en": "people", "nl": "personen", "fr": "personnes", "et": "inimest"},
        (5, 300),
    ),
    (
        {
            "de": "In Arbeit oder Ausbildung vermittelt",
            "en": "Placed in work or training",
            "nl": "Aan het werk of in opleiding",
            "fr": "Personnes en emploi ou en formation",
            "et": "Tööle või õppima asunud",
        },
        {"de": "%", "en": "%", "nl": "%", "fr": "%", "et": "%"},
        (15, 85),
    ),
    (
        {
            "de": "Beteiligte Kommunen",
            "en": "Municipalities involved",
            "nl": "Betrokken gemeenten",
            "fr": "Communes partenaires",
            "et": "Osalevad omavalitsused",
        },
        {"de": "Kommunen", "en": "municipalities", "nl": "gemeenten", "fr": "communes", "et": ""},
        (1, 40),
    ),
]

FUNDING_WEIGHTS = {
    FundingKind.ESF_PLUS: 0.35,
    FundingKind.EASI: 0.08,
    FundingKind.OTHER_EU: 0.1,
    FundingKind.NATIONAL: 0.3,
    FundingKind.REGIONAL: 0.35,
    FundingKind.FOUNDATION: 0.3,
    FundingKind.PRIVATE: 0.2,
}
ORGANISATION_KINDS = [
    OrganisationKind.THIRD_SECTOR,
    OrganisationKind.THIRD_SECTOR,
    OrganisationKind.THIRD_SECTOR,
    OrganisationKind.INTERMEDIARY,
    OrganisationKind.PUBLIC_AUTHORITY,
    OrganisationKind.PRIVATE_COMPANY,
    OrganisationKind.ACADEMIA,
]


def _place(region):
    # "Gelsenkirchen, Kreisfreie Stadt" reads as "Gelsenkirchen" in running text.
    return region.name.split(",")[0].strip()


def _bench_number(slug):
    match = re.match(rf"{SLUG_PREFIX}(\d+)-", slug)
    return int(match.group(1)) if match else 0


class Command(BaseCommand):
    help = (
        "Top up the published bench initiatives (slug prefix 'bench-') to --initiatives, with "
        "about 500 bench organisations; for benchmarks, not for the demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, initiatives, seed, **options):
        started = time.monotonic()
        load_reference_data()
        existing = Initiative.objects.filter(slug__startswith=SLUG_PREFIX)
        missing = initiatives - existing.count()
        if missing <= 0:
            self.stdout.write(f"{existing.count()} bench initiatives exist; nothing to add.")
            return
        first = max((_bench_number(s) for s in existing.values_list("slug", flat=True)), default=0)
        rng = random.Random(f"{seed}-{first}")
        with transaction.atomic():
            organisations = self._organisations(rng)
            pks = self._initiatives(rng, missing, first + 1, organisations)
            self.stdout.write(
                f"Created {len(pks)} initiatives in {time.monotonic() - started:.1f} s; "
                "building search vectors …"
            )
            for start in range(0, len(pks), BATCH_SIZE * 2):
                update_search_index(
                    Initiative.objects.filter(pk__in=pks[start : start + BATCH_SIZE * 2])
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"{existing.count()} bench initiatives in {time.monotonic() - started:.1f} s."
            )
        )

    def _regions(self):
        regions = {}
        for region in Region.objects.filter(level=3, country__in=COUNTRIES).order_by("code"):
            regions.setdefault(region.country, []).append(region)
        return regions

    def _organisations(self, rng):
        regions = self._regions()
        have = set(
            Organisation.objects.filter(slug__startswith="bench-org-").values_list(
                "slug", flat=True
            )
        )
        countries = list(COUNTRIES)
        weights = [share for share, _language, _more in COUNTRIES.values()]
        new = []
        for n in range(1, ORGANISATION_COUNT + 1):
            country = rng.choices(countries, weights)[0]
            if f"bench-org-{n}" not in have:
                new.append(
                    Organisation(
                        name=f"Bench org {n}",
                        slug=f"bench-org-{n}",
                        kind=rng.choice(ORGANISATION_KINDS),
                        country=country,
                        region=rng.choice(regions[country]),
                    )
                )
        Organisation.objects.bulk_create(new)
        by_country = {}
        for organisation in Organisation.objects.filter(slug__startswith="bench-org-"):
            by_country.setdefault(organisation.country, []).append(organisation.pk)
        return by_country

    def _initiatives(self, rng, count, first_number, organisations):
        regions = self._regions()
        self.neighbours = {}
        for region in sum(regions.values(), []):
            self.neighbours.setdefault(region.parent_id, []).append(region)
        themes = dict(Theme.objects.values_list("slug", "pk"))
        target_groups = dict(TargetGroup.objects.values_list("slug", "pk"))
        sdgs = list(SustainableDevelopmentGoal.objects.values_list("pk", flat=True))
        countries = list(COUNTRIES)
        weights = [share for share, _language, _more in COUNTRIES.values()]
        now = timezone.now()
        pks = []
        for batch_start in range(0, count, BATCH_SIZE):
            rows, relations = [], []
            for n in range(batch_start, min(count, batch_start + BATCH_SIZE)):
                country = rng.choices(countries, weights)[0]
                initiative, facts = self._initiative(
                    rng, first_number + n, country, regions[country], now
                )
                initiative.organisation_id = rng.choice(
                    organisations.get(country) or sum(organisations.values(), [])
                )
                facts["themes"] = [themes[slug] for slug in facts["themes"]]
                facts["target_groups"] = [target_groups[slug] for slug in facts["target_groups"]]
                facts["sdgs"] = sorted(
                    set(facts["sdgs"]) | set(rng.sample(sdgs, rng.randint(0, 2)))
                )
                rows.append(initiative)
                relations.append(facts)
            Initiative.objects.bulk_create(rows)
            self._relations(rng, rows, relations)
            pks.extend(row.pk for row in rows)
            self.stdout.write(f"  {len(pks)} / {count}")
        return pks

    def _initiative(self, rng, number, country, country_regions, now):
        _share, language, more = COUNTRIES[country]
        languages = [language] + [code for code, p in more.items() if rng.random() < p]
        topic = rng.choice(TOPICS)
        # One to three neighbouring NUTS-3 regions (of the same NUTS-2 region).
        first_region = rng.choice(country_regions)
        neighbours = self.neighbours[first_region.parent_id]
        chosen_regions = [first_region] + rng.sample(
            [r for r in neighbours if r != first_region],
            min(len(neighbours) - 1, rng.choice([0, 0, 1, 2])),
        )
        place = _place(chosen_regions[0])
        start_year = rng.randint(2010, 2025)
        stem = rng.randrange(3)
        summary_sentences = sorted(rng.sample(range(3), 2))
        topic_order = rng.sample(range(3), 3)
        general = rng.sample(range(len(GENERAL_SENTENCES["de"])), rng.randint(2, 4))
        head_count = rng.randint(3, 200) * 10

        texts = {}
        for code in LANGUAGE_CODES:
            if code not in languages:
                texts[code] = ("", "", "")
                continue
            stems, sentences = topic[code]
            fill = {"place": place, "year": start_year, "count": head_count}
            title = TITLE_PATTERNS[code].format(stem=stems[stem], place=place)
            summary = " ".join(sentences[i] for i in summary_sentences)
            description = (
                "<p>"
                + " ".join(sentences[i] for i in topic_order)
                + "</p>\n<p>"
                + " ".join(GENERAL_SENTENCES[code][i].format(**fill) for i in general)
                + "</p>"
            )
            texts[code] = (title, summary, description)

        published_at = now - timedelta(days=rng.randint(1, 3 * 365), minutes=rng.randint(0, 1440))
        confirmed_at = published_at + (now - published_at) * rng.random()
        open_for_replication = rng.random() < 0.35
        seeking_partners = rng.random() < 0.3
        initiative = Initiative(
            # The untranslated columns mirror the original language; all language columns are
            # given, so that modeltranslation does not route ``title`` to the active language.
            title=texts[language][0],
            summary=texts[language][1],
            description=texts[language][2],
            **{f"title_{code}": texts[code][0] for code in LANGUAGE_CODES},
            **{f"summary_{code}": texts[code][1] for code in LANGUAGE_CODES},
            **{f"description_{code}": texts[code][2] for code in LANGUAGE_CODES},
            original_language=language,
            slug=f"{SLUG_PREFIX}{number}-{slugify(texts[language][0])[:80]}",
            country=country,
            stage=rng.choice(Stage.values),
            start_year=start_year,
            website=f"https://initiative-{number}.example",
            open_for_replication=open_for_replication,
            replication_cost=rng.choice(CostRange.values) if open_for_replication else "",
            materials_languages=sorted(set(rng.sample(languages, 1) + [language]))
            if open_for_replication
            else [],
            materials_licence=rng.choice(Licence.values) if open_for_replication else "",
            evidence=rng.choice(["", "", *Evidence.values]),
            seeking_partners=seeking_partners,
            partner_kinds=rng.sample(OrganisationKind.values, rng.randint(1, 2))
            if seeking_partners
            else [],
            status=Status.PUBLISHED,
            created_at=published_at - timedelta(days=rng.randint(2, 30)),
            updated_at=published_at,
            submitted_at=published_at - timedelta(days=rng.randint(1, 10)),
            published_at=published_at,
            confirmed_at=confirmed_at,
        )
        extra_themes = rng.sample(list(topic["themes"]), rng.randint(1, len(topic["themes"])))
        facts = {
            "regions": [r.code for r in chosen_regions],
            "themes": extra_themes,
            "target_groups": rng.sample(
                topic["target_groups"], rng.randint(1, len(topic["target_groups"]))
            ),
            "sdgs": rng.sample(topic["sdgs"], rng.randint(1, len(topic["sdgs"]))),
        }
        return initiative, facts

    def _relations(self, rng, rows, relations):
        links = {"regions": [], "themes": [], "sdgs": [], "target_groups": []}
        funding, impact = [], []
        for initiative, facts in zip(rows, relations, strict=True):
            for name in links:
                links[name].extend((initiative.pk, pk) for pk in facts[name])
            for kind, p in FUNDING_WEIGHTS.items():
                if rng.random() < p:
                    amount = Decimal(rng.randint(1, 400) * 2500) if rng.random() < 0.7 else None
                    funding.append(Funding(initiative_id=initiative.pk, kind=kind, amount=amount))
            language = initiative.original_language
            for position, (labels, units, (low, high)) in enumerate(
                rng.sample(IMPACT_FIGURES, rng.randint(1, 3))
            ):
                impact.append(
                    ImpactFigure(
                        initiative_id=initiative.pk,
                        label=labels[language],
                        value=Decimal(rng.randint(low, high)),
                        unit=units[language],
                        year=rng.randint(max(initiative.start_year, 2018), 2025),
                        position=position,
                    )
                )
        for name, pairs in links.items():
            field = Initiative._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_column_name(), field.m2m_reverse_name()
            through.objects.bulk_create(
                [through(**{source: a, target: b}) for a, b in pairs], batch_size=5000
            )
        Funding.objects.bulk_create(funding, batch_size=5000)
        ImpactFigure.objects.bulk_create(impact, batch_size=5000)
