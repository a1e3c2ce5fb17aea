"""The test OpenID provider's addresses: allauth's provider endpoints, then Pavilion's own pages."""

from __future__ import annotations

from django.urls import include, path

from pavilion.urls import urlpatterns as pavilion_urlpatterns

urlpatterns = [path("", include("allauth.idp.urls")), *pavilion_urlpatterns]
