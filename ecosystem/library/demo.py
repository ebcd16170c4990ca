"""Demo resource library: realistic resources across types, countries and languages, some with
small real PDFs (rendered with WeasyPrint) so that the full-text search has something to find,
and the three toolkit collections, read from ``data/demo/library.yaml``.

``seed_library`` is idempotent: resources are looked up by slug, collections are updated.
"""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.html import escape

from ncc_portal.datafiles import load_yaml
from ncc_portal.models import Organisation, Theme, User

from ..models import Audience, Collection, Resource
from . import services
from .reference import load_audiences

DATA = Path(__file__).resolve().parent / "data" / "demo" / "library.yaml"


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
    for file in entry["files"]:
        pdf = _pdf(file["language"], file["heading"], file["paragraphs"])
        upload = SimpleUploadedFile(file["name"], pdf, "application/pdf")
        services.add_file(resource=resource, language=file["language"], upload=upload, user=editor)
    services.publish_resource(resource=resource, actor=editor)
    return resource


@transaction.atomic
def seed_library():
    """The demo library: returns the number of resources created by this run."""
    load_audiences()
    content = load_yaml(DATA)
    editor = User.objects.filter(email=content["editor"]).first()
    existing = set(Resource.objects.values_list("slug", flat=True))
    created = 0
    for entry in content["resources"]:
        if entry["slug"] not in existing:
            _seed_resource(entry, editor)
            created += 1
    for entry in content["collections"]:
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
