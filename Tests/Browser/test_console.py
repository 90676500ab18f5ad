"""The staff console and the host overview in a real browser (headless Chromium, Playwright).

Run by scripts/browser-tests against a live `wangge serve` (WANGGE_URL) and a second one
over the same deployment whose sessions last two seconds (WANGGE_SHORT_URL). Tokens come
from the script: WANGGE_TOKEN_<staff id> for Lhasa's sample staff, WANGGE_HOST_TOKEN.
"""
import os
import re
import sys
import time
import urllib.request

from support import BASE, SHOTS, browser_type, check, failures, not_blank

SHORT = os.environ["WANGGE_SHORT_URL"]
CASE = os.environ["WANGGE_CASE"]  # reported in grid 540102002001001 by the worker LS-0003


def token(staff):
    return os.environ[f"WANGGE_TOKEN_{staff.replace('-', '_')}"]


def sign_in(page, base, tenant, secret):
    page.goto(f"{base}/t/{tenant}/console")
    page.fill("#token", secret)
    page.locator("form.sign-in button[type=submit]").click()
    page.wait_for_load_state()


def fits(page):
    return page.evaluate("() => document.body.scrollWidth - window.innerWidth") <= 0


with browser_type() as browser:
    # A citizen reports a matter in the second grid, where the worker LS-0003 does not serve.
    citizen = browser.new_page()
    citizen.goto(f"{BASE}/t/lhasa/report")
    citizen.select_option("#item", "LS-06")
    citizen.select_option("#grid", "540102002001002")
    citizen.fill("#note", "路灯损坏")
    citizen.locator("button[type=submit]").click()
    citizen.wait_for_load_state()
    other = re.search(r"lhasa-\d{4}-\d{6}", citizen.locator("main").inner_text()).group(0)

    # A grid worker on a phone signs in and sees only the cases of their grid.
    worker = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    worker.goto(f"{BASE}/t/lhasa/console")
    check("/console/sign-in" in worker.url, "the console sends a visitor without a session to sign in")
    sign_in(worker, BASE, "lhasa", token("LS-0003"))
    check(worker.url.endswith("/t/lhasa/console"), "signing in leads to the inbox")
    inbox = worker.locator("main").inner_text()
    check(CASE in inbox and other not in inbox, "the worker's inbox shows their grid's case and not the other grid's")
    check(fits(worker), "the inbox fits a 360-pixel-wide screen")
    check(not_blank(worker, "console-inbox-phone"), "screenshot of the inbox at 360 px is not blank")
    cookies = {c["name"]: c for c in worker.context.cookies()}
    session = cookies.get("wangge_session", {})
    check(session.get("httpOnly") and session.get("sameSite") == "Lax", "the session cookie is HttpOnly and SameSite=Lax")

    # The worker opens the case and resolves it on the spot through its form.
    worker.locator(f'a[href$="/cases/{CASE}"]').click()
    worker.wait_for_load_state()
    check(worker.locator("#action-resolve_on_site").count() == 1 and worker.locator("#action-accept").count() == 0,
          "the case page offers the worker only the step the kernel allows them (当场解决)")
    check(fits(worker), "the case page fits a 360-pixel-wide screen")
    check(not_blank(worker, "console-case-phone"), "screenshot of the case page at 360 px is not blank")
    worker.fill("#resolve_on_site-note", "当场劝导清理")
    worker.locator("#action-resolve_on_site button[type=submit]").click()
    worker.wait_for_load_state()
    check(worker.locator(".done").count() == 1 and "当场劝导清理" in worker.locator("ol.timeline").inner_text(),
          "acting records the step; the timeline shows it")

    # Another grid's case and another tenant's console stay closed.
    response = worker.goto(f"{BASE}/t/lhasa/console/cases/{other}")
    check(response.status == 403 and "路灯损坏" not in worker.content(), "a case of another grid is refused")
    worker.goto(f"{BASE}/t/yongzhou/console")
    check("/t/yongzhou/console/sign-in" in worker.url, "a Lhasa session opens nothing in Yongzhou's console")

    # The grid office: a tampered form is refused with the rule and the article.
    office = browser.new_page(viewport={"width": 1024, "height": 768})
    sign_in(office, BASE, "lhasa", token("LS-0006"))
    office.goto(f"{BASE}/t/lhasa/console/cases/{other}")
    office.locator("#action-accept button[type=submit]").click()
    office.wait_for_load_state()
    office.evaluate("""() => { const s = document.querySelector('#dispatch-lead');
                                s.innerHTML = '<option value="no-such-unit">?</option>'; }""")
    office.locator("#action-dispatch button[type=submit]").click()
    office.wait_for_load_state()
    problem = office.locator(".problem").inner_text() if office.locator(".problem").count() else ""
    check("unknown-department" in problem and "第十七条" in problem, "a refused action shows its rule and article")
    check(not_blank(office, "console-refusal"), "screenshot of a refusal is not blank")

    # A form whose CSRF token was changed is refused and changes nothing.
    office.goto(f"{BASE}/t/lhasa/console/cases/{other}")
    office.evaluate("() => document.querySelectorAll('input[name=csrf]').forEach(i => i.value = 'forged')")
    office.locator("#action-dispatch button[type=submit]").click()
    office.wait_for_load_state()
    check("csrf" in office.content(), "a form with a forged CSRF token is refused")
    office.goto(f"{BASE}/t/lhasa/console/cases/{other}")
    check(office.locator("#action-dispatch").count() == 1, "the refused form changed nothing (the case still waits for dispatch)")

    # The office's org page flags understaffed grids.
    office.goto(f"{BASE}/t/lhasa/console/org")
    check("grid-understaffed" in office.locator("main").inner_text(), "the org page shows grids that lack staff")
    check(not_blank(office, "console-org"), "screenshot of the org page is not blank")
    office.goto(f"{BASE}/t/lhasa/console/catalogue")
    check(not_blank(office, "console-catalogue"), "screenshot of the catalogue page is not blank")

    # Evaluation figures (考核评价): a table whose figures link to their cases, and SVG charts.
    office.goto(f"{BASE}/t/lhasa/console/stats?by=grid&period=month")
    check(office.locator("table.stats tbody tr").count() == 4, "the figures have a row per grid of the office")
    check(office.locator("svg.bars rect").count() == 4 and office.locator("svg.calendar rect").count() >= 28,
          "a bar per grid and a day cell per day of the month")
    check(office.locator("svg.trend circle").count() == 12, "the trend runs over twelve months")
    link = office.locator("table.stats tr:has(td.code:text-is('540102002001001')) a").first
    check(link.count() == 1, "a figure links to the cases behind it")
    link.click()
    office.wait_for_load_state()
    check(office.locator("ul.cases a").count() >= 1, "the cases behind a figure are listed, each a link to its case")
    office.goto(f"{BASE}/t/lhasa/console/stats?by=office&period=year")
    check(not_blank(office, "console-stats"), "screenshot of the evaluation page is not blank")
    office.emulate_media(media="print")
    check(office.locator("header.site").is_hidden(), "the printed page leaves out the navigation")
    office.emulate_media(media="screen")
    worker.goto(f"{BASE}/t/lhasa/console/stats?by=office")
    check(worker.locator("table.stats tbody tr").count() <= 1 and 'value="office"' not in worker.locator("select[name=by]").inner_html(),
          "a worker is offered only their own figures and their grids'")

    # The ordinance's versions: the one in force beside the draft amendment, change by change.
    office.goto(f"{BASE}/t/lhasa/console/ordinance")
    rows = office.locator("table.ordinance-diff tbody tr")
    check(rows.count() >= 3, "the draft amendment's changes are listed side by side")
    check(office.locator("table.ordinance-diff tr:has(mark:text-is('12h')) td.article").first.inner_text().endswith("第十七条第二款"),
          "each change names the article of the new version that makes it")
    check(not_blank(office, "console-ordinance"), "screenshot of the ordinance versions page is not blank")

    # The county grid office (which compiles the catalogue) previews an import, then submits it.
    county = browser.new_page()
    sign_in(county, BASE, "lhasa", token("LS-0009"))
    export = urllib.request.Request(f"{BASE}/t/lhasa/api/v1/catalogue/export?format=csv",
                                    headers={"Authorization": f"Bearer {token('LS-0009')}"})
    csv = urllib.request.urlopen(export).read().decode().replace("公共安全隐患排查", "公共安全隐患排查整治")
    county.goto(f"{BASE}/t/lhasa/console/catalogue")
    county.fill("#csv", csv)
    county.fill("#reason", "名称调整")
    county.locator("form.import button[value=preview]").click()
    county.wait_for_load_state()
    check("公共安全隐患排查 → 公共安全隐患排查整治" in county.locator("main").inner_text(), "the preview shows the change as old → new")
    county.locator("form.import button[value=submit]").click()
    county.wait_for_load_state()
    check("已提交审定" in county.locator("main").inner_text(), "the import is submitted for decision")

    # The deciding body sees what it approves, approves it, and the item's revisions show side by side.
    decider = browser.new_page()
    sign_in(decider, BASE, "lhasa", token("LS-0008"))
    decider.goto(f"{BASE}/t/lhasa/console/catalogue")
    check("公共安全隐患排查 → 公共安全隐患排查整治" in decider.locator("main").inner_text(), "the decider sees old → new")
    check(not_blank(decider, "console-catalogue-decide"), "screenshot of the decider's catalogue page is not blank")
    decider.locator('form.decision[action*="/applications/DR-"] button[value=approve]').first.click()
    decider.wait_for_load_state()
    decider.goto(f"{BASE}/t/lhasa/console/catalogue/items/LS-06")
    check(decider.locator("td.changed mark").count() >= 1, "the item's page marks what the approved import changed")
    check(not_blank(decider, "console-catalogue-item"), "screenshot of the item's revisions is not blank")

    # Signing out ends the session.
    office.locator("header form button[type=submit]").click()
    office.wait_for_load_state()
    office.goto(f"{BASE}/t/lhasa/console")
    check("/sign-in" in office.url, "after signing out the console asks to sign in again")

    # A session past its lifetime is refused (a server whose sessions last two seconds).
    short = browser.new_page()
    sign_in(short, SHORT, "lhasa", token("LS-0003"))
    check(short.url.endswith("/t/lhasa/console"), "signed in on the short-session server")
    kept = [c for c in short.context.cookies() if c["name"] == "wangge_session"]
    time.sleep(3)
    short.reload()
    check("/sign-in" in short.url, "after its lifetime the browser's session is gone and the console asks to sign in")
    # A copy of the cookie kept past its Max-Age is refused by the server too, which says why.
    short.context.add_cookies([{**c, "expires": time.time() + 3600} for c in kept])
    short.goto(f"{SHORT}/t/lhasa/console")
    check("/sign-in" in short.url and "会话已过期" in short.content(), "an expired session is refused and the page says so")

    # The provincial host's overview.
    host = browser.new_page(viewport={"width": 1280, "height": 720})
    host.goto(f"{BASE}/host")
    host.fill("#token", os.environ["WANGGE_HOST_TOKEN"])
    host.locator("form.sign-in button[type=submit]").click()
    host.wait_for_load_state()
    text = host.locator("main").inner_text()
    check("拉萨市" in text and "永州市" in text and "已就绪" in text, "the host overview lists every tenant with its onboarding status")
    check(not_blank(host, "host-overview"), "screenshot of the host overview is not blank")

print(f"{len(failures)} failure(s); screenshots in {SHOTS}")
sys.exit(1 if failures else 0)
