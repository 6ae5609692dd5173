"""``graphlab report`` in a real browser: headless Chromium (Debian's ``chromium``) opens the page.

The browser is driven over the Chrome DevTools Protocol through ``--remote-debugging-pipe``
(JSON messages on file descriptors 3 and 4, no websocket library needed). The test checks that
every section and figure renders (DOM, sizes), that nothing is logged as an error and no request
leaves the file, that the page fits a phone-width screen without sideways scrolling and hides
its navigation in print, and it saves screenshots that must not be blank.

Chromium is a requirement of the test set-up (``scripts/setup.sh`` installs it): when it is
missing the test fails and says how to install it; it never skips.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from graphlab.cli import main

CHROMIUM = os.environ.get("GRAPHLAB_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio"]  # fmt: skip
TIMEOUT = 90.0


class Browser:
    """A headless Chromium on a DevTools pipe, with one page attached (flat session)."""

    def __init__(self, profile: Path) -> None:
        if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
            pytest.fail(
                f"Chromium is not installed at {CHROMIUM}: the browser test needs Debian's "
                "chromium package (`apt-get install -y chromium`; scripts/setup.sh installs it), "
                "or GRAPHLAB_CHROMIUM=/path/to/chromium"
            )
        cmd_r, self._cmd_w = os.pipe()  # the browser reads commands on its fd 3
        self._res_r, res_w = os.pipe()  # and writes answers and events on its fd 4

        def child_fds() -> None:
            # move both ends above 10 first, so that dup2 onto 3 and 4 clobbers neither
            a = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(res_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            close_fds=False, preexec_fn=child_fds,
        )  # fmt: skip
        os.close(cmd_r)
        os.close(res_w)
        self._buf = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.page(f"{domain}.enable")

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._res_r], [], [], left)[0]:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._res_r, 1 << 20)
            if not chunk:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(f"Chromium closed the pipe: {err[-2000:]}")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        return self.call(method, self.session, **params)

    def wait_for(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        seen = len(self.events)
        while True:
            for event in self.events[seen:]:
                if event.get("method") == method:
                    return event
            seen = len(self.events)
            self.events.append(self._read(deadline))

    def open(self, url: str) -> None:
        self.page("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        res = self.page("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in res:
            raise RuntimeError(f"script failed: {res['exceptionDetails']}")
        return res["result"].get("value")

    def screenshot(self, path: Path, width: int) -> Path:
        self.page("Emulation.setDeviceMetricsOverride", width=width, height=900,
                  deviceScaleFactor=1, mobile=width < 600)  # fmt: skip
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        shot = self.page(
            "Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors seen so far."""
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console: " + " ".join(str(a.get("value", "")) for a in p["args"]))
            elif m == "Runtime.exceptionThrown":
                out.append("exception: " + p["exceptionDetails"].get("text", ""))
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append("log: " + p["entry"].get("text", ""))
        return out

    def requests(self) -> list[str]:
        """URLs of every request the page made."""
        return [e["params"]["request"]["url"] for e in self.events
                if e.get("method") == "Network.requestWillBeSent"]  # fmt: skip

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._cmd_w)
        os.close(self._res_r)


@pytest.fixture
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    yield b
    b.close()


def leaving(requests: list[str], page_url: str) -> list[str]:
    """The requests that leave the file: anything but the page itself and data: URIs."""
    return [u for u in requests if u != page_url and not u.startswith("data:")]


def not_blank(png: Path) -> float:
    """Standard deviation of the screenshot's grey levels (0 for a blank page)."""
    from PIL import Image

    grey = np.asarray(Image.open(png).convert("L"), dtype=float)
    return float(grey.std())


RENDERED = """(() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  return {
    sections: [...document.querySelectorAll('main section')].map(s => ({
      id: s.id, size: box(s), heading: (s.querySelector('h2') || {}).textContent || ''})),
    figures: [...document.querySelectorAll('figure')].map(f => ({
      svg: f.querySelector('svg') ? box(f.querySelector('svg')) : null,
      caption: (f.querySelector('figcaption') || {}).textContent || ''})),
    tables: [...document.querySelectorAll('table')].map(t => ({
      rows: t.tBodies[0] ? t.tBodies[0].rows.length : 0,
      caption: t.caption ? t.caption.textContent : ''})),
    summary: [...document.querySelectorAll('#summary li')].map(li => li.textContent),
    toc: [...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href')),
  };
})()"""


