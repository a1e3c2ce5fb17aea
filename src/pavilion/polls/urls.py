"""Under /<lang>/events/<event_slug>/sessions/<session_slug>/polls/ (see pavilion/urls.py)."""

from __future__ import annotations

from django.urls import path

from pavilion.polls import views

app_name = "polls"
urlpatterns = [
    path("", views.create, name="create"),
    path("<int:poll_id>/open/", views.open_poll, name="open"),
    path("<int:poll_id>/close/", views.close_poll, name="close"),
    path("<int:poll_id>/results/", views.show_results, name="show_results"),
    path("<int:poll_id>/vote/", views.vote, name="vote"),
]
