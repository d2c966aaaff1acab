"""svg_rdf/cache.py on its own: keys, entries, damage, a foreign pickle, concurrent writers
and the bound (the builds that use it: tests/test_build_cache.py)."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from svg_rdf import cache
from svg_rdf.cache import MAGIC, StageCache
from tests.endpoint_data import ROOT


class Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


def test_an_entry_naming_a_foreign_callable_is_never_run(tmp_path: Path) -> None:
    stages = StageCache(tmp_path / "c")
    payload = pickle.dumps(Boom(), protocol=5)
    stages.root.mkdir()  # type: ignore[union-attr]
    path = stages.path("x")
    path.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)  # a valid checksum
    os.chdir(tmp_path)
    assert stages.get("x") is None
    assert not (tmp_path / "pwned").exists()
    assert not path.exists()  # removed: the next put replaces it


def _dotted_system_call() -> bytes:
    """A protocol-4 pickle that reaches os.system through an allowed module by a dotted
    name (svg_rdf.cache imports os): STACK_GLOBAL("svg_rdf.cache", "os.system")."""
    return (
        b"\x80\x05"
        + pickle.SHORT_BINUNICODE
        + bytes([13])
        + b"svg_rdf.cache"
        + pickle.SHORT_BINUNICODE
        + bytes([9])
        + b"os.system"
        + pickle.STACK_GLOBAL
        + pickle.SHORT_BINUNICODE
        + bytes([11])
        + b"touch pwned"
        + pickle.TUPLE1
        + pickle.REDUCE
        + pickle.STOP
    )


@pytest.mark.parametrize(
    "payload",
    [
        _dotted_system_call(),
        # a function (not a class) of an allowed module
        pickle.dumps(cache.tree_digest, protocol=5),
    ],
    ids=["dotted-name", "function"],
)
def test_an_entry_may_name_only_classes_of_the_allowed_modules(
    tmp_path: Path, payload: bytes
) -> None:
    stages = StageCache(tmp_path / "c")
    stages.root.mkdir()  # type: ignore[union-attr]
    path = stages.path("x")
    path.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
    os.chdir(tmp_path)
    assert stages.get("x") is None
    assert not (tmp_path / "pwned").exists()


def test_get_put_and_misses(tmp_path: Path) -> None:
    stages = StageCache(tmp_path / "c")
    assert stages.get("k") is None
    stages.put("k", ("a", b"b", frozenset({1})))
    assert stages.get("k") == ("a", b"b", frozenset({1}))
    assert (stages.hits, stages.misses) == (1, 1)
    assert StageCache(None).get("k") is None  # disabled: always a miss
    StageCache(None).put("k", 1)  # and dropped


def test_an_unwritable_cache_is_only_a_miss(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    stages = StageCache(blocker / "c")
    stages.put("k", 1)  # no error
    assert stages.get("k") is None


def test_the_key_changes_with_code_inputs_and_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    first = cache.key("stage", b"input")
    assert first == cache.key("stage", b"input")
    assert first != cache.key("stage", b"input2")
    assert first != cache.key("stage2", b"input")
    assert cache.key("s", b"ab", b"c") != cache.key("s", b"a", b"bc")  # parts length-prefixed
    monkeypatch.setattr(cache, "SCHEMA", cache.SCHEMA + 1)
    cache.code_version.cache_clear()
    try:
        assert cache.key("stage", b"input") != first
    finally:
        monkeypatch.undo()
        cache.code_version.cache_clear()


def test_every_file_of_the_package_is_part_of_the_code_version(tmp_path: Path) -> None:
    package = tmp_path / "svg_rdf"
    (package / "defaults").mkdir(parents=True)
    (package / "stage.py").write_text("X = 1\n")
    (package / "defaults" / "shapes.ttl").write_text("# shapes\n")
    first = cache.tree_digest(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "stage.cpython-311.pyc").write_bytes(b"byte-code")
    assert cache.tree_digest(package) == first  # byte-code is not the code
    (package / "stage.py").write_text("X = 2\n")
    assert cache.tree_digest(package) != first
    (package / "stage.py").write_text("X = 1\n")
    assert cache.tree_digest(package) == first
    (package / "defaults" / "shapes.ttl").write_text("# other shapes\n")
    assert cache.tree_digest(package) != first  # packaged defaults count too


def test_the_cache_is_bounded_least_recently_used_first(tmp_path: Path) -> None:
    stages = StageCache(tmp_path / "c", max_bytes=40_000)
    for number in range(10):
        stages.put(f"k{number}", bytes(10_000))
        path = stages.path(f"k{number}")
        os.utime(path, (number, number))  # k0 oldest
    stages.get("k0")  # used again: now the newest
    stages.prune()
    assert stages.size() <= 40_000
    kept = {path.stem for path in stages.root.glob("*.entry")}  # type: ignore[union-attr]
    assert "k0" in kept and "k9" in kept and "k1" not in kept


WRITER = """
import sys
from pathlib import Path
from svg_rdf.cache import StageCache
stages = StageCache(Path(sys.argv[1]))
value = bytes([int(sys.argv[2])]) * 2_000_000
for _ in range(15):
    stages.put("shared", value)
