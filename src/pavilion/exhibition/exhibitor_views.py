"""Exhibitors' pages: the booths I staff, their details (with a preview before saving), pictures,
videos, documents, demos and products, and submitting a booth for approval.

Every page resolves the booth through ``access.get_staffed_booth``: someone who does not staff it
gets 404, whoever they are. Forms with errors answer 400 and change nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import signed_in_account
from pavilion.accounts.models import User
from pavilion.core.forms import INVALID, add_service_error
from pavilion.events.access import get_visible_event
from pavilion.events.models import Event
from pavilion.exhibition import services
from pavilion.exhibition.access import staffed_booth, staffed_booths
from pavilion.exhibition.forms import (
    BoothDemoForm,
    BoothDocumentForm,
    BoothForm,
    BoothImageForm,
    BoothVideoForm,
    ProductForm,
    ProductImageForm,
    VideoCaptionsForm,
)
from pavilion.exhibition.models import Booth, BoothDemo, BoothDocument, BoothImage, BoothStatus, BoothVideo, Product


@login_required
def my_booths(request: HttpRequest, event_slug: str) -> HttpResponse:
    """The booths of this event the signed-in person staffs, with their review status."""
    event = get_visible_event(slug=event_slug, user=request.user)
    booths = staffed_booths(event=event, user=request.user).select_related("pavilion", "owner")
    return render(request, "exhibition/my_booths.html", {"event": event, "booths": booths})


@staffed_booth
def booth_edit(request: HttpRequest, event: Event, booth: Booth) -> HttpResponse:
    """The booth's texts, contact channels, logo and banner. "Preview" shows the texts unsaved."""
    form = BoothForm(request.POST or None, request.FILES or None, event=event, instance=Booth.objects.get(pk=booth.pk))
    preview = None
    status = 200
    if request.method == "POST":
        if booth.status == BoothStatus.SUBMITTED:
            form.add_error(
                None, _("This booth is waiting for the organisers' decision; it cannot be changed meanwhile.")
            )
        elif form.is_valid() and "preview" in request.POST:
            preview = form.instance  # not saved: the page shows it as visitors would see it
        elif form.is_valid():
            try:
                services.update_booth(booth=form.instance, by=signed_in_account(request), **form.service_values())
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The booth has been saved."))
                return redirect("exhibition:booth_edit", event_slug=event.slug, booth_slug=booth.slug)
        if form.errors:
            status = INVALID
    context = {"event": event, "booth": booth, "form": form, "preview": preview}
    return render(request, "exhibition/booth_edit.html", context, status=status)


