"""The exhibition's rules: organisers lay out halls and pavilions, create booths and review them;
a booth's staff edit its content and submit it for approval.

Every function checks who is asking first (organisers: ``events.organising.require_organiser``;
staff: membership of the booth's staff), validates the whole object before saving, is atomic, and
changes nothing when it raises. Uploads are checked by content (``core.uploads``). Changes that
visitors of a booth see are published on its live topic ``booth:<id>`` after the commit.

Review: draft → submitted (staff) → approved (organisers) → published ⇄ approved (organisers);
organisers may return a submitted or approved booth to draft with a note. Staff edit a booth in
any state except "submitted" (it is waiting for a decision); a published booth stays published
when its staff change it (organisers may unpublish it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pavilion.accounts.models import User
from pavilion.core.uploads import (
    ImageChange,
    change_image,
    check_captions_language,
    checked_pdf,
    delete_after_commit,
    delete_captions_after_commit,
    reencoded_image,
    replace_captions,
    store_captions,
)
from pavilion.core.writes import check_fields
from pavilion.directory.models import Organisation
from pavilion.events.access import viewer_for, visible_sessions
from pavilion.events.models import Event, Session
from pavilion.events.organising import require_organiser
from pavilion.exhibition.models import (
    Booth,
    BoothDemo,
    BoothDocument,
    BoothImage,
    BoothStatus,
    BoothVideo,
    Hall,
    Pavilion,
    Product,
    ProductImage,
)
from pavilion.live.broker import publish_on_commit

HALL_FIELDS = frozenset({"slug", "name", "description", "position"})
PAVILION_FIELDS = frozenset(
    {"slug", "hall", "kind", "country", "organisation", "tier", "name", "description", "position"}
)
BOOTH_FIELDS = frozenset({"name", "description", "contact_email", "contact_phone", "website"})
PRODUCT_FIELDS = frozenset({"slug", "kind", "name", "description", "category", "themes", "position"})
GALLERY_MAX_SIDE = 1600
BANNER_MAX_SIDE = 1600
LOGO_MAX_SIDE = 512


def _assign(item: models.Model, values: dict[str, Any], allowed: frozenset[str]) -> None:
    check_fields(values, allowed)
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()


def require_staff(*, booth: Booth, user: User) -> None:
    """Only a booth's staff change its content (organisers review it; they do not write it)."""
    if not booth.staff.filter(pk=user.pk).exists():
        raise PermissionDenied("Only the booth's staff may change it.")


def _require_editable(booth: Booth) -> None:
    if booth.status == BoothStatus.SUBMITTED:
        raise ValidationError(_("This booth is waiting for the organisers' decision; it cannot be changed meanwhile."))


def booth_live_state(booth: Booth) -> dict[str, Any]:
    """The booth as its live topic shows it (the ``booth`` snapshot part and the events that change it)."""
    data = getattr(booth.name, "data", booth.name)
    name = {str(k): str(v) for k, v in data.items() if v} if isinstance(data, dict) else {"en": str(data or "")}
    return {"id": booth.pk, "slug": booth.slug, "name": name, "published": booth.status == BoothStatus.PUBLISHED}


def _announce(booth: Booth) -> None:
    publish_on_commit(f"booth:{booth.pk}", {"booth": booth_live_state(booth)})


# --- Halls and pavilions (organisers) -------------------------------------------------------------


@transaction.atomic
def save_hall(*, event: Event, by: User, hall: Hall | None = None, **values: Any) -> Hall:
    """Create (``hall`` None) or change a hall of the event's exhibition."""
    require_organiser(event=event, user=by)
    if hall is None:
        hall = Hall(event=event)
    elif hall.event_id != event.pk:
        raise ValidationError(_("This hall belongs to another event."))
    _assign(hall, values, HALL_FIELDS)
    return hall


def delete_hall(*, hall: Hall, by: User) -> None:
    """Remove a hall; its pavilions stay, outside any hall."""
    require_organiser(event=hall.event, user=by)
    hall.delete()


