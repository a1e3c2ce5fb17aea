"""Durable survey answers per second on PostgreSQL: a burst of respondents submitting at once.

Runs against the database named by PAVILION_DATABASE_URL (PostgreSQL only; use a dedicated bench
database: it is created when missing and migrated). It makes its own event, survey (M questions
of seven kinds) and N accounts, then P processes of T threads each submit every respondent's M answers
through ``surveys.services.submit_response`` — the path the pages use: one transaction per
response, its answers written as one bulk upsert (INSERT … ON CONFLICT) — each call returning only
after the commit (an acknowledged answer). Then K pairs of first submissions for the same person
race each other. Afterwards it reads the database again: ``lost`` counts acknowledged answers that
are missing or differ, ``duplicates`` the extra responses of racing pairs. It removes its data at
the end. Traffic goes to the database only; the run is bounded by N.

    PAVILION_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pavilion_surveys_bench \\
        .venv/bin/python -m bench.surveys [--respondents 3000] [--answers 10] [--processes 4] [--threads 16]

Budget (docs/budgets.md): >= 5,000 durable answers/s on a 2-core machine.
Last line: `answers_per_s=... lost=... p99_ms=... responses_per_s=... p50_ms=... duplicates=... ...`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
KINDS = ["rating", "interest", "yes_no", "single", "multiple", "short_text", "country"]
COUNTRIES = ["VN", "TH", "KZ", "TM", "FR", "KE", "BR"]


def _setup_django() -> None:
    sys.path.insert(0, str(REPO / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    os.environ.setdefault("PAVILION_DEBUG", "1")
    import django

    django.setup()


def _ensure_database(url: str) -> None:
    """Create the bench database when it does not exist yet (connecting to the server's ``postgres``)."""
    import dj_database_url
    import psycopg

    settings = dj_database_url.parse(url)
    name = settings["NAME"]
    conninfo: dict[str, Any] = {
        "host": settings.get("HOST") or "127.0.0.1",
        "port": settings.get("PORT") or 5432,
        "user": settings.get("USER") or "postgres",
        "password": settings.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**{key: value for key, value in conninfo.items() if value is not None}, autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            db.execute(f'CREATE DATABASE "{name}"')


def expected(user_index: int, position: int, choice_ids: list[int]) -> dict[str, Any]:
    """What respondent ``user_index`` answers to the question at ``position`` (raw form values)."""
    kind = KINDS[position % len(KINDS)]
    if kind in ("rating", "interest"):
        return {"raw": str(1 + (user_index + position) % 5), "number": 1 + (user_index + position) % 5}
    if kind == "yes_no":
        return {"raw": "yes" if user_index % 2 else "no", "boolean": bool(user_index % 2)}
    if kind == "single":
        choice = choice_ids[user_index % len(choice_ids)]
        return {"raw": str(choice), "choice_id": choice}
    if kind == "multiple":
        chosen = sorted({choice_ids[user_index % len(choice_ids)], choice_ids[(user_index + 1) % len(choice_ids)]})
        return {"raw": [str(choice) for choice in chosen], "choices": chosen}
    if kind == "short_text":
        return {"raw": f"Answer {user_index} to {position}", "text": f"Answer {user_index} to {position}"}
    code = COUNTRIES[user_index % len(COUNTRIES)]
    return {"raw": code, "country": code}


def _prepare(respondents: int, answers: int, racers: int) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from pavilion.accounts.models import User
    from pavilion.events.models import Event
    from pavilion.surveys.models import Choice, Question, Survey

    call_command("migrate", verbosity=0, interactive=False)
    tag = uuid.uuid4().hex[:10]
    event = Event.objects.create(
        slug=f"bench-surveys-{tag}",
        kind="summit",
        name={"en": "Survey bench"},
        start_date="2020-10-20",
        end_date="2020-10-22",
        time_zone="UTC",
        content_locales=["en"],
        is_published=True,
    )
    survey = Survey.objects.create(event=event, title={"en": "Bench"}, status="published")
    choices: dict[int, list[int]] = {}
    for position in range(answers):
        kind = KINDS[position % len(KINDS)]
        question = Question.objects.create(survey=survey, position=position, kind=kind, text={"en": f"Q{position}"})
        if kind in ("single", "multiple"):
            Choice.objects.bulk_create(Choice(question=question, label={"en": f"C{i}"}, position=i) for i in range(4))
            choices[position] = list(question.choices.values_list("pk", flat=True))
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"bench-{tag}-{index}@example.org", full_name=f"Bench {index}", password=password)
        for index in range(respondents + racers)
    )
    return {
        "tag": tag,
        "event_id": event.pk,
        "survey_id": survey.pk,
        "choices": choices,
        "user_ids": [user.pk for user in users],
    }


