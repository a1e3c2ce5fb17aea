"""Under /<lang>/events/<event_slug>/sessions/<session_slug>/chat/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.chat import views

app_name = "chat"
urlpatterns = [
    path("", views.send, name="send"),
    path("messages/<int:message_id>/delete/", views.delete, name="delete"),
    path("people/<int:user_id>/mute/", views.mute, name="mute"),
    path("people/<int:user_id>/unmute/", views.unmute, name="unmute"),
]
