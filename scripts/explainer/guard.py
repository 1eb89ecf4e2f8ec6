"""Fault isolation: one article can never stop the site.

Every per-article stage of the build runs through [guarded][explainer.guard.guarded]: an
unexpected exception becomes a [Diagnostic][explainer.model.Diagnostic] that names the file
and the stage (code [STAGE_FAILED][explainer.guard.STAGE_FAILED]), and the build goes on with
a default in place of the stage's result.

A stage failure has severity `error`, so `explainer check` exits non-zero and `--strict`
builds fail naming the file, but it does not keep the article out of the site by itself
(see [blocks_publication][explainer.guard.blocks_publication]): the page is built without
the failed part. Set `EXPLAINER_DEBUG=1` (the CLI's `--debug`) to let the exception through
with its traceback.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from explainer.model import Diagnostic

T = TypeVar("T")
P = ParamSpec("P")

STAGE_FAILED = "stage-failed"
"""Code of the diagnostic a failed stage leaves."""

LEFT_OUT = "article left out"
"""What happens to an article whose reading, parsing or page rendering fails."""

CONSEQUENCES = {
    "reading and parsing": LEFT_OUT,
    "page rendering": LEFT_OUT,
    "related articles": "pages built without related articles",
    "citations": "pages built without citations",
}
"""What the build does when a stage fails, by stage; any other stage: `page built without it`."""

DEBUG_ENV = "EXPLAINER_DEBUG"
"""Environment variable that, set to `1`, makes stage failures raise (for debugging)."""


def debugging() -> bool:
    """Whether stage failures should raise instead of being reported.

    Returns:
        True when `EXPLAINER_DEBUG` is set to `1`.
    """
    return os.environ.get(DEBUG_ENV, "") == "1"


def stage_failure(file: str, stage: str, error: BaseException, consequence: str) -> Diagnostic:
    """The diagnostic of a stage that raised.

    Args:
        file: The source file the stage worked on.
        stage: What the stage does (`argument summary`).
        error: The exception.
        consequence: What the build did instead (`page built without it`).

    Returns:
        An error diagnostic with code [STAGE_FAILED][explainer.guard.STAGE_FAILED].

    Examples:
        >>> str(stage_failure("sources/x.txt", "argument summary", IndexError("boom"), "page built without it"))
        'sources/x.txt:0: error: argument summary failed (IndexError: boom); page built without it [stage-failed]'
    """
    detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return Diagnostic(file, 0, STAGE_FAILED, f"{stage} failed ({detail}); {consequence}", "error")


def guarded(
    stage: str,
    file: str,
    default: T,
    function: Callable[P, T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> tuple[T, tuple[Diagnostic, ...]]:
    """Run one stage; on an unexpected exception, report it and return a default.

    Args:
        stage: What the stage does, for the message (`argument summary`).
        file: The source file it works on (or the folder, for a stage over all articles).
        default: What to use when the stage fails.
        function: The stage.
        *args: Its positional arguments.
        **kwargs: Its keyword arguments.

    Returns:
        The stage's result and no diagnostic, or `default` and the failure's diagnostic.

    Raises:
        Exception: Whatever the stage raised, when [debugging][explainer.guard.debugging].

    Examples:
        >>> guarded("division", "x.txt", 0.0, lambda: 1 / 0)[1][0].code
        'stage-failed'
    """
    try:
        with time_limit(STAGE_SECONDS):
            return function(*args, **kwargs), ()
    except Exception as error:  # noqa: BLE001 - isolating faults is the point
        if debugging():
            raise
        consequence = CONSEQUENCES.get(stage, "page built without it")
        return default, (stage_failure(file, stage, error, consequence),)


STAGE_SECONDS = 120.0
"""Longest one guarded stage may run on one article (every stage is linear: a few seconds
for the largest texts); past it the stage is stopped and reported as failed."""


class StageTimeout(Exception):
    """A stage ran past [STAGE_SECONDS][explainer.guard.STAGE_SECONDS]."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise [StageTimeout][explainer.guard.StageTimeout] in the block after `seconds`.

    Uses a Unix interval timer, so it works in the main thread only (elsewhere, and on
    systems without `SIGALRM`, the block runs without a limit); an outer limit set
    already is kept.
    """
    usable = (
        seconds > 0
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise StageTimeout(f"stopped after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def blocks_publication(diagnostic: Diagnostic) -> bool:
    """Whether a diagnostic keeps its article out of the site.

    An error in the source (unreadable, a bad sidecar) does; a stage failure does not by
    itself (the page is built without that part); warnings and info never do.

    Args:
        diagnostic: A diagnostic of the article.

    Returns:
        True for an error other than a stage failure.
    """
    return diagnostic.severity == "error" and diagnostic.code != STAGE_FAILED
