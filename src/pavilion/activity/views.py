"""Video plays: the booth page links each video through here, so a play is counted with or without JavaScript.

``play`` records the play and redirects to the video's own address (the link a visitor follows
without JavaScript, or opens in a new tab). ``played`` is the beacon frontend/src/activity.js
sends (``navigator.sendBeacon``) when it lets the click go straight to the video instead; it
answers 204 with no body. Both answer 404 for a booth or video the visitor may not see.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from pavilion.activity.models import ActivityKind
from pavilion.activity.recorder import record
from pavilion.events.access import get_visible_event
from pavilion.exhibition.access import get_visible_booth
from pavilion.exhibition.models import Booth, BoothVideo


def _video(request: HttpRequest, event_slug: str, booth_slug: str, pk: int) -> tuple[Booth, BoothVideo]:
    event = get_visible_event(slug=event_slug, user=request.user)
    booth = get_visible_booth(event=event, slug=booth_slug, user=request.user)
    return booth, get_object_or_404(BoothVideo, booth=booth, pk=pk)


@require_GET
def play(request: HttpRequest, event_slug: str, booth_slug: str, pk: int) -> HttpResponseRedirect:
    booth, video = _video(request, event_slug, booth_slug, pk)
    record(request=request, kind=ActivityKind.VIDEO_PLAY, booth=booth, video=video)
    response = HttpResponseRedirect(video.url)
    response["Referrer-Policy"] = "no-referrer"  # the video's host need not learn which page sent the visitor
    return response


# A beacon carries no CSRF token (anonymous pages have none, and sendBeacon sets no headers). It only
# adds one analytics row, which anyone could also do by following the link above.
@csrf_exempt
@require_POST
def played(request: HttpRequest, event_slug: str, booth_slug: str, pk: int) -> HttpResponse:
    booth, video = _video(request, event_slug, booth_slug, pk)
    record(request=request, kind=ActivityKind.VIDEO_PLAY, booth=booth, video=video)
    return HttpResponse(status=204)
