"""Results computed once per stored version of a workshop, shared by every session.

The rankings, the method table, the sensitivity analysis and the charts are pure
functions of a workshop's content, and the store names that content with
``(workshop id, version)``. Streamlit's caches would do, but at a price paid on every
run for every call: ``cache_data`` unpickles a fresh copy of the result, and both
caches work out the call's key through ``inspect.signature`` and hash each argument.
Resultaten asks for results some thirty times per run, so that price was a fifth of
its rerun. Here the key is the tuple of the arguments as given, and the result is
the object itself (like ``cache_resource``): results are frozen dataclasses, frames
and figures that no code changes after they are made.

Arguments whose name starts with ``_`` are left out of the key (Streamlit's rule):
the workshop content is passed that way, its version stands for it.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_ALL: list[_Memo[Any]] = []


class _Memo(Generic[T]):
    """A least-recently-used table of results, guarded by a lock (sessions run in threads)."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.entries: OrderedDict[tuple[Any, ...], T] = OrderedDict()
        self.lock = threading.Lock()

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def per_version(max_entries: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Remember ``fn``'s results for its last ``max_entries`` keys (see the module docstring)."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(fn)
        names = list(signature.parameters)
        keyed = [n for n, name in enumerate(names) if not name.startswith("_")]
        memo: _Memo[R] = _Memo(max_entries)
        _ALL.append(memo)

        @functools.wraps(fn)
        def remembered(*args: P.args, **kwargs: P.kwargs) -> R:
            given: tuple[Any, ...] = args
            if kwargs or len(args) < len(names):  # keywords or defaults: the same positions
                bound = signature.bind(*args, **kwargs)
                bound.apply_defaults()
                given = tuple(bound.arguments.values())
            key = tuple(given[n] for n in keyed)
            with memo.lock:
                if key in memo.entries:
                    memo.entries.move_to_end(key)
                    return memo.entries[key]
            # Computed outside the lock: two sessions asking at once may both compute,
            # which costs time once but never blocks one session behind another's work.
            result = fn(*args, **kwargs)
            with memo.lock:
                memo.entries[key] = result
                memo.entries.move_to_end(key)
                while len(memo.entries) > memo.max_entries:
                    memo.entries.popitem(last=False)
            return result

        return remembered

    return decorate


def clear_all() -> None:
    """Forget every remembered result (tests, and a benchmark's cold case)."""
    for memo in _ALL:
        memo.clear()
