from __future__ import annotations

from django.urls import path

from pavilion.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/pavilion-personal-data.json", views.download_my_data, name="download_my_data"),
    path("delete/", views.delete_account, name="delete"),
]
