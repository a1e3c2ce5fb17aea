from __future__ import annotations

from django.urls import path

from pavilion.events import feeds, views

app_name = "events"
urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/sessions/<slug:session_slug>/", views.session_detail, name="session"),
    path("events/<slug:slug>/sessions/<slug:session_slug>/calendar.ics", feeds.session_file, name="session_ics"),
    path("events/<slug:slug>/sessions/<slug:session_slug>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("events/<slug:slug>/sessions/<slug:session_slug>/agenda/remove/", views.agenda_remove, name="agenda_remove"),
    path("events/<slug:slug>/speakers/", views.speakers, name="speakers"),
    path("events/<slug:slug>/brand.css", views.brand_css, name="brand_css"),
    path("events/<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("events/<slug:slug>/agenda/reminders/", views.agenda_reminders, name="agenda_reminders"),
    path("events/<slug:slug>/agenda/calendar/reset/", views.agenda_reset_calendar, name="agenda_reset_calendar"),
]