@transaction.atomic
def save_pavilion(*, event: Event, by: User, pavilion: Pavilion | None = None, **values: Any) -> Pavilion:
    """Create (``pavilion`` None) or change a pavilion: national (a country) or corporate (an organisation)."""
    require_organiser(event=event, user=by)
    if pavilion is None:
        pavilion = Pavilion(event=event)
    elif pavilion.event_id != event.pk:
        raise ValidationError(_("This pavilion belongs to another event."))
    _assign(pavilion, values, PAVILION_FIELDS)
    return pavilion


def delete_pavilion(*, pavilion: Pavilion, by: User) -> None:
    """Remove a pavilion; its booths stay, waiting to be assigned again."""
    require_organiser(event=pavilion.event, user=by)
    pavilion.delete()


# --- Booths: organisers ----------------------------------------------------------------------------


@transaction.atomic
def create_booth(
    *,
    event: Event,
    by: User,
    owner: Organisation,
    slug: str,
    name: Any,
    staff: Iterable[User] = (),
    pavilion: Pavilion | None = None,
) -> Booth:
    """Open a booth for an exhibitor organisation, with the accounts that will fill it in (a draft)."""
    require_organiser(event=event, user=by)
    booth = Booth(event=event, owner=owner, slug=slug, name=name, pavilion=pavilion)
    booth.full_clean()
    booth.save()
    booth.staff.set(list(staff))
    return booth


@transaction.atomic
def set_booth_staff(*, booth: Booth, by: User, staff: Iterable[User]) -> None:
    """Replace the accounts that may edit the booth."""
    require_organiser(event=booth.event, user=by)
    booth.staff.set(list(staff))


@transaction.atomic
def assign_booth(*, booth: Booth, by: User, pavilion: Pavilion | None, position: int | None = None) -> Booth:
    """Place a booth in a pavilion of the same event (None: take it out of its pavilion)."""
    require_organiser(event=booth.event, user=by)
    booth.pavilion = pavilion
    if position is not None:
        booth.position = position
    booth.full_clean()
    booth.save(update_fields=["pavilion", "position"])
    return booth


def _set_status(booth: Booth, status: BoothStatus, *, allowed_from: set[BoothStatus], note: str | None = None) -> None:
    if booth.status not in allowed_from:
        raise ValidationError(
            _("A booth that is “%(status)s” cannot be changed this way.") % {"status": booth.get_status_display()}
        )
    booth.status = status
    fields = ["status"]
    if status in {BoothStatus.APPROVED, BoothStatus.PUBLISHED, BoothStatus.DRAFT}:
        booth.reviewed_at = timezone.now()
        fields.append("reviewed_at")
    if note is not None:
        booth.review_note = note
        fields.append("review_note")
    booth.save(update_fields=fields)
    _announce(booth)


@transaction.atomic
def approve_booth(*, booth: Booth, by: User) -> Booth:
    """Accept a submitted booth; it is not shown until it is published."""
    require_organiser(event=booth.event, user=by)
    _set_status(booth, BoothStatus.APPROVED, allowed_from={BoothStatus.SUBMITTED}, note="")
    return booth


@transaction.atomic
def return_booth(*, booth: Booth, by: User, note: str) -> Booth:
    """Send a submitted or approved booth back to its staff as a draft, saying what to change."""
    require_organiser(event=booth.event, user=by)
    if not note.strip():
        raise ValidationError({"note": _("Say what should change.")})
    _set_status(booth, BoothStatus.DRAFT, allowed_from={BoothStatus.SUBMITTED, BoothStatus.APPROVED}, note=note)
    return booth


@transaction.atomic
def publish_booth(*, booth: Booth, by: User) -> Booth:
    """Show an approved booth (or a submitted one, approving it at once) to visitors."""
    require_organiser(event=booth.event, user=by)
    _set_status(booth, BoothStatus.PUBLISHED, allowed_from={BoothStatus.APPROVED, BoothStatus.SUBMITTED}, note="")
    return booth


@transaction.atomic
def unpublish_booth(*, booth: Booth, by: User) -> Booth:
    """Hide a published booth from visitors; it stays approved and can be published again."""
    require_organiser(event=booth.event, user=by)
    _set_status(booth, BoothStatus.APPROVED, allowed_from={BoothStatus.PUBLISHED})
    return booth


# --- Booths: staff ---------------------------------------------------------------------------------


