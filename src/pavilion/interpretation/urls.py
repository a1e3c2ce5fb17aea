"""Under /<lang>/events/<event_slug>/sessions/<session_slug>/interpretation/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.interpretation import views

app_name = "interpretation"
urlpatterns = [
    path("on-air/", views.on_air, name="on_air"),
    path("team/", views.team_line, name="team"),
]
