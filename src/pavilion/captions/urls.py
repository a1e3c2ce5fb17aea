"""Under /<lang>/events/<event_slug>/sessions/<session_slug>/captions/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.captions import views

app_name = "captions"
urlpatterns = [
    path("", views.push, name="push"),
    path("transcript/<str:language>/", views.transcript, name="transcript"),
    path("transcript/<str:language>.txt", views.transcript_text, name="transcript_text"),
]