def _submit_batch(job: dict[str, Any]) -> dict[str, Any]:
    """In a worker process: T threads submit the given respondents' answers; returns acks and latencies."""
    from django.db import connection

    from pavilion.accounts.models import User
    from pavilion.surveys.batching import ResponseBatcher, Submission
    from pavilion.surveys.models import Survey
    from pavilion.surveys.services import submit_response

    survey = Survey.objects.select_related("event").get(pk=job["survey_id"])
    questions = list(survey.questions.prefetch_related("choices"))
    connection.close()
    batcher = ResponseBatcher(survey=survey, questions=questions) if job["mode"] == "batched" else None
    work = list(job["items"])  # (user index, user id)
    lock = threading.Lock()
    acked: list[int] = []
    latencies: list[float] = []
    errors: list[str] = []
    start_gate = threading.Barrier(job["threads"]) if job.get("together") else None

    def worker() -> None:
        try:
            if start_gate is not None:
                start_gate.wait(timeout=30)
            while True:
                with lock:
                    if not work:
                        return
                    index, user_id = work.pop()
                user = User(pk=user_id, is_active=True)
                answers = {
                    question.pk: expected(index, position, job["choices"].get(position, []))["raw"]
                    for position, question in enumerate(questions)
                }
                began = time.perf_counter()
                try:
                    if batcher is not None:
                        outcome = batcher.submit(Submission(user=user, session_key=None, answers=answers))
                        if outcome.error is not None or outcome.response is None:
                            raise RuntimeError(repr(outcome.error))
                    else:
                        submit_response(
                            survey=survey, user=user, session_key=None, answers=answers, questions=questions
                        )
                except Exception as error:  # counted, reported; the bench goes on
                    with lock:
                        errors.append(repr(error))
                    continue
                elapsed = time.perf_counter() - began
                with lock:
                    acked.append(index)
                    latencies.append(elapsed)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(job["threads"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if batcher is not None:
        batcher.close()
    return {"acked": acked, "latencies": latencies, "errors": errors[:5], "error_count": len(errors)}


def _run_pool(pool: Any, jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list(pool.map(_submit_batch, jobs))


def _check(prepared: dict[str, Any], acked: list[int], racers: list[int]) -> tuple[int, int]:
    """(lost answers, duplicate responses) as the database holds them now."""
    from django.db.models import Count

    from pavilion.surveys.models import Answer, Response

    user_ids = prepared["user_ids"]
    stored: dict[tuple[int, int], dict[str, Any]] = {}
    rows = Answer.objects.filter(response__survey_id=prepared["survey_id"]).values_list(
        "response__respondent_id", "question__position", "number", "boolean", "text", "country", "choice_id", "choices"
    )
    for respondent, position, number, boolean, text, country, choice_id, choices in rows.iterator(chunk_size=5000):
        stored[(respondent, position)] = {
            "number": number,
            "boolean": boolean,
            "text": text,
            "country": str(country),
            "choice_id": choice_id,
            "choices": choices,
        }
    answers = prepared["answers"]
    lost = 0
    for index in acked:
        for position in range(answers):
            want = expected(index, position, prepared["choices"].get(position, []))
            got = stored.get((user_ids[index], position))
            if got is None or any(got[key] != value for key, value in want.items() if key != "raw"):
                lost += 1
    per_person = (
        Response.objects.filter(survey_id=prepared["survey_id"], respondent_id__in=[user_ids[i] for i in racers])
        .values("respondent_id")
        .annotate(n=Count("pk"))
    )
    duplicates = sum(row["n"] - 1 for row in per_person)
    return lost, duplicates


def _cleanup(prepared: dict[str, Any]) -> None:
    from pavilion.accounts.models import User
    from pavilion.events.models import Event

    Event.objects.filter(pk=prepared["event_id"]).delete()
    User.objects.filter(email__startswith=f"bench-{prepared['tag']}-").delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--respondents", type=int, default=3000)
    parser.add_argument("--answers", type=int, default=10, help="answers per respondent (questions in the survey)")
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--threads", type=int, default=16, help="threads per process")
    parser.add_argument("--racers", type=int, default=100, help="people whose first submission is sent twice at once")
    parser.add_argument(
        "--mode",
        choices=["batched", "single"],
        default="batched",
        help="batched: a group commit per process (surveys.batching); single: one transaction per response",
    )
    args = parser.parse_args()
    url = os.environ.get("PAVILION_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set PAVILION_DATABASE_URL to a PostgreSQL database (a dedicated bench database).")
    _ensure_database(url)
    _setup_django()
    from django.db import connections

    prepared = _prepare(args.respondents, args.answers, args.racers)
    prepared["answers"] = args.answers
    connections.close_all()
    users = list(enumerate(prepared["user_ids"]))
    burst, race = users[: args.respondents], users[args.respondents :]
    jobs = [
        {**prepared, "items": burst[number :: args.processes], "threads": args.threads, "mode": args.mode}
        for number in range(args.processes)
    ]
    context = multiprocessing.get_context("fork")
    load_before = os.getloadavg()[0]
    with context.Pool(args.processes) as pool:
        began = time.perf_counter()
        results = _run_pool(pool, jobs)
        elapsed = time.perf_counter() - began
        # Each racer's first submission is sent by two threads released together.
        race_jobs = [
            {**prepared, "items": [item, item], "threads": 2, "together": True, "mode": "single"} for item in race
        ]
        race_results = _run_pool(pool, race_jobs)
    acked = [index for result in results for index in result["acked"]]
    latencies = sorted(latency for result in results for latency in result["latencies"])
    errors = sum(result["error_count"] for result in results)
    race_errors = sum(result["error_count"] for result in race_results)
    for result in [*results, *race_results]:
        for error in result["errors"]:
            print(f"error: {error}", file=sys.stderr)
    lost, duplicates = _check(prepared, acked, [index for index, _user in race])
    _cleanup(prepared)
    answers = len(acked) * args.answers
    p50 = statistics.median(latencies) * 1000 if latencies else 0.0
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000 if latencies else 0.0
    print(
        f"mode={args.mode} respondents={args.respondents} answers_per_response={args.answers} "
        f"processes={args.processes} threads={args.threads} seconds={elapsed:.2f} "
        f"load_before={load_before:.2f} load_after={os.getloadavg()[0]:.2f}",
        file=sys.stderr,
    )
    print(
        f"answers_per_s={answers / elapsed:.0f} lost={lost} p99_ms={p99:.1f} "
        f"responses_per_s={len(acked) / elapsed:.0f} p50_ms={p50:.1f} acknowledged={answers} errors={errors} "
        f"duplicates={duplicates} race_errors={race_errors}"
    )


if __name__ == "__main__":
    main()
