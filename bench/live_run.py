"""``python -m bench.live_run``: the live fan-out benchmark (docs/budgets.md; its results are not tests).

    python -m bench.live_run --clients 1000 --rate 20 --seconds 10
    PAVILION_REDIS_URL=redis://127.0.0.1:6379/13 \
        python -m bench.live_run --workers 2 --clients 2000 --rate 20 --batch 100
    python -m bench.live_run --idle --clients 2000

``--clients`` reader sockets subscribe to ``bench:1``; ``--rate`` messages per second are sent to
it for ``--seconds`` seconds (so ``clients x rate`` deliveries per second are asked of the server),
then up to ``--drain`` seconds are allowed for late events. Sockets open ``--batch`` at a time.

Starts ``pavilion serve --workers W`` on a free port of 127.0.0.1 as a separate process, with
production settings (PAVILION_DEBUG=0, a generated secret key, a fresh temporary PAVILION_VAR_DIR,
migrated first) and the bench-only live feature (``DJANGO_SETTINGS_MODULE=bench.settings``, which adds it
as an app).
One worker uses the in-memory broker; more than one use the Redis broker and need
PAVILION_REDIS_URL (``--broker redis`` puts one worker on Redis too, to see what Redis costs).
``--server-gc-threshold`` is an experiment: it gives the server process other garbage-collector
thresholds (through ``bench.live_feature``), and the last line says so.
Once the server answers, ``bench/live_load.py`` runs in another process: it opens the sockets,
sends the messages and measures (its docstring says exactly how). The server is stopped at the end.

Run it from the repository's root (``bench/`` is not part of the installed product). The server
gets its own settings; ``--seconds`` is capped at 60 so that every run is bounded.

Last line (the load generator's, plus the worker count):
``deliveries_per_s=... p50_ms=... p99_ms=... max_ms=... lost=... clients=... rate=... ... workers=W``
or, with ``--idle``, ``idle_kb_per_socket=... clients=... ... workers=W``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
#: Seconds the server may take to start (imports, and with several workers, each worker's imports).
START_TIMEOUT = 60.0
#: Seconds the load generator may spend opening its sockets before it gives up on the rest.
CONNECT_TIMEOUT = 60.0
#: Seconds of margin for the load generator beyond connecting, sending and draining.
MARGIN = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _raise_file_limit() -> None:
    """Raise the open-file soft limit to the hard one; the server and load generator inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard or hard == resource.RLIM_INFINITY:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _tree_cpu_seconds(pid: int) -> tuple[int, float]:
    """How many processes the server's tree has, and the CPU seconds they have used so far."""
    pids, pending, ticks = 0, [pid], 0
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/stat") as stat:
                fields = stat.read().rpartition(")")[2].split()
            tasks = os.listdir(f"/proc/{current}/task")
        except FileNotFoundError:
            continue
        pids += 1
        ticks += int(fields[11]) + int(fields[12])  # utime and stime
        for task in tasks:
            with contextlib.suppress(FileNotFoundError), open(f"/proc/{current}/task/{task}/children") as children:
                pending.extend(int(child) for child in children.read().split())
    return pids, ticks / os.sysconf("SC_CLK_TCK")


def _gateway_answers(port: int) -> bool:
    """Whether the /live gateway on this port answers a hello frame."""
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    try:
        with connect(f"ws://127.0.0.1:{port}/live", open_timeout=2, compression=None) as ws:
            ws.send(json.dumps({"type": "hello"}))
            return bool(json.loads(ws.recv(timeout=2)).get("type") == "hello")
    except (OSError, TimeoutError, WebSocketException):
        return False


class CommandError(Exception):
    """A reason the benchmark cannot run, printed instead of a traceback."""


class Output:
    def write(self, text: str) -> None:
        print(text, flush=True)


