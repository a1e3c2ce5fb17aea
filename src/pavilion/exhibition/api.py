"""The exhibition part of the JSON API: the published layout of an event's exhibition, for the 3D
hall and anyone else. Names are given in the requested language (``?lang=``, else English),
with the usual fallback (the same language family, English, the first one filled in); anonymous
answers are cached like the other public JSON and retired by any change to the exhibition."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django_countries import countries
from ninja import Field, Query, Router, Schema

from pavilion.events.access import get_visible_event
from pavilion.events.schedule import language as language_names
from pavilion.events.schemas import READ_ERRORS, cached_for_anonymous, current_user, dump_json
from pavilion.exhibition.access import published_booths
from pavilion.exhibition.models import Booth, BoothVideo, Hall, Pavilion

#: Video files a browser plays in the page itself (an HLS playlist would need a player script).
PLAYABLE_SUFFIXES = (".webm", ".mp4")

router = Router(tags=["exhibition"])


class ExhibitionQuery(Schema):
    lang: str | None = Field(None, description="A UI language code (en, fr, vi …), default en; names fall back.")


class HallOut(Schema):
    id: int
    slug: str
    name: str
    position: int


class PavilionOut(Schema):
    id: int
    slug: str
    hall: int | None = Field(description="The hall's id, or null outside any hall.")
    kind: str = Field(description='"national" or "corporate".')
    country: str = Field(description="ISO 3166 code of a national pavilion's country or economy, else empty.")
    country_name: str
    organisation: str | None = Field(description="The organisation's slug of a corporate pavilion.")
    organisation_name: str
    tier: str = Field(description='"small", "medium" or "large": how much floor the pavilion takes.')
    name: str
    position: int


class BoothImageOut(Schema):
    url: str
    alt: str = Field(description="What the picture shows, in the requested language.")
    width: int | None
    height: int | None


class CaptionTrackOut(Schema):
    language: str = Field(description="The captions' language code, e.g. fr or zh-hans.")
    label: str = Field(description="The language's name in that language, for the player's menu.")
    url: str = Field(description="The WebVTT file's address.")


class BoothVideoOut(Schema):
    title: str
    url: str = Field(description="The link a visitor follows to watch it (counted as a play, then redirected).")
    file: str | None = Field(
        description="The video file's own address where the browser can play it in the page (WebM or MP4), else null."
    )
    played: str = Field(description="Where to POST (a beacon) when the video is played in the page.")
    provider: str
    captions: list[CaptionTrackOut] = Field(description="The video's captions, one WebVTT file per language.")


class BoothProductOut(Schema):
    name: str
    kind: str
    url: str = Field(description="The product page in the requested language.")
    image: str | None = Field(description="The product's first picture, if any.")


class BoothOut(Schema):
    id: int
    slug: str
    name: str
    pavilion: int | None = Field(description="The pavilion's id, or null while not assigned.")
    owner: str = Field(description="The exhibitor organisation's slug.")
    logo: str | None = Field(description="The logo's address (re-encoded PNG or JPEG, at most 512 px).")
    url: str = Field(description="The booth page in the requested language.")
    position: int
    images: list[BoothImageOut] = Field(description="The booth's gallery, in its order (the same as the booth page).")
    videos: list[BoothVideoOut]
    products: list[BoothProductOut]


class ExhibitionOut(Schema):
    event: str
    language: str
    halls: list[HallOut]
    pavilions: list[PavilionOut]
    booths: list[BoothOut]


def _language(requested: str | None) -> str:
    """The requested UI language, else English: never the caller's headers, since the cached answer
    for an address is replayed to every anonymous caller of that address."""
    codes = [code for code, _name in settings.LANGUAGES]
    return str(requested) if requested in codes else settings.LANGUAGE_CODE


def _video_out(*, event_slug: str, booth: Booth, video: BoothVideo, language: str) -> BoothVideoOut:
    kwargs = {"event_slug": event_slug, "booth_slug": booth.slug, "pk": video.pk}
    path = urlsplit(video.url).path.lower()
    # The activity app's links, named as the booth page names them: following one counts a play.
    return BoothVideoOut(
        title=video.title.localize(language),
        url=reverse("activity:video_play", kwargs=kwargs),
        file=video.url if path.endswith(PLAYABLE_SUFFIXES) else None,
        played=reverse("activity:video_played", kwargs=kwargs),
        provider=video.provider,
        captions=[
            CaptionTrackOut(language=code, label=language_names(code).native_name, url=address)
            for code, address in sorted(video.caption_tracks.items())
        ],
    )


@router.get(
    "events/{slug}/exhibition", response={200: ExhibitionOut, **READ_ERRORS}, summary="The published exhibition"
)
def exhibition(request: HttpRequest, slug: str, query: Query[ExhibitionQuery]) -> HttpResponse:
    """Halls, pavilions and published booths (unpublished booths are absent, for everyone)."""
    event = get_visible_event(slug=slug, user=current_user(request))
    language = _language(query.lang)

    def build() -> bytes:
        with translation.override(language):
            halls = Hall.objects.filter(event=event)
            pavilions = Pavilion.objects.filter(event=event).select_related("organisation")
            booths = (
                published_booths(event=event)
                .select_related("owner")
                .prefetch_related("images", "videos", "products__images")
                .order_by("pavilion_id", "position", "slug")
            )
            out = ExhibitionOut(
                event=event.slug,
                language=language,
                halls=[
                    HallOut(id=hall.pk, slug=hall.slug, name=hall.name.localize(language), position=hall.position)
                    for hall in halls
                ],
                pavilions=[
                    PavilionOut(
                        id=pavilion.pk,
                        slug=pavilion.slug,
                        hall=pavilion.hall_id,
                        kind=pavilion.kind,
                        country=str(pavilion.country or ""),
                        country_name=str(countries.name(str(pavilion.country))) if pavilion.country else "",
                        organisation=pavilion.organisation.slug if pavilion.organisation else None,
                        organisation_name=pavilion.organisation.name.localize(language)
                        if pavilion.organisation
                        else "",
                        tier=pavilion.tier,
                        name=pavilion.name.localize(language) if pavilion.name else pavilion.display_name,
                        position=pavilion.position,
                    )
                    for pavilion in pavilions
                ],
                booths=[
                    BoothOut(
                        id=booth.pk,
                        slug=booth.slug,
                        name=booth.name.localize(language),
                        pavilion=booth.pavilion_id,
                        owner=booth.owner.slug,
                        logo=booth.logo.url if booth.logo else None,
                        url=reverse("exhibition:booth", kwargs={"event_slug": event.slug, "booth_slug": booth.slug}),
                        position=booth.position,
                        images=[
                            BoothImageOut(
                                url=image.image.url,
                                alt=image.alt.localize(language),
                                width=image.width,
                                height=image.height,
                            )
                            for image in booth.images.all()
                        ],
                        videos=[
                            _video_out(event_slug=event.slug, booth=booth, video=video, language=language)
                            for video in booth.videos.all()
                        ],
                        products=[
                            BoothProductOut(
                                name=product.name.localize(language),
                                kind=product.kind,
                                url=reverse(
                                    "exhibition:product",
                                    kwargs={
                                        "event_slug": event.slug,
                                        "booth_slug": booth.slug,
                                        "product_slug": product.slug,
                                    },
                                ),
                                image=next((picture.image.url for picture in product.images.all()), None),
                            )
                            for product in booth.products.all()
                        ],
                    )
                    for booth in booths
                ],
            )
        return dump_json(ExhibitionOut, out)

    return cached_for_anonymous(request, event=event, variant={"lang": language}, build=build)
