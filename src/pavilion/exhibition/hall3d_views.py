"""The 3D exhibition hall page: a light HTML shell that decides, in the browser, whether to start the
3D hall (three.js, loaded only then) or to offer the 2D exhibition instead.

The hall itself is drawn from the exhibition JSON (``exhibition/api.py``) in the page's language,
so the page carries no booth data and is the same for every anonymous visitor (cached like the 2D
hall). Every booth the 3D hall shows is also on the 2D exhibition, which this page always links to.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from pavilion.core.public_cache import remember
from pavilion.events.access import get_visible_event


def hall_strings() -> dict[str, str]:
    """Texts the 3D hall's script writes into the page and onto its signs, in the page's language.
    ``{name}``-style fields are filled in by the script."""
    return {
        "national": _("National pavilion"),
        "corporate": _("Corporate pavilion"),
        "other_hall": _("Other exhibitors"),
        "no_pavilion": _("Not in a pavilion"),
        # Translators: the 3D hall's canvas description for screen readers.
        "canvas_label": _(
            "3D exhibition hall: {booths} booths in {pavilions} pavilions. Each booth is also in the list of "
            "booth links that follows and in the 2D exhibition."
        ),
        # Translators: read out when keyboard focus moves to a booth in the 3D hall.
        "focused": _("{name}, {pavilion}. Booth {index} of {count}. Press Enter to open its page."),
        # Translators: read out when a booth in the 3D hall comes alive because the visitor walked up to it;
        # {contents} lists what it shows, e.g. "Pictures: 2, Video with captions, Products: 3".
        "approached": _("{name}, {pavilion}: {contents}. Press Enter to open its page."),
        # Translators: as above, for a booth with neither pictures, video nor products.
        "approached_empty": _("{name}, {pavilion}. Press Enter to open its page."),
        # Translators: part of what a booth in the 3D hall shows, read out by screen readers.
        "contents_pictures": _("Pictures: {count}"),
        "contents_video": _("Video"),
        "contents_video_captions": _("Video with captions"),
        "contents_products": _("Products: {count}"),
        "opening": _("Opening {name}…"),
        "ready": _("The 3D hall is ready: {booths} booths. Press Tab to go from booth to booth."),
        "empty": _("No exhibitors have opened their booths yet."),
        "load_error": _("The 3D hall could not be loaded. The 2D exhibition shows every booth."),
        "context_lost": _("The 3D hall stopped because the graphics card was reset. Reload the page to try again."),
        "vr_error": _("Virtual reality could not be started on this device."),
        "ar_error": _("Augmented reality could not be started on this device."),
        # Translators: the link to a booth's page on the card of the booth chosen in the 3D hall.
        "open_booth": _("Open the booth page: {name}"),
        # Translators: on a booth's video screen in the 3D hall, for a video on another site (YouTube …).
        "video_elsewhere": _("Select to watch it in a new tab"),
        # Translators: a booth's place in the 3D hall, e.g. "Viet Nam · National pavilion".
        "pavilion_kind": pgettext("3D hall", "{pavilion} · {kind}"),
    }


def hall_3d(request: HttpRequest, event_slug: str) -> HttpResponse:
    """The 3D hall of an event's exhibition, for anyone who sees the event."""
    event = get_visible_event(slug=event_slug, user=request.user)
    language = get_language() or "en"
    context = {
        "event": event,
        "exhibition_json": f"{reverse('api:exhibition', kwargs={'slug': event.slug})}?lang={language}",
        "strings": hall_strings(),
    }
    response = render(request, "exhibition/hall_3d.html", context)
    remember(request=request, response=response, event_id=event.pk)  # replayed by the ASGI router
    return response
