"""Durable survey answers per second on PostgreSQL: a burst of signed-in respondents posting the survey page.

    PAVILION_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pavilion_surveys_bench \\
    PAVILION_REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python -m bench.surveys [--respondents 3000] [--answers 10] [--connections 64] [--workers 2]

The database named by PAVILION_DATABASE_URL is dropped and created again (use one of its own),
then migrated. The script makes an event, a published survey of M questions (seven kinds) and
N + K accounts, each with a signed-in Django session (rows written in bulk, as a sign-in leaves
them) and a CSRF token.

Mode ``page`` (the default, the path people take): starts ``pavilion serve --workers W`` with
production settings (PAVILION_DEBUG=0, PostgreSQL, Redis, the database pool) and posts every
respondent's M answers to the survey page, ``/en/events/<event>/surveys/<id>/``, as the browser's
form does: the session cookie, the CSRF cookie and token, the form's fields. C connections (kept
alive, HTTP/1.1) post at once, each respondent's answers once. The page checks the answers, hands
them to its worker's group commit (``surveys/batching.py``) and answers 302 only after the commit
that holds them: a 302 is an acknowledged response. Then K people's first submissions are posted
twice at the same moment over two connections.

Modes ``writer`` and ``single`` skip HTTP (a shortcut, to find where the time goes): P processes of
T threads call ``batching.submit_answers`` (the same group commit, without Django's request
cycle) or ``services.submit_response`` (one transaction per response) directly.

Afterwards it reads the database: ``lost`` counts acknowledged answers missing or different,
``duplicates`` the extra responses of racing pairs. Traffic goes to 127.0.0.1 only; the run is
bounded by N.

Budget (docs/budgets.md): >= 5,000 durable answers/s on a 2-core machine through the page path.
Last line: ``answers_per_s=... lost=... p99_ms=... responses_per_s=... p50_ms=... acknowledged=...
errors=... duplicates=... race_errors=... mode=...`` and the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
KINDS = ["rating", "interest", "yes_no", "single", "multiple", "short_text", "country"]
COUNTRIES = ["VN", "TH", "KZ", "TM", "FR", "KE", "BR"]


def _log(message: str) -> None:
    print(f"[surveys] {message}", file=sys.stderr, flush=True)


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
    """Event, survey and signed-in accounts (the first ``respondents`` answer the burst, the rest race)."""
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as DjangoSession
    from django.core.management import call_command
    from django.utils import timezone

    from pavilion.accounts.models import User
    from pavilion.events.models import Event
    from pavilion.surveys.models import Choice, Question, Survey

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", "--no-input", verbosity=0)  # production serves the manifest's files
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
        (
            User(email=f"bench-{tag}-{index}@example.org", full_name=f"Bench {index}", password=password)
            for index in range(respondents + racers)
        ),
        batch_size=2000,
    )
    store, expires, keys, rows = SessionStore(), timezone.now() + timedelta(days=1), [], []
    for user in users:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(DjangoSession(session_key=key, session_data=store.encode(data), expire_date=expires))
        keys.append(key)
    DjangoSession.objects.bulk_create(rows, batch_size=2000)
    return {
        "tag": tag,
        "event_id": event.pk,
        "event_slug": event.slug,
        "survey_id": survey.pk,
        "choices": choices,
        "question_ids": list(survey.questions.order_by("position").values_list("pk", flat=True)),
        "user_ids": [user.pk for user in users],
        "session_keys": keys,
        "cookies": {"session": settings.SESSION_COOKIE_NAME, "csrf": settings.CSRF_COOKIE_NAME},
    }


# --- Mode page: HTTP against `pavilion serve` ----------------------------------------------------------------


def _form(prepared: dict[str, Any], index: int) -> bytes:
    """What the survey page's form posts for respondent ``index``."""
    fields: list[tuple[str, str]] = []
    for position, question_id in enumerate(prepared["question_ids"]):
        raw = expected(index, position, prepared["choices"].get(position, []))["raw"]
        for value in raw if isinstance(raw, list) else [raw]:
            fields.append((f"q{question_id}", value))
    return urlencode(fields).encode()


