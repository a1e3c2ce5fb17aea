"""WSGI entry point, for servers that cannot speak ASGI (no live features there)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
application = get_wsgi_application()
