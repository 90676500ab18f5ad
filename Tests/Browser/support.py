"""What the browser tests share: the server's address, checks that are counted, screenshots
that are checked not to be blank, and the system Chromium driven by Playwright."""
import base64
import os
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = os.environ["WANGGE_URL"]
SHOTS = Path(os.environ.get("WANGGE_SCREENSHOTS", "screenshots"))
SHOTS.mkdir(parents=True, exist_ok=True)
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def not_blank(page, name):
    """Saves a screenshot; true when it has more than a few colours (not an empty page)."""
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    colours = page.evaluate(
        """async (src) => {
            const img = new Image(); img.src = src; await img.decode();
            const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0);
            const d = g.getImageData(0, 0, c.width, c.height).data; const seen = new Set();
            for (let i = 0; i < d.length; i += 4 * 97) seen.add(d[i] << 16 | d[i + 1] << 8 | d[i + 2]);
            return seen.size;
        }""",
        "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode(),
    )
    return colours > 8


@contextmanager
def browser_type():
    """Headless system Chromium (CHROMIUM, else /usr/bin/chromium)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()
