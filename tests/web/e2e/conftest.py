"""Real Chromium for end-to-end tests: Debian's browser driven by Playwright.

Playwright's own browser download is never used (no internet in CI): the Debian package
`chromium` is installed by scripts/install-system-packages.sh and launched through
`executable_path`. A missing browser fails the run instead of skipping it, so CI cannot go
green without having exercised the pages.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

CHROMIUM = os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium")
# Playwright's own `--disable-features` list (playwright-core 1.65, chromiumSwitches.ts):
# Chromium reads only the last `--disable-features` switch, so ours repeats it.
PLAYWRIGHT_DISABLED_FEATURES = [
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
]
# Browser chrome that no page of ours uses. Each new context opens a (headless) window,
# and Chromium 156 preloads two WebUI omnibox popups (chrome://omnibox-popup.top-chrome/)
# in a renderer of their own for every window: ~0.55 s of CPU per context, about 12 s of
# the Chromium tests' 70 s, for a popup headless Chromium never shows.
UNUSED_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"]
# RenderDocument gives every cross-document navigation, same-site too, a new frame host
# (set up speculatively, then swapped in); without it the frame host is reused, as Chromium
# did before. Each page still gets a new document, window and scripts, so what a test sees
# is the same, and a navigation costs ~15 % less CPU (1–2 s of the Chromium tests' CPU).
CHEAPER_FEATURES_OFF = ["RenderDocument"]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-features="
    + ",".join(PLAYWRIGHT_DISABLED_FEATURES + UNUSED_FEATURES + CHEAPER_FEATURES_OFF),
]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (setting up users) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _playwright_disabled_features() -> list[str] | None:
    """The `--disable-features` list of the installed Playwright, read from its bundle (None
    where the bundle is laid out otherwise): ours must repeat it, or an upgrade that adds a
    feature would silently turn it back on."""
    import playwright

    bundle = Path(playwright.__file__).parent / "driver/package/lib/coreBundle.js"
    found = re.search(r"disabledFeatures = \[(.*?)\]\.filter", bundle.read_text(), re.S)
    return re.findall(r'^\s*"([^"]+)"', found.group(1), re.M) if found else None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the session."""
    from playwright.sync_api import sync_playwright

    assert _playwright_disabled_features() in (None, PLAYWRIGHT_DISABLED_FEATURES), (
        "Playwright's --disable-features changed: update PLAYWRIGHT_DISABLED_FEATURES"
    )
    assert Path(CHROMIUM).exists(), (
        f"找不到 Chromium：{CHROMIUM}（scripts/debian-packages.txt 安装）"
    )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Shots:
    """Takes screenshots; with JIXIAO_UPDATE_SCREENSHOTS=1 full-page ones, also into docs/.

    Why only the viewport otherwise: nobody looks at a test run's pictures, and a full-page
    shot (the viewport stretched to the page's height, laid out again and encoded as one
    tall PNG, then set back) was about a fifth of the Chromium tests' CPU time. Every shot
    still has to show a page that is not blank.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.taken: list[Path] = []

    def __call__(self, page: Page, name: str, *, whole: bool = True) -> Path:
        """Shoot `page` as web-`name`.png; `whole=False` keeps to the window even for docs/.

        A page of 50 projects is ~6,000 inputs and tens of thousands of pixels tall: a
        viewport stretched to it takes minutes to lay out and nobody could read the
        picture, so such a page is shown where the clerk is looking.
        """
        path = self.folder / f"web-{name}.png"
        update = os.environ.get("JIXIAO_UPDATE_SCREENSHOTS") == "1"
        full = update and whole
        # Sticky elements (the problem panel, the save bar) would sit where the viewport
        # happens to be; a viewport as tall as the page shows them where they belong.
        size = page.viewport_size if full else None
        if size is not None:
            height = page.evaluate("document.documentElement.scrollHeight")
            page.set_viewport_size({"width": size["width"], "height": max(height, 1)})
        page.screenshot(path=str(path), full_page=full)
        if size is not None:
            page.set_viewport_size(size)
        assert path.stat().st_size > 5_000, f"截图几乎为空：{path}"
        self.taken.append(path)
        if update:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, SCREENSHOTS / path.name)
        return path


@pytest.fixture
def shots(tmp_path: Path) -> Shots:
    """The screenshot taker for one test."""
    return Shots(tmp_path)


VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
WIDE: ViewportSize = {"width": 1366, "height": 900}
"""The laptop width the clerk's pages are shown at (screenshots named -1366)."""


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """Opens a page in a fresh context (own cookies: one per user); closes them all after.

    Closing matters: the live server serves each keep-alive connection in a thread that
    holds a database connection until the browser hangs up, and PostgreSQL refuses to
    drop the test database while any is open.
    """
    opened: list[BrowserContext] = []

    def open_page() -> Page:
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        context.set_default_timeout(15_000)
        opened.append(context)
        return context.new_page()

    yield open_page
    for context in opened:
        context.close()
