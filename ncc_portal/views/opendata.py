"""The "Open data" page, the downloads of the nightly dumps and the DCAT-AP catalogue."""

import hashlib
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from .. import parts
from ..opendata import catalogue, dumps
from ..siteaddress import site_url
from ..storage import file_download


@require_safe
def open_data(request):
    manifest = dumps.read_manifest()
    titles = {resource.name: dumps.resource_title(resource) for resource in parts.api_resources}
    datasets = [
        {**dataset, "title": titles.get(dataset["name"], dataset["title"])}
        for dataset in dumps.dataset_files(manifest or {})
    ]
    example = next(iter(parts.api_resources), None)
    return render(
        request,
        "ncc_portal/open_data.html",
        {
            "manifest": manifest,
            "generated_at": manifest and datetime.fromisoformat(manifest["generated_at"]),
            "datasets": datasets,
            "readme": manifest and manifest["files"].get(dumps.README),
            "licence": dumps.licence(),
            "attribution": dumps.attribution(),
            "api_url": site_url() + "/api/v1/",
            "example_prefix": example.prefix if example else "",
        },
    )


@require_safe
def open_data_file(request, name):
    """One file of the current build, by its name in the manifest (nothing else is served)."""
    folder = dumps.current_build()
    if folder is None:
        raise Http404
    manifest = dumps.read_manifest(folder)  # of this build, should another replace it now
    if name == dumps.MANIFEST:
        path = folder / name
        content = path.read_bytes()
        facts = {"sha256": hashlib.sha256(content).hexdigest(), "media_type": "application/json"}
    elif name in manifest["files"]:
        path = folder / name
        facts = manifest["files"][name]
    else:
        raise Http404
    etag = quote_etag(facts["sha256"][:32])
    modified = path.stat().st_mtime
    unchanged = get_conditional_response(request, etag=etag, last_modified=int(modified))
    if unchanged is not None:
        return unchanged
    response = _send(path, name, facts["media_type"])
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _send(path, name, content_type):
    """Through the web server in front when the files are in MEDIA_ROOT (``file_download``),
    else from Python."""
    media = Path(settings.MEDIA_ROOT).resolve()
    if path.is_relative_to(media):
        storage = storages["default"]
        stored = FieldFile(None, FileField(storage=storage), str(path.relative_to(media)))
        return file_download(stored, filename=name, content_type=content_type)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )


def _catalogue_response(request, content, content_type):
    etag = quote_etag(hashlib.sha256(content.encode()).hexdigest()[:32])
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        return unchanged
    response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def catalogue_turtle(request):
    return _catalogue_response(request, catalogue.catalogue_turtle(), "text/turtle; charset=utf-8")


@require_safe
def catalogue_json_ld(request):
    return _catalogue_response(request, catalogue.catalogue_json_ld(), "application/ld+json")
