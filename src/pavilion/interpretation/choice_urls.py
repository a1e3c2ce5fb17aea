"""Under /<lang>/interpretation/ (see pavilion/urls.py): the listener's kept channel."""

from __future__ import annotations

from django.urls import path

from pavilion.interpretation import views

app_name = "interpretation_choice"
urlpatterns = [path("choice/", views.remember_choice, name="choice")]
