from __future__ import annotations

from django.urls import path

from pavilion.events import views

app_name = "events"
urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
]
