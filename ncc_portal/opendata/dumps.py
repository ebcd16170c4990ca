"""The nightly open-data dumps: every resource of the public API as JSON Lines and CSV.

A dump of a resource is exactly what the API publishes: its viewset gives the published rows
and its serializer the fields, so the API's privacy rules (no contact details without consent,
no online links or addresses of closed events, …) hold for the files too. Each row is what
``/api/v1/<prefix>/<key>/?translations=all`` answers in the deployment's language: the texts
with the pages' fallback and every language's text besides, so one file serves all five.

A build writes into a new folder under ``OPEN_DATA_ROOT`` (``builds/<time>``) and then points
the link ``current`` at it with one rename: readers see the previous build or the new one,
never a half-written one, and a failed build leaves the previous one in place.
"""

import csv
import hashlib
import json
import os
import shutil
import tempfile
import time
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from rest_framework.request import Request
from rest_framework.utils.encoders import JSONEncoder

from .. import parts
from ..api import LANGUAGES
from ..centres import portal_name
from ..siteaddress import site_url
from ..spreadsheets import safe_row

CHUNK_SIZE = 500
MANIFEST = "manifest.json"
README = "README.txt"
LICENCE = "LICENSE.txt"
CURRENT = "current"
BUILDS = "builds"
# Media types the files are served with (JSON Lines has no registered type: this is the one
# jsonlines.org proposes).
MEDIA_TYPES = {
    ".jsonl": "application/jsonl; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
# Lists of plain values (codes, slugs) become one CSV cell, joined with this.
LIST_SEPARATOR = "; "


def open_data_root():
    """Where the dumps live: ``OPEN_DATA_ROOT``, or ``open-data/`` in MEDIA_ROOT (a folder the
    web and the worker share)."""
    return Path(settings.OPEN_DATA_ROOT or Path(settings.MEDIA_ROOT) / "open-data")


def current_build():
    """The folder of the last complete build, or None when none was built yet."""
    link = open_data_root() / CURRENT
    if not (link / MANIFEST).is_file():
        return None
    return link.resolve()


def read_manifest(folder=None):
    """The manifest (see ``build_open_data``) of ``folder`` or of the last build, or None."""
    folder = folder or current_build()
    if folder is None:
        return None
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def licence():
    return dict(settings.OPEN_DATA_LICENCE)


def attribution():
    """The line re-users are asked to credit the data with."""
    return settings.OPEN_DATA_ATTRIBUTION or f"{portal_name()}, {site_url()}/"


def resource_model(resource):
    return resource.viewset.serializer_class.Meta.model


def resource_title(resource):
    """The dataset's title in the active language: its model's plural name."""
    return capfirst(resource_model(resource)._meta.verbose_name_plural)


def file_url(name):
    return site_url() + reverse("open-data-file", args=[name])


class Columns:
    """The CSV columns of a dump, learnt from its rows: the API's fields in their order, and a
    column for each key of an object (``organisation_name``, ``languages_title``)."""

    def __init__(self):
        self.keys: dict[str, dict | None] = {}

    def learn(self, row):
        for key, value in row.items():
            subkeys = self.keys.setdefault(key, None)
            if isinstance(value, dict):
                self.keys[key] = {**(subkeys or {}), **dict.fromkeys(value)}

    def header(self):
        names = []
        for key, subkeys in self.keys.items():
            names += [f"{key}_{sub}" for sub in subkeys] if subkeys else [key]
        return names

    def cells(self, row):
        cells = []
        for key, subkeys in self.keys.items():
            value = row.get(key)
            if subkeys:
                value = value if isinstance(value, dict) else {}
                cells += [_cell(value.get(sub)) for sub in subkeys]
            else:
                cells.append(_cell(value))
        return safe_row(cells)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(not isinstance(item, dict | list) for item in value):
        return LIST_SEPARATOR.join(str(_cell(item)) for item in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _dump_request():
    """The request the serializers are given: no client, every language's texts asked for."""
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict("translations=all")
    return Request(request)


def _view(resource):
    """The resource's viewset as it answers for a single row (``retrieve``): its queryset then
    holds every published row, not just the list's default selection (training: upcoming)."""
    view = resource.viewset()
    view.request = _dump_request()
    view.action = "retrieve"
    view.format_kwarg = None
    view.args = ()
    view.kwargs = {}
    return view


def _rows(view):
    """Pairs of a row and its serialized data, read in chunks (the viewset's prefetching runs
    once per chunk)."""
    queryset = view.get_queryset().order_by("pk")
    serializer_class = view.get_serializer_class()
    context = view.get_serializer_context()
    rows = queryset.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        yield from zip(chunk, serializer_class(chunk, many=True, context=context).data, strict=True)


def _write_dump(resource, folder):
    """Writes ``<name>.jsonl`` and ``<name>.csv``; returns the number of rows, the latest time
    a row changed (or None) and the CSV's columns."""
    view = _view(resource)
    columns = Columns()
    jsonl = folder / f"{resource.name}.jsonl"
    count = 0
    latest = None
    with jsonl.open("w", encoding="utf-8", newline="\n") as out:
        for row, data in _rows(view):
            columns.learn(data)
            out.write(json.dumps(data, cls=JSONEncoder, ensure_ascii=False) + "\n")
            count += 1
            changed = getattr(row, view.modified_field) if view.modified_field else None
            if changed and (latest is None or changed > latest):
                latest = changed
    # The CSV is made from the JSON Lines file, so both hold the same data.
    with (
        jsonl.open(encoding="utf-8") as lines,
        (folder / f"{resource.name}.csv").open("w", encoding="utf-8", newline="") as out,
    ):
        out.write("\ufeff")  # so that spreadsheet programs read UTF-8
        writer = csv.writer(out)
        writer.writerow(columns.header())
        for line in lines:
            writer.writerow(columns.cells(json.loads(line)))
    return count, latest, columns.header()


def _file_facts(path, rows=None):
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 16), b""):
            digest.update(block)
    stat = path.stat()
    return {
        "rows": rows,
        "bytes": stat.st_size,
        "sha256": digest.hexdigest(),
        "modified": datetime.fromtimestamp(stat.st_mtime, tz=UTC).isoformat(),
        "media_type": MEDIA_TYPES[path.suffix],
    }


