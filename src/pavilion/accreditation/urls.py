from __future__ import annotations

from django.urls import path

from pavilion.accreditation import views

app_name = "accreditation"
urlpatterns = [
    path("", views.register, name="register"),
    path("review/", views.review, name="review"),
    path("review/<int:registration_id>/decide/", views.decide, name="decide"),
    path("review/decide/", views.decide_many, name="decide_many"),
    path("review/export.csv", views.export, name="export"),
    path("delegations/", views.delegations, name="delegations"),
]
