from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from pavilion.accounts.forms import ProfileForm


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Show and edit the signed-in user's profile."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        language = user.preferred_languages[0]
        with translation.override(language):
            messages.success(request, _("Your profile has been saved."))
        # Continue in the language the user just chose.
        response = redirect(translate_url(request.path, language))
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return response
    return render(request, "accounts/profile.html", {"form": form})
