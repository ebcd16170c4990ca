import os
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header


class PrivateStorage(FileSystemStorage):
    """Files some users may not fetch (reports, restricted documents), kept under
    ``PRIVATE_MEDIA_ROOT``, which no URL maps to: permission-checked views serve them."""

    def __init__(self, **kwargs):
        super().__init__(base_url=None, **kwargs)

    @cached_property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def _clear_cached_properties(self, setting, **kwargs):
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
        super()._clear_cached_properties(setting, **kwargs)


def file_download(field_file, *, filename, content_type):
    """The response that hands ``field_file`` (a stored file the view has checked the person
    may fetch) to the browser as a download named ``filename``.

    In production the web server in front sends the bytes (``FILE_DOWNLOADS``):
    ``x-accel-redirect`` (nginx) answers with an ``X-Accel-Redirect`` to the internal location
    ``PROTECTED_FILES_URL`` + the file's name in its storage, ``x-sendfile`` (Apache, lighttpd)
    with the file's path; ``django`` (the default, for development) streams it from Python.
    Raises ``FileNotFoundError`` when the file is missing, whichever way it is sent."""
    mode = settings.FILE_DOWNLOADS
    if mode == "django":
        return FileResponse(
            field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
        )
    if not field_file.storage.exists(field_file.name):
        raise FileNotFoundError(field_file.name)
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    if mode == "x-accel-redirect":
        area = "private" if isinstance(field_file.storage, PrivateStorage) else "media"
        response["X-Accel-Redirect"] = f"{settings.PROTECTED_FILES_URL}{area}/" + quote(
            field_file.name
        )
    else:
        response["X-Sendfile"] = field_file.path
    return response