def build_open_data(*, resources=None):
    """Dumps every API resource (``parts.api_resources``, or ``resources``) into a new build
    folder with a README, the licence and ``manifest.json`` (per file: rows, bytes, sha256,
    modified), then makes it the current build and deletes older ones (the previous build
    stays for downloads under way). Returns the manifest. On an error nothing changes for
    readers and the partial folder is removed."""
    resources = list(parts.api_resources if resources is None else resources)
    root = open_data_root()
    builds = root / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    generated = timezone.now()
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=builds))
    try:
        with translation.override(settings.LANGUAGE_CODE):
            manifest = _write_build(partial, resources, generated)
        partial.chmod(0o755)  # mkdtemp's folder is private; the web server reads this one
        folder = builds / generated.strftime("%Y%m%dT%H%M%S%fZ")
        os.rename(partial, folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _make_current(root, folder)
    _delete_old_builds(builds, keep={folder.name, *_previous(builds, folder)})
    return manifest


def _write_build(folder, resources, generated):
    datasets = []
    files = {}
    for resource in resources:
        rows, latest, header = _write_dump(resource, folder)
        names = {"jsonl": f"{resource.name}.jsonl", "csv": f"{resource.name}.csv"}
        for name in names.values():
            files[name] = _file_facts(folder / name, rows)
        datasets.append(
            {
                "name": resource.name,
                "title": str(resource_title(resource)),
                "api": f"{site_url()}/api/v1/{resource.prefix}/",
                "rows": rows,
                "data_modified": latest.isoformat() if latest else None,
                "columns": header,
                "files": names,
            }
        )
    previous = read_manifest() or {}
    manifest = {
        "generated_at": generated.isoformat(),
        "first_generated_at": previous.get("first_generated_at", generated.isoformat()),
        "language": settings.LANGUAGE_CODE,
        "languages": LANGUAGES,
        "licence": licence(),
        "attribution": attribution(),
        "publisher": str(portal_name()),
        "site_url": site_url(),
        "datasets": datasets,
    }
    context = {
        **manifest,
        "datasets": [
            {**dataset, "urls": {kind: file_url(name) for kind, name in dataset["files"].items()}}
            for dataset in datasets
        ],
        "api_url": f"{site_url()}/api/v1/",
        "list_separator": LIST_SEPARATOR.strip(),
    }
    for name, template in [(README, "readme"), (LICENCE, "licence")]:
        text = render_to_string(f"ncc_portal/open_data/{template}.txt", context)
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        files[name] = _file_facts(folder / name)
    manifest["files"] = files
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def _make_current(root, folder):
    """Points ``current`` at ``folder`` in one step (a new link renamed over the old)."""
    link = root / CURRENT
    staged = root / f".{CURRENT}-{folder.name}"
    staged.unlink(missing_ok=True)
    staged.symlink_to(Path(BUILDS) / folder.name, target_is_directory=True)
    os.replace(staged, link)


def _previous(builds, folder):
    finished = sorted(p.name for p in builds.iterdir() if not p.name.startswith("."))
    older = [name for name in finished if name < folder.name]
    return older[-1:]


def _delete_old_builds(builds, *, keep):
    """Deletes the builds not kept, and partial folders a dead process left a day ago."""
    for path in builds.iterdir():
        if path.name.startswith("."):
            if time.time() - path.stat().st_mtime < 24 * 60 * 60:
                continue  # another build may be under way
        elif path.name in keep:
            continue
        shutil.rmtree(path, ignore_errors=True)


def dataset_files(manifest):
    """The manifest's datasets, each with its downloads' facts (``downloads[kind]``)."""
    files = manifest.get("files", {})
    return [
        {
            **dataset,
            "downloads": {
                kind: {**files.get(name, {}), "name": name}
                for kind, name in dataset["files"].items()
            },
        }
        for dataset in manifest.get("datasets", [])
    ]
