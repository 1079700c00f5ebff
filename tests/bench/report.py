"""Timing helpers and the printed table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Report:
    rows: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, what: str, value: str, note: str = "") -> None:
        self.rows.append((what, value, note))
        print(f"  {what}: {value} {note}", flush=True)

    def print(self) -> None:
        width = max(len(r[0]) for r in self.rows)
        vwidth = max(len(r[1]) for r in self.rows)
        print()
        print(f"{'measure'.ljust(width)} | {'value'.rjust(vwidth)} | note")
        print(f"{'-' * width}-+-{'-' * vwidth}-+-----")
        for what, value, note in self.rows:
            print(f"{what.ljust(width)} | {value.rjust(vwidth)} | {note}")


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, p95) in milliseconds over `repeat` calls after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return statistics.median(samples), p95


def timed_together(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, tuple]:
    """(median, p95) in ms of each function, calls interleaved round by round after a warm-up:
    the machine is shared, so a figure and its baseline should meet the same load."""
    for fn in fns.values():
        fn()
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            samples[name].append((time.perf_counter() - start) * 1000)
    result = {}
    for name, values in samples.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        result[name] = (statistics.median(values), p95)
    return result


def query_count(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def child_peak_rss(fn: Callable[[], object]) -> tuple[float, float]:
    """Run `fn` in a forked child; (RSS when it started, peak RSS) in MiB, C allocations included.

    tracemalloc only sees Python objects; lxml's buffers (openpyxl writes through lxml) are C
    memory, so the operating system's peak resident size is the honest figure.
    """
    import multiprocessing
    import resource

    from django.db import connections

    connections.close_all()  # the child opens its own connection
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def run() -> None:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        fn()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        results.put((before / 1024, peak / 1024))

    child = context.Process(target=run)
    child.start()
    measured = results.get(timeout=1800)
    child.join()
    return measured
