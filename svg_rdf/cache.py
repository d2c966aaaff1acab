"""Stage cache: a build stage's result stored under the hash of everything it depends on.

A key is the SHA-256 of the stage's name, the code version (every file of the installed
svg_rdf package, the versions of the libraries whose output we publish, Python's, and
SCHEMA) and the stage's inputs as bytes. So a change of data, settings or code gives a new
key and never serves a stale result; the same inputs give the same bytes as a cold build.

Entries live in one flat folder (`folder()`: $SVG_RDF_CACHE_DIR, else
$XDG_CACHE_HOME/svg-rdf, else ~/.cache/svg-rdf), never inside the project: a cloned
project is untrusted, and an entry is a pickle. Each entry is MAGIC, the SHA-256 of its
payload, then the payload; a truncated, corrupt or foreign entry (or one naming a class
outside the allowed modules) is removed and counts as a miss. Entries are written to a
temporary file and renamed, so concurrent builds never see half an entry; after a write
the folder is pruned, oldest first, to `limit()` bytes (a hit refreshes an entry's time).
Every failure to read or write the cache is a miss, never an error of the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

T = TypeVar("T")

# Raise when the meaning of a stored value changes without a code change we can see.
SCHEMA = 1
MAGIC = b"svg-rdf-cache\x00v1\n"
DEFAULT_LIMIT = 256 * 1024 * 1024
# The libraries whose results are stored (graph syntaxes, the SHACL engines, the site's templates).
LIBRARIES = ("rdflib", "pyoxigraph", "pyshacl", "pyshacl-turbo", "jinja2", "markupsafe")
_SUFFIX = ".entry"
# What an entry may name when unpickled: our own frozen data, RDF terms and plain types.
_ALLOWED_MODULES = ("svg_rdf.", "rdflib.term")
_ALLOWED_BUILTINS = frozenset(
    {"frozenset", "set", "tuple", "list", "dict", "str", "bytes", "int", "float", "bool"}
)


def folder() -> Path:
    """The cache folder: $SVG_RDF_CACHE_DIR, else $XDG_CACHE_HOME/svg-rdf, else
    ~/.cache/svg-rdf."""
    chosen = os.environ.get("SVG_RDF_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "svg-rdf"


def limit() -> int:
    """The cache's bound in bytes: $SVG_RDF_CACHE_MB megabytes, else 256 MB."""
    value = os.environ.get("SVG_RDF_CACHE_MB", "")
    return int(value) * 1024 * 1024 if value.isascii() and value.isdigit() else DEFAULT_LIMIT


def disabled_by_environment() -> bool:
    """SVG_RDF_NO_CACHE set to anything but "" or "0" turns the cache off."""
    return os.environ.get("SVG_RDF_NO_CACHE", "") not in ("", "0")


@cache
def code_version() -> bytes:
    """The hash of the code that computes every stage: each file of the svg_rdf package
    (sources and packaged defaults), the libraries' versions, Python's, and SCHEMA."""
    from importlib import metadata

    digest = hashlib.sha256(f"schema {SCHEMA}\n{sys.version}\n".encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name} {version}\n".encode())
    digest.update(tree_digest(Path(__file__).resolve().parent))
    return digest.digest()


def tree_digest(folder: Path) -> bytes:
    """The hash of every file under `folder` (name and bytes), byte-code left out."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            relative = path.relative_to(folder).as_posix().encode()
            digest.update(b"%d:%s" % (len(relative), relative))
            data = path.read_bytes()
            digest.update(b"%d:" % len(data))
            digest.update(data)
    return digest.digest()


def key(stage: str, *parts: bytes | str) -> str:
    """The key of `stage` for these inputs: each part is length-prefixed, so no two lists
    of parts give the same bytes."""
    digest = hashlib.sha256(code_version())
    for part in (stage, *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


def fingerprint(value: object) -> bytes | None:
    """The pickle of `value` as key material, or None when it cannot be pickled (its
    stage then runs uncached). A value whose pickle differs between processes (a set of
    strings) only misses; it is never mistaken for another."""
    try:
        return hashlib.sha256(pickle.dumps(value, protocol=5)).digest()
    except Exception:  # anything unpicklable just is not cached
        return None


def lines_digest(lines: Iterable[str]) -> bytes:
    """The hash of `lines` sorted: a set's content, whatever its order."""
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.digest()


