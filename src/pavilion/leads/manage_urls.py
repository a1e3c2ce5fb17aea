"""Under /<lang>/manage/<slug>/dashboard/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.leads import manage_views

app_name = "leads_manage"
urlpatterns = [
    path("", manage_views.event_dashboard, name="dashboard"),
    path("<slug:chart_slug>.csv", manage_views.chart_export, name="export"),
]
