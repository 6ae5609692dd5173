"""Time a function and its peak memory in a forked child process.

tracemalloc does not see numba's, scipy's or BLAS's allocations, so peak memory is the child
process's peak resident set size minus its resident size when the call started: the extra
memory the call needed on top of its inputs. A forked child inherits its parent's high-water
mark, so the child resets it first (``/proc/self/clear_refs``, Linux >= 4.0) and reads its own
``VmHWM`` at the end.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from collections.abc import Callable
from typing import Any


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize()


def _peak_bytes() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _reset_peak() -> None:
    # hand freed heap pages back first, or reusing them would hide the call's allocations
    import ctypes

    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def _child(fn: Callable[[], Any], setup: Callable[[], Any] | None, queue: Any) -> None:
    if setup is not None:
        setup()
    _reset_peak()
    start_rss = _rss_bytes()
    t0 = time.perf_counter()
    try:
        result = fn()
        error = None
    except Exception as err:  # reported to the parent
        result, error = None, f"{type(err).__name__}: {err}"
    seconds = time.perf_counter() - t0
    peak = _peak_bytes()
    queue.put((seconds, max(peak - start_rss, 0), result, error))


def measure(
    fn: Callable[[], Any],
    setup: Callable[[], Any] | None = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """Run ``fn()`` in a forked child; return seconds, extra peak bytes and its result.

    ``setup()`` runs in the child before the clock starts (e.g. to load numba's compiled
    kernels). The parent must not have started numba's OpenMP threads before forking: GNU
    OpenMP aborts a forked child that uses it again.
    """
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, setup, queue))
    proc.start()
    try:
        seconds, peak, result, error = queue.get(timeout=timeout)
    except Exception:
        proc.kill()
        return {"seconds": float("nan"), "peak_bytes": 0, "result": None, "error": "timeout"}
    proc.join()
    return {"seconds": seconds, "peak_bytes": peak, "result": result, "error": error}


def fmt_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"
