"""Under /<lang>/events/<event_slug>/surveys/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.surveys import views

app_name = "surveys"
urlpatterns = [
    path("<int:survey_id>/", views.answer, name="answer"),
    path("interest/booths/<slug:booth_slug>/", views.tap, name="booth_interest"),
    path("interest/booths/<slug:booth_slug>/follow-up/", views.follow_up, name="booth_follow_up"),
    path("interest/booths/<slug:booth_slug>/products/<slug:product_slug>/", views.tap, name="product_interest"),
    path(
        "interest/booths/<slug:booth_slug>/products/<slug:product_slug>/follow-up/",
        views.follow_up,
        name="product_follow_up",
    ),
]
