"""Under /<lang>/events/<event_slug>/sessions/<session_slug>/feedback/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.surveys import views

app_name = "surveys_feedback"
urlpatterns = [path("", views.feedback, name="session")]