class Connection:
    """One kept-alive HTTP/1.1 connection to the server, posting one form at a time."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, cookie: str, token: str) -> int:
        """POST and read the whole answer; returns its status (0: the connection failed)."""
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile is opened again once
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
                assert self.reader is not None
                head = (
                    f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {len(body)}\r\nCookie: {cookie}\r\nX-CSRFToken: {token}\r\n\r\n"
                )
                self.writer.write(head.encode("latin-1") + body)
                await self.writer.drain()
                return await self._answer(self.reader)
            except (OSError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    return 0
        return 0

    async def _answer(self, reader: asyncio.StreamReader) -> int:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines[1:] if line)
        }
        if "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def _page_load(port: int, prepared: dict[str, Any], connections: int, respondents: int) -> dict[str, Any]:
    path = f"/en/events/{prepared['event_slug']}/surveys/{prepared['survey_id']}/"
    names = prepared["cookies"]
    tokens = [secrets.token_hex(16) for _ in prepared["session_keys"]]  # 32 characters: an unmasked CSRF secret

    def cookie(index: int) -> str:
        return f"{names['session']}={prepared['session_keys'][index]}; {names['csrf']}={tokens[index]}"

    acked: list[int] = []
    latencies: list[float] = []
    errors: dict[int, int] = {}
    work = list(range(respondents))
    work.reverse()

    async def poster() -> None:
        link = Connection(port)
        try:
            while work:
                index = work.pop()
                began = time.perf_counter()
                status = await link.post(path, _form(prepared, index), cookie(index), tokens[index])
                if status == 302:
                    latencies.append(time.perf_counter() - began)
                    acked.append(index)
                else:
                    errors[status] = errors.get(status, 0) + 1
        finally:
            await link.close()

    began = time.perf_counter()
    await asyncio.gather(*(poster() for _ in range(connections)))
    elapsed = time.perf_counter() - began
    race_errors = 0
    for index in range(respondents, len(prepared["session_keys"])):
        pair = [Connection(port), Connection(port)]
        body = _form(prepared, index)
        statuses = await asyncio.gather(*(link.post(path, body, cookie(index), tokens[index]) for link in pair))
        race_errors += sum(1 for status in statuses if status != 302)
        for link in pair:
            await link.close()
    return {
        "acked": acked,
        "latencies": latencies,
        "errors": errors,
        "elapsed": elapsed,
        "race_errors": race_errors,
    }


def _run_page(args: argparse.Namespace, prepared: dict[str, Any], env: dict[str, str], var_dir: Path) -> dict[str, Any]:
    from bench.live_load import cpu_seconds, process_tree
    from bench.processes import production_server

    with production_server(env, var_dir, args.workers) as (port, server):
        tree = process_tree(server.pid)
        cpu_before = cpu_seconds(tree)
        result = asyncio.run(_page_load(port, prepared, args.connections, args.respondents))
        result["server_cpu_pct"] = (cpu_seconds(tree) - cpu_before) / max(result["elapsed"], 1e-9) * 100
    failures = [
        line for line in (var_dir / "server.log").read_text().splitlines() if "Error" in line or "failed" in line
    ]
    for line in failures[:5]:
        _log(f"server log: {line}")
    return result


# --- Modes writer and single: the same functions without HTTP ------------------------------------------------


def _submit_batch(job: dict[str, Any]) -> dict[str, Any]:
    """In a worker process: T threads submit the given respondents' answers; returns acks and latencies."""
    from django.db import connection

    from pavilion.accounts.models import User
    from pavilion.surveys.batching import stop_response_writer, submit_answers
    from pavilion.surveys.models import Survey
    from pavilion.surveys.services import submit_response

    survey = Survey.objects.select_related("event").get(pk=job["survey_id"])
    questions = list(survey.questions.prefetch_related("choices"))
    connection.close()
    submit = submit_answers if job["mode"] == "writer" else submit_response
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
                    submit(survey=survey, user=user, session_key=None, answers=answers, questions=questions)
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
    stop_response_writer()
    return {"acked": acked, "latencies": latencies, "errors": errors[:5], "error_count": len(errors)}


