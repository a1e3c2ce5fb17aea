"""The per-request memo: one answer per question within a GET, a fresh answer everywhere else."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from pavilion.core.request_memo import RequestMemoMiddleware, memoized, remember


def asked_for(asked: list[str], question: str, answer: object = None) -> object:
    """Note that ``question`` was asked; answer ``answer``, or how many questions were asked so far."""
    asked.append(question)
    return len(asked) if answer is None else answer


def asking_twice(asked: list[str]) -> HttpResponse:
    def view(request: HttpRequest) -> HttpResponse:
        answers = [memoized(("role", 1), lambda: asked_for(asked, "role")) for _ in range(2)]
        remember(("other", 1), "kept")
        other = memoized(("other", 1), lambda: asked_for(asked, "other", "asked"))
        return HttpResponse(f"{answers[0]} {answers[1]} {other}")

    return view  # type: ignore[return-value]


@pytest.mark.parametrize("method", ["get", "head"])
def test_a_read_only_request_asks_each_question_once(method: str) -> None:
    asked: list[str] = []
    middleware = RequestMemoMiddleware(asking_twice(asked))  # type: ignore[arg-type]
    response = middleware(getattr(RequestFactory(), method)("/"))
    assert response.content == b"1 1 kept"
    assert asked == ["role"]
    middleware(RequestFactory().get("/"))  # the next request asks again
    assert asked == ["role", "role"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_request_that_writes_asks_every_time(method: str) -> None:
    asked: list[str] = []
    middleware = RequestMemoMiddleware(asking_twice(asked))  # type: ignore[arg-type]
    response = middleware(getattr(RequestFactory(), method)("/"))
    assert response.content == b"1 2 asked"
    assert asked == ["role", "role", "other"]


def test_outside_a_request_nothing_is_kept() -> None:
    asked: list[str] = []
    assert [memoized("key", lambda: asked_for(asked, "x")) for _ in range(3)] == [1, 2, 3]
    remember("key", "ignored")
    assert memoized("key", lambda: "fresh") == "fresh"


def test_the_memo_ends_with_its_request_even_when_the_view_fails() -> None:
    def failing(request: HttpRequest) -> HttpResponse:
        memoized("key", lambda: "inside")
        raise RuntimeError("view failed")

    with pytest.raises(RuntimeError):
        RequestMemoMiddleware(failing)(RequestFactory().get("/"))
    assert memoized("key", lambda: "outside") == "outside"
