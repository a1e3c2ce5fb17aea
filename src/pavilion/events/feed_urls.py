from __future__ import annotations

from django.urls import URLPattern, path

from pavilion.events import feeds

# Mounted at /calendar/ outside the language prefixes: calendar applications keep one address.
app_name = "calendar"
urlpatterns: list[URLPattern] = [
    path("events/<slug:slug>.ics", feeds.event_feed, name="event_feed"),
    path("<str:token>/events/<slug:slug>.ics", feeds.personal_event_feed, name="personal_event_feed"),
    path("<str:token>/agenda.ics", feeds.agenda_feed, name="agenda_feed"),
]
