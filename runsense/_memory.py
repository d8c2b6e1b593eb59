"""Heap headroom for runsense's own processes (the CLI, the dashboard server, import workers).

Importing and analysing allocate and free many short-lived arrays of a few MB (a run's samples,
ten years of segments sorted week by week). glibc's ``malloc`` hands freed memory at the top of
its heap back to the kernel at once, so the next array faults every page in again; on virtual
machines a page fault is dear (about 2 µs each here, 32,000 of them per ten-year weekly
analysis). Keeping some free heap in the process removes that cost: measured with
``bench/import_archive_bench.py``, the ten-year weekly trends took 160 ms instead of 198 ms and
the import 19.9 s instead of 21.3 s. The cost is at most ``headroom`` bytes of resident memory
kept by each process.

Only applications call this, once at start; it does nothing off glibc (macOS, musl).
"""

from __future__ import annotations

import ctypes

#: glibc's ``mallopt`` parameter: free heap kept above the top when trimming, and added when growing
_M_TOP_PAD = -2
HEADROOM_BYTES = 64 << 20


def keep_heap_headroom(headroom: int = HEADROOM_BYTES) -> bool:
    """Ask ``malloc`` to keep ``headroom`` bytes of free heap instead of returning them to the kernel.

    Returns whether the C library took the setting.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_TOP_PAD, headroom))
