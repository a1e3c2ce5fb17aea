"""The checks of deploy/two-hosts/test.sh, as a small client of the live protocol (docs/live-protocol.md).

``client.py seed`` creates a live session and prints its id. ``client.py run`` connects four signed-in
people through the balancer (two land on each host), then shows:

1. order: chat lines sent by people on host A and host B reach everyone in one order;
2. presence and reactions add up across the hosts;
3. failover: host A's Pavilion is stopped (SIGTERM to its process group, as ``systemctl stop`` does);
   its people reconnect through the balancer, land on host B and resume with ``since``: the lines
   said meanwhile arrive, none missing, none twice.

It reads the hosts' environment file (PAVILION_*) to reach the database for tickets: a ticket is what
``POST /api/v1/live/token`` hands a signed-in browser (pavilion.live.auth.issue_ticket), single-use,
valid 30 s, so each is issued just before its socket opens. The last line is
``two-hosts: N passed, 0 failed`` and the timings.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import ssl
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import websockets

#: Seconds any one expected frame may take (a loaded CI machine is slow; a healthy one takes milliseconds).
FRAME_TIMEOUT = 15
PEOPLE = ["Amina (Kenya)", "Bao (Viet Nam)", "Chloé (France)", "Dmitri (Kazakhstan)"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    import django

    django.setup()


def seed() -> None:
    """A published event with a session happening now, and one account per person."""
    setup_django()
    from tests.factories import LiveSessionFactory, UserFactory

    session = LiveSessionFactory.create(title={"en": "Closing the broadband gap"})
    for number, name in enumerate(PEOPLE):
        UserFactory.create(email=f"two-hosts-{number}@example.org", full_name=name)
    print(session.pk)


def ticket_for(number: int) -> str:
    from pavilion.accounts.models import User
    from pavilion.live.auth import issue_ticket

    return issue_ticket(User.objects.get(email=f"two-hosts-{number}@example.org"))


@dataclass
class Person:
    number: int
    topic: str
    socket: Any = None
    host: str = ""
    heard: list[tuple[int, str]] = field(default_factory=list)
    viewers: int | None = None
    reactions: int = 0
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    reader: asyncio.Task[None] | None = None
    snapshot_seq: int = 0

    @property
    def last_seq(self) -> int:
        """The number to resume from: the last event heard, else the snapshot's."""
        return self.heard[-1][0] if self.heard else self.snapshot_seq


