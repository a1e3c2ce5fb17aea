from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.core.public_cache import is_replayable
from pavilion.exhibition.models import Booth, Product
from pavilion.surveys.interest import interest_survey_for
from pavilion.surveys.models import Answer, Response, Survey
from tests.factories import (
    BoothFactory,
    ProductFactory,
    QuestionFactory,
    SessionFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _product_page(product: Product) -> str:
    return f"/en/events/{product.booth.event.slug}/exhibition/booths/{product.booth.slug}/products/{product.slug}/"


def _tap_url(product: Product) -> str:
    booth = product.booth
    return f"/en/events/{booth.event.slug}/surveys/interest/booths/{booth.slug}/products/{product.slug}/"


def _staff_booth() -> tuple[Booth, Product, User]:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff], name={"en": "Mekong Telecom"})
    return booth, ProductFactory.create(booth=booth), staff


# --- The one-tap widget --------------------------------------------------------------------------------


def test_product_and_booth_pages_show_the_five_buttons() -> None:
    booth, product, _staff = _staff_booth()
    for url in (_product_page(product), f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/"):
        page = Client().get(url).content.decode()
        assert "How interested are you?" in page
        for label in ("Not interested", "Slightly interested", "Somewhat interested", "Interested", "Very interested"):
            assert f'aria-pressed="false">{label}</button>' in page
        assert "build/surveys.js" in page


def test_signed_out_tap_without_javascript_is_counted_by_browser_session() -> None:
    _booth, product, _staff = _staff_booth()
    client = Client()
    client.get(_product_page(product))
    response = client.post(_tap_url(product), {"level": "5"})
    assert response.status_code == 302
    assert response["Location"] == _product_page(product) + "#interest"
    stored = Response.objects.get()
    assert (stored.respondent, len(stored.session_key_hash)) == (None, 64)
    page = client.get(_product_page(product)).content.decode()
    assert "Thank you: you chose “Very interested”." in page
    assert 'aria-pressed="true">Very interested</button>' in page
    assert "Sign in to share your name and contact with Mekong Telecom." in page
    assert "Share my name and contact" not in page.replace("Sign in to share your name and contact", "")
    client.post(_tap_url(product), {"level": "2"})
    assert Response.objects.count() == 1
    assert list(Answer.objects.values_list("number", flat=True)) == [2]


def test_signed_out_visitor_cannot_consent() -> None:
    _booth, product, _staff = _staff_booth()
    client = Client()
    client.post(_tap_url(product), {"level": "4"})
    client.post(_tap_url(product) + "follow-up/", {"consent": "on"})
    assert Response.objects.get().consent_to_share is False


def test_htmx_tap_returns_the_widget_with_follow_ups_and_consent() -> None:
    _booth, product, _staff = _staff_booth()
    survey = interest_survey_for(product=product)
    assert survey is not None
    QuestionFactory.create(survey=survey, kind="yes_no", text={"en": "Would you like a demonstration?"})
    visitor = UserFactory.create(full_name="Nguyễn Thị Lan")
    client = _signed_in(visitor)
    response = client.post(_tap_url(product), {"level": "5"}, headers=HTMX)
    assert response.status_code == 200
    widget = response.content.decode()
    assert widget.startswith('\n<section id="interest"') or widget.lstrip().startswith('<section id="interest"')
    assert "<html" not in widget
    assert "Thank you: you chose “Very interested”." in widget
    assert "Would you like a demonstration?" in widget
    assert "Share my name and contact with Mekong Telecom" in widget
    assert 'name="consent"' in widget
    assert "checked" not in widget.split('name="consent"')[1].split(">")[0]
    question = survey.questions.get(kind="yes_no")
    sent = client.post(_tap_url(product) + "follow-up/", {f"q{question.pk}": "yes", "consent": "on"}, headers=HTMX)
    assert sent.status_code == 200
    assert "Thank you: your answers were saved." in sent.content.decode()
    stored = Response.objects.get()
    assert (stored.respondent, stored.consent_to_share) == (visitor, True)
    assert stored.consent_text == "Share my name and contact with Mekong Telecom"
    answers = Answer.objects.order_by("question__position").values_list("number", "boolean")
    assert list(answers) == [(5, None), (None, True)]


def test_refused_follow_up_shows_the_message_and_changes_nothing() -> None:
    _booth, product, _staff = _staff_booth()
    survey = interest_survey_for(product=product)
    assert survey is not None
    rating = QuestionFactory.create(survey=survey, kind="rating", required=True)
    client = _signed_in(UserFactory.create())
    client.post(_tap_url(product), {"level": "3"})
    refused = client.post(_tap_url(product) + "follow-up/", {f"q{rating.pk}": "9", "consent": "on"}, headers=HTMX)
    assert refused.status_code == 400
    assert "Give a rating from 1 to 5." in refused.content.decode()
    plain = client.post(_tap_url(product) + "follow-up/", {"consent": "on"})
    assert plain.status_code == 400
    assert "This question needs an answer." in plain.content.decode()
    stored = Response.objects.get()
    assert stored.consent_to_share is False
    assert list(Answer.objects.values_list("number", flat=True)) == [3]


def test_tap_on_a_booth_the_visitor_cannot_see_is_404() -> None:
    booth = BoothFactory.create(status="draft")
    product = ProductFactory.create(booth=booth)
    assert Client().post(_tap_url(product), {"level": "5"}).status_code == 404
    assert Survey.objects.count() == 0


def test_tap_with_an_unknown_level_is_refused() -> None:
    _booth, product, _staff = _staff_booth()
    client = _signed_in(UserFactory.create())
    response = client.post(_tap_url(product), {"level": "8"}, headers=HTMX)
    assert response.status_code == 400
    assert "Choose one of the five steps, from “Not interested” to “Very interested”." in response.content.decode()
    assert Response.objects.count() == 0


def test_booth_page_queries_do_not_grow_with_follow_up_questions() -> None:
    counts = []
    for number in (1, 3):
        booth, _product, _staff = _staff_booth()
        survey = interest_survey_for(booth=booth)
        assert survey is not None
        for _ in range(number):
            QuestionFactory.create(survey=survey, kind="rating")
        client = _signed_in(UserFactory.create())
        url = f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/"
        client.post(f"/en/events/{booth.event.slug}/surveys/interest/booths/{booth.slug}/", {"level": "4"})
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Answering a survey --------------------------------------------------------------------------------


def test_identified_survey_page_asks_to_sign_in_then_saves_and_updates() -> None:
    survey = SurveyFactory.create(title={"en": "Broadband needs"})
    rating = QuestionFactory.create(survey=survey, kind="rating", required=True)
    url = f"/en/events/{survey.event.slug}/surveys/{survey.pk}/"
    assert Client().get(url)["Location"].startswith("/en/accounts/login/")
    client = _signed_in(UserFactory.create())
    page = client.get(url).content.decode()
    assert "Broadband needs" in page
    assert "Share my name and contact with Event" in page
    refused = client.post(url, {f"q{rating.pk}": "11"})
    assert refused.status_code == 400
    assert "Give a rating from 1 to 5." in refused.content.decode()
    assert client.post(url, {f"q{rating.pk}": "4"}).status_code == 302
    assert client.post(url, {f"q{rating.pk}": "2"}).status_code == 302
    assert list(Answer.objects.values_list("number", flat=True)) == [2]
    assert f'value="2" id="id_q{rating.pk}_1" checked>' in client.get(url).content.decode()


def test_draft_survey_and_unseen_session_survey_are_404() -> None:
    draft = SurveyFactory.create(status="draft")
    client = _signed_in(UserFactory.create())
    assert client.get(f"/en/events/{draft.event.slug}/surveys/{draft.pk}/").status_code == 404
    closed_session = SessionFactory.create(access_level="invited")
    survey = SurveyFactory.create(event=closed_session.event, target="session", session=closed_session)
    assert client.get(f"/en/events/{survey.event.slug}/surveys/{survey.pk}/").status_code == 404


def test_anonymous_survey_is_answered_without_an_account() -> None:
    survey = SurveyFactory.create(is_anonymous=True)
    question = QuestionFactory.create(survey=survey, kind="yes_no")
    url = f"/en/events/{survey.event.slug}/surveys/{survey.pk}/"
    client = Client()
    assert "Share my name" not in client.get(url).content.decode()
    assert client.post(url, {f"q{question.pk}": "no"}).status_code == 302
    assert client.post(url, {f"q{question.pk}": "yes"}).status_code == 302
    assert [(r.respondent, bool(r.session_key_hash)) for r in Response.objects.all()] == [(None, True)]
    assert list(Answer.objects.values_list("boolean", flat=True)) == [True]


# --- Session feedback ----------------------------------------------------------------------------------


def _session_url(session: object) -> str:
    return f"/en/events/{session.event.slug}/sessions/{session.slug}/"  # type: ignore[attr-defined]


def test_feedback_prompt_shows_only_after_the_end_for_signed_in_viewers() -> None:
    now = timezone.now()
    ended = SessionFactory.create(starts_at=now - timedelta(hours=2), ends_at=now - timedelta(minutes=1))
    running = SessionFactory.create(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    client = _signed_in(UserFactory.create())
    page = client.get(_session_url(ended)).content.decode()
    assert '<section id="feedback" class="feedback-prompt"' in page
    assert f'data-ends-at="{ended.ends_at.isoformat()}">' in page  # not hidden
    assert "Give feedback" in page
    assert "build/feedback.js" not in page
    page = client.get(_session_url(running)).content.decode()
    assert f'data-ends-at="{running.ends_at.isoformat()}" hidden>' in page
    assert "build/feedback.js" in page
    assert 'id="feedback"' not in Client().get(_session_url(ended)).content.decode()


def test_feedback_is_only_for_those_who_can_see_the_session() -> None:
    now = timezone.now()
    session = SessionFactory.create(
        access_level="invited", starts_at=now - timedelta(hours=2), ends_at=now - timedelta(minutes=1)
    )
    invited, outsider = UserFactory.create(), UserFactory.create()
    session.invitees.add(invited)
    feedback_url = _session_url(session) + "feedback/"
    assert _signed_in(outsider).get(feedback_url).status_code == 404
    assert _signed_in(outsider).get(_session_url(session)).status_code == 404
    client = _signed_in(invited)
    assert "Give feedback" in client.get(_session_url(session)).content.decode()
    answer_url = client.get(feedback_url)["Location"]
    survey = Survey.objects.get(session=session)
    assert answer_url == f"/en/events/{session.event.slug}/surveys/{survey.pk}/"
    template = Survey.objects.get(event=session.event, purpose="feedback", target="event")
    assert client.get(f"/en/events/{session.event.slug}/surveys/{template.pk}/").status_code == 404
    rating, improve = survey.questions.all()
    assert (str(rating.text), str(improve.text)) == ("How useful was this session?", "What should we improve?")
    assert (
        client.post(answer_url, {f"q{rating.pk}": "5", f"q{improve.pk}": "More time for questions"}).status_code == 302
    )
    assert "Change your feedback" in client.get(_session_url(session)).content.decode()


def test_feedback_before_the_end_is_not_open() -> None:
    now = timezone.now()
    session = SessionFactory.create(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    client = _signed_in(UserFactory.create())
    answer_url = client.get(_session_url(session) + "feedback/")["Location"]
    page = client.get(answer_url).content.decode()
    assert "This survey is not open for answers." in page
    rating = Survey.objects.get(session=session).questions.first()
    assert rating is not None
    assert client.post(answer_url, {f"q{rating.pk}": "5"}).status_code == 400
    assert Response.objects.count() == 0


# --- Owners' pages -------------------------------------------------------------------------------------


def test_organiser_and_booth_pages_answer_404_to_the_other_side() -> None:
    booth, _product, staff = _staff_booth()
    organiser = UserFactory.create()
    booth.event.organising_team.add(organiser)
    organiser_url = f"/en/manage/{booth.event.slug}/surveys/"
    booth_url = f"/en/events/{booth.event.slug}/exhibition/my-booths/{booth.slug}/surveys/"
    assert _signed_in(organiser).get(organiser_url).status_code == 200
    assert _signed_in(staff).get(organiser_url).status_code == 404
    assert _signed_in(staff).get(booth_url).status_code == 200
    assert _signed_in(organiser).get(booth_url).status_code == 404
    assert _signed_in(UserFactory.create()).get(booth_url).status_code == 404
    booth_survey = interest_survey_for(booth=booth)
    assert booth_survey is not None
    assert _signed_in(organiser).get(f"{organiser_url}{booth_survey.pk}/results/").status_code == 404


def test_organiser_creates_a_survey_adds_questions_publishes_and_reads_results() -> None:
    session = SessionFactory.create()
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    client = _signed_in(organiser)
    base = f"/en/manage/{session.event.slug}/surveys/"
    created = client.post(
        base, {"title_0": "Connectivity needs", "title_1": "Nhu cầu", "about": f"session:{session.pk}"}
    )
    assert created.status_code == 302
    survey = Survey.objects.get()
    assert (survey.target, survey.session, survey.title.localize("vi")) == ("session", session, "Nhu cầu")
    added = client.post(
        f"{base}{survey.pk}/",
        {
            "form": "question",
            "kind": "single",
            "text_0": "Which?",
            "choices_en": "Fibre\nSatellite",
            "choices_vi": "Cáp\n",
        },
    )
    assert added.status_code == 302
    question = survey.questions.get()
    assert [(c.label.localize("en"), c.label.localize("vi")) for c in question.choices.all()] == [
        ("Fibre", "Cáp"),
        ("Satellite", "Satellite"),
    ]
    page = client.get(f"{base}{survey.pk}/").content.decode()
    assert "Which?" in page
    assert f"About: {session.title['en']}" in page
    edit = client.get(f"{base}{survey.pk}/questions/{question.pk}/").content.decode()
    assert "Fibre\nSatellite</textarea>" in edit
    assert client.post(f"{base}{survey.pk}/questions/{question.pk}/", {"action": "remove"}).status_code == 302
    assert survey.questions.count() == 0
    added = client.post(
        f"{base}{survey.pk}/",
        {
            "form": "question",
            "kind": "single",
            "text_0": "Which?",
            "choices_en": "Fibre\nSatellite",
            "choices_vi": "Cáp\n",
        },
    )
    question = survey.questions.get()
    assert client.post(f"{base}{survey.pk}/status/", {"status": "published"}).status_code == 302
    voter = _signed_in(UserFactory.create())
    fibre = question.choices.first()
    assert fibre is not None
    voter.post(f"/en/events/{session.event.slug}/surveys/{survey.pk}/", {f"q{question.pk}": str(fibre.pk)})
    page = client.get(f"{base}{survey.pk}/results/").content.decode()
    assert '<td>Fibre</td><td class="number">1</td><td class="number">100</td>' in page


def test_booth_results_page_shows_names_only_with_consent() -> None:
    booth, product, staff = _staff_booth()
    for name, consent in (("Nguyễn Thị Lan", True), ("Omar Haddad", False)):
        client = _signed_in(UserFactory.create(full_name=name))
        client.post(_tap_url(product), {"level": "5"})
        client.post(_tap_url(product) + "follow-up/", {"consent": "on"} if consent else {})
    survey = Survey.objects.get(product=product)
    page = _signed_in(staff).get(
        f"/en/events/{booth.event.slug}/exhibition/my-booths/{booth.slug}/surveys/{survey.pk}/results/"
    )
    text = page.content.decode()
    assert "Nguyễn Thị Lan" in text
    assert "Omar Haddad" not in text
    assert '<td>Very interested</td><td class="number">2</td>' in text


def test_results_page_queries_do_not_grow_with_questions() -> None:
    counts = []
    for number in (1, 3):
        organiser = UserFactory.create()
        survey = SurveyFactory.create()
        survey.event.organising_team.add(organiser)
        for _ in range(number):
            question = QuestionFactory.create(survey=survey, kind="rating")
            for value in (2, 5):
                respondent = UserFactory.create()
                response = Response.objects.create(
                    survey=survey, respondent=respondent, submitted_at=timezone.now(), updated_at=timezone.now()
                )
                Answer.objects.create(response=response, question=question, number=value)
        client = _signed_in(organiser)
        url = f"/en/manage/{survey.event.slug}/surveys/{survey.pk}/results/"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_booth_staff_add_follow_up_questions_to_a_products_interest() -> None:
    booth, product, staff = _staff_booth()
    client = _signed_in(staff)
    base = f"/en/events/{booth.event.slug}/exhibition/my-booths/{booth.slug}/surveys/"
    page = client.get(base).content.decode()
    assert f'<option value="{product.pk}">' in page
    response = client.post(base + "interest/", {"product": str(product.pk)})
    survey = Survey.objects.get(product=product, purpose="interest")
    assert response["Location"] == f"{base}{survey.pk}/"
    assert (
        client.post(f"{base}{survey.pk}/", {"form": "question", "kind": "yes_no", "text_0": "Demo?"}).status_code == 302
    )
    interest = survey.questions.get(kind="interest")
    refused = client.post(f"{base}{survey.pk}/questions/{interest.pk}/", {"action": "remove"}, follow=True)
    assert "The interest question is the heart of this survey; it stays." in refused.content.decode()
    assert [question.kind for question in survey.questions.all()] == ["interest", "yes_no"]
    assert "Demo?" in Client().post(_tap_url(product), {"level": "3"}, headers=HTMX).content.decode()


def test_csrf_is_checked_for_signed_in_taps_and_anonymous_pages_set_no_cookie() -> None:
    _booth, product, _staff = _staff_booth()
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(_product_page(product))
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert page.cookies == {}  # the public cache may keep this copy
    assert anonymous.post(_tap_url(product), {"level": "4"}).status_code == 302  # counted for nobody in particular
    visitor = UserFactory.create()
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(visitor)
    assert signed_in.post(_tap_url(product), {"level": "5"}).status_code == 403  # no token: refused
    assert not Response.objects.filter(respondent=visitor).exists()
    form = signed_in.get(_product_page(product)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None  # the signed-in person's tap form carries the token
    assert signed_in.post(_tap_url(product), {"level": "5", "csrfmiddlewaretoken": token[1]}).status_code == 302
    assert Response.objects.filter(respondent=visitor).count() == 1


def test_signed_out_taps_are_limited_per_address_and_leave_no_session_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 10 of issue 18: 30 cookieless taps from one address made 30 answers and 30 session rows."""
    from django.contrib.sessions.models import Session

    from pavilion.core import ratelimit
    from pavilion.surveys.views import ANONYMOUS_ANSWERS_PER_MINUTE

    # The limit counts in fixed minutes; taps that straddled a minute's end would count in two.
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))
    _booth, product, _staff = _staff_booth()
    statuses = [Client().post(_tap_url(product), {"level": "4"}).status_code for _ in range(30)]
    assert statuses == [302] * ANONYMOUS_ANSWERS_PER_MINUTE + [429] * (30 - ANONYMOUS_ANSWERS_PER_MINUTE)
    assert Response.objects.count() == ANONYMOUS_ANSWERS_PER_MINUTE
    assert Session.objects.count() == 0
    refused = Client().post(_tap_url(product), {"level": "4"}, headers=HTMX)
    assert (refused.status_code, refused["Retry-After"]) == (429, "60")
    assert "Too many answers from your network in a short while." in refused.content.decode()
    # Another address, and signed-in people (whose taps carry a CSRF token), are not held back.
    assert Client(REMOTE_ADDR="203.0.113.9").post(_tap_url(product), {"level": "4"}).status_code == 302
    assert _signed_in(UserFactory.create()).post(_tap_url(product), {"level": "5"}).status_code == 302


def test_signed_out_visitor_key_keeps_one_answer_per_browser_and_skips_the_public_cache() -> None:
    _booth, product, _staff = _staff_booth()
    client = Client()
    first = client.post(_tap_url(product), {"level": "3"})
    assert first.cookies["pavilion_visitor"]["httponly"]
    assert "sessionid" not in first.cookies
    again = client.post(_tap_url(product), {"level": "5"})
    assert "pavilion_visitor" not in again.cookies  # the same key, not a new one
    assert list(Answer.objects.values_list("number", flat=True)) == [5]
    assert not is_replayable({name: morsel.value for name, morsel in client.cookies.items()})
    page = client.get(_product_page(product)).content.decode()
    assert 'aria-pressed="true">Very interested</button>' in page
    # A forged cookie is no key at all: it gets a fresh one and its own answer.
    forged = Client()
    forged.cookies["pavilion_visitor"] = "not-signed"
    assert forged.post(_tap_url(product), {"level": "1"}).cookies["pavilion_visitor"].value != "not-signed"
    assert Response.objects.count() == 2


def test_a_country_question_lists_the_countries_and_saves_the_code() -> None:
    survey = SurveyFactory.create()
    country = QuestionFactory.create(survey=survey, kind="country", required=True)
    client = _signed_in(UserFactory.create())
    url = f"/en/events/{survey.event.slug}/surveys/{survey.pk}/"
    page = client.get(url).content.decode()
    assert '<option value="KE">Kenya</option>' in page
    assert client.post(url, {f"q{country.pk}": "ke"}).status_code == 302
    assert list(Answer.objects.values_list("country", flat=True)) == ["KE"]
    assert '<option value="KE" selected>Kenya</option>' in client.get(url).content.decode()


def test_booth_survey_pages_mark_english_fallback_and_name_the_event_zone() -> None:
    booth, product, staff = _staff_booth()
    survey = interest_survey_for(product=product)
    assert survey is not None
    question = QuestionFactory.create(survey=survey, kind="yes_no", text={"en": "Would you like a demonstration?"})
    visitor = _signed_in(UserFactory.create())
    visitor.post(_tap_url(product), {"level": "5"}, headers=HTMX)
    visitor.post(_tap_url(product) + "follow-up/", {f"q{question.pk}": "yes", "consent": "on"}, headers=HTMX)
    product.name = {"en": "Private 5G network"}
    product.save()
    base = f"/zh-hans/events/{booth.event.slug}/exhibition/my-booths/{booth.slug}/surveys/"
    client = _signed_in(staff)
    fallback = '<span lang="en">Private 5G network</span> <span class="only-in">'
    assert fallback in client.get(base).content.decode()
    results = client.get(f"{base}{survey.pk}/results/").content.decode()
    assert "涉及对象：" + fallback in results  # noqa: RUF001 (the Chinese page's own colon)
    # The questions a respondent answered, beside their shared contact.
    assert '<li><span lang="en">Would you like a demonstration?</span> <span class="only-in">' in results
    survey_page = client.get(f"{base}{survey.pk}/").content.decode()
    assert "Asia/Ho_Chi_Minh" not in survey_page.replace('data-zone="Asia/Ho_Chi_Minh"', "")
