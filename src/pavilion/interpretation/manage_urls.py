"""Under /<lang>/manage/<slug>/interpretation/ (see pavilion/urls.py): the organisers' interpretation pages."""

from __future__ import annotations

from django.urls import path

from pavilion.interpretation import views

app_name = "interpretation_manage"
urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("<slug:session_slug>/", views.session_page, name="session"),
    path("<slug:session_slug>/channels/", views.channel_change, name="channel_change"),
    path("<slug:session_slug>/channels/<int:pk>/undo/", views.channel_undo, name="channel_undo"),
    path("<slug:session_slug>/interpreters/", views.interpreter_add, name="interpreter_add"),
    path("<slug:session_slug>/interpreters/<int:pk>/remove/", views.interpreter_remove, name="interpreter_remove"),
    path("<slug:session_slug>/recordings/", views.recording_set, name="recording_set"),
    path("<slug:session_slug>/recordings/<int:pk>/remove/", views.recording_remove, name="recording_remove"),
]
