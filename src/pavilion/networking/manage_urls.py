"""Under /<lang>/manage/<slug>/meetings/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.networking import manage_views

app_name = "networking_manage"
urlpatterns = [
    path("", manage_views.index, name="index"),
    path("slots/", manage_views.add_slots, name="add_slots"),
    path("slots/<int:slot_id>/remove/", manage_views.remove_slot, name="remove_slot"),
    path("places/", manage_views.add_place, name="add_place"),
    path("requests/", manage_views.set_request_cap, name="set_request_cap"),
    path("places/<int:place_id>/remove/", manage_views.remove_place, name="remove_place"),
    path("matching/", manage_views.run_matching, name="run_matching"),
    path("matching/publish/", manage_views.publish, name="publish"),
    path("matching/<int:meeting_id>/discard/", manage_views.discard_draft, name="discard_draft"),
    path("<slug:chart_slug>.csv", manage_views.export, name="export"),
]
