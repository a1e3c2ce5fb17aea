"""What a worker's memory holds, for the report of its tables (``Hub.tables``).

docs/deployment.md ("Watching the live gateway") says how an operator reads these figures.

RSS alone cannot tell a leak from memory an allocator keeps for reuse. These figures can: objects
alive after a full collection (``blocks``), the room in Python's own arenas (``arenas``,
``arena_free_kb``), what the C library's allocator hands out and keeps (``malloc_used_kb``,
``malloc_free_kb``: Python's allocations over 512 bytes and every C library's), and, when the worker
runs with tracemalloc on, every allocation Python makes with where it was made (``traced_kb`` and a
snapshot to compare with a later one).
"""

from __future__ import annotations

import ctypes
import gc
import os
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def full_collection() -> dict[str, int]:
    """Collect garbage in full: how many objects it freed and how long it paused the process."""
    began = time.perf_counter()
    collected = gc.collect()
    return {"collected": collected, "collect_ms": round((time.perf_counter() - began) * 1000)}


def python_arenas() -> dict[str, int]:
    """Python's own allocator (pymalloc): the arenas it holds now, and the KB in them that no object uses.

    An arena goes back to the system only when every block in it is free, so a few live objects
    can keep many arenas: RSS then grows while ``blocks`` stays level. Read from
    ``sys._debugmallocstats()``, which writes to file descriptor 2 only; it is borrowed for the call.
    Asked only with SIGUSR1 (a log line from another thread in that instant goes to the figures'
    file, not to the log).
    """
    with tempfile.TemporaryFile() as figures:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(figures.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        figures.seek(0)
        text = figures.read().decode("ascii", errors="replace")
    found = {
        name: int(match[1].replace(",", "")) if (match := re.search(rf"^{pattern}\s*=\s*([\d,]+)", text, re.M)) else 0
        for name, pattern in PYMALLOC_FIGURES.items()
    }
    return {
        "arenas": found["arenas"],
        "arena_free_kb": (found["available"] + found["unused_pools"]) // 1024,
    }


#: Lines of ``sys._debugmallocstats()`` that python_arenas reads.
PYMALLOC_FIGURES = {
    "arenas": r"# arenas allocated current",
    "available": r"# bytes in available blocks",
    "unused_pools": r"\d+ unused pools \* \d+ bytes",
}


def resident_kb() -> int:
    """This process's resident memory in KB (Linux's /proc; 0 where there is none)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return 0


class _MallInfo2(ctypes.Structure):
    """glibc's ``struct mallinfo2`` (malloc.h), every field a ``size_t``."""

    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def heap_memory() -> dict[str, int]:
    """What the C library's allocator (``malloc``) hands out now and what it keeps unused, in KB.

    ``malloc_used_kb`` counts every allocation made with ``malloc`` that is not yet freed: Python's
    over 512 bytes (its smaller ones live in its own arenas, ``python_arenas``) and those of every C
    library in the process (libpq, uvloop, httptools, OpenSSL). ``malloc_free_kb`` is memory the
    allocator holds and nothing uses: freed, kept for reuse. With tracemalloc saying Python's
    allocations are level, a ``malloc_used_kb`` that grows is held by a C library; a
    ``malloc_free_kb`` that grows is the allocator keeping what was freed.

    Read from jemalloc when it is preloaded (``stats.allocated``, and ``stats.resident`` less it: its
    free pages not yet given back and its own bookkeeping),
    else from glibc's ``mallinfo2`` (in use: ``uordblks`` + ``hblkhd``; free: ``fordblks``), which
    walks every heap under its locks: asked only with SIGUSR1. Nothing with another C library.
    """
    process = ctypes.CDLL(None)
    if hasattr(process, "mallctl"):
        return _jemalloc_memory(process)
    if not hasattr(process, "mallinfo2"):
        return {}
    process.mallinfo2.restype = _MallInfo2
    info = process.mallinfo2()
    return {"malloc_used_kb": (info.uordblks + info.hblkhd) // 1024, "malloc_free_kb": info.fordblks // 1024}


def _jemalloc_memory(jemalloc: ctypes.CDLL) -> dict[str, int]:
    """heap_memory's figures from jemalloc, whose statistics are refreshed by writing ``epoch`` first."""
    epoch = ctypes.c_uint64(1)
    jemalloc.mallctl(b"epoch", None, None, ctypes.byref(epoch), ctypes.c_size_t(ctypes.sizeof(epoch)))
    read = {}
    for name in ("allocated", "resident"):
        value, size = ctypes.c_size_t(), ctypes.c_size_t(ctypes.sizeof(ctypes.c_size_t))
        if jemalloc.mallctl(
            f"stats.{name}".encode(), ctypes.byref(value), ctypes.byref(size), None, ctypes.c_size_t(0)
        ):
            return {}  # built without statistics
        read[name] = value.value
    return {
        "malloc_used_kb": read["allocated"] // 1024,
        "malloc_free_kb": (read["resident"] - read["allocated"]) // 1024,
    }


#: Where ``traced_memory`` writes its snapshots, under PAVILION_VAR_DIR.
SNAPSHOT_FOLDER = "tracemalloc"


def traced_memory(var_dir: Path) -> dict[str, int]:
    """With tracemalloc on (``PYTHONTRACEMALLOC=<frames>`` in the worker's environment): the KB that
    Python's allocations of every size hold now (``blocks`` counts small objects only), and a
    snapshot of them, ``<var_dir>/tracemalloc/<pid>-<n>.snapshot`` with ``n`` = ``traced_snapshot``
    (0, 1, 2 … per process), to compare with a later one (bench/soak.py ``--tracemalloc``).

    Nothing without tracemalloc. Taking and writing a snapshot pauses the worker (seconds with
    thousands of sockets): it is a diagnosis, asked only with SIGUSR1.
    """
    if not tracemalloc.is_tracing():
        return {}
    folder = var_dir / SNAPSHOT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    taken = len(list(folder.glob(f"{os.getpid()}-*.snapshot")))
    tracemalloc.take_snapshot().dump(str(folder / f"{os.getpid()}-{taken}.snapshot"))
    return {"traced_kb": tracemalloc.get_traced_memory()[0] // 1024, "traced_snapshot": taken}