def _run_direct(args: argparse.Namespace, prepared: dict[str, Any]) -> dict[str, Any]:
    from django.db import connections

    connections.close_all()
    users = list(enumerate(prepared["user_ids"]))
    burst, race = users[: args.respondents], users[args.respondents :]
    jobs = [
        {**prepared, "items": burst[number :: args.processes], "threads": args.threads, "mode": args.mode}
        for number in range(args.processes)
    ]
    context = multiprocessing.get_context("fork")
    with context.Pool(args.processes) as pool:
        began = time.perf_counter()
        results = list(pool.map(_submit_batch, jobs))
        elapsed = time.perf_counter() - began
        # Each racer's first submission is sent by two threads released together.
        race_jobs = [
            {**prepared, "items": [item, item], "threads": 2, "together": True, "mode": args.mode} for item in race
        ]
        race_results = list(pool.map(_submit_batch, race_jobs))
    for result in [*results, *race_results]:
        for error in result["errors"]:
            _log(f"error: {error}")
    return {
        "acked": [index for result in results for index in result["acked"]],
        "latencies": [latency for result in results for latency in result["latencies"]],
        "errors": {0: sum(result["error_count"] for result in results)},
        "elapsed": elapsed,
        "race_errors": sum(result["error_count"] for result in race_results),
    }


# --- Checking what was acknowledged ----------------------------------------------------------------------------


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--respondents", type=int, default=3000)
    parser.add_argument("--answers", type=int, default=10, help="answers per respondent (questions in the survey)")
    parser.add_argument("--racers", type=int, default=100, help="people whose first submission is sent twice at once")
    parser.add_argument(
        "--mode",
        choices=["page", "writer", "single"],
        default="page",
        help="page: HTTP posts to the survey page of `pavilion serve` (default); writer: batching.submit_answers "
        "called directly; single: services.submit_response, one transaction per response",
    )
    parser.add_argument("--connections", type=int, default=64, help="page mode: connections posting at once")
    parser.add_argument("--workers", type=int, default=2, help="page mode: server workers")
    parser.add_argument("--processes", type=int, default=4, help="writer/single modes: processes")
    parser.add_argument("--threads", type=int, default=16, help="writer/single modes: threads per process")
    args = parser.parse_args(argv)
    url = os.environ.get("PAVILION_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Set PAVILION_DATABASE_URL to a PostgreSQL database the benchmark may drop and create.")
    if args.mode == "page" and args.workers > 1 and not os.environ.get("PAVILION_REDIS_URL"):
        raise SystemExit("Several workers need PAVILION_REDIS_URL (a Redis database the benchmark may flush).")
    sys.path.insert(0, str(REPO / "src"))
    from bench.live_join import _recreate_database
    from bench.processes import production_environment

    var_dir = Path(tempfile.mkdtemp(prefix="pavilion-surveys-"))
    env = production_environment(var_dir)
    os.environ.update(env)
    try:
        _recreate_database(url)
        if os.environ.get("PAVILION_REDIS_URL"):
            import redis

            redis.Redis.from_url(os.environ["PAVILION_REDIS_URL"]).flushdb()
        import django

        django.setup()
        _log(f"preparing a survey of {args.answers} questions and {args.respondents + args.racers} accounts")
        prepared = _prepare(args.respondents, args.answers, args.racers)
        prepared["answers"] = args.answers
        from django.db import connections

        connections.close_all()
        load_before = os.getloadavg()[0]
        _log(f"mode {args.mode}: {args.respondents} respondents")
        result = _run_page(args, prepared, env, var_dir) if args.mode == "page" else _run_direct(args, prepared)
        load_after = os.getloadavg()[0]
        racers = list(range(args.respondents, args.respondents + args.racers))
        lost, duplicates = _check(prepared, result["acked"], racers)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    latencies = sorted(result["latencies"])
    answers = len(result["acked"]) * args.answers
    elapsed = result["elapsed"]
    p50 = statistics.median(latencies) * 1000 if latencies else 0.0
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000 if latencies else 0.0
    errors = sum(result["errors"].values())
    if errors:
        _log(f"errors by status: {json.dumps(result['errors'])}")
    shape = (
        f"connections={args.connections} workers={args.workers}"
        if args.mode == "page"
        else f"processes={args.processes} threads={args.threads}"
    )
    server = f" server_cpu_pct={result['server_cpu_pct']:.0f}" if "server_cpu_pct" in result else ""
    print(
        f"answers_per_s={answers / elapsed:.0f} lost={lost} p99_ms={p99:.1f} "
        f"responses_per_s={len(result['acked']) / elapsed:.0f} p50_ms={p50:.1f} acknowledged={answers} "
        f"errors={errors} duplicates={duplicates} race_errors={result['race_errors']} mode={args.mode} "
        f"respondents={args.respondents} answers_per_response={args.answers} {shape} seconds={elapsed:.2f}"
        f"{server} load_before={load_before:.2f} load_after={load_after:.2f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
