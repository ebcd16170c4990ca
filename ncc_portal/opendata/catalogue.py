"""The DCAT-AP catalogue of the open data, which national data portals and data.europa.eu
harvest: a ``dcat:Catalog`` with one ``dcat:Dataset`` per API resource, each distributed as
the nightly JSON Lines and CSV files (``dumps``) and through the API (a ``dcat:DataService``).

Titles and descriptions are given in the five languages; the controlled vocabularies are the
EU's authority tables (languages, file types, data themes, frequencies, countries)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from .. import parts
from ..api import LANGUAGES
from ..centres import deployment_centre, portal_name
from ..choices import Country
from ..siteaddress import site_url
from . import dumps

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
AUTHORITY = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
EU_LANGUAGES = {"de": "DEU", "en": "ENG", "et": "EST", "nl": "NLD", "fr": "FRA"}
EU_COUNTRIES = {"DE": "DEU", "EE": "EST", "LU": "LUX", "NL": "NLD"}
SOCIAL_THEME = URIRef(AUTHORITY + "data-theme/SOCI")
DAILY = URIRef(AUTHORITY + "frequency/DAILY")
# Each kind of file: its EU file type and its IANA media type (JSON Lines has none registered).
FORMATS = {
    "jsonl": ("JSON", None, "JSON Lines"),
    "csv": ("CSV", "text/csv", "CSV"),
    "api": ("JSON", "application/json", "API"),
}
PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "vcard": VCARD,
    "spdx": SPDX,
    "adms": ADMS,
    "xsd": XSD,
    "rdfs": RDFS,
}


def _in_every_language(text):
    """``text()`` as one language-tagged literal per portal language."""
    literals = []
    for code in LANGUAGES:
        with translation.override(code):
            literals.append(Literal(str(text()), lang=code))
    return literals


def _add_all(graph, subject, predicate, objects):
    for value in objects:
        graph.add((subject, predicate, value))


def _date(value):
    return Literal(value, datatype=XSD.dateTime) if value else None


def build_catalogue():
    """The catalogue as an rdflib graph, with absolute addresses (``site_url``). Without a
    build yet, the datasets are described with their API distribution only."""
    base = site_url()
    manifest = dumps.read_manifest() or {}
    built = {dataset["name"]: dataset for dataset in dumps.dataset_files(manifest)}
    # The identifiers of the catalogue's parts are on the page in the deployment's language,
    # whichever language the harvester asked in.
    with translation.override(settings.LANGUAGE_CODE):
        page = base + reverse("open-data")
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)

    licence = URIRef(settings.OPEN_DATA_LICENCE["url"])
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((licence, RDFS.label, Literal(settings.OPEN_DATA_LICENCE["name"])))

    publisher = URIRef(base + "/#publisher")
    graph.add((publisher, RDF.type, FOAF.Agent))
    _add_all(graph, publisher, FOAF.name, _in_every_language(portal_name))
    graph.add(
        (publisher, DCTERMS.type, URIRef("http://purl.org/adms/publishertype/NationalAuthority"))
    )
    graph.add((publisher, FOAF.homepage, URIRef(base + "/")))

    # Addresses rather than blank nodes, so that the same catalogue serializes the same (ETag).
    contact = URIRef(base + "/#contact")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(str(portal_name()))))
    graph.add((contact, VCARD.hasURL, URIRef(base + "/")))
    centre = deployment_centre()
    email = settings.OPEN_DATA_CONTACT_EMAIL or (centre.email if centre else "")
    if email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))

    countries = [settings.NCC_COUNTRY] if settings.NCC_COUNTRY else list(Country.values)
    spatial = [URIRef(AUTHORITY + "country/" + EU_COUNTRIES[code]) for code in countries]
    languages = [URIRef(AUTHORITY + "language/" + EU_LANGUAGES[code]) for code in LANGUAGES]
    generated = _date(manifest.get("generated_at"))
    issued = _date(manifest.get("first_generated_at"))

    catalogue = URIRef(page + "#catalogue")
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    _add_all(
        graph,
        catalogue,
        DCTERMS.title,
        _in_every_language(lambda: _("Open data of %(portal)s") % {"portal": portal_name()}),
    )
    _add_all(
        graph,
        catalogue,
        DCTERMS.description,
        _in_every_language(
            lambda: (
                _(
                    "The records published on %(portal)s — social-innovation initiatives, case "
                    "studies, library resources, training offers, partner profiles and the "
                    "vocabularies they use — as files built every night and through a public API."
                )
                % {"portal": portal_name()}
            )
        ),
    )
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, DCTERMS.license, licence))
    graph.add((catalogue, FOAF.homepage, URIRef(page)))
    graph.add((catalogue, DCAT.themeTaxonomy, URIRef(AUTHORITY + "data-theme")))
    _add_all(graph, catalogue, DCTERMS.language, languages)
    _add_all(graph, catalogue, DCTERMS.spatial, spatial)
    if issued:
        graph.add((catalogue, DCTERMS.issued, issued))
    if generated:
        graph.add((catalogue, DCTERMS.modified, generated))

    service = URIRef(base + "/api/v1/")
    graph.add((catalogue, DCAT.service, service))
    graph.add((service, RDF.type, DCAT.DataService))
    _add_all(
        graph,
        service,
        DCTERMS.title,
        _in_every_language(lambda: _("Public API of %(portal)s") % {"portal": portal_name()}),
    )
    graph.add((service, DCAT.endpointURL, service))
    graph.add((service, DCAT.endpointDescription, URIRef(base + "/api/v1/schema/")))
    graph.add((service, DCTERMS.license, licence))
    graph.add((service, DCTERMS.publisher, publisher))

    for resource in parts.api_resources:
        dataset = URIRef(f"{page}#dataset-{resource.name}")
        graph.add((catalogue, DCAT.dataset, dataset))
        graph.add((service, DCAT.servesDataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        title = _in_every_language(lambda resource=resource: dumps.resource_title(resource))
        _add_all(graph, dataset, DCTERMS.title, title)
        _add_all(
            graph,
            dataset,
            DCTERMS.description,
            _in_every_language(
                lambda resource=resource: (
                    _(
                        "Every published record of the kind “%(kind)s” on %(portal)s, with its "
                        "texts in every language, as JSON Lines and CSV files built every night "
                        "and through the public API."
                    )
                    % {"kind": dumps.resource_title(resource), "portal": portal_name()}
                )
            ),
        )
        _add_all(graph, dataset, DCAT.keyword, title)
        _add_all(graph, dataset, DCAT.keyword, _in_every_language(lambda: _("social innovation")))
        graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((dataset, DCAT.contactPoint, contact))
        graph.add((dataset, DCAT.theme, SOCIAL_THEME))
        graph.add((dataset, DCTERMS.accrualPeriodicity, DAILY))
        graph.add((dataset, DCAT.landingPage, URIRef(page)))
        _add_all(graph, dataset, DCTERMS.language, languages)
        _add_all(graph, dataset, DCTERMS.spatial, spatial)
        facts = built.get(resource.name)
        if issued:
            graph.add((dataset, DCTERMS.issued, issued))
        modified = _date(facts and facts.get("data_modified")) or generated
        if modified:
            graph.add((dataset, DCTERMS.modified, modified))

        api = URIRef(f"{page}#{resource.name}-api")
        _distribution(graph, dataset, api, "api", title, licence)
        graph.add((api, DCAT.accessURL, URIRef(f"{base}/api/v1/{resource.prefix}/")))
        graph.add((api, DCAT.accessService, service))
        for kind, download in (facts or {}).get("downloads", {}).items():
            distribution = URIRef(f"{page}#{resource.name}-{kind}")
            _distribution(graph, dataset, distribution, kind, title, licence)
            address = URIRef(dumps.file_url(download["name"]))
            graph.add((distribution, DCAT.accessURL, address))
            graph.add((distribution, DCAT.downloadURL, address))
            graph.add(
                (
                    distribution,
                    DCAT.byteSize,
                    Literal(download["bytes"], datatype=XSD.nonNegativeInteger),
                )
            )
            checksum = URIRef(f"{distribution}-checksum")
            graph.add((distribution, SPDX.checksum, checksum))
            graph.add((checksum, RDF.type, SPDX.Checksum))
            graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            graph.add(
                (checksum, SPDX.checksumValue, Literal(download["sha256"], datatype=XSD.hexBinary))
            )
            graph.add((distribution, DCTERMS.issued, generated))
            graph.add((distribution, DCTERMS.modified, _date(download["modified"])))
    return graph


def _distribution(graph, dataset, distribution, kind, title, licence):
    file_type, media_type, label = FORMATS[kind]
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    for literal in title:
        graph.add(
            (distribution, DCTERMS.title, Literal(f"{literal} ({label})", lang=literal.language))
        )
    graph.add((distribution, DCTERMS.format, URIRef(AUTHORITY + "file-type/" + file_type)))
    if media_type:
        graph.add((distribution, DCAT.mediaType, URIRef(IANA + media_type)))
    graph.add((distribution, DCTERMS.license, licence))


def catalogue_turtle():
    return build_catalogue().serialize(format="turtle")


def catalogue_json_ld():
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return build_catalogue().serialize(format="json-ld", context=context, indent=2)
