"""Under /<lang>/events/<event_slug>/exhibition/ (see pavilion/urls.py), beside the exhibition's own pages."""

from __future__ import annotations

from django.urls import path

from pavilion.boothtalk import desk_views, views

app_name = "boothtalk"
urlpatterns = [
    path("booths/<slug:booth_slug>/chat/", views.chat_send, name="chat_send"),
    path("booths/<slug:booth_slug>/chat/messages/<int:message_id>/delete/", views.chat_delete, name="chat_delete"),
    path("booths/<slug:booth_slug>/contact/", views.contact, name="contact"),
    path("my-contacts/", views.my_contacts, name="my_contacts"),
    path("my-booths/<slug:booth_slug>/contacts/", desk_views.contact_list, name="contacts"),
    path("my-booths/<slug:booth_slug>/contacts/<int:pk>/", desk_views.contact_detail, name="contact_detail"),
]
