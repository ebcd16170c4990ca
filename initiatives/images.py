"""Uploaded logos and photos: checked by content, re-encoded, stripped of metadata, resized."""

import io
import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signing import BadSignature, TimestampSigner
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
DIRECTORY = "initiatives"
# How long a form may carry an uploaded image in its signed field (``unsign_path``).
CARRIED_FOR = timedelta(days=1)
_signer = TimestampSigner(salt="initiatives.uploaded-image")


def process_upload(upload):
    """Validate ``upload`` and store a clean copy; return its storage path."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is larger than %(size)s MB. Please upload a smaller file.")
            % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("This file is not an image we can read.")) from exc
    if image_format not in FORMATS:
        raise ValidationError(_("Please upload a JPEG, PNG or WebP image."))
    if width * height > MAX_PIXELS:
        raise ValidationError(_("The image has too many pixels."))
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
        output = io.BytesIO()
        # Saving without exif/icc/pnginfo drops the metadata (location, camera, author …).
        options = {
            "JPEG": {"quality": 85, "optimize": True},
            "PNG": {"optimize": True},
            "WEBP": {"quality": 85},
        }[image_format]
        image.save(output, format=image_format, **options)
    name = f"{DIRECTORY}/{uuid.uuid4().hex}.{FORMATS[image_format]}"
    return default_storage.save(name, ContentFile(output.getvalue()))


def sign_path(path):
    return _signer.sign(path)


def unsign_path(token, max_age=CARRIED_FOR):
    """The path of an image this form processed earlier, or None if the token is not ours."""
    try:
        path = _signer.unsign(token, max_age=max_age)
    except BadSignature:
        return None
    return path if path.startswith(f"{DIRECTORY}/") and default_storage.exists(path) else None


def images_in_use():
    """Paths of the images an initiative shows, or an open change to one would show."""
    from .models import Initiative, PendingChange

    used = set(Initiative.objects.exclude(image="").values_list("image", flat=True))
    for data in PendingChange.objects.open().values_list("data", flat=True):
        if data.get("image"):
            used.add(data["image"])
    return used


def purge_unused_images(now=None):
    """Delete the uploaded images nothing refers to any more: logos that were replaced, and
    uploads of forms that were never saved. Files younger than twice ``CARRIED_FOR`` stay, as a
    form may still carry them. Returns how many files were deleted."""
    now = now or timezone.now()
    try:
        _directories, names = default_storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return 0
    used = images_in_use()
    deleted = 0
    for name in names:
        path = f"{DIRECTORY}/{name}"
        if path in used or default_storage.get_modified_time(path) > now - 2 * CARRIED_FOR:
            continue
        default_storage.delete(path)
        deleted += 1
    return deleted
