from __future__ import annotations

from django.urls import path
from django.views.generic import RedirectView

from pavilion.accounts import sso, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/pavilion-personal-data.json", views.download_my_data, name="download_my_data"),
    path("delete/", views.delete_account, name="delete"),
    path("devices/", views.devices, name="devices"),
    # allauth's "Sign in via <provider>", with the provider's origin in the page's form-action (sso.py).
    path("oidc/<str:provider_id>/login/", sso.sign_in_through, name="openid_connect_login"),
    path("saml/<str:organization_slug>/login/", sso.sign_in_through_saml, name="saml_login"),
    # allauth.usersessions' own list; the page above is Pavilion's (last use, one device at a time).
    path("sessions/", RedirectView.as_view(pattern_name="accounts:devices")),
]
