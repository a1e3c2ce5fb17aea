from __future__ import annotations

from django.urls import path

from pavilion.programmes import views
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
]
