"""First-load weight of attendee pages: HTML plus the CSS, JS and images it links, gzip-compressed.

Budget (docs/budgets.md): an attendee page without 3D is at most 60 KB compressed on first load.
Run with the front end built (`make frontend`): `.venv/bin/python -m bench.page_weight`.
The last line is `key=value` figures in bytes, one per page, and the largest.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

BUDGET_BYTES = 60 * 1024
PAGES = {
    "home": "/{lang}/",
    "event": "/{lang}/events/itu-digital-world-2020/",
    "login": "/{lang}/accounts/login/",
    "signup": "/{lang}/accounts/signup/",
    # The 2D exhibition with the demo's 63 published booths (logos are media, not counted: "without images").
    "exhibition": "/{lang}/events/itu-digital-world-2020/exhibition/",
    # A search that finds every booth (all demo names say "Example"): the longest result page.
    "exhibition_search": "/{lang}/events/itu-digital-world-2020/exhibition/?q=example",
    # A search that lists matching products under their booths.
    "exhibition_search_products": "/{lang}/events/itu-digital-world-2020/exhibition/?q=cloud",
    "booth": "/{lang}/events/itu-digital-world-2020/exhibition/booths/mekong-example-telecom/",
    "product": "/{lang}/events/itu-digital-world-2020/exhibition/booths/mekong-example-telecom/products/private-5g/",
    # The 3D hall's page before any 3D: three.js (build/hall3d.js) is loaded only once the boot script
    # decides to start 3D, so it is not part of this first load (bench/hall3d.py measures it).
    "exhibition_3d": "/{lang}/events/itu-digital-world-2020/exhibition/3d/",
}
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def first_load_bytes(html: str, read_static: Callable[[str], bytes]) -> int:
    """Compressed size of a page and every static file it references."""
    total = len(gzip.compress(html.encode("utf-8"), compresslevel=6))
    for url in sorted(set(ASSET.findall(html))):
        total += len(gzip.compress(read_static(url), compresslevel=6))
    return total


def main() -> int:
    os.environ.setdefault("PAVILION_DEBUG", "1")
    os.environ.setdefault("PAVILION_VAR_DIR", tempfile.mkdtemp(prefix="pavilion-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    import django

    django.setup()
    from django.contrib.staticfiles import finders
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

    def read_static(url: str) -> bytes:
        path = finders.find(url.removeprefix("/static/"))
        if not path:
            raise SystemExit(f"{url} is missing: build the front end first (make frontend).")
        return Path(str(path)).read_bytes()

    client = Client(HTTP_HOST="127.0.0.1")
    figures = {}
    for name, pattern in PAGES.items():
        for lang in ["en", "ar", "vi"]:
            response = client.get(pattern.format(lang=lang))
            assert response.status_code == 200, (name, lang, response.status_code)
            figures[f"{name}_{lang}_bytes"] = first_load_bytes(response.content.decode(), read_static)
    largest = max(figures.values())
    print(f"budget {BUDGET_BYTES} bytes; largest page {largest} bytes", file=sys.stderr)
    print(" ".join(f"{key}={value}" for key, value in figures.items()) + f" max_bytes={largest}")
    return 0 if largest <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
