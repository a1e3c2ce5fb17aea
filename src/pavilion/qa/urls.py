"""Under /<lang>/events/<event_slug>/sessions/<session_slug>/questions/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.qa import views

app_name = "qa"
urlpatterns = [
    path("", views.ask, name="ask"),
    path("<int:question_id>/vote/", views.vote, name="vote"),
    path("<int:question_id>/moderate/", views.moderate, name="moderate"),
    path("anonymous/", views.allow_anonymous, name="anonymous"),
]
