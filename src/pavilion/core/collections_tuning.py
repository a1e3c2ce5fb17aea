"""How long-running processes tune Python's garbage collector (no Django here: benchmarks import it).

Collection pauses were the largest part of the live fan-out's p99 (BENCHMARKS.md). A process that
has loaded what it keeps for its whole life moves those objects out of every later collection
(``gc.freeze``) and collects less often: the youngest generation after 50,000 allocations instead
of 700. The live workers do it at start-up (pavilion.asgi), and bench/soak.py's load generator
does it once its clients have joined.
"""

from __future__ import annotations

import gc

#: gc.set_threshold's three figures: allocations before a young collection, then how many young
#: collections make a middle one, and middle ones a full one.
THRESHOLDS = (50_000, 20, 100)


def keep_out_of_collections() -> None:
    """Freeze what exists now and collect less often from here on."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
