"""Organisers' exhibition pages, under /<lang>/manage/<event>/exhibition/."""

from __future__ import annotations

from django.urls import path

from pavilion.exhibition import manage_views

app_name = "exhibition_manage"
urlpatterns = [
    path("", manage_views.booths, name="booths"),
    path("booths/new/", manage_views.booth_create, name="booth_create"),
    path("booths/<slug:booth_slug>/", manage_views.booth_review, name="booth"),
    path("booths/<slug:booth_slug>/place/", manage_views.booth_assign, name="booth_assign"),
    path("booths/<slug:booth_slug>/staff/", manage_views.booth_staff, name="booth_staff"),
    path("booths/<slug:booth_slug>/<str:action>/", manage_views.booth_decide, name="booth_decide"),
]
for key in ("halls", "pavilions"):
    urlpatterns += [
        path(f"{key}/", manage_views.layout_list, {"key": key}, name=key),
        path(f"{key}/<int:pk>/", manage_views.layout_edit, {"key": key}, name=f"{key[:-1]}_edit"),
        path(f"{key}/<int:pk>/delete/", manage_views.layout_delete, {"key": key}, name=f"{key[:-1]}_delete"),
    ]
