"""Several server processes on one port, so that scoring uses every core.

Python runs one thread at a time, so one process scores on one core however many threads it has
(more threads only contend for it). `serve --processes N` forks N processes before any of them
starts gRPC; each builds its own server with SO_REUSEPORT on the same address (the kernel spreads
connections over them) and its own store connections. This parent process runs the migrations
once before the fork, serves the metrics of all of them (prometheus_client's multiprocess mode),
passes SIGTERM and SIGINT on so that every child drains, and exits when they have; if one child dies
on its own, it stops the others and exits with an error, for the supervisor to restart the lot.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from types import FrameType

import structlog

from sourcecheck.settings import Settings

log = structlog.get_logger("sourcecheck.server")
_MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def serve_processes(settings: Settings) -> int:
    """Run `settings.processes` server processes until SIGTERM or SIGINT; the exit code."""
    metrics_dir = None
    if settings.metrics_address:
        # Before anything imports prometheus_client: the children count into files in this folder.
        metrics_dir = tempfile.mkdtemp(prefix="sourcecheck-metrics-")
        os.environ[_MULTIPROC_ENV] = metrics_dir
    try:
        return _run(settings)
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def _run(settings: Settings) -> int:
    from sourcecheck.store import open_store

    open_store(settings.db).close()  # migrate once, before the children open the store together
    context = multiprocessing.get_context("fork")
    children = [
        context.Process(target=_child, args=(settings,), name=f"sourcecheck-serve-{n}", daemon=False)
        for n in range(settings.processes)
    ]
    for child in children:
        child.start()
    stopping = threading.Event()

    def stop_children(signum: int) -> None:
        for child in children:
            if child.is_alive() and child.pid is not None:
                os.kill(child.pid, signum)

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if not stopping.is_set():
            stopping.set()
            log.info("draining", signal=signal.Signals(signum).name, processes=len(children))
        stop_children(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    store = None
    if settings.metrics_address:
        from sourcecheck.server.metrics import serve_metrics

        store = open_store(settings.db)
        port = serve_metrics(settings.metrics_address, store.counts, processes=True)
        log.info("metrics", address=settings.metrics_address.rpartition(":")[0] + f":{port}")
    log.info("serving", processes=[child.pid for child in children])
    failed = False
    while any(child.is_alive() for child in children):
        for child in children:
            child.join(timeout=0.5)
            if not child.is_alive() and child.exitcode != 0 and not stopping.is_set():
                log.error("a server process ended", pid=child.pid, exit_code=child.exitcode)
                failed = True
                stopping.set()
                stop_children(signal.SIGTERM)
    if store is not None:
        store.close()
    codes = [child.exitcode for child in children]
    log.info("stopped", exit_codes=codes)
    return 1 if failed or any(code != 0 for code in codes) else 0


def _child(settings: Settings) -> None:
    """One server process: its own gRPC server on the shared port, its own store connections. A
    SIGTERM that arrives while it is still starting is kept, and drains it as soon as it serves."""
    early = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: early.set())
    signal.signal(signal.SIGINT, lambda signum, frame: early.set())
    from sourcecheck.server.app import serve

    serve(settings, reuse_port=True, metrics=False, stop_requested=early)
