from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from allauth.socialaccount.providers.openid_connect.views import callback as openid_connect_callback
from allauth.socialaccount.providers.saml import views as saml_views
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from pavilion.accounts import sso
from pavilion.api import api
from pavilion.core.media import serve_media
from pavilion.core.navigation import manage_pages

# A database that is saturated or down answers 503 with Retry-After, not 500 (core/errors.py).
handler500 = "pavilion.core.errors.server_error"

# The back office signs in through the site's own login (allauth: rate limits and the second factor),
# never through Django's admin form, which has no rate limit.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("calendar/", include("pavilion.events.feed_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    # Uploaded files, after asking the app that owns them who may fetch them (core/media.py).
    path(settings.MEDIA_URL.strip("/") + "/<path:path>", serve_media, name="media"),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("pavilion.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # Each app's organiser pages for one event (registered in its AppConfig.ready).
    *[path(f"manage/<slug:slug>/{prefix}", include(urlconf)) for prefix, urlconf in manage_pages()],
    path("manage/", include("pavilion.organising.urls")),
    path("programmes/", include("pavilion.programmes.urls")),
    path("events/<slug:event_slug>/documents/", include("pavilion.programmes.event_urls")),
    path("events/<slug:event_slug>/registration/", include("pavilion.accreditation.urls")),
    path("events/<slug:event_slug>/sessions/<slug:session_slug>/chat/", include("pavilion.chat.urls")),
    path("events/<slug:event_slug>/sessions/<slug:session_slug>/questions/", include("pavilion.qa.urls")),
    path("events/<slug:event_slug>/sessions/<slug:session_slug>/polls/", include("pavilion.polls.urls")),
    path(
        "events/<slug:event_slug>/exhibition/my-booths/<slug:booth_slug>/surveys/",
        include("pavilion.surveys.exhibitor_urls"),
    ),
    path("events/<slug:event_slug>/exhibition/", include("pavilion.exhibition.urls")),
    path("events/<slug:event_slug>/surveys/", include("pavilion.surveys.urls")),
    path("events/<slug:event_slug>/sessions/<slug:session_slug>/feedback/", include("pavilion.surveys.feedback_urls")),
    path("events/<slug:event_slug>/sessions/<slug:session_slug>/captions/", include("pavilion.captions.urls")),
    path("events/<slug:event_slug>/sessions/<slug:session_slug>/floor/", include("pavilion.floor.urls")),
    path(
        "events/<slug:event_slug>/sessions/<slug:session_slug>/interpretation/",
        include("pavilion.interpretation.urls"),
    ),
    path("interpretation/", include("pavilion.interpretation.choice_urls")),
    path("events/<slug:event_slug>/exhibition/", include("pavilion.boothtalk.urls")),
    path("events/<slug:event_slug>/exhibition/", include("pavilion.activity.urls")),
    path("events/<slug:event_slug>/exhibition/", include("pavilion.leads.urls")),
    path("events/<slug:event_slug>/networking/", include("pavilion.networking.urls")),
    path("", include("pavilion.events.urls")),
)
# Single sign-on providers send people back to one address whatever the page's language, so an
# operator registers one redirect address per provider (docs/security.md). Defined last, so that
# allauth's reverse() gives these rather than its own under a language prefix. A SAML provider's
# metadata names its assertion consumer service (acs) and logout (sls) addresses, and its entity ID is
# the metadata's own address: all four must not depend on the language either.
urlpatterns += [
    path("accounts/oidc/<str:provider_id>/login/callback/", openid_connect_callback, name="openid_connect_callback"),
    path("accounts/saml/<str:organization_slug>/acs/", saml_views.acs, name="saml_acs"),
    path("accounts/saml/<str:organization_slug>/acs/finish/", sso.finish_sign_in_through_saml, name="saml_finish_acs"),
    path("accounts/saml/<str:organization_slug>/sls/", saml_views.sls, name="saml_sls"),
    path("accounts/saml/<str:organization_slug>/metadata/", saml_views.metadata, name="saml_metadata"),
]
