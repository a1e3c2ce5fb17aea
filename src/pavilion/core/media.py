"""Serving uploaded files (MEDIA_ROOT) only to whoever may see what they belong to.

File names are random, but a name is no secret: it travels in pages, referrers and logs. So every
upload folder belongs to the app whose model stores its files, and that app says, per file, who may
fetch it (``media_rule``, registered in its AppConfig.ready): everyone (a published booth's logo),
this person only (a draft booth's picture, for its staff and the organisers), or nobody (404, as for
anything else one may not know about). A folder no app has claimed is not served at all.

The bytes go out through Django (FileResponse) or, with PAVILION_MEDIA_ACCEL_PREFIX set (an nginx
``internal`` location whose alias is MEDIA_ROOT), through the proxy with ``X-Accel-Redirect`` after
the check, as meeting documents do (programmes/downloads.py).
"""

from __future__ import annotations

import enum
import mimetypes
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse


class Audience(enum.Enum):
    """Who may fetch one uploaded file."""

    EVERYONE = "everyone"  # shared caches may keep it for a few minutes
    THIS_PERSON = "this_person"  # allowed for the one asking; never kept by a shared cache
    NOBODY = "nobody"  # 404


#: ``rule(name, user)``: the audience of the stored file ``name`` (relative to MEDIA_ROOT) for ``user``.
MediaRule = Callable[[str, Any], Audience]
_rules: dict[str, MediaRule] = {}

#: How long browsers and proxies may keep a public upload (a booth unpublished later stops being
#: served within this time).
PUBLIC_MAX_AGE = 300


def media_rule(folder: str) -> Callable[[MediaRule], MediaRule]:
    """Decorator: ``rule`` decides who may fetch the files stored under ``folder`` (e.g. ``"exhibition/"``)."""
    if not folder.endswith("/"):
        raise ValueError("A media folder ends with a slash.")

    def register(rule: MediaRule) -> MediaRule:
        _rules[folder] = rule
        return rule

    return register


def audience(name: str, user: Any) -> Audience:
    """Who may fetch the stored file ``name``: the rule of the longest registered folder it is in."""
    folders = [folder for folder in _rules if name.startswith(folder)]
    if not folders:
        return Audience.NOBODY
    return _rules[max(folders, key=len)](name, user)


def _stored_name(path: str) -> str | None:
    """The file's name relative to MEDIA_ROOT, or None for a path that leaves it or names a folder."""
    name = posixpath.normpath(path).lstrip("/")
    if name in {"", "."} or name.startswith("../") or name == ".." or "\\" in name or "\x00" in name:
        return None
    return name


def serve_media(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    """An uploaded file, after its app said this person may fetch it; 404 otherwise."""
    name = _stored_name(path)
    if name is None:
        raise Http404("No such file.")
    who = audience(name, request.user)
    if who is Audience.NOBODY:
        raise Http404("No such file.")
    root = Path(settings.MEDIA_ROOT).resolve()
    full = (root / name).resolve()
    if not full.is_relative_to(root) or not full.is_file():
        raise Http404("No such file.")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = settings.PAVILION_MEDIA_ACCEL_PREFIX
    response: HttpResponse | FileResponse
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        response = FileResponse(full.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if who is Audience.EVERYONE:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-store"
    return response
