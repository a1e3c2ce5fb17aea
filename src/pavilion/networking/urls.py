"""Under /<lang>/events/<event_slug>/networking/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.networking import views

app_name = "networking"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("for-you/", views.recommendations, name="recommendations"),
    path("my-entry/", views.my_profile, name="profile"),
    path("people/<int:user_id>/meet/", views.request_meeting, name="request"),
    path("people/<int:user_id>/not-interested/", views.not_interested, name="not_interested"),
    path("booths/", views.booth_list, name="booths"),
    path("booths/<slug:booth_slug>/meet/", views.request_booth_meeting, name="request_booth"),
    path("booths/<slug:booth_slug>/settings/", views.booth_settings, name="booth_settings"),
    path("booths/<slug:booth_slug>/propose-times/", views.request_booth_times, name="request_booth_times"),
    path("booths/<slug:booth_slug>/meetings/", views.booth_meetings, name="booth_meetings"),
    path("meetings/", views.my_meetings, name="meetings"),
    path("meetings/<int:meeting_id>/accept/", views.accept, name="accept"),
    path("meetings/<int:meeting_id>/decline/", views.decline, name="decline"),
    path("meetings/<int:meeting_id>/cancel/", views.cancel, name="cancel"),
    path("meetings/<int:meeting_id>/propose/", views.propose, name="propose"),
]
