"""Demo data: the four national centres, the alliance partners and one user per role.

Everything here is idempotent (looked up by a natural key) so ``seed_demo`` can run on every start.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from . import parts
from .models import Membership, NationalCentre, Organisation, PublicSectorRequest, Role, User
from .services import assign_role

DEMO_PASSWORD = "demo-portal-2026"
# Base32 secret of the demo coordinators' and administrator's authenticator app. Add it to any
# TOTP app, or run `python manage.py demo_totp` to print the current code.
DEMO_TOTP_SECRET = "NCCPORTALDEMOTOTPSECRETXXXXXXXXX"

CENTRES = [
    {
        "country": "DE",
        "languages": ["de", "en"],
        "name": {
            "de": "Nationales Kompetenzzentrum Soziale Innovation Deutschland",
            "en": "National Competence Centre for Social Innovation Germany",
            "et": "Saksamaa sotsiaalse innovatsiooni riiklik kompetentsikeskus",
            "nl": "Nationaal Competentiecentrum voor Sociale Innovatie Duitsland",
            "fr": "Centre national de compétences pour l’innovation sociale – Allemagne",
        },
        "description": {
            "de": "Unterstützt, vernetzt und verbreitet wirksame soziale Innovationen in Deutschland.",
            "en": "Supports, connects and spreads effective social innovation in Germany.",
        },
        "address": "Demo-Adresse\nMusterstraße 1\n10115 Berlin\nDeutschland",
        "email": "kontakt@ncc-de.example",
        "phone": "+49 30 000000",
        "website": "https://ncc-de.example",
        "responsible_person": "Dr. Anna Beispiel",
    },
    {
        "country": "EE",
        "languages": ["et", "en"],
        "name": {
            "de": "Nationales Kompetenzzentrum Soziale Innovation Estland",
            "en": "National Competence Centre for Social Innovation Estonia",
            "et": "Sotsiaalse innovatsiooni riiklik kompetentsikeskus Eesti",
            "nl": "Nationaal Competentiecentrum voor Sociale Innovatie Estland",
            "fr": "Centre national de compétences pour l’innovation sociale – Estonie",
        },
        "description": {
            "et": "Toetab, ühendab ja levitab mõjusat sotsiaalset innovatsiooni Eestis.",
            "en": "Supports, connects and spreads effective social innovation in Estonia.",
        },
        "address": "Näidisaadress\nNäidistänav 1\n10111 Tallinn\nEesti",
        "email": "info@ncc-ee.example",
        "phone": "+372 600 0000",
        "website": "https://ncc-ee.example",
        "responsible_person": "Mari Näidis",
    },
    {
        "country": "LU",
        "languages": ["fr", "de", "en"],
        "name": {
            "de": "Nationales Kompetenzzentrum Soziale Innovation Luxemburg",
            "en": "National Competence Centre for Social Innovation Luxembourg",
            "et": "Luksemburgi sotsiaalse innovatsiooni riiklik kompetentsikeskus",
            "nl": "Nationaal Competentiecentrum voor Sociale Innovatie Luxemburg",
            "fr": "Centre national de compétences pour l’innovation sociale – Luxembourg",
        },
        "description": {
            "fr": "Soutient, relie et diffuse l’innovation sociale efficace au Luxembourg.",
            "en": "Supports, connects and spreads effective social innovation in Luxembourg.",
        },
        "address": "Adresse de démonstration\n1, rue Exemple\nL-1111 Luxembourg",
        "email": "contact@ncc-lu.example",
        "phone": "+352 000 000",
        "website": "https://ncc-lu.example",
        "responsible_person": "Claire Exemple",
    },
    {
        "country": "NL",
        "languages": ["nl", "en"],
        "name": {
            "de": "Nationales Kompetenzzentrum Soziale Innovation Niederlande",
            "en": "National Competence Centre for Social Innovation Netherlands",
            "et": "Madalmaade sotsiaalse innovatsiooni riiklik kompetentsikeskus",
            "nl": "Nationaal Competentiecentrum voor Sociale Innovatie Nederland",
            "fr": "Centre national de compétences pour l’innovation sociale – Pays-Bas",
        },
        "description": {
            "nl": "Ondersteunt, verbindt en verspreidt effectieve sociale innovatie in Nederland.",
            "en": "Supports, connects and spreads effective social innovation in the Netherlands.",
        },
        "address": "Demo-adres\nVoorbeeldstraat 1\n3511 AA Utrecht\nNederland",
        "email": "info@ncc-nl.example",
        "phone": "+31 30 000 0000",
        "website": "https://ncc-nl.example",
        "responsible_person": "Jan Voorbeeld",
    },
]

# (name, kind, country, NUTS region, website, descriptions by language)
PARTNERS = [
    (
        "Social Impact",
        "intermediary",
        "DE",
        "DE300",
        "https://socialimpact.eu",
        {
            "de": "Agentur für soziale Innovationen: begleitet Gründerinnen und Gründer von der Idee bis zur Skalierung.",
            "en": "Agency for social innovation that supports founders from the first idea to scaling.",
        },
    ),
    (
        "Finanzierungsagentur Social Entrepreneurship (FASE)",
        "funder",
        "DE",
        "DE212",
        "https://fa-se.de",
        {
            "de": "Vermittelt Wirkungskapital und hybride Finanzierungen für Sozialunternehmen.",
            "en": "Brokers impact capital and hybrid finance for social enterprises.",
        },
    ),
    (
        "Social Entrepreneurship Netzwerk Deutschland (SEND)",
        "intermediary",
        "DE",
        "DE300",
        "https://www.send-ev.de",
        {
            "de": "Das Netzwerk der Sozialunternehmen in Deutschland und ihre Stimme in der Politik.",
            "en": "The network of social enterprises in Germany and their voice in policy.",
        },
    ),
    (
        "Wider Sense",
        "funder",
        "DE",
        "DE300",
        "https://widersense.org",
        {
            "de": "Stiftung und Intermediär, der soziale Innovationen mit Wissen, Netzwerk und Kapital stärkt.",
            "en": "Foundation and intermediary that strengthens social innovation with knowledge, networks and capital.",
        },
    ),
    (
        "Westfälische Hochschule Gelsenkirchen – Institut Arbeit und Technik (IAT)",
        "academia",
        "DE",
        "DEA32",
        "https://www.iat.eu",
        {
            "de": "Forschungsinstitut für Innovation in Arbeit, Gesundheit und Regionalentwicklung.",
            "en": "Research institute on innovation in work, health and regional development.",
        },
    ),
    (
        "Universität Heidelberg – Centre for Social Investment (CSI)",
        "academia",
        "DE",
        "DE125",
        "https://www.csi.uni-heidelberg.de",
        {
            "de": "Forschung zu sozialen Investitionen, Philanthropie und sozialer Innovation.",
            "en": "Research on social investment, philanthropy and social innovation.",
        },
    ),
    (
        "Diakonisches Werk Schleswig-Holstein",
        "third_sector",
        "DE",
        "DEF0B",
        "https://www.diakonie-sh.de",
        {"de": "Wohlfahrtsverband mit Angeboten in Pflege, Beratung, Teilhabe und Arbeit."},
    ),
    (
        "Sotsiaalsete Ettevõtete Võrgustik – Estonian Social Enterprise Network",
        "intermediary",
        "EE",
        "EE001",
        "https://sev.ee",
        {
            "et": "Eesti sotsiaalsete ettevõtete katusorganisatsioon ja eestkõneleja.",
            "en": "Umbrella organisation and advocate of Estonian social enterprises.",
        },
    ),
    (
        "Kodanikuühiskonna Sihtkapital – National Foundation of Civil Society",
        "funder",
        "EE",
        "EE001",
        "https://www.kysk.ee",
        {
            "et": "Riiklik sihtasutus, mis toetab kodanikuühiskonna organisatsioonide arengut.",
            "en": "Public foundation supporting the development of civil-society organisations.",
        },
    ),
    (
        "Tallinn University",
        "academia",
        "EE",
        "EE001",
        "https://www.tlu.ee",
        {
            "et": "Tallinna Ülikool uurib ühiskonda, haridust ja sotsiaalset innovatsiooni.",
            "en": "Tallinn University researches society, education and social innovation.",
        },
    ),
    (
        "Heateo SA",
        "funder",
        "EE",
        "EE001",
        "https://heateo.ee",
        {
            "et": "Sotsiaalse mõju sihtasutus, mis arendab ühiskondlikke algatusi ja sotsiaalset ettevõtlust."
        },
    ),
    (
        "Sihtasutus Võrumaa Arenduskeskus",
        "public_authority",
        "EE",
        "EE008",
        "https://www.vorumaa.ee",
        {
            "et": "Võrumaa regionaalne arenduskeskus: nõustab ettevõtjaid ja kogukondi.",
            "en": "Regional development agency of Võru County advising entrepreneurs and communities.",
        },
    ),
    (
        "Tartu Ülikool",
        "academia",
        "EE",
        "EE008",
        "https://ut.ee",
        {
            "et": "Eesti rahvusülikool, mille teadlased uurivad heaolu ja sotsiaalpoliitikat.",
            "en": "Estonia's national university, with research on welfare and social policy.",
        },
    ),
    (
        "Ministère du Travail",
        "ministry",
        "LU",
        "LU000",
        "https://mt.gouvernement.lu",
        {
            "fr": "Ministère chargé du travail, de l’emploi et de l’économie sociale et solidaire.",
            "de": "Ministerium für Arbeit, Beschäftigung und Sozial- und Solidarwirtschaft.",
        },
    ),
    (
        "Social Enterprise NL",
        "intermediary",
        "NL",
        "NL32B",
        "https://www.social-enterprise.nl",
        {
            "nl": "Netwerk dat sociale ondernemers in Nederland verbindt en versterkt.",
            "en": "Network connecting and strengthening social entrepreneurs in the Netherlands.",
        },
    ),
    (
        "Kennisland",
        "intermediary",
        "NL",
        "NL32B",
        "https://www.kl.nl",
        {"nl": "Denktank die met overheid en samenleving werkt aan maatschappelijke vernieuwing."},
    ),
    (
        "Universiteit Utrecht",
        "academia",
        "NL",
        "NL350",
        "https://www.uu.nl",
        {
            "nl": "Onderzoekt maatschappelijke vraagstukken, waaronder sociale innovatie en werk.",
            "en": "Researches societal challenges, including social innovation and work.",
        },
    ),
    (
        "Ministry of Social Affairs and Employment",
        "ministry",
        "NL",
        "NL361",
        "https://www.rijksoverheid.nl/ministeries/ministerie-van-sociale-zaken-en-werkgelegenheid",
        {
            "nl": "Het Ministerie van Sociale Zaken en Werkgelegenheid, verantwoordelijk voor het ESF+ in Nederland.",
            "en": "The Dutch ministry responsible for social affairs, employment and the ESF+.",
        },
    ),
    (
        "ESF+-Verwaltungsbehörde des Bundes (Demo)",
        "managing_authority",
        "DE",
        "DEA22",
        "",
        {
            "de": "Demo-Eintrag einer ESF+-Verwaltungsbehörde, für Anfragen von Ministerien.",
            "en": "Demo entry of an ESF+ managing authority, for requests from ministries.",
        },
    ),
    (
        "Nachbarschaftswerk Ruhr (Demo)",
        "third_sector",
        "DE",
        "DEA32",
        "",
        {
            "de": "Gemeinnütziger Verein, der Nachbarschaftshilfe und lokale Beschäftigung verbindet.",
            "en": "Non-profit association linking neighbourhood help and local employment.",
        },
    ),
]

USERS = [
    # (email, name, role, centre country, language, organisation)
    ("admin@ncc-demo.example", "Alex Admin", Role.ADMINISTRATOR, None, "en", None),
    ("coordinator.de@ncc-demo.example", "Katrin Koordinatorin", Role.COORDINATOR, "DE", "de", None),
    ("coordinator.ee@ncc-demo.example", "Kadri Koordinaator", Role.COORDINATOR, "EE", "et", None),
    ("coordinator.nl@ncc-demo.example", "Koen Coördinator", Role.COORDINATOR, "NL", "nl", None),
    ("coordinator.lu@ncc-demo.example", "Claude Coordinateur", Role.COORDINATOR, "LU", "fr", None),
    (
        "ministry@ncc-demo.example",
        "Maria Ministerium",
        Role.PUBLIC_SECTOR,
        None,
        "de",
        "ESF+-Verwaltungsbehörde des Bundes (Demo)",
    ),
    ("researcher@ncc-demo.example", "Rita Forscherin", Role.RESEARCHER, None, "de", None),
    (
        "innovator@ncc-demo.example",
        "Ines Innovatorin",
        Role.INNOVATOR,
        None,
        "de",
        "Nachbarschaftswerk Ruhr (Demo)",
    ),
]


def _translated(field, values):
    return {f"{field}_{code}": text for code, text in values.items()}


def seed_centres():
    for data in CENTRES:
        NationalCentre.objects.update_or_create(
            country=data["country"],
            defaults={
                "languages": data["languages"],
                "address": data["address"],
                "email": data["email"],
                "phone": data["phone"],
                "website": data["website"],
                "responsible_person": data["responsible_person"],
                **_translated("name", data["name"]),
                **_translated("description", data["description"]),
            },
        )


def seed_organisations():
    from django.utils.text import slugify

    for name, kind, country, region, website, descriptions in PARTNERS:
        Organisation.objects.update_or_create(
            slug=slugify(name)[:200],
            defaults={
                "name": name,
                "kind": kind,
                "country": country,
                "region_id": region,
                "website": website,
                **_translated("description", descriptions),
            },
        )


def seed_users():
    users = {}
    for email, name, role, country, language, organisation in USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"name": name, "language": language}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        centre = NationalCentre.objects.get(country=country) if country else None
        if user.role != role or user.centre != centre:
            assign_role(user=user, role=role, centre=centre)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if (
            user.must_use_mfa
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
        if organisation:
            Membership.objects.get_or_create(
                user=user, organisation=Organisation.objects.get(name=organisation)
            )
        users[email] = user
    return users


def seed_role_requests():
    requester, _created = User.objects.get_or_create(
        email="new.ministry@ncc-demo.example",
        defaults={"name": "Nora Nieuw", "language": "nl"},
    )
    if _created:
        requester.set_password(DEMO_PASSWORD)
        requester.save()
    EmailAddress.objects.update_or_create(
        user=requester, email=requester.email, defaults={"verified": True, "primary": True}
    )
    if not requester.public_sector_requests.exists():
        PublicSectorRequest.objects.create(
            user=requester,
            organisation=Organisation.objects.get(name="Ministry of Social Affairs and Employment"),
            position="Directie Arbeidsmarkt en Sociaal-Economische Aangelegenheden",
            statement="Ik werk aan de ESF+-programmering en wil de interne notities kunnen lezen.",
        )


@transaction.atomic
def seed_demo():
    """Run every demo step (``parts.demo_steps``) in order: the core's reference data, centres,
    organisations and users, then the apps' content."""
    for step in parts.demo_steps:
        step.seed()