@transaction.atomic
def update_booth(
    *, booth: Booth, by: User, logo: ImageChange = None, banner: ImageChange = None, **values: Any
) -> Booth:
    """Change a booth's texts, contact channels, logo and banner (uploads re-encoded), all or nothing."""
    require_staff(booth=booth, user=by)
    _require_editable(booth)
    _assign(booth, values, BOOTH_FIELDS)
    change_image(booth, "logo", logo, max_side=LOGO_MAX_SIDE)
    change_image(booth, "banner", banner, max_side=BANNER_MAX_SIDE)
    _announce(booth)
    return booth


@transaction.atomic
def submit_booth(*, booth: Booth, by: User) -> Booth:
    """Ask the organisers to approve a draft booth."""
    require_staff(booth=booth, user=by)
    if booth.status != BoothStatus.DRAFT:
        raise ValidationError(_("Only a draft booth can be submitted."))
    booth.status = BoothStatus.SUBMITTED
    booth.submitted_at = timezone.now()
    booth.save(update_fields=["status", "submitted_at"])
    return booth


@transaction.atomic
def add_booth_image(*, booth: Booth, by: User, image: File, alt: Any, caption: Any = None) -> BoothImage:
    """Add a picture to the booth's gallery (re-encoded, at most GALLERY_MAX_SIDE pixels a side)."""
    require_staff(booth=booth, user=by)
    _require_editable(booth)
    item = BoothImage(booth=booth, alt=alt, caption=caption or {}, position=booth.images.count())
    item.full_clean(exclude=["image"])
    picture = reencoded_image(image, field="image", max_side=GALLERY_MAX_SIDE)
    item.image.save(str(picture.name), picture, save=True)
    return item


@transaction.atomic
def remove_booth_image(*, item: BoothImage, by: User) -> None:
    """Take a picture out of the gallery (the file goes once the change has committed)."""
    require_staff(booth=item.booth, user=by)
    _require_editable(item.booth)
    delete_after_commit(item, "image", item.image.name)
    item.delete()


#: Where uploaded captions of booth videos are stored (named ``<video id>-<random>.vtt``).
CAPTIONS_FOLDER = "exhibition/captions/"


@transaction.atomic
def add_booth_video(
    *,
    booth: Booth,
    by: User,
    url: str,
    title: Any,
    caption_tracks: dict[str, str] | None = None,
    caption_files: dict[str, File] | None = None,
) -> BoothVideo:
    """Link a video (https only); visitors choose to open it. Its captions, shown with the video where
    the browser plays it (the 3D hall's screen and player): ``caption_tracks``, a WebVTT address per
    language, and ``caption_files``, an uploaded WebVTT file per language (checked, then stored and
    given by its address on this site)."""
    require_staff(booth=booth, user=by)
    _require_editable(booth)
    video = BoothVideo(
        booth=booth, url=url, title=title, caption_tracks=caption_tracks or {}, position=booth.videos.count()
    )
    video.full_clean()
    video.save()
    for language, upload in (caption_files or {}).items():
        check_captions_language(language, field="captions_language")
        video.caption_tracks[language] = store_captions(
            upload, folder=CAPTIONS_FOLDER, owner=video.pk, field="captions_file"
        )
    if caption_files:
        video.full_clean()
        video.save(update_fields=["caption_tracks"])
    return video


@transaction.atomic
def add_video_captions(*, video: BoothVideo, by: User, language: str, file: File) -> BoothVideo:
    """Give a booth's video its captions in ``language`` from an uploaded WebVTT file, in place of
    the captions it had in that language (an uploaded file of those goes once this has committed)."""
    require_staff(booth=video.booth, user=by)
    _require_editable(video.booth)
    video = BoothVideo.objects.select_for_update().get(pk=video.pk)
    replace_captions(video, language=language, upload=file, folder=CAPTIONS_FOLDER)
    return video


@transaction.atomic
def remove_booth_video(*, video: BoothVideo, by: User) -> None:
    require_staff(booth=video.booth, user=by)
    _require_editable(video.booth)
    delete_captions_after_commit(list(video.caption_tracks.values()), folder=CAPTIONS_FOLDER)
    video.delete()