@require_POST
@staffed_booth
def booth_submit(request: HttpRequest, event: Event, booth: Booth) -> HttpResponse:
    try:
        services.submit_booth(booth=booth, by=signed_in_account(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The booth has been submitted to the organisers for approval."))
    return redirect("exhibition:booth_edit", event_slug=event.slug, booth_slug=booth.slug)


# --- Pictures, videos, documents and demos -----------------------------------------------------------

MEDIA_FORMS = {
    "image": BoothImageForm,
    "video": BoothVideoForm,
    "captions": VideoCaptionsForm,
    "document": BoothDocumentForm,
    "demo": BoothDemoForm,
}


def _add_media(kind: str, form: Any, booth: Booth, user: User) -> None:
    data = form.cleaned_data
    if kind == "image":
        services.add_booth_image(booth=booth, by=user, image=data["image"], alt=data["alt"], caption=data["caption"])
    elif kind == "video":
        services.add_booth_video(
            booth=booth,
            by=user,
            url=data["url"],
            title=data["title"],
            caption_tracks=data["caption_tracks"],
            caption_files=data["caption_files"],
        )
    elif kind == "captions":
        services.add_video_captions(video=data["video"], by=user, language=data["language"], file=data["file"])
    elif kind == "document":
        services.add_booth_document(booth=booth, by=user, file=data["file"], title=data["title"])
    else:
        services.add_booth_demo(booth=booth, by=user, session=data["session"], description=data["description"])


@staffed_booth
def booth_media(request: HttpRequest, event: Event, booth: Booth) -> HttpResponse:
    """The gallery, videos, documents and demos of a booth, each with a form to add one."""
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    only_for: dict[str, dict[str, Any]] = {
        "demo": {"sessions": services.demo_sessions(event=event, user=signed_in_account(request))},
        "captions": {"videos": booth.videos.all()},
    }
    forms = {
        kind: form_class(
            request.POST if posted == kind else None,
            request.FILES if posted == kind else None,
            event=event,
            prefix=kind,
            **only_for.get(kind, {}),
        )
        for kind, form_class in MEDIA_FORMS.items()
    }
    if posted in forms:
        form = forms[posted]
        if form.is_valid():
            try:
                _add_media(posted, form, booth, signed_in_account(request))
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Added to the booth."))
                return redirect("exhibition:booth_media", event_slug=event.slug, booth_slug=booth.slug)
    context = {
        "event": event,
        "booth": booth,
        "forms": forms,
        "images": booth.images.all(),
        "videos": booth.videos.all(),
        "documents": booth.documents.all(),
        "demos": booth.demos.select_related("session"),
    }
    status = INVALID if posted in forms and forms[posted].errors else 200
    return render(request, "exhibition/booth_media.html", context, status=status)


MEDIA_MODELS: dict[str, Any] = {
    "image": (BoothImage, "item", services.remove_booth_image),
    "video": (BoothVideo, "video", services.remove_booth_video),
    "document": (BoothDocument, "document", services.remove_booth_document),
    "demo": (BoothDemo, "demo", services.remove_booth_demo),
}


@require_POST
@staffed_booth
def booth_media_remove(request: HttpRequest, event: Event, booth: Booth, kind: str, pk: int) -> HttpResponse:
    if kind not in MEDIA_MODELS:
        raise Http404(_("A booth has no media of this kind."))
    model, argument, remove = MEDIA_MODELS[kind]
    item = get_object_or_404(model, booth=booth, pk=pk)
    try:
        remove(**{argument: item, "by": signed_in_account(request)})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed from the booth."))
    return redirect("exhibition:booth_media", event_slug=event.slug, booth_slug=booth.slug)


# --- Products --------------------------------------------------------------------------------------------


@staffed_booth
def product_list(request: HttpRequest, event: Event, booth: Booth) -> HttpResponse:
    return render(
        request, "exhibition/my_products.html", {"event": event, "booth": booth, "products": booth.products.all()}
    )


@staffed_booth
def product_edit(request: HttpRequest, event: Event, booth: Booth, product_slug: str | None = None) -> HttpResponse:
    """Create (no ``product_slug``) or change a product, with its pictures once it exists."""
    product = get_object_or_404(Product, booth=booth, slug=product_slug) if product_slug else None
    posted = request.POST.get("form", "product") if request.method == "POST" else ""
    instance = Product.objects.get(pk=product.pk) if product else None
    form = ProductForm(
        request.POST if posted == "product" else None,
        request.FILES if posted == "product" else None,
        event=event,
        booth=booth,
        **({"instance": instance} if instance else {}),
    )
    picture_form = ProductImageForm(
        request.POST if posted == "picture" else None,
        request.FILES if posted == "picture" else None,
        event=event,
        prefix="picture",
    )
    user = signed_in_account(request)
    if posted == "product" and form.is_valid():
        try:
            saved = services.save_product(
                booth=booth, by=user, product=form.instance if product else None, **form.service_values()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("“%(name)s” has been saved.") % {"name": saved.name})
            return redirect(
                "exhibition:product_edit", event_slug=event.slug, booth_slug=booth.slug, product_slug=saved.slug
            )
    if posted == "picture" and product is not None and picture_form.is_valid():
        try:
            services.add_product_image(
                product=product, by=user, image=picture_form.cleaned_data["image"], alt=picture_form.cleaned_data["alt"]
            )
        except ValidationError as error:
            add_service_error(picture_form, error)
        else:
            messages.success(request, _("Added to the product."))
            return redirect(
                "exhibition:product_edit", event_slug=event.slug, booth_slug=booth.slug, product_slug=product.slug
            )
    context = {
        "event": event,
        "booth": booth,
        "product": product,
        "form": form,
        "picture_form": picture_form,
        "pictures": product.images.all() if product else [],
    }
    status = INVALID if form.errors or picture_form.errors else 200
    return render(request, "exhibition/product_form.html", context, status=status)


@require_POST
@staffed_booth
def product_delete(request: HttpRequest, event: Event, booth: Booth, product_slug: str) -> HttpResponse:
    product = get_object_or_404(Product, booth=booth, slug=product_slug)
    try:
        services.delete_product(product=product, by=signed_in_account(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The product has been deleted."))
    return redirect("exhibition:products", event_slug=event.slug, booth_slug=booth.slug)


@require_POST
@staffed_booth
def product_picture_remove(
    request: HttpRequest, event: Event, booth: Booth, product_slug: str, pk: int
) -> HttpResponse:
    product = get_object_or_404(Product, booth=booth, slug=product_slug)
    item = get_object_or_404(product.images, pk=pk)
    try:
        services.remove_product_image(item=item, by=signed_in_account(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed from the product."))
    return redirect("exhibition:product_edit", event_slug=event.slug, booth_slug=booth.slug, product_slug=product.slug)
