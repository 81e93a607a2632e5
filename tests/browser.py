"""A real headless browser for the tests: Debian's chromium, driven by Playwright.

The `browser` session fixture installs chromium (and a CJK font, so that screenshots show
Chinese, not boxes) with apt-get when it is missing, as root, as CI does on a fresh machine; if
that fails the tests fail with the reason, they never skip. Playwright's own browser download
(`playwright install`) is never used: the machines reach package registries only.

Regenerate the README's screenshot: python -m tests.browser [docs/screenshots/html-report.png]
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from .conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags chromium keeps calling home, and this closed network
# refuses the connections (errors in the log, slow start).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PACKAGES = ["chromium"]
CJK_FONT_PACKAGE = "fonts-noto-cjk"
SCREEN = {"width": 1280, "height": 900}


def _run(command: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)


def _has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    result = _run(["fc-list", ":lang=zh", "family"])
    return result.returncode == 0 and bool(result.stdout.strip())


def _apt_install(packages: list[str]) -> None:
    """apt-get install, updating the package lists first when they are empty or stale."""
    if os.geteuid() != 0:
        pytest.fail(f"{' '.join(packages)} missing and not root: install it with "
                    f"`apt-get install -y --no-install-recommends {' '.join(packages)}`", pytrace=False)
    lists = Path("/var/lib/apt/lists")
    install = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if not any(lists.glob("*Packages*")):
        _run(["apt-get", "update"])
    result = _run(install)
    if result.returncode != 0:  # stale lists (a package version gone): update once and retry
        update = _run(["apt-get", "update"])
        result = _run(install)
        if result.returncode != 0:
            tail = "\n".join((update.stderr + result.stdout + result.stderr).strip().splitlines()[-15:])
            pytest.fail(f"could not install {' '.join(packages)} with apt-get (needed for the browser tests):\n{tail}",
                        pytrace=False)


def ensure_chromium() -> tuple[str, float]:
    """Debian's chromium (and a CJK font), installed when missing; returns its path and the seconds spent installing."""
    began = time.monotonic()
    wanted = [] if os.access(CHROMIUM, os.X_OK) else list(PACKAGES)
    if not _has_cjk_font():
        wanted.append(CJK_FONT_PACKAGE)
    if wanted:
        _apt_install(wanted)
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is still missing after `apt-get install chromium`", pytrace=False)
    return CHROMIUM, (time.monotonic() - began) if wanted else 0.0


class Browser:
    """One chromium with a fresh profile for the session; pages opened from it record what they do."""

    def __init__(self, executable: str) -> None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            pytest.fail("the browser tests need Playwright: pip install -e '.[test]' (the `playwright` package; "
                        "its own browser download is not needed)", pytrace=False)
        self.profile = tempfile.mkdtemp(prefix="qscore-chromium-")
        self._playwright = sync_playwright().start()
        try:
            self.context = self._playwright.chromium.launch_persistent_context(
                self.profile, executable_path=executable, headless=True, args=FLAGS, viewport=SCREEN,
                locale="zh-CN", device_scale_factor=1)
        except Exception:
            self._playwright.stop()
            raise

    def open(self, url: str, viewport: dict | None = None):
        """A page at `url`, with `page.qscore_requests`, `qscore_failed` and `qscore_errors` recording
        every request, failed request, console error and uncaught exception."""
        page = self.context.new_page()
        if viewport:
            page.set_viewport_size(viewport)
        requests, failed, errors = [], [], []
        page.on("request", lambda request: requests.append(request.url))
        page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
        page.on("console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.qscore_requests, page.qscore_failed, page.qscore_errors = requests, failed, errors
        page.goto(url, wait_until="load")
        return page

    def close(self) -> None:
        try:
            self.context.close()
        finally:
            self._playwright.stop()
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    executable, spent = ensure_chromium()
    if spent:
        print(f"\ninstalled chromium and fonts with apt-get in {spent:.1f} s", file=sys.stderr)
    instance = Browser(executable)
    try:
        yield instance
    finally:
        instance.close()


def screenshot(page, path: Path, height: int = 1800) -> None:
    """The first screens of the page (its full width, at most `height` pixels tall), as a PNG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    full = page.evaluate("document.documentElement.scrollHeight")
    width = page.viewport_size["width"]
    page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": width, "height": min(height, full)},
                    full_page=True)


def render_seeds(out: Path) -> Path:
    """The seeds' HTML report, as `qscore evaluate seeds --format html` writes it."""
    from qscore.pipeline import Options, evaluate
    from qscore.render.html import HtmlRenderer
    from qscore.rulebook import load_rulebook

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        run = evaluate(["seeds"], load_rulebook(), Options(keep_texts=True))
    finally:
        os.chdir(cwd)
    out.write_text(HtmlRenderer().render(run), encoding="utf-8")
    return out


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else ROOT / "docs" / "screenshots" / "html-report.png"
    executable, _ = ensure_chromium()
    with tempfile.TemporaryDirectory() as folder:
        page_file = render_seeds(Path(folder) / "report.html")
        instance = Browser(executable)
        try:
            page = instance.open(page_file.as_uri())
            screenshot(page, target)
        finally:
            instance.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
