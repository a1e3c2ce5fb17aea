"""Under /<lang>/manage/<slug>/captioners/ (see pavilion/urls.py): the organisers' captioner page."""

from __future__ import annotations

from django.urls import path

from pavilion.captions import views

app_name = "captions_manage"
urlpatterns = [
    path("", views.captioners, name="captioners"),
    path("<int:pk>/remove/", views.captioner_remove, name="captioner_remove"),
]
