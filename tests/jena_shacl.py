"""Apache Jena's SHACL engine, as Debian packages it (libapache-jena-java 4.5), for tests.

`reports(shapes, paths, folder)` validates each data graph with Jena's own validator in one
JVM (tests/jena/ShaclReports.java, run by `java` from its source) and gives each report as
an rdflib Graph. Debian's jena-core holds Xerces under `xerces.` but its message bundles
only under `org/apache/jena/ext/xerces/`, so Jena stops at start-up ("internal error" in
XSSimpleTypeDecl): the bundles are copied to where the classes look for them, in `folder`.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from rdflib import Graph

from tests.needs import missing

JAVA = Path("/usr/share/java")
JENA = [
    "jena-arq",
    "jena-base",
    "jena-cmds",
    "jena-core",
    "jena-dboe-base",
    "jena-dboe-index",
    "jena-dboe-storage",
    "jena-dboe-trans-data",
    "jena-dboe-transaction",
    "jena-iri",
    "jena-shacl",
]
# what those need at run time (libapache-jena-java's dependencies)
NEEDED = [
    "slf4j-api",
    "commons-lang3",
    "commons-io",
    "commons-codec",
    "commons-compress",
    "thrift",
    "guava",
    "dexx.collection",
]
SOURCE = Path(__file__).with_name("jena") / "ShaclReports.java"
HOW = ".ci/run installs Debian's libapache-jena-java and default-jdk-headless"


def classpath(folder: Path) -> str:
    """Jena's jars, what they need, and the message bundles copied into `folder`."""
    jars = [JAVA / f"{name}.jar" for name in (*JENA, *NEEDED)]
    absent = [jar.name for jar in jars if not jar.is_file()]
    if absent or shutil.which("java") is None:
        missing(f"Apache Jena ({', '.join(absent) or 'java'})", HOW)
    bundles = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(JAVA / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(bundles) and name.endswith(".properties"):
                target = folder / "xerces" / name[len(bundles) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return ":".join([*map(str, jars), str(folder)])


def reports(shapes: Path, paths: list[Path], folder: Path) -> dict[Path, Graph]:
    """Jena's validation report of each of `paths` against `shapes`."""
    done = subprocess.run(
        ["java", "-cp", classpath(folder), str(SOURCE), str(shapes), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0 and "jdk.compiler" in done.stderr:
        missing("a Java compiler (java runs ShaclReports.java from its source)", HOW)
    assert done.returncode == 0, done.stderr[-2000:]
    found: dict[Path, Graph] = {}
    parts = done.stdout.split("# report ")[1:]
    for part in parts:
        name, _, triples = part.partition("\n")
        found[Path(name)] = Graph().parse(data=triples, format="nt")
    assert list(found) == paths, done.stderr[-2000:]
    return found