def test_report_renders_in_chromium(tmp_path, browser):
    from linkpred.report.gather import dataset_view, load_source

    # a small graph with the user's own ids, and a per-node table of "another model"
    rng = np.random.default_rng(0)
    n = 120
    iu = np.triu_indices(n, 1)
    keep = rng.random(iu[0].size) < 0.05
    edges = np.column_stack([iu[0][keep], iu[1][keep]])
    ring = np.column_stack([np.arange(n), (np.arange(n) + 1) % n])
    ids = 500 + 3 * np.arange(n)
    lines = [f"{ids[a]} {ids[b]}" for a, b in np.vstack([edges, ring])]
    (tmp_path / "g.txt").write_text("\n".join(lines) + "\n")
    view = dataset_view(load_source(str(tmp_path / "g.txt")), max_hops=1)
    nodes = view.node_frame(1)
    nodes = nodes[nodes["tc_test"].notna()]
    pd.DataFrame({"node": nodes["node"], "mrr": rng.random(len(nodes))}).to_csv(
        tmp_path / "res.csv", index=False
    )
    report = tmp_path / "report.html"
    argv = ["report", str(tmp_path / "g.txt"), "--per-node", str(tmp_path / "res.csv"),
            "--bootstrap", "100", "--out", str(report), "--quiet"]  # fmt: skip
    assert main(argv) == 0
    declared = re.findall(r'<section[^>]* id="([^"]+)"', report.read_text())

    url = report.resolve().as_uri()
    browser.open(url)
    dom = browser.evaluate(RENDERED)
    # every section the page declares is in the DOM, laid out, with its heading
    assert [s["id"] for s in dom["sections"]] == declared
    expected = {"summary", "correlations", "bins", "cold-start", "dataset", "tc-distributions",
                "tc-degree", "shift", "extremes"}  # fmt: skip
    assert expected <= set(declared)
    for s in dom["sections"]:
        assert s["size"][0] > 100 and s["size"][1] > 40 and s["heading"], s
    assert dom["toc"] == [f"#{s}" for s in declared if s != "summary"]
    # every figure drawn at a real size, with a caption; every table filled and captioned
    assert len(dom["figures"]) >= 7
    for f in dom["figures"]:
        assert f["svg"] and f["svg"][0] > 200 and f["svg"][1] > 100, f
        assert len(f["caption"]) > 40
    for t in dom["tables"]:
        assert t["rows"] > 0 and t["caption"], t
    assert len(dom["summary"]) >= 5 and any("mrr" in line for line in dom["summary"])
    # nothing logged as an error, no request leaving the file
    assert browser.errors() == []
    assert leaving(browser.requests(), url) == []

    # a phone-width screen: no sideways scrolling of the page (wide tables scroll in their box)
    wide = browser.screenshot(tmp_path / "report-desktop.png", 1100)
    narrow = browser.screenshot(tmp_path / "report-narrow.png", 390)
    overflow = browser.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px at 390px"
    for png in (wide, narrow):
        assert not_blank(png) > 10, f"{png} looks blank"
    # print: the navigation is hidden, figures are kept whole
    browser.page("Emulation.setEmulatedMedia", media="print")
    assert browser.evaluate("getComputedStyle(document.querySelector('nav.toc')).display") == (
        "none"
    )
    assert (
        browser.evaluate("getComputedStyle(document.querySelector('figure')).breakInside")
        == "avoid"
    )
    pdf = browser.page("Page.printToPDF", printBackground=True)
    assert len(base64.b64decode(pdf["data"])) > 20_000
    assert browser.errors() == [] and leaving(browser.requests(), url) == []
    keep_dir = os.environ.get("GRAPHLAB_SCREENSHOT_DIR")
    if keep_dir:
        for png in (wide, narrow):
            shutil.copy(png, Path(keep_dir) / png.name)


def test_the_checks_catch_requests_and_errors(tmp_path, browser):
    """The same checks on a page that fetches and logs: they must see both."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><body><p>x</p><img src="http://127.0.0.1:9/pixel.png">'
        '<script>console.error("broken figure")</script></body></html>'
    )
    url = bad.resolve().as_uri()
    browser.open(url)
    assert "http://127.0.0.1:9/pixel.png" in leaving(browser.requests(), url)
    assert any("broken figure" in e for e in browser.errors())
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>")
    browser.open(blank.resolve().as_uri())
    assert not_blank(browser.screenshot(tmp_path / "blank.png", 600)) == 0.0
