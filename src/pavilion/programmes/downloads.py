"""Serving a document's file after the permission check: streamed by Django, or by the proxy.

With PAVILION_DOCUMENTS_ACCEL_PREFIX set (e.g. ``/internal-documents/``, an nginx ``internal``
location whose alias is PAVILION_DOCUMENTS_ROOT), the answer is an empty response with
``X-Accel-Redirect`` and nginx sends the file; otherwise Django streams it (FileResponse).
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse

from pavilion.programmes.models import DocumentFile
from pavilion.programmes.uploads import CONTENT_TYPES


def download_name(stored: DocumentFile) -> str:
    """E.g. ``2012-TEL45-LSG-003-ru.pdf``: the number made safe for a file name, the language, the format."""
    safe = "".join(char if char.isalnum() or char in "-._" else "-" for char in stored.document.number)
    return f"{safe}-{stored.language}.{stored.file_format}"


def file_response(stored: DocumentFile) -> HttpResponse | FileResponse:
    content_type = CONTENT_TYPES.get(stored.file_format, "application/octet-stream")
    name = download_name(stored)
    prefix = settings.PAVILION_DOCUMENTS_ACCEL_PREFIX
    if prefix:
        response: HttpResponse | FileResponse = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(stored.file.name or "")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    # Restricted files must not be kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
