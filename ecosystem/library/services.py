"""The resource library's writes: resources, their files (checked by content, size-limited,
optionally scanned by clamd), text extraction for the full-text search, download counts and
collections.

Resources have no history (unlike initiatives): each change is one atomic function, so views,
the demo data and management commands behave the same.
"""

import html
import io
import logging
import re
import socket
import struct
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ncc_portal.celery import run_task
from ncc_portal.services import unique_slug

from ..models import Collection, CollectionItem, PublicationStatus, Resource, ResourceFile
from . import search

logger = logging.getLogger(__name__)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED_FIELDS = ["title", "abstract"]
PLAIN_FIELDS = ["type", "country", "year", "publisher", "licence", "external_url", "access_level"]

# The vector columns hold at most 1 MB; the files' text is cut well below that.
MAX_TEXT_PER_FILE = 200_000
# Uncompressed XML read from one office file when extracting its text (zip bombs).
MAX_XML_BYTES = 50 * 1024 * 1024
PDFTOTEXT_TIMEOUT = 60
CLAMD_TIMEOUT = 30
CLAMD_CHUNK = 64 * 1024


# ---------------------------------------------------------------------------------------------
# Resources
# ---------------------------------------------------------------------------------------------


def _shown_title(data):
    for code in [settings.MODELTRANSLATION_DEFAULT_LANGUAGE, *LANGUAGE_CODES]:
        if data.get(f"title_{code}"):
            return data[f"title_{code}"]
    return ""


def _apply(resource, data):
    for field in TRANSLATED_FIELDS:
        for code in LANGUAGE_CODES:
            if f"{field}_{code}" in data:
                setattr(resource, f"{field}_{code}", data[f"{field}_{code}"])
    for field in PLAIN_FIELDS:
        if field in data:
            setattr(resource, field, data[field])


@transaction.atomic
def create_resource(*, author, data):
    """Create a draft resource from ``data`` (translated ``title_<lang>``/``abstract_<lang>``,
    the plain fields, ``themes`` and ``audiences``)."""
    resource = Resource(
        created_by=author, slug=unique_slug(Resource, data.get("slug") or _shown_title(data))
    )
    _apply(resource, data)
    resource.save()
    resource.themes.set(data.get("themes", []))
    resource.audiences.set(data.get("audiences", []))
    update_search_vectors(resource_ids=[resource.pk])
    return resource


@transaction.atomic
def update_resource(*, resource, editor, data):
    _apply(resource, data)
    resource.save()
    if "themes" in data:
        resource.themes.set(data["themes"])
    if "audiences" in data:
        resource.audiences.set(data["audiences"])
    update_search_vectors(resource_ids=[resource.pk])
    if resource.status == PublicationStatus.PUBLISHED:
        library_changed()
    return resource


@transaction.atomic
def publish_resource(*, resource, actor):
    """Make the resource public (its files stay behind its access level). The weekly digests
    pick it up by ``published_at``."""
    resource.status = PublicationStatus.PUBLISHED
    if resource.published_at is None:
        resource.published_at = timezone.now()
    resource.save(update_fields=["status", "published_at"])
    library_changed()
    return resource


@transaction.atomic
def archive_resource(*, resource, actor):
    resource.status = PublicationStatus.ARCHIVED
    resource.save(update_fields=["status"])
    library_changed()
    return resource


def record_download(resource):
    """Count a download: a bare counter, nothing about who downloaded."""
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "application/pdf", "PDF")
OOXML_KINDS = {
    "word/": FileKind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
    ),
    "xl/": FileKind(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"
    ),
    "ppt/": FileKind(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PPTX",
    ),
}
ODF_KINDS = {
    "application/vnd.oasis.opendocument.text": FileKind(
        "odt", "application/vnd.oasis.opendocument.text", "ODT"
    ),
    "application/vnd.oasis.opendocument.spreadsheet": FileKind(
        "ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS"
    ),
    "application/vnd.oasis.opendocument.presentation": FileKind(
        "odp", "application/vnd.oasis.opendocument.presentation", "ODP"
    ),
}
KINDS_BY_CONTENT_TYPE = {
    kind.content_type: kind for kind in [PDF, *OOXML_KINDS.values(), *ODF_KINDS.values()]
}