_REMEMBERED: list[tuple[str, object, object]] = []


def remember(what: str, value: object, compute: Callable[[], T]) -> T:
    """`compute()` for `value`, remembered for the last few objects by identity: the
    curation, the graph and the shapes are hashed (and shapes.ttl rendered) by several
    stages of one build."""
    for name, known, result in _REMEMBERED:
        if name == what and known is value:
            return cast(T, result)
    result = compute()
    _REMEMBERED[:] = [*_REMEMBERED[-11:], (what, value, result)]
    return result


def triple_lines(triples: Iterable[object]) -> list[str]:
    """Each triple's N-Triples form, in the set's order, remembered for the set (its digest
    and the graph files' parts read them)."""
    return remember("lines", triples, lambda: [str(t) for t in triples])


def triples_digest(triples: Iterable[object]) -> bytes:
    """The digest of a set of triples (their N-Triples lines, sorted), remembered for it."""
    return remember("graph", triples, lambda: lines_digest(triple_lines(triples)))


def remembered_fingerprint(value: object) -> bytes | None:
    """`fingerprint(value)`, remembered for the object."""
    return remember("pickle", value, lambda: fingerprint(value) or b"") or None


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in _ALLOWED_BUILTINS:
            return super().find_class(module, name)
        if module == "copyreg" and name == "_reconstructor":
            return super().find_class(module, name)
        # a class of our own modules or an enum, by its plain name: a dotted name would
        # reach whatever the module imports (svg_rdf.cache's "os.system"), and a function
        # is a call, not data
        if "." not in name and (module.startswith(_ALLOWED_MODULES) or module == "enum"):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"an entry may not name {module}.{name}")


class StageCache:
    """The cache folder, or nothing at all (`StageCache(None)`: every get misses, every
    put is dropped)."""

    def __init__(self, root: Path | None, *, max_bytes: int | None = None) -> None:
        self.root = root
        self.max_bytes = limit() if max_bytes is None else max_bytes
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, *, enabled: bool = True) -> StageCache:
        """The user's cache, unless `enabled` is false or SVG_RDF_NO_CACHE is set."""
        if not enabled or disabled_by_environment():
            return cls(None)
        try:
            return cls(folder())
        except (RuntimeError, KeyError):  # no home folder to hold it: build uncached
            return cls(None)

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def path(self, entry: str) -> Path:
        assert self.root is not None
        return self.root / f"{entry}{_SUFFIX}"

    def get(self, entry: str) -> Any:
        """The value stored under `entry`, or None (absent, unreadable, corrupt, foreign)."""
        if self.root is None:
            return None
        path = self.path(entry)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            self.misses += 1
            return None
        head = len(MAGIC) + 32
        payload = data[head:]
        digest = hashlib.sha256(payload).digest()
        valid = data.startswith(MAGIC) and data[len(MAGIC) : head] == digest
        try:
            if not valid:
                raise pickle.UnpicklingError("not an entry of this cache")
            value = _Unpickler(io.BytesIO(payload)).load()
        except Exception:  # whatever the file holds, it is only a miss
            with contextlib.suppress(OSError):
                path.unlink()
            self.misses += 1
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        self.hits += 1
        return value

    def put(self, entry: str, value: object) -> None:
        """Store `value` under `entry` (a temporary file, then renamed); `prune` bounds the
        folder (once per build: it reads the whole folder)."""
        if self.root is None:
            return
        try:
            payload = pickle.dumps(value, protocol=5)
        except Exception:  # an unpicklable value is simply not stored
            return
        temporary: str | None = None
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.root)
            with os.fdopen(handle, "wb") as out:
                out.write(MAGIC)
                out.write(hashlib.sha256(payload).digest())
                out.write(payload)
            os.replace(temporary, self.path(entry))
            temporary = None
        except OSError:
            pass  # a full disk or a read-only cache: the build goes on uncached
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)

    def prune(self) -> None:
        """Remove the least recently used entries until the folder holds at most
        max_bytes (and temporary files older than an hour, left by killed builds)."""
        if self.root is None:
            return
        entries = []
        total = 0
        stale = time.time() - 3600
        try:
            scan = list(os.scandir(self.root))
        except OSError:
            return
        for item in scan:
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            if item.name.startswith(".tmp-") and info.st_mtime < stale:
                with contextlib.suppress(OSError):
                    os.unlink(item.path)
            elif item.name.endswith(_SUFFIX):
                entries.append((info.st_mtime, item.name, info.st_size))
                total += info.st_size
        if total <= self.max_bytes:
            return
        for _, name, size in sorted(entries):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                os.unlink(self.root / name)
                total -= size

    def size(self) -> int:
        """The bytes the entries hold."""
        if self.root is None or not self.root.is_dir():
            return 0
        return sum(p.stat().st_size for p in self.root.glob(f"*{_SUFFIX}"))


