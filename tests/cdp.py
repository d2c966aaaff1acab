"""A small Chrome DevTools Protocol client over --remote-debugging-pipe (test helper).

Drives the system Chromium (Debian's `chromium` package) headless: no websocket library,
no downloaded browser. Chromium reads commands from fd 3 and writes replies and events to
fd 4, each a JSON message ended by a NUL byte.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def chromium_executable() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


class CDPError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with one page; events are kept for the test to inspect."""

    def __init__(self, executable: str, *, width: int = 1200, height: int = 900) -> None:
        self.profile = tempfile.mkdtemp(prefix="svg-rdf-chromium-")
        ours_read, chrome_write = os.pipe()
        chrome_read, ours_write = os.pipe()
        # high, close-on-exec copies so the shell below can place them at fds 3 and 4
        chrome_read_high = fcntl.fcntl(chrome_read, fcntl.F_DUPFD_CLOEXEC, 10)
        chrome_write_high = fcntl.fcntl(chrome_write, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(chrome_read)
        os.close(chrome_write)
        command = (
            f'exec "$0" "$@" 3<&{chrome_read_high} 4>&{chrome_write_high} '
            f"{chrome_read_high}<&- {chrome_write_high}>&-"
        )
        self.process = subprocess.Popen(
            [
                "/bin/bash",
                "-c",
                command,
                executable,
                "--headless",
                "--remote-debugging-pipe",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-features=Translate,OptimizationHints,MediaRouter",
                "--hide-scrollbars",
                f"--window-size={width},{height}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            pass_fds=(chrome_read_high, chrome_write_high),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(chrome_read_high)
        os.close(chrome_write_high)
        self._read = ours_read
        self._write = ours_write
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.page(f"{domain}.enable")

    # -- protocol ------------------------------------------------------------------
    def _receive(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError("no message from Chromium in time")
            ready, _, _ = select.select([self._read], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise CDPError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)  # type: ignore[no-any-return]

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float = 30,
    ) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive(timeout)
            if reply.get("id") == ident:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            if "method" in reply:
                self.events.append(reply)

    def page(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.call(method, params, session=self.session)

    def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], *, since: int = 0, timeout: float = 30
    ) -> None:
        """Wait for an event (at index `since` or later) that satisfies `predicate`."""
        deadline = time.monotonic() + timeout
        seen = since
        while True:
            for event in self.events[seen:]:
                if predicate(event):
                    return
            seen = len(self.events)
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError("event did not come in time")
            self.events.append(self._receive(left))

    # -- page ----------------------------------------------------------------------
    def navigate(self, url: str) -> None:
        """Open `url` and wait for its load event."""
        start = len(self.events)
        self.page("Page.navigate", {"url": url})
        self._wait_loaded(start)

    def _wait_loaded(self, start: int) -> None:
        def loaded(event: dict[str, Any]) -> bool:
            return event.get("method") == "Page.loadEventFired"

        deadline = time.monotonic() + 30
        while not any(loaded(e) for e in self.events[start:]):
            self.events.append(self._receive(max(0.1, deadline - time.monotonic())))

    def evaluate(self, expression: str, *, await_promise: bool = False) -> Any:
        result = self.page(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": await_promise},
        )
        if "exceptionDetails" in result:
            raise CDPError(f"{expression[:60]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the first element matching `selector`."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            self.page(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )

    def press(self, key: str, code: str, key_code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.page(
                "Input.dispatchKeyEvent",
                {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code},
            )

    def type_text(self, text: str) -> None:
        for char in text:
            self.page("Input.dispatchKeyEvent", {"type": "char", "text": char})

    def screenshot(self, path: Path, *, full_page: bool = False) -> None:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        data = self.page("Page.captureScreenshot", params)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        with contextlib.suppress(CDPError, OSError):
            self.call("Browser.close", timeout=10)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._read)
        os.close(self._write)
        shutil.rmtree(self.profile, ignore_errors=True)
