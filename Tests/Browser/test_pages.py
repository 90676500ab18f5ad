"""Public pages in a real browser (headless Chromium, driven by Playwright).

Run by scripts/browser-tests against a live `wangge serve`; WANGGE_URL is its address.
Screenshots of the pages are saved to WANGGE_SCREENSHOTS and checked not to be blank and,
for Tibetan, to show shaped text rather than missing-glyph boxes.
"""
import sys

from support import BASE, SHOTS, browser_type, check, failures, not_blank


def tibetan_is_shaped(page):
    """A Tibetan stack (ཀྲུ, three code points) is one glyph cluster as wide as ཀ when a
    Tibetan font renders it; with missing-glyph boxes it is three boxes wide."""
    return page.evaluate(
        """() => {
            const span = document.createElement('span'); span.lang = 'bo'; span.style.fontSize = '40px';
            document.body.appendChild(span);
            span.textContent = 'ཀ'; const one = span.getBoundingClientRect().width;
            span.textContent = 'ཀྲུ'; const stack = span.getBoundingClientRect().width;
            span.remove(); return stack / one;
        }"""
    ) < 1.5


def arabic_is_shaped(page):
    """Joined Arabic letters (ببب) are narrower than three isolated ones when a font with
    Arabic shaping renders them; missing-glyph boxes are as wide joined as apart."""
    return page.evaluate(
        """() => {
            const span = document.createElement('span'); span.lang = 'ug'; span.style.fontSize = '40px';
            document.body.appendChild(span);
            span.textContent = 'ب ب ب'; const apart = span.getBoundingClientRect().width;
            span.textContent = 'ببب'; const joined = span.getBoundingClientRect().width;
            span.remove(); return joined / apart;
        }"""
    ) < 0.8


with browser_type() as browser:
    # A citizen reads Lhasa's home and catalogue in Tibetan.
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(f"{BASE}/t/lhasa/?lang=bo")
    check(page.locator("html").get_attribute("lang") == "bo", "Lhasa's home is in Tibetan (lang=bo)")
    check("ལྷ་ས་གྲོང་ཁྱེར" in page.locator("h1").inner_text(), "the ordinance's title is shown in Tibetan")
    check(page.locator("table tbody tr").count() >= 8, "the catalogue in force is listed")
    check(tibetan_is_shaped(page), "Tibetan is rendered by a Tibetan font (stacks shaped, no missing-glyph boxes)")
    check(not_blank(page, "lhasa-home-bo"), "screenshot of Lhasa's home in Tibetan is not blank")
    # Switch language with the page's own link, by keyboard.
    page.locator('nav.languages a[lang="zh"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    check(page.locator("html").get_attribute("lang") == "zh", "the language switch leads to the Chinese page")
    check("拉萨市网格化服务管理条例" in page.locator("h1").inner_text(), "the Chinese title after switching")
    # The notice board of a grid, reached from the home page.
    page.goto(f"{BASE}/t/lhasa/?lang=bo")
    page.locator('a[href*="/grids/540102002001001"]').click()
    page.wait_for_load_state()
    text = page.locator("article.board").inner_text()
    check("次仁多吉" in text and "13908901001" in text, "the notice board names the grid's workers and how to reach them")
    check("དྲ་མིག་འགོ་འཛིན" in text, "the notice board gives roles in Tibetan")
    check(page.locator(".untranslated").count() > 0, "names without a Tibetan translation are marked as such")
    check(not_blank(page, "lhasa-board-bo"), "screenshot of the notice board in Tibetan is not blank")
    page.emulate_media(media="print")
    check(not_blank(page, "lhasa-board-bo-print"), "the printable card is not blank")
    check(page.locator("header.site").is_hidden(), "the printed card leaves out the site header")
    page.emulate_media(media="screen")
    # On a 360-pixel-wide phone the pages fit the width.
    phone = browser.new_page(viewport={"width": 360, "height": 740})
    for path, name in [("/t/lhasa/?lang=bo", "lhasa-home-phone"), ("/t/lhasa/grids/540102002001001?lang=bo", "lhasa-board-phone")]:
        phone.goto(BASE + path)
        overflow = phone.evaluate("() => document.body.scrollWidth - window.innerWidth")
        check(overflow <= 0, f"{path} fits a 360-pixel-wide screen (overflow {overflow}px)")
        check(not_blank(phone, name), f"screenshot of {path} at 360 px is not blank")
    # A citizen files a report from a phone, in Tibetan, and lands on the receipt.
    phone.goto(f"{BASE}/t/lhasa/report?lang=bo")
    phone.select_option("#item", "LS-06")
    phone.select_option("#grid", "540102002001001")
    phone.fill("#note", "楼道堆放杂物")
    phone.fill("#name", "张三")
    overflow = phone.evaluate("() => document.body.scrollWidth - window.innerWidth")
    check(overflow <= 0, f"the report form fits a 360-pixel-wide screen (overflow {overflow}px)")
    check(not_blank(phone, "lhasa-report-phone"), "screenshot of the report form at 360 px is not blank")
    phone.locator("button[type=submit]").click()
    phone.wait_for_load_state()
    check("/receipts/" in phone.url, "submitting the form leads to the receipt")
    receipt = phone.locator("main").inner_text()
    check("lhasa-20" in receipt and "张三" not in receipt, "the receipt names the case and shows no personal data")
    check(not_blank(phone, "lhasa-receipt-phone"), "screenshot of the receipt at 360 px is not blank")
    # A foreign tenant's grid is not reachable through another tenant.
    response = page.goto(f"{BASE}/t/yongzhou/grids/540102002001001")
    check(response.status == 404 and "次仁多吉" not in page.content(), "Lhasa's grid is not reachable under Yongzhou")
    # Nothing is loaded from outside the deployment.
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(BASE) and not r.url.startswith("data:") else None)
    page.goto(f"{BASE}/t/yongzhou/")
    check(outside == [], "pages load nothing from outside the deployment")
    check(not_blank(page, "yongzhou-home-zh"), "screenshot of Yongzhou's home is not blank")
    # A county publishing in Uyghur (Tests/Fixtures/ugtest, words from plugins/lang-ug) reads right to left.
    page.goto(f"{BASE}/t/ugtest/?lang=ug")
    check(page.evaluate("() => getComputedStyle(document.documentElement).direction") == "rtl", "the Uyghur page is laid out right to left")
    home = page.locator("header.site a.home").bounding_box()
    check(home is not None and home["x"] > 1024 / 2, "the site header starts at the right edge in Uyghur")
    cell = page.locator("table tbody tr td").first.bounding_box()
    last = page.locator("table tbody tr td").last.bounding_box()
    check(cell is not None and last is not None and cell["x"] > last["x"], "the catalogue's first column is on the right in Uyghur")
    check(arabic_is_shaped(page), "Uyghur is rendered by a font with its letters (joined forms, no missing-glyph boxes)")
    check(not_blank(page, "ugtest-home-ug"), "screenshot of the Uyghur home is not blank")
    phone.goto(f"{BASE}/t/ugtest/report?lang=ug")
    overflow = phone.evaluate("() => document.body.scrollWidth - window.innerWidth")
    check(overflow <= 0, f"the Uyghur report form fits a 360-pixel-wide screen (overflow {overflow}px)")
    check(not_blank(phone, "ugtest-report-phone-ug"), "screenshot of the Uyghur report form at 360 px is not blank")

print(f"{len(failures)} failure(s); screenshots in {SHOTS}")
sys.exit(1 if failures else 0)
