from __future__ import annotations

from django.urls import URLPattern, path

from pavilion.organising import views

app_name = "organising"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("new/", views.event_create, name="event_create"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/edit/", views.event_edit, name="event_edit"),
    path("<slug:slug>/schedule/publish/", views.schedule_publish, name="schedule_publish"),
    path("<slug:slug>/sessions/", views.session_list, name="sessions"),
    path("<slug:slug>/sessions/new/", views.session_create, name="session_create"),
    path("<slug:slug>/sessions/<slug:session_slug>/", views.session_edit, name="session_edit"),
    path("<slug:slug>/sessions/<slug:session_slug>/delete/", views.session_delete, name="session_delete"),
    path("<slug:slug>/transfer/", views.transfer, name="transfer"),
    path("<slug:slug>/export/sessions.csv", views.export_csv, name="export_csv"),
    path("<slug:slug>/export/sessions.json", views.export_json, name="export_json"),
    path("<slug:slug>/rooms/<int:pk>/channels/", views.channel_add, name="channel_add"),
    path("<slug:slug>/rooms/<int:pk>/channels/<int:channel_pk>/delete/", views.channel_remove, name="channel_remove"),
    path("<slug:slug>/rooms/<int:pk>/captions/", views.room_captions_add, name="room_captions_add"),
    path(
        "<slug:slug>/rooms/<int:pk>/captions/<str:language>/delete/",
        views.room_captions_remove,
        name="room_captions_remove",
    ),
]
# Themes, sub-groups, rooms, speakers and participant categories share their list, edit and delete pages.
for key in views.CATALOGUES:
    urlpatterns += [
        path(f"<slug:slug>/{key}/", views.catalogue_list, {"key": key}, name=key),
        path(f"<slug:slug>/{key}/<int:pk>/", views.catalogue_edit, {"key": key}, name=f"{key}_edit"),
        path(f"<slug:slug>/{key}/<int:pk>/delete/", views.catalogue_delete, {"key": key}, name=f"{key}_delete"),
    ]
