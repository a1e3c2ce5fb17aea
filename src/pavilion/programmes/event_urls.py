from __future__ import annotations

from django.urls import path

from pavilion.programmes import outcome_views, views

app_name = "meeting_documents"
urlpatterns = [
    path("", views.meeting_register, name="register"),
    path("sessions/<slug:session_slug>/", views.session_documents_fragment, name="session_panel"),
    path("sessions/<slug:session_slug>/outcomes/", outcome_views.session_outcomes_fragment, name="session_outcomes"),
]
