"""Visitors' and exhibitors' exhibition pages, under /<lang>/events/<event>/exhibition/."""

from __future__ import annotations

from django.urls import path

from pavilion.exhibition import exhibitor_views, hall3d_views, views

app_name = "exhibition"
urlpatterns = [
    path("", views.hall, name="hall"),
    path("3d/", hall3d_views.hall_3d, name="hall_3d"),
    path("booths/<slug:booth_slug>/", views.booth_detail, name="booth"),
    path("booths/<slug:booth_slug>/documents/<int:pk>/", views.document_download, name="document"),
    path("booths/<slug:booth_slug>/products/<slug:product_slug>/", views.product_detail, name="product"),
    path(
        "booths/<slug:booth_slug>/products/<slug:product_slug>/specification.pdf",
        views.spec_sheet_download,
        name="spec_sheet",
    ),
    path("my-booths/", exhibitor_views.my_booths, name="my_booths"),
    path("my-booths/<slug:booth_slug>/", exhibitor_views.booth_edit, name="booth_edit"),
    path("my-booths/<slug:booth_slug>/submit/", exhibitor_views.booth_submit, name="booth_submit"),
    path("my-booths/<slug:booth_slug>/media/", exhibitor_views.booth_media, name="booth_media"),
    path(
        "my-booths/<slug:booth_slug>/media/<str:kind>/<int:pk>/remove/",
        exhibitor_views.booth_media_remove,
        name="booth_media_remove",
    ),
    path("my-booths/<slug:booth_slug>/products/", exhibitor_views.product_list, name="products"),
    path("my-booths/<slug:booth_slug>/products/new/", exhibitor_views.product_edit, name="product_create"),
    path(
        "my-booths/<slug:booth_slug>/products/<slug:product_slug>/", exhibitor_views.product_edit, name="product_edit"
    ),
    path(
        "my-booths/<slug:booth_slug>/products/<slug:product_slug>/delete/",
        exhibitor_views.product_delete,
        name="product_delete",
    ),
    path(
        "my-booths/<slug:booth_slug>/products/<slug:product_slug>/pictures/<int:pk>/remove/",
        exhibitor_views.product_picture_remove,
        name="product_picture_remove",
    ),
]