class Memo:
    """A build's table of pure results by the hash of their inputs: what a stage computed
    for the same inputs in the previous build of this project is taken, not computed.

    Loaded from one cache entry (`Memo.load`) and saved back (`save`) holding only what
    this build used, so it stays the size of one build; its cache key holds the code
    version, so a code change starts it empty. An input that cannot be pickled, or a stored
    value of another type than asked for, is computed.
    """

    def __init__(self, known: dict[bytes, object] | None = None) -> None:
        self._known: dict[bytes, object] = known or {}
        self.used: dict[bytes, object] = {}
        self.hits = 0

    @classmethod
    def load(cls, cache: StageCache, entry: str) -> Memo:
        found = cache.get(entry) if cache.enabled else None
        if isinstance(found, dict) and all(isinstance(k, bytes) for k in found):
            return cls(found)
        return cls()

    def save(self, cache: StageCache, entry: str) -> None:
        """Store what this build used, when it differs from what was loaded."""
        if cache.enabled and self.used.keys() != self._known.keys():
            cache.put(entry, self.used)

    def recall(self, inputs: bytes | None, kind: type[T], compute: Callable[[], T]) -> T:
        """`compute()`, or the value stored for the same `inputs` (key material: its pickle
        or bytes that name every input; None: always computed, never stored)."""
        if inputs is None:
            return compute()
        digest = hashlib.sha256(inputs).digest()
        value = self._known.get(digest)
        if isinstance(value, kind):
            self.hits += 1
        else:
            value = compute()
        self.used[digest] = value
        return value

    def recall_all(
        self, inputs: Sequence[bytes], kind: type[T], compute: Callable[[list[int]], list[T]]
    ) -> list[T]:
        """`recall` for each of `inputs`, the missing ones computed in one call (where
        writing them together is cheaper): `compute(missing)` gets the positions of the
        inputs not in the memo and returns their values in that order."""
        digests = [hashlib.sha256(data).digest() for data in inputs]
        found = [self._known.get(digest) for digest in digests]
        missing = [number for number, value in enumerate(found) if not isinstance(value, kind)]
        values = cast(list[T], found)
        self.hits += len(found) - len(missing)
        if missing:
            for number, value in zip(missing, compute(missing), strict=True):
                values[number] = value
        self.used.update(zip(digests, values, strict=True))
        return values


def pickled(value: object) -> bytes | None:
    """`value`'s pickle as Memo input, or None when it cannot be pickled."""
    try:
        return pickle.dumps(value, protocol=5)
    except Exception:  # anything unpicklable is just computed
        return None
