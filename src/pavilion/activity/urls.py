"""Under /<lang>/events/<event_slug>/exhibition/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.activity import views

app_name = "activity"
urlpatterns = [
    path("booths/<slug:booth_slug>/videos/<int:pk>/", views.play, name="video_play"),
    path("booths/<slug:booth_slug>/videos/<int:pk>/played/", views.played, name="video_played"),
]
