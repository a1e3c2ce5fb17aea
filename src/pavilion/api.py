"""The JSON API (django-ninja), version 1, with its OpenAPI schema at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Pavilion API", version="1", urls_namespace="api", docs_url="/docs")
