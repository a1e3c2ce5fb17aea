"""Under /<lang>/events/<event_slug>/exhibition/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.leads import views

app_name = "leads"
urlpatterns = [
    path("my-booths/<slug:booth_slug>/leads/", views.lead_list, name="list"),
    path("my-booths/<slug:booth_slug>/leads/leads.csv", views.lead_export, {"fmt": "csv"}, name="export_csv"),
    path("my-booths/<slug:booth_slug>/leads/leads.xlsx", views.lead_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("my-booths/<slug:booth_slug>/leads/<int:pk>/", views.lead_detail, name="detail"),
    path("my-booths/<slug:booth_slug>/dashboard/", views.booth_dashboard, name="dashboard"),
]
