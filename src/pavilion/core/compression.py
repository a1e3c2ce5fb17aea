"""gzip for text responses: pages, and static files where no pre-compressed copy exists.

In production WhiteNoise serves the ``.gz``/``.br`` copies that ``CompressedManifestStaticFilesStorage``
writes at ``collectstatic``; those responses already carry ``Content-Encoding`` and pass untouched.
Under ``make run`` (debug, static files straight from the sources) this compresses them on the fly.

BREACH: a compressed page that reflects attacker-chosen text next to a secret can leak the secret
by its length. Pavilion's pages hold one such secret, the CSRF token, and Django masks it with fresh
random bytes on every response; Django's gzip adds up to 100 random bytes of padding per response
as well ("Heal the BREACH"). Session cookies travel in headers, which are not compressed here.
Images, video and downloads (XLSX, ICS, CSV) are left as they are.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE_TYPES = frozenset(
    {
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    }
)


def is_compressible(content_type: str) -> bool:
    """Whether a response of this Content-Type is text worth compressing."""
    return content_type.split(";")[0].strip().lower() in COMPRESSIBLE_TYPES


class TextCompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, limited to the text types above."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not is_compressible(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
