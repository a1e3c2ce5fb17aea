"""Answers worked out once per page view: a role asked about by the view, the menu and the header.

A page asks the same questions of the database several times (does this person organise the event?
are they on a booth's staff?), each from a different app's code. Inside a read-only request
(GET or HEAD) ``memoized`` keeps each answer for the rest of the request, so the question costs
one query however many parts ask it. Outside a request (the live gateway, commands, tests that call
services) and in requests that write, nothing is kept: every call asks the database, so a role
changed by the request itself, or while a connection stays open, is always seen.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_answers: ContextVar[dict[Hashable, object] | None] = ContextVar("pavilion_request_memo", default=None)

READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


def memoized(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, asked once per read-only request for each ``key`` (every time elsewhere)."""
    answers = _answers.get()
    if answers is None:
        return compute()
    if key not in answers:
        answers[key] = compute()
    return answers[key]  # type: ignore[return-value]


def remember(key: Hashable, value: object) -> None:
    """Keep an answer worked out along with another one (nothing outside a read-only request)."""
    answers = _answers.get()
    if answers is not None:
        answers[key] = value


class RequestMemoMiddleware:
    """Open a memo for each GET and HEAD request and drop it when the response is made."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READ_ONLY_METHODS:
            return self.get_response(request)
        token = _answers.set({})
        try:
            return self.get_response(request)
        finally:
            _answers.reset(token)
