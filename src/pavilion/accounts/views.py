from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from pavilion.accounts.devices import device_label, sign_out_device, sign_out_other_devices, signed_in_devices
from pavilion.accounts.forms import DeleteAccountForm, ProfileForm
from pavilion.accounts.identity import signed_in_account
from pavilion.accounts.links import links_for
from pavilion.accounts.privacy import delete_account as delete_account_and_data
from pavilion.accounts.privacy import personal_data


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
    links = links_for(user=signed_in_account(request))
    return render(request, "accounts/profile.html", {"form": form, "links": links})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What Pavilion holds about the account: the download and the way to delete the account."""
    return render(request, "accounts/my_data.html")


@login_required
@require_GET
def download_my_data(request: HttpRequest) -> HttpResponse:
    """Everything Pavilion holds about the signed-in account, as one JSON file."""
    data = personal_data(user=signed_in_account(request))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="pavilion-personal-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete the signed-in account after the password is confirmed; then sign out."""
    user = signed_in_account(request)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        delete_account_and_data(user=user)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect(reverse("events:home"))
    return render(request, "accounts/delete.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def devices(request: HttpRequest) -> HttpResponse:
    """The account's signed-in devices; sign out one of them, or every one but this."""
    user = signed_in_account(request)
    if request.method == "POST":
        if request.POST.get("device", "").isdigit():
            count = sign_out_device(request=request, user=user, device_id=int(request.POST["device"]))
        else:
            count = sign_out_other_devices(request=request, user=user)
        if count:
            messages.success(
                request,
                ngettext("%(count)d device has been signed out.", "%(count)d devices have been signed out.", count)
                % {"count": count},
            )
        return redirect("accounts:devices")
    current = request.session.session_key
    rows = [
        {"device": device, "label": device_label(device.user_agent), "is_current": device.session_key == current}
        for device in signed_in_devices(user=user)
    ]
    return render(
        request, "accounts/devices.html", {"rows": rows, "others": sum(not row["is_current"] for row in rows)}
    )
