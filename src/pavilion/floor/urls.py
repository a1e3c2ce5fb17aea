"""Under /<lang>/events/<event_slug>/sessions/<session_slug>/floor/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.floor import views

app_name = "floor"
urlpatterns = [
    path("request/", views.request_floor, name="request"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("<int:request_id>/give/", views.give, name="give"),
    path("next/", views.next_speaker, name="next"),
    path("end/", views.end_turn, name="end"),
    path("time/", views.set_time, name="time"),
    path("timer/", views.timer, name="timer"),
]
