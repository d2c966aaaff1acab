"""Virtuoso: run a throwaway Virtuoso 7 (Debian's `virtuoso-opensource`) on 127.0.0.1.

For tests and benchmarks that must meet the real server, not a fake. `VirtuosoServer`
writes a copy of the packaged `virtuoso.ini` with its database folder, log and both ports
(SQL and HTTP) changed and bound to 127.0.0.1, starts `virtuoso-t` in the foreground as a
child process (process.py's `ServerProcess`), waits until its SPARQL service answers, and
stops it by its process id.
A new database starts with the account `dba`, password `dba`.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
from pathlib import Path

from svg_rdf.endpoint.process import LOOPBACK, ServerProcess, free_port, http_answers
from svg_rdf.errors import ConfigurationError

PACKAGED_INI = Path("/usr/share/virtuoso-opensource-7/virtuoso.ini")
INSTALLED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
DBA = ("dba", "dba")


def virtuoso_executable() -> Path:
    """The `virtuoso-t` server program; raises ConfigurationError when it is not installed."""
    found = shutil.which("virtuoso-t")
    if found is None:
        raise ConfigurationError(
            "the virtuoso-t program is not installed",
            fix="apt-get install virtuoso-opensource",
        )
    return Path(found)


def packaged_ini() -> Path:
    """The `virtuoso.ini` the package ships; raises ConfigurationError when absent."""
    for candidate in (PACKAGED_INI, INSTALLED_INI):
        if candidate.is_file():
            return candidate
    raise ConfigurationError(
        f"no packaged virtuoso.ini at {PACKAGED_INI} or {INSTALLED_INI}",
        fix="apt-get install virtuoso-opensource",
    )


def configure(
    template: str,
    settings: dict[tuple[str, str], str],
    added: dict[tuple[str, str], str] | None = None,
) -> str:
    """`template` (an ini text) with the (section, key) values in `settings` replaced and
    those of `added` (keys the template does not hold) written under their section's header.

    Every key of `settings` must occur in its section: a template without it is refused
    (ValueError), so a changed package cannot silently leave the default ports in use.
    """
    added = added or {}
    section = ""
    replaced: set[tuple[str, str]] = set()
    lines = []
    for line in template.splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            section = header.group(1).strip()
            lines.append(line)
            lines += [f"{key} = {value}" for (part, key), value in added.items() if part == section]
            continue
        entry = re.match(r"\s*([A-Za-z_][\w]*)\s*=", line)
        if entry and (section, entry.group(1)) in settings:
            key = (section, entry.group(1))
            if key in replaced:
                continue  # a duplicate key in the template: keep only our value
            line = f"{entry.group(1)} = {settings[key]}"
            replaced.add(key)
        lines.append(line)
    missing = set(settings) - replaced
    if missing:
        raise ValueError(f"the template lacks {sorted(missing)}")
    return "\n".join(lines) + "\n"


class VirtuosoServer(ServerProcess):
    """A running Virtuoso on 127.0.0.1 with its database in `folder`; a context manager."""

    title = "Virtuoso"
    fix = "read its log in that folder"
    poll_interval = 0.2
    stop_timeout = 30.0  # SIGTERM makes Virtuoso write a checkpoint before it exits

    def __init__(
        self,
        folder: Path,
        *,
        http_port: int | None = None,
        sql_port: int | None = None,
        result_rows: int = 10_000,
        sorted_rows: int | None = None,
        startup_timeout: float = 120.0,
    ) -> None:
        self.folder = folder
        self.http_port = http_port or free_port()
        self.sql_port = sql_port or free_port()
        while self.sql_port == self.http_port:
            self.sql_port = free_port()
        self.result_rows = result_rows
        self.sorted_rows = sorted_rows  # MaxSortedTopRows (10,000 when not set)
        self.ini = folder / "virtuoso.ini"
        self.log = folder / "virtuoso.log"  # Virtuoso's own log, named in the ini
        self.console = folder / "virtuoso.console.log"  # what it prints
        super().__init__(
            folder,
            output=self.console,
            logs=[self.log, self.console],
            startup_timeout=startup_timeout,
            cwd=folder,
        )

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.http_port}"

    def write_ini(self) -> None:
        """The packaged ini with this server's database folder, ports and result limits."""
        folder = self.folder.resolve()
        files = {
            ("Database", "DatabaseFile"): "virtuoso.db",
            ("Database", "ErrorLogFile"): "virtuoso.log",
            ("Database", "LockFile"): "virtuoso.lck",
            ("Database", "TransactionFile"): "virtuoso.trx",
            ("Database", "xa_persistent_file"): "virtuoso.pxa",
            ("TempDatabase", "DatabaseFile"): "virtuoso-temp.db",
            ("TempDatabase", "TransactionFile"): "virtuoso-temp.trx",
        }
        settings = {key: str(folder / name) for key, name in files.items()}
        settings |= {
            ("Parameters", "ServerPort"): f"{LOOPBACK}:{self.sql_port}",
            ("HTTPServer", "ServerPort"): f"{LOOPBACK}:{self.http_port}",
            ("URIQA", "DefaultHost"): f"{LOOPBACK}:{self.http_port}",
            ("Parameters", "DirsAllowed"): f"., {folder}, /usr/share/virtuoso-opensource-7/vad",
            ("SPARQL", "ResultSetMaxRows"): str(self.result_rows),
        }
        template = packaged_ini().read_text("utf-8", "replace")
        self.folder.mkdir(parents=True, exist_ok=True)
        added = {}
        if self.sorted_rows is not None:
            added[("Parameters", "MaxSortedTopRows")] = str(self.sorted_rows)
        self.ini.write_text(configure(template, settings, added), "utf-8")

    def command(self) -> list[str]:
        """`virtuoso-t` in the foreground (a new database on first start); writes the ini
        when the folder has none."""
        executable = virtuoso_executable()
        if not self.ini.is_file():
            self.write_ini()
        return [str(executable), "+foreground", "+configfile", str(self.ini)]

    def answers(self) -> bool:
        query = urllib.parse.urlencode({"query": "ASK {}"})
        return http_answers(self.http_port, "GET", f"/sparql?{query}", timeout=2.0)

    def last_message(self) -> str:
        return super().last_message() or "no message"
