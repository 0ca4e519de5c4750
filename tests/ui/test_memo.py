"""Results remembered per workshop version: computed once per key, shared, least recently
used forgotten first, the content argument (``_w``) left out of the key."""

from __future__ import annotations

import threading

import pytest

from ui import memo


def counting(max_entries: int = 2):
    calls: list[tuple] = []

    @memo.per_version(max_entries=max_entries)
    def result(workshop_id: str, version: int, method: str = "wsm", _w: object = None) -> dict:
        calls.append((workshop_id, version, method))
        return {"id": workshop_id, "version": version, "method": method}

    return result, calls


def test_a_result_is_computed_once_per_key_and_is_the_same_object():
    result, calls = counting()
    first = result("w1", 3, "wsm", object())
    assert result("w1", 3, "wsm", object()) is first  # other content object, same version
    assert result("w1", 3, method="wsm") is first  # a keyword or a default is the same key
    assert result("w1", 3) is first
    assert calls == [("w1", 3, "wsm")]
    assert result("w1", 4)["version"] == 4  # a new version is a new result
    assert result("w1", 3, "topsis")["method"] == "topsis"
    assert len(calls) == 3


def test_the_least_recently_used_is_forgotten_first():
    result, calls = counting(max_entries=2)
    result("w", 1)
    result("w", 2)
    result("w", 1)  # 1 is used again: 2 is now the oldest
    result("w", 3)
    calls.clear()
    result("w", 1)
    assert calls == []
    result("w", 2)
    assert calls == [("w", 2, "wsm")]


def test_clear_all_forgets_everything():
    result, calls = counting()
    result("w", 1)
    memo.clear_all()
    result("w", 1)
    assert len(calls) == 2


def test_an_error_is_not_remembered():
    attempts = []

    @memo.per_version(max_entries=4)
    def flaky(workshop_id: str) -> str:
        attempts.append(workshop_id)
        if len(attempts) == 1:
            raise RuntimeError("first time")
        return "ok"

    with pytest.raises(RuntimeError):
        flaky("w")
    assert flaky("w") == "ok"
    assert len(attempts) == 2


def test_sessions_in_threads_get_the_one_result():
    result, _ = counting(max_entries=8)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(result("w", 7))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    kept = result("w", 7)
    assert all(s == kept for s in seen) and len(seen) == 8
