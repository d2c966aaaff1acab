"""Benchmark: `svg-rdf build` time against the size of a source (issue 15, defect 4).

A copy of the project has its newer source grown by N MB of generated, unique prose
(paragraphs of sentences with abbreviations and initials, a title line every 40
paragraphs), its checksum updated in seeds/sources.toml; nothing else changes, so every
quote still matches. Each size is built as a whole process; the peer is the build of the
unchanged project in the same run. Linear means seconds per added MB stay flat.

    python benchmarks/source_size_benchmark.py [--sizes 1 4 16] [--rounds 1]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = "001_fac9f245705e1fde.txt"
WORDS = re.findall(
    r"\w+",
    "the group flew over hills and rivers while pilots waited near old bases in spring "
    "crews repaired engines at dawn and the squadron moved south before the rains",
)


def prose(size: int, seed: int = 15) -> str:
    """`size` code points of unique text: numbered sentences, abbreviations, title lines."""
    rnd = random.Random(seed)
    parts: list[str] = []
    total = number = 0
    while total < size:
        number += 1
        if number % 40 == 0:
            part = f"\nAppendix part {number}\n\n"
        else:
            words = " ".join(rnd.choice(WORDS) for _ in range(14))
            part = f"Added sentence {number} says {words}. Gen. L. Smith saw it at 10 a.m. "
            part += "\n" if number % 5 == 0 else ""
        parts.append(part)
        total += len(part)
    return "\n\n" + "".join(parts)[:size] + "\n"


def project(folder: Path, megabytes: float) -> Path:
    root = folder / f"p{megabytes:g}"
    for part in ("seeds", "ontology", "shapes"):
        shutil.copytree(REPO / part, root / part)
    if megabytes:
        source = root / "seeds" / SOURCE
        with source.open("a", encoding="utf-8", newline="") as stream:
            stream.write(prose(int(megabytes * 1_000_000)))
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        registry = root / "seeds" / "sources.toml"
        text = registry.read_text(encoding="utf-8")
        entry = text.index(f'file = "{SOURCE}"')
        head, tail = text[:entry], text[entry:]
        tail = re.sub(r'sha256 = "[0-9a-f]{64}"', f'sha256 = "{digest}"', tail, count=1)
        registry.write_text(head + tail, encoding="utf-8")
    return root


def timed(root: Path) -> float:
    command = [sys.executable, "-m", "svg_rdf", "build", "--project", str(root)]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = project(Path(folder), 0)
        timed(base)  # warm the file cache and byte-code
        peer = statistics.median(timed(base) for _ in range(args.rounds))
        print(f"peer: the unchanged project          {peer:7.2f} s")
        for megabytes in args.sizes:
            root = project(Path(folder), megabytes)
            seconds = statistics.median(timed(root) for _ in range(args.rounds))
            added = seconds - peer
            print(
                f"source grown by {megabytes:5g} MB: {seconds:7.2f} s "
                f"({added:+.2f} s over the peer, {added / megabytes:.2f} s per added MB)"
            )
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
