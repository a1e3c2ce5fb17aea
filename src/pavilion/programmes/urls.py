from __future__ import annotations

from django.urls import path

from pavilion.programmes import commitment_views, outcome_views, statement_views, views
from pavilion.programmes.feeds import DocumentFeed

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/manage/", views.programme_manage, name="manage"),
    path("<slug:slug>/documents/", views.document_register, name="documents"),
    path("<slug:slug>/documents/feed/", DocumentFeed(), name="document_feed"),
    path("<slug:slug>/documents/upload/", views.document_upload, name="document_upload"),
    path("<slug:slug>/documents/by-number/", views.document_by_number, name="document_by_number"),
    path("<slug:slug>/documents/<int:pk>/", views.document_detail, name="document"),
    path("<slug:slug>/documents/<int:pk>/<str:action>/", views.document_change, name="document_change"),
    path("<slug:slug>/documents/<int:pk>/files/<str:language>/", views.document_download, name="document_download"),
    path("<slug:slug>/commitments/", commitment_views.tracker, name="tracker"),
    path("<slug:slug>/commitments/new/", commitment_views.commitment_create, name="commitment_create"),
    path("<slug:slug>/commitments/import/", commitment_views.commitment_import, name="commitment_import"),
    path("<slug:slug>/commitments/<int:pk>/", commitment_views.commitment_detail, name="commitment"),
    path(
        "<slug:slug>/commitments/from-session/<int:session_pk>/",
        commitment_views.commitment_from_session,
        name="commitment_from_session",
    ),
    path("<slug:slug>/statements/", statement_views.statement_archive, name="statements"),
    path("<slug:slug>/statements/new/", statement_views.statement_form, name="statement_create"),
    path("<slug:slug>/statements/<slug:statement_slug>/", statement_views.statement_detail, name="statement"),
    path("<slug:slug>/statements/<slug:statement_slug>/edit/", statement_views.statement_form, name="statement_edit"),
    path("<slug:slug>/outcomes/", outcome_views.outcome_list, name="outcomes"),
    path("<slug:slug>/outcomes/new/", outcome_views.outcome_create, name="outcome_create"),
    path("<slug:slug>/outcomes/<slug:outcome_slug>/", outcome_views.outcome_detail, name="outcome"),
    path("<slug:slug>/outcomes/<slug:outcome_slug>/text/", outcome_views.outcome_text, name="outcome_text"),
    path(
        "<slug:slug>/outcomes/<slug:outcome_slug>/export.<str:file_format>",
        outcome_views.outcome_export,
        name="outcome_export",
    ),
    path("<slug:slug>/outcomes/<slug:outcome_slug>/<str:action>/", outcome_views.outcome_action, name="outcome_action"),
]