"""


def test_concurrent_writers_never_leave_half_an_entry(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(n)], cwd=ROOT)
        for n in (1, 2)
    ]
    stages = StageCache(folder)
    seen = set()
    while any(writer.poll() is None for writer in writers):
        value = stages.get("shared")
        if value is not None:
            assert value in (b"\x01" * 2_000_000, b"\x02" * 2_000_000)
            seen.add(value[:1])
    assert all(writer.wait() == 0 for writer in writers)
    assert stages.get("shared") in (b"\x01" * 2_000_000, b"\x02" * 2_000_000)
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")]


def test_the_environment_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVG_RDF_NO_CACHE", "1")
    assert not StageCache.open().enabled
    monkeypatch.setenv("SVG_RDF_NO_CACHE", "0")
    assert StageCache.open().enabled
    assert not StageCache.open(enabled=False).enabled


def test_no_home_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SVG_RDF_CACHE_DIR", "XDG_CACHE_HOME", "SVG_RDF_NO_CACHE", "HOME"):
        monkeypatch.delenv(name, raising=False)

    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", homeless)
    assert not StageCache.open().enabled


def test_a_memo_takes_what_the_last_build_computed_for_the_same_inputs(tmp_path: Path) -> None:
    stages = StageCache(tmp_path / "c")
    computed: list[str] = []

    def compute(text: str) -> bytes:
        computed.append(text)
        return text.upper().encode()

    first = cache.Memo.load(stages, "m")
    assert first.recall(b"a", bytes, lambda: compute("a")) == b"A"
    assert first.recall(b"b", bytes, lambda: compute("b")) == b"B"
    first.save(stages, "m")
    second = cache.Memo.load(stages, "m")
    assert second.recall(b"a", bytes, lambda: compute("a")) == b"A"  # stored
    assert second.recall(b"c", bytes, lambda: compute("c")) == b"C"
    assert second.recall(None, bytes, lambda: compute("d")) == b"D"  # no key: computed
    assert computed == ["a", "b", "c", "d"] and second.hits == 1
    second.save(stages, "m")
    # saved with only what the second build used: "b" is gone, "d" was never stored
    third = cache.Memo.load(stages, "m")
    assert third.recall(b"b", bytes, lambda: compute("b")) == b"B"
    assert third.recall(b"c", tuple, lambda: (b"another type",)) == (b"another type",)
    assert computed[-1] == "b" and third.hits == 0


def test_a_memo_computes_the_missing_values_of_many_in_one_call(tmp_path: Path) -> None:
    stages = StageCache(tmp_path / "c")
    calls: list[list[int]] = []
    inputs = [b"a", b"b", b"c"]

    def compute(missing: list[int]) -> list[str]:
        calls.append(missing)
        return [inputs[number].decode().upper() for number in missing]

    first = cache.Memo.load(stages, "m")
    assert first.recall_all(inputs[:2], str, compute) == ["A", "B"]
    first.save(stages, "m")
    second = cache.Memo.load(stages, "m")
    assert second.recall_all(inputs, str, compute) == ["A", "B", "C"]
    assert calls == [[0, 1], [2]] and second.hits == 2  # only "c" computed, in one call
    assert second.recall_all(inputs, bytes, compute) == ["A", "B", "C"]  # another type
    assert calls[-1] == [0, 1, 2] and second.hits == 2


def test_a_damaged_or_foreign_memo_is_an_empty_one(tmp_path: Path) -> None:
    stages = StageCache(tmp_path / "c")
    memo = cache.Memo.load(stages, "m")
    memo.recall(b"a", bytes, lambda: b"A")
    memo.save(stages, "m")
    path = stages.path("m")
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit flipped
    assert cache.Memo.load(stages, "m").recall(b"a", bytes, lambda: b"again") == b"again"
    stages.put("m", {"not bytes": b"A"})  # a well-formed entry of another shape
    assert cache.Memo.load(stages, "m").recall(b"a", bytes, lambda: b"again") == b"again"
    assert cache.pickled(lambda: None) is None  # unpicklable inputs: never stored