def detect_kind(upload):
    """The kind of an uploaded file judged by its content (never its name), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = [m.filename for m in members]
            if members and names[0] == "mimetype" and members[0].file_size < 200:
                mimetype = archive.read(members[0]).decode("ascii", "replace").strip()
                return ODF_KINDS.get(mimetype)
            if "[Content_Types].xml" in names:
                for prefix, kind in OOXML_KINDS.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    finally:
        upload.seek(0)
    return None


class ScanUnavailable(Exception):
    pass


def _clamd_connection(address):
    if "/" in address:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target = address
    else:
        host, _sep, port = address.rpartition(":")
        connection = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        target = (host.strip("[]") or "127.0.0.1", int(port))
    connection.settimeout(CLAMD_TIMEOUT)
    connection.connect(target)
    return connection


def clamd_scan(upload, address):
    """Stream ``upload`` to clamd (INSTREAM). Returns the signature name when infected, ""
    when clean; raises ScanUnavailable when clamd cannot give an answer."""
    upload.seek(0)
    try:
        with _clamd_connection(address) as connection:
            connection.sendall(b"zINSTREAM\0")
            while chunk := upload.read(CLAMD_CHUNK):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = connection.recv(4096)
                if not part:
                    break
                reply += part
    except (OSError, ValueError) as error:
        raise ScanUnavailable(str(error)) from error
    finally:
        upload.seek(0)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
    if answer.endswith("FOUND"):
        return answer.removeprefix("stream:").removesuffix("FOUND").strip() or "unknown"
    if answer.endswith("OK"):
        return ""
    raise ScanUnavailable(answer or "no answer")


def check_upload(upload):
    """Refuse a file that is too large, of a type we do not take, or infected. Returns its
    FileKind; raises ValidationError with a message for the user."""
    limit_mb = settings.LIBRARY_MAX_UPLOAD_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(limit)s MB. Please upload a smaller file.")
            % {"limit": limit_mb},
            code="too_large",
        )
    kind = detect_kind(upload)
    if kind is None:
        raise ValidationError(
            _(
                "This file is not a PDF, Word, Excel, PowerPoint or OpenDocument file. "
                "We check the content of the file, not its name."
            ),
            code="file_type",
        )
    if settings.CLAMD_ADDRESS:
        try:
            signature = clamd_scan(upload, settings.CLAMD_ADDRESS)
        except ScanUnavailable as error:
            logger.error("virus scan unavailable: %s", error)
            raise ValidationError(
                _("The virus scan is not available at the moment. Please try again later."),
                code="scan_unavailable",
            ) from error
        if signature:
            logger.warning("refused an infected upload: %s", signature)
            raise ValidationError(
                _("The virus scan found malware in this file. It was not stored."),
                code="infected",
            )
    return kind


def _stored_name(name, kind):
    stem = Path(name or "file").stem[:120]
    return f"{get_valid_filename(stem) or 'file'}.{kind.extension}"


@transaction.atomic
def add_file(*, resource, language, upload, user):
    """Check and store one file of ``resource`` in ``language`` (privately) and queue the
    extraction of its text for the search. Raises ValidationError when the file is refused."""
    kind = check_upload(upload)
    name = _stored_name(getattr(upload, "name", ""), kind)
    upload.seek(0)
    resource_file = ResourceFile(
        resource=resource,
        language=language,
        original_name=name,
        content_type=kind.content_type,
        size=upload.size,
    )
    resource_file.file.save(name, ContentFile(upload.read()), save=False)
    resource_file.save()
    # The file's language counts at once; its text joins the search once extracted.
    search.update_facet_tokens([resource.pk])
    transaction.on_commit(
        partial(run_task, "ecosystem.extract_resource_text", args=[resource_file.pk])
    )
    if resource.status == PublicationStatus.PUBLISHED:
        library_changed()
    return resource_file


@transaction.atomic
def remove_file(*, resource_file, actor):
    """Remove one file of a resource: its record, its text in the search, and (once the removal
    is committed) the stored file."""
    resource = resource_file.resource
    stored = resource_file.file
    storage, name = stored.storage, stored.name
    resource_file.delete()
    transaction.on_commit(lambda: storage.delete(name))
    update_search_vectors(resource_ids=[resource.pk])
    if resource.status == PublicationStatus.PUBLISHED:
        library_changed()
    return resource


# ---------------------------------------------------------------------------------------------
# Text extraction and search vectors
# ---------------------------------------------------------------------------------------------

# Where the readable text of each office format lives.
_XML_MEMBERS = {
    "docx": re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$"),
    "pptx": re.compile(r"^ppt/(slides/slide\d+|notesSlides/notesSlide\d+)\.xml$"),
    "xlsx": re.compile(r"^xl/(sharedStrings|worksheets/sheet\d+)\.xml$"),
    "odt": re.compile(r"^content\.xml$"),
    "ods": re.compile(r"^content\.xml$"),
    "odp": re.compile(r"^content\.xml$"),
}
_BREAKS = re.compile(
    r"</(?:w:p|a:p|text:p|text:h|si|c|w:tc|table:table-cell)>|<(?:w:br|w:tab|text:tab|"
    r"text:line-break|text:s)\b[^>]*/?>"
)
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\r\f\v]+")


def _text_from_xml(xml):
    # Tags are dropped rather than parsed: no entity expansion, nothing to exploit.
    text = _BREAKS.sub("\n", xml)
    text = html.unescape(_TAGS.sub("", text))
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _office_text(content, extension):
    pattern = _XML_MEMBERS[extension]
    parts, budget = [], MAX_XML_BYTES
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for member in archive.infolist():
            if not pattern.match(member.filename) or member.file_size > budget:
                continue
            budget -= member.file_size
            parts.append(_text_from_xml(archive.read(member).decode("utf-8", "replace")))
    return "\n".join(parts)


def _pdf_text(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-nopgbrk", pdf.name, "-"],
            capture_output=True,
            timeout=PDFTOTEXT_TIMEOUT,
            check=False,
        )
    if result.returncode != 0:
        logger.warning("pdftotext failed: %s", result.stderr[:500])
        return ""
    return result.stdout.decode("utf-8", "replace")


def extract_text(*, resource_file_id):
    """Read the text of a stored file and rebuild its resource's search vectors. Safe to run
    twice; a missing file (deleted since) is ignored."""
    resource_file = ResourceFile.objects.filter(pk=resource_file_id).first()
    if resource_file is None:
        return
    kind = KINDS_BY_CONTENT_TYPE.get(resource_file.content_type)
    text = ""
    if kind is not None:
        with resource_file.file.open("rb") as stored:
            content = stored.read()
        try:
            text = _pdf_text(content) if kind is PDF else _office_text(content, kind.extension)
        except (subprocess.TimeoutExpired, zipfile.BadZipFile, OSError) as error:
            logger.warning("could not extract text of file %s: %s", resource_file_id, error)
    text = re.sub(r"\s*\n\s*", "\n", text).strip()[:MAX_TEXT_PER_FILE]
    ResourceFile.objects.filter(pk=resource_file.pk).update(
        extracted_text=text, text_extracted_at=timezone.now()
    )
    update_search_vectors(resource_ids=[resource_file.resource_id])
    library_changed()


def update_search_vectors(*, resource_ids):
    """Re-index these resources for full-text search: titles, abstracts and the text of their
    files (``ecosystem.library.search``)."""
    search.update_search_index(resource_ids)


def library_changed():
    """Called whenever the published library changes: the list's cached facet counts and
    every process's facet index expire."""
    search.facet_cache.changed()


# ---------------------------------------------------------------------------------------------
# Collections
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def save_collection(*, curator, data, resources, collection=None):
    """Create or update a collection: translated ``title_<lang>``/``introduction_<lang>``,
    ``position``, and its items in the order of ``resources``."""
    if collection is None:
        collection = Collection(
            slug=unique_slug(Collection, data.get("slug") or _shown_title(data))
        )
    for field in ("title", "introduction"):
        for code in LANGUAGE_CODES:
            if f"{field}_{code}" in data:
                setattr(collection, f"{field}_{code}", data[f"{field}_{code}"])
    if "position" in data:
        collection.position = data["position"] or 0
    collection.save()
    set_collection_items(collection=collection, resources=resources)
    return collection


@transaction.atomic
def set_collection_items(*, collection, resources):
    """Make ``resources`` (in this order) the items of ``collection``."""
    collection.items.all().delete()
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=collection, resource=resource, position=position)
        for position, resource in enumerate(resources, start=1)
    )
