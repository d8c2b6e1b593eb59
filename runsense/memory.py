"""Heap headroom for runsense's own processes (the CLI, the dashboard server, import workers).

Importing and analysing allocate and free many short-lived arrays of a few MB (a run's samples,
ten years of segments sorted week by week). glibc's ``malloc`` hands freed memory at the top of
its heap back to the kernel at once, so the next array faults its pages in again, and on a
virtual machine a page fault is dear: a ten-year weekly analysis took 7,600 of them (177–192 ms);
with 64 MB of headroom kept, 540 (161 ms). In ``bench/import_archive_bench.py`` the analysis
takes 160 ms instead of 182 ms, and import workers spend less on each file. The cost is at most
``headroom`` bytes of resident memory kept by each process.

Only applications call this, once at start; it does nothing off glibc (macOS, musl).
"""

from __future__ import annotations

#: glibc's ``mallopt`` parameter: free heap kept above the top when trimming, and added when growing
_M_TOP_PAD = -2
HEADROOM_BYTES = 64 << 20


def keep_heap_headroom(headroom: int = HEADROOM_BYTES) -> bool:
    """Ask ``malloc`` to keep ``headroom`` bytes of free heap instead of returning them to the kernel.

    Returns whether the C library took the setting.
    """
    import ctypes  # here: loading it costs a quick command a third of its start-up

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # no C library to load (Windows), or no mallopt (macOS)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_TOP_PAD, headroom))