class Command:
    """Live fan-out benchmark: start the server, run the load generator, print key=value figures."""

    def __init__(self) -> None:
        self.stdout = Output()

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--clients", type=int, default=1000, help="subscribed reader sockets (default 1000)")
        parser.add_argument("--rate", type=float, default=20, help="messages per second to the topic (default 20)")
        parser.add_argument("--seconds", type=float, default=10, help="seconds of sending (default 10, at most 60)")
        parser.add_argument("--workers", type=int, default=1, help="server worker processes (default 1)")
        parser.add_argument(
            "--broker",
            choices=["auto", "memory", "redis"],
            default="auto",
            help="auto (default): memory for one worker, Redis (PAVILION_REDIS_URL) for more",
        )
        parser.add_argument("--drain", type=float, default=2, help="seconds to wait for late events (default 2)")
        parser.add_argument("--batch", type=int, default=200, help="sockets opened concurrently (default 200)")
        parser.add_argument("--idle", action="store_true", help="report server memory per idle socket instead")
        parser.add_argument(
            "--server-gc-threshold",
            default="",
            metavar="G0,G1,G2",
            help="experiment: gc.set_threshold values for the server (e.g. 50000,20,100); default Python's",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workers: int = options["workers"]
        seconds: float = options["seconds"]
        broker: str = options["broker"]
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        if options["clients"] < 1 or options["rate"] <= 0 or options["batch"] < 1 or options["drain"] < 0:
            raise CommandError("--clients, --rate and --batch must be positive, --drain zero or more.")
        if not 0 < seconds <= 60:
            raise CommandError("--seconds must be more than 0 and at most 60 (every run is bounded).")
        gc_threshold: str = options["server_gc_threshold"].replace(" ", "")
        parts = gc_threshold.split(",") if gc_threshold else []
        if len(parts) > 3 or not all(part.isdigit() for part in parts):
            raise CommandError("--server-gc-threshold takes one to three whole numbers, e.g. 50000,20,100.")
        if broker == "auto":
            broker = "redis" if workers > 1 else "memory"
        if broker == "memory" and workers > 1:
            raise CommandError("Several workers cannot share the in-memory broker; use --broker redis.")
        redis_url = os.environ.get("PAVILION_REDIS_URL", "")
        if broker == "redis" and not redis_url:
            raise CommandError(
                f"--workers {workers} (or --broker redis) needs PAVILION_REDIS_URL: events reach every worker "
                "only through Redis. Set e.g. PAVILION_REDIS_URL=redis://127.0.0.1:6379/13 (a database the "
                "benchmark may write to), or run one worker."
            )
        if importlib.util.find_spec("websockets") is None:
            raise CommandError("The benchmark needs the development dependencies (websockets): run `make install`.")
        _raise_file_limit()

        var_dir = Path(tempfile.mkdtemp(prefix="pavilion-bench-live-"))
        python_path = os.pathsep.join([str(REPO), str(REPO / "src"), os.environ.get("PYTHONPATH", "")])
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": python_path.rstrip(os.pathsep),
            "PAVILION_DEBUG": "0",
            "PAVILION_SECRET_KEY": secrets.token_urlsafe(50),
            "PAVILION_VAR_DIR": str(var_dir),
        }
        env.pop("PAVILION_REDIS_URL", None)
        if gc_threshold:
            env["PAVILION_BENCH_GC_THRESHOLD"] = gc_threshold
        if broker == "redis":
            env["PAVILION_REDIS_URL"] = redis_url
        python = [sys.executable, "-m", "pavilion"]
        port = _free_port()
        load = "idle sockets" if options["idle"] else f"{options['rate']:g} msg/s for {seconds:g} s"
        self.stdout.write(
            f"bench-live: {workers} worker(s), {broker} broker, {options['clients']} clients, {load}, port {port}"
        )
        try:
            subprocess.run([*python, "migrate", "--no-input", "-v0"], env=env, check=True, timeout=120)
            with open(var_dir / "server.log", "wb") as log:
                server = subprocess.Popen(
                    [*python, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
                try:
                    self._wait_until_serving(server, port, workers, var_dir / "server.log")
                    line = self._run_load(options, port=port, server_pid=server.pid, env=env)
                finally:
                    server.terminate()
                    try:
                        server.wait(timeout=15)
                    except subprocess.TimeoutExpired:
                        server.kill()
                        server.wait(timeout=5)
        finally:
            shutil.rmtree(var_dir, ignore_errors=True)
        self.stdout.write(f"{line} workers={workers}" + (f" server_gc={gc_threshold}" if gc_threshold else ""))

    def _wait_until_serving(self, server: subprocess.Popen[bytes], port: int, workers: int, log: Path) -> None:
        """Until the server answers HTTP and, with several workers, every worker has finished starting.

        A worker still importing Django accepts no connections, so the first one up would get them
        all; waiting until the process tree is quiet keeps the sockets spread over every worker.
        """
        deadline = time.monotonic() + START_TIMEOUT
        answered = False
        quiet_since: float | None = None
        last_cpu = -1.0
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"The server exited ({server.returncode}):\n{log.read_text()[-3000:]}")
            if not answered:
                answered = _gateway_answers(port)
                if not answered:
                    time.sleep(0.2)
                    continue
            processes, cpu = _tree_cpu_seconds(server.pid)
            # One process for one worker; the supervisor and its workers (and multiprocessing's
            # resource tracker) for several.
            enough = workers == 1 or processes >= workers + 1
            if enough and cpu - last_cpu < 0.05:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= 0.5:
                    return
            else:
                quiet_since = None
            last_cpu = cpu
            time.sleep(0.25)
        raise CommandError(f"The server did not start within {START_TIMEOUT:g} s:\n{log.read_text()[-3000:]}")

    def _run_load(self, options: dict[str, Any], *, port: int, server_pid: int, env: dict[str, str]) -> str:
        """Run the load generator in its own process; echo its output; return its last line."""
        command = [
            sys.executable,
            "-m",
            "bench.live_load",
            f"--url=ws://127.0.0.1:{port}/live",
            f"--clients={options['clients']}",
            f"--rate={options['rate']}",
            f"--seconds={options['seconds']}",
            f"--drain={options['drain']}",
            f"--batch={options['batch']}",
            f"--connect-timeout={CONNECT_TIMEOUT}",
            f"--server-pid={server_pid}",
            *(["--idle"] if options["idle"] else []),
        ]
        budget = CONNECT_TIMEOUT + options["seconds"] + options["drain"] + MARGIN
        try:
            result = subprocess.run(
                command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True, timeout=budget, check=False
            )
        except subprocess.TimeoutExpired as expired:
            raise CommandError(f"The load generator did not finish within {budget:g} s.") from expired
        lines = result.stdout.strip().splitlines()
        for text in lines[:-1]:
            self.stdout.write(text)
        if result.returncode != 0 or not lines:
            raise CommandError(f"The load generator failed ({result.returncode}).")
        return lines[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.live_run", description=Command.__doc__)
    command = Command()
    command.add_arguments(parser)
    options = vars(parser.parse_args(argv))
    try:
        command.handle(**options)
    except CommandError as error:
        print(f"bench.live_run: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