@transaction.atomic
def add_booth_document(*, booth: Booth, by: User, file: File, title: Any) -> BoothDocument:
    """Offer a PDF for download (checked to be a PDF, at most core.uploads.DOCUMENT_MAX_BYTES)."""
    require_staff(booth=booth, user=by)
    _require_editable(booth)
    document = BoothDocument(booth=booth, title=title, position=booth.documents.count())
    document.full_clean(exclude=["file"])
    content = checked_pdf(file, field="file")
    document.size = content.size
    document.file.save(str(content.name), content, save=True)
    return document


@transaction.atomic
def remove_booth_document(*, document: BoothDocument, by: User) -> None:
    require_staff(booth=document.booth, user=by)
    _require_editable(document.booth)
    delete_after_commit(document, "file", document.file.name)
    document.delete()


@transaction.atomic
def save_product(
    *,
    booth: Booth,
    by: User,
    product: Product | None = None,
    spec_sheet: File | bool | None = None,
    **values: Any,
) -> Product:
    """Create (``product`` None) or change a product, service or solution; ``spec_sheet`` replaces
    (a PDF file), removes (False) or keeps (None) its specification sheet."""
    require_staff(booth=booth, user=by)
    _require_editable(booth)
    if product is None:
        product = Product(booth=booth, position=booth.products.count())
    elif product.booth_id != booth.pk:
        raise ValidationError(_("This product belongs to another booth."))
    _assign(product, values, PRODUCT_FIELDS)
    old_sheet = product.spec_sheet.name
    if spec_sheet is False and old_sheet:
        product.spec_sheet = ""
        product.save(update_fields=["spec_sheet"])
        delete_after_commit(product, "spec_sheet", old_sheet)
    elif isinstance(spec_sheet, File):
        content = checked_pdf(spec_sheet, field="spec_sheet")
        product.spec_sheet.save(str(content.name), content, save=True)
        if old_sheet:
            delete_after_commit(product, "spec_sheet", old_sheet)
    return product


@transaction.atomic
def delete_product(*, product: Product, by: User) -> None:
    require_staff(booth=product.booth, user=by)
    _require_editable(product.booth)
    for picture in product.images.all():
        delete_after_commit(picture, "image", picture.image.name)
    if product.spec_sheet:
        delete_after_commit(product, "spec_sheet", product.spec_sheet.name)
    product.delete()


@transaction.atomic
def add_product_image(*, product: Product, by: User, image: File, alt: Any) -> ProductImage:
    """Add a picture of a product (re-encoded)."""
    require_staff(booth=product.booth, user=by)
    _require_editable(product.booth)
    item = ProductImage(product=product, alt=alt, position=product.images.count())
    item.full_clean(exclude=["image"])
    picture = reencoded_image(image, field="image", max_side=GALLERY_MAX_SIDE)
    item.image.save(str(picture.name), picture, save=True)
    return item


@transaction.atomic
def remove_product_image(*, item: ProductImage, by: User) -> None:
    require_staff(booth=item.product.booth, user=by)
    _require_editable(item.product.booth)
    delete_after_commit(item, "image", item.image.name)
    item.delete()


@transaction.atomic
def add_booth_demo(*, booth: Booth, by: User, session: Session, description: Any = None) -> BoothDemo:
    """Announce a demonstration in one of the event's sessions that the staff member may see
    (a closed session's title must not reach booth staff through this door either)."""
    require_staff(booth=booth, user=by)
    _require_editable(booth)
    if (
        session.event_id == booth.event_id
        and not demo_sessions(event=booth.event, user=by).filter(pk=session.pk).exists()
    ):
        raise ValidationError({"session": _("Choose one of the event's sessions that you can see.")})
    demo = BoothDemo(booth=booth, session=session, description=description or {})
    demo.full_clean()
    demo.save()
    return demo


def demo_sessions(*, event: Event, user: User) -> models.QuerySet[Session]:
    """The sessions a booth's staff member may announce a demo in: those the viewer's access rule shows them."""
    return visible_sessions(event=event, viewer=viewer_for(event=event, user=user)).order_by("starts_at")


@transaction.atomic
def remove_booth_demo(*, demo: BoothDemo, by: User) -> None:
    require_staff(booth=demo.booth, user=by)
    _require_editable(demo.booth)
    demo.delete()