class Run:
    def __init__(self, site: str, balancer: str, cafile: str, session: int) -> None:
        self.url = site.replace("https://", "wss://") + "/live"
        self.balancer = balancer  # where the site's name leads (what DNS would answer)
        self.tls = ssl.create_default_context(cafile=cafile)
        self.topic = f"session:{session}"
        self.passed: list[str] = []
        self.retries: list[str] = []  # handshakes tried again, and why

    def check(self, condition: bool, what: str, detail: object = "") -> None:
        if not condition:
            raise AssertionError(f"{what}: {detail}")
        self.passed.append(what)
        print(f"  ok: {what}", flush=True)

    async def connect(self, person: Person, since: int | None = None) -> str:
        """Open a socket through the balancer and (re)subscribe; return the subscribe answer's type."""
        deadline = time.monotonic() + FRAME_TIMEOUT
        delay = 0.25
        while True:
            token = await asyncio.to_thread(ticket_for, person.number)
            try:
                # The site's name in TLS and in the request (as a browser sends it), the connection to the balancer.
                person.socket = await websockets.connect(
                    f"{self.url}?token={token}", host=self.balancer, port=443, ssl=self.tls, open_timeout=FRAME_TIMEOUT
                )
                break
            except (OSError, websockets.InvalidStatus) as refused:
                # As live.js: a handshake refused or cut (a host stopping before the balancer's health
                # check has seen it) is tried again after a backoff, with a new ticket.
                if time.monotonic() + delay > deadline:
                    raise
                self.retries.append(f"{type(refused).__name__}: {refused}")
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
        person.host = person.socket.response.headers.get("X-Pavilion-Host", "?")
        person.closed.clear()
        subscribe: dict[str, Any] = {"type": "subscribe", "topic": self.topic, "ref": "join"}
        if since is not None:
            subscribe["since"] = since
        await person.socket.send(json.dumps(subscribe))
        while True:
            frame = json.loads(await asyncio.wait_for(person.socket.recv(), FRAME_TIMEOUT))
            if frame.get("ref") == "join":
                break
            assert frame["type"] in {"presence", "tally"}, frame
        if frame["type"] == "snapshot":
            person.snapshot_seq = frame["seq"]
            person.heard = []  # a new session: its chat begins with this run
        elif frame["type"] != "resumed":
            raise AssertionError(f"subscribe answered {frame}")
        person.reader = asyncio.create_task(self.read(person))
        return str(frame["type"])

    async def read(self, person: Person) -> None:
        try:
            async for raw in person.socket:
                frame = json.loads(raw)
                if frame["type"] == "event" and "chat" in frame["event"] and "added" in frame["event"]["chat"]:
                    person.heard.append((frame["seq"], frame["event"]["chat"]["added"]["text"]))
                elif frame["type"] == "presence":
                    person.viewers = frame["viewers"]
                elif frame["type"] == "tally":
                    person.reactions += sum(frame["counts"].values())
                person.changed.set()
        except websockets.ConnectionClosed:
            pass
        person.closed.set()
        person.changed.set()

    async def until(self, people: list[Person], condition: Any, what: str, timeout: float = FRAME_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not all(condition(person) for person in people):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                states = [(p.number, p.host, p.viewers, p.reactions, p.heard[-3:]) for p in people]
                raise AssertionError(f"{what} within {timeout} s: {states}")
            for person in people:
                person.changed.clear()
            waits = [asyncio.create_task(person.changed.wait()) for person in people]
            await asyncio.wait(waits, timeout=min(remaining, 0.5), return_when=asyncio.FIRST_COMPLETED)
            for waiting in waits:
                waiting.cancel()

    async def say(self, person: Person, text: str, everyone: list[Person]) -> None:
        """Send a chat line and wait until everyone has heard it (so the next line's order is known)."""
        await person.socket.send(
            json.dumps({"type": "command", "topic": self.topic, "name": "chat.send", "data": {"text": text}})
        )
        await self.until(everyone, lambda p: any(said == text for _seq, said in p.heard), f"everyone hears {text!r}")


async def scenario(run: Run, stop_host_a: int) -> dict[str, float]:
    people = [Person(number, run.topic) for number in range(len(PEOPLE))]
    for person in people:
        await run.connect(person)
    hosts = sorted(person.host for person in people)
    run.check(hosts == ["host-a", "host-a", "host-b", "host-b"], "the balancer puts two people on each host", hosts)
    on_a = [person for person in people if person.host == "host-a"]
    on_b = [person for person in people if person.host == "host-b"]

    await run.until(people, lambda p: p.viewers == len(people), "presence counts every person on both hosts")
    run.check(True, "presence adds up across hosts: everyone sees 4 viewers")
    for person in people:
        await person.socket.send(
            json.dumps(
                {"type": "command", "topic": run.topic, "name": "reactions.send", "data": {"reaction": "applause"}}
            )
        )
    await run.until(people, lambda p: p.reactions == len(people), "reactions from both hosts reach everyone")
    run.check(True, "reactions add up across hosts: everyone counts 4 applause")

    lines = [
        (on_a[0], "A1: Good morning from host A"),
        (on_b[0], "B1: Xin chào from host B"),
        (on_a[1], "A2: Thank you, Chair"),
        (on_b[1], "B2: We support the proposal"),
    ]
    for person, text in lines:
        await run.say(person, text, people)
    first = [said for _seq, said in people[0].heard]
    run.check(
        all(person.heard == people[0].heard for person in people) and first == [text for _p, text in lines],
        "chat lines from host A and host B reach every person in one order, with the same numbers",
        [person.heard for person in people],
    )

    # Host A's Pavilion stops (its uvicorn master and both workers), while host B's people go on talking.
    stopped_at = time.monotonic()
    os.killpg(stop_host_a, signal.SIGTERM)
    for person in on_a:
        await asyncio.wait_for(person.closed.wait(), FRAME_TIMEOUT)
    meanwhile = [(on_b[0], "B3: said while host A was down"), (on_b[1], "B4: also said meanwhile")]
    for person, text in meanwhile:
        await run.say(person, text, on_b)
    resumed = []
    for person in on_a:
        since = person.last_seq
        resumed.append(await run.connect(person, since=since))
    recovered_ms = (time.monotonic() - stopped_at) * 1000
    run.check(
        resumed == ["resumed", "resumed"] and all(person.host == "host-b" for person in on_a),
        "host A's people reconnect through the balancer to host B and resume with since"
        + (f" (handshakes tried again: {'; '.join(run.retries)})" if run.retries else ""),
        [(resumed, person.host) for person in on_a],
    )
    await run.say(on_b[0], "B5: welcome back", people)
    await run.say(on_a[0], "A3: we are back, through host B", people)
    expected = [text for _p, text in [*lines, *meanwhile]] + ["B5: welcome back", "A3: we are back, through host B"]
    seqs = [seq for seq, _said in people[0].heard]
    run.check(
        all(person.heard == people[0].heard for person in people)
        and [said for _seq, said in people[0].heard] == expected
        and seqs == list(range(seqs[0], seqs[0] + len(seqs))),
        "after failover every person has every line once, in order, with no gap in the numbers",
        [person.heard for person in people],
    )
    await run.until(people, lambda p: p.viewers == len(people), "presence counts 4 again after host A stopped", 30)
    presence_ms = (time.monotonic() - stopped_at) * 1000
    run.check(True, "presence settles at 4 viewers once host A's people are on host B")
    for person in people:
        await person.socket.close()
    return {"failover_resumed_ms": recovered_ms, "presence_settled_ms": presence_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("seed")
    run_parser = commands.add_parser("run")
    run_parser.add_argument("--session", type=int, required=True)
    run_parser.add_argument("--site", required=True, help="the public address, e.g. https://pavilion.test")
    run_parser.add_argument("--balancer", required=True, help="the balancer's IP address")
    run_parser.add_argument("--cafile", required=True, help="the certificate the balancer presents")
    run_parser.add_argument("--stop-host-a", type=int, required=True, help="process group of host A's Pavilion")
    options = parser.parse_args()
    if options.command == "seed":
        seed()
        return
    setup_django()
    run = Run(options.site, options.balancer, options.cafile, options.session)
    started = time.monotonic()
    try:
        timings = asyncio.run(scenario(run, options.stop_host_a))
    except (AssertionError, TimeoutError, OSError, websockets.WebSocketException) as error:
        print(f"  FAILED: {type(error).__name__}: {error}", flush=True)
        print(f"two-hosts: {len(run.passed)} passed, 1 failed")
        sys.exit(1)
    figures = " ".join(f"{key}={value:.0f}" for key, value in timings.items())
    print(f"checks_s={time.monotonic() - started:.1f} {figures}")
    print(f"two-hosts: {len(run.passed)} passed, 0 failed")


if __name__ == "__main__":
    main()
