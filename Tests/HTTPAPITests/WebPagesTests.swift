import Foundation
import Testing

/// The public pages: a tenant's home and its grids' notice boards, in every publication
/// language, as HTML that loads nothing from outside the deployment.
@Suite("Public web pages on a live server")
struct WebPagesTests {
    @Test("Lhasa's home in Tibetan: the ordinance, the catalogue in force, links to every grid's notice board (第二十条)")
    func homeInTibetan() async throws {
        let live = try await LiveServer(cities: ["lhasa", "yongzhou"])
        defer { Task { await live.stop() } }
        let page = try await live.send("GET", "/t/lhasa/?lang=bo")
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
        #expect(page.text.contains(#"<html lang="bo" dir="ltr">"#))
        #expect(page.text.contains("ལྷ་ས་གྲོང་ཁྱེར་དྲ་མིག་ཅན་གྱི་ཞབས་ཞུ་དང་དོ་དམ་སྒྲིག་གཞི།"))  // the title, in Tibetan
        #expect(page.text.contains("<td>LS-06</td>"))
        #expect(page.text.contains(#"href="/t/lhasa/grids/540102002001001?lang=bo""#))
        #expect(page.text.contains(#"<a href="?lang=zh" lang="zh" hreflang="zh">中文</a>"#))
        // Nothing from elsewhere: every src and href is relative to the deployment.
        #expect(page.text.range(of: #"(src|href)="(https?:)?//"#, options: .regularExpression) == nil)
        // Without ?lang=, the browser's first language is taken where the city publishes in it.
        let browser = try await live.send("GET", "/t/lhasa/", headers: ["Accept-Language": "bo-CN, zh;q=0.8"])
        #expect(browser.text.contains(#"<html lang="bo" dir="ltr">"#) && browser.header("Vary") == "Accept-Language")
        #expect(try await live.send("GET", "/t/lhasa/", headers: ["Accept-Language": "en-US,en;q=0.9"]).text.contains(#"<html lang="zh" dir="ltr">"#))
        // Yongzhou publishes in Chinese only: asking for Tibetan gives its one language.
        let yongzhou = try await live.send("GET", "/t/yongzhou?lang=bo")
        #expect(yongzhou.text.contains(#"<html lang="zh" dir="ltr">"#))
        #expect(!yongzhou.text.contains("hreflang=\"bo\""))
    }

    @Test("a county publishing in Uyghur (a language pack, right to left) has its pages in Uyghur, laid out right to left")
    func rightToLeft() async throws {
        let fixtures = ordinances.deletingLastPathComponent().appendingPathComponent("Tests/Fixtures")
        let live = try await LiveServer(cities: ["ugtest"], profiles: fixtures)
        defer { Task { await live.stop() } }
        let page = try await live.send("GET", "/t/ugtest/?lang=ug")
        #expect(page.status == 200)
        #expect(page.text.contains(#"<html lang="ug" dir="rtl">"#))
        #expect(page.text.contains("مەسىلە ئىنكاس قىلىش"))  // 反映问题, from the pack
        #expect(page.text.contains("ئوت ئۆچۈرۈش يولى توسۇلۇپ قالغان"))  // an item's name, from the profile
        #expect(page.text.contains(#"<a href="?lang=ug" lang="ug" hreflang="ug" aria-current="page">ئۇيغۇرچە</a>"#))
        // The Chinese page of the same county stays left to right.
        #expect(try await live.send("GET", "/t/ugtest/?lang=zh").text.contains(#"<html lang="zh" dir="ltr">"#))
    }

    @Test("a notice board shows the grid's own staff with roles in the page's language; names not translated are marked, not replaced")
    func noticeBoard() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let board = try await live.send("GET", "/t/lhasa/grids/540102002001001?lang=bo").text
        #expect(board.contains("དྲ་མིག་འགོ་འཛིན།"))  // 网格长, the role, in Tibetan
        #expect(board.contains(#"<span lang="zh" class="untranslated" title="ད་དུང་ཡིག་སྒྱུར་མེད།">次仁多吉</span>"#))
        #expect(board.contains("13908901001"))
        #expect(!board.contains("LS-0005"))  // staff of other grids are not on this board
        #expect(board.contains(#"<dd class="missing">"#))  // no supervision phone recorded yet: shown as missing
        #expect(board.contains("拉萨市网格化服务管理条例 第二十条"))
        let chinese = try await live.send("GET", "/t/lhasa/grids/540102002001001?lang=zh").text
        #expect(chinese.contains(#"<span class="role">网格长："#))
        #expect(!chinese.contains("untranslated"))
    }

    @Test("an unknown grid, or another tenant's grid, is an HTML 404; nothing crosses tenants")
    func refusals() async throws {
        let live = try await LiveServer(cities: ["lhasa", "yongzhou"])
        defer { Task { await live.stop() } }
        let unknown = try await live.send("GET", "/t/lhasa/grids/nope")
        #expect(unknown.status == 404)
        #expect(unknown.text.contains("<!doctype html>"))
        #expect(unknown.text.contains("no org unit with id, grid code or division code &#39;nope&#39;"))
        let foreign = try await live.send("GET", "/t/yongzhou/grids/540102002001001")
        #expect(foreign.status == 404)
        #expect(!foreign.text.contains("次仁多吉"))
    }

    @Test("served by host name, the pages and their links stay on the host; the stylesheet is served by the deployment")
    func byHostName() async throws {
        let live = try await LiveServer(cities: ["lhasa"], hosts: ["lhasa": ["lasa.example"]])
        defer { Task { await live.stop() } }
        let home = try await live.send("GET", "/", headers: ["Host": "lasa.example"])
        #expect(home.status == 200)
        #expect(home.text.contains(#"href="/grids/540102002001001?lang=zh""#))
        let css = try await live.send("GET", "/static/wangge.css", headers: ["Host": "lasa.example"])
        #expect(css.status == 200)
        #expect(css.text.contains("Noto Serif Tibetan"))
    }

    @Test("grid offices give Tibetan names over the API and the board shows them; a worker may not")
    func textsOverTheAPI() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let text: [String: Any] = ["unit": "540102002001001", "field": "name", "language": "bo", "text": "ཚོང་ཁང་སྒང་དྲ་མིག་དང་པོ།"]
        #expect(try await live.send("PUT", "/t/lhasa/api/v1/public-texts", token: live.token("lhasa", "LS-0003"), json: text).status == 403)
        let given = try await live.send("PUT", "/t/lhasa/api/v1/public-texts", token: live.token("lhasa", "LS-0006"), json: text)
        #expect(given.status == 200)
        #expect(given.list.first?["text"] as? String == "ཚོང་ཁང་སྒང་དྲ་མིག་དང་པོ།")
        let wrong = try await live.send("PUT", "/t/lhasa/api/v1/public-texts", token: live.token("lhasa", "LS-0006"),
                                        json: ["unit": "540102002001001", "field": "name", "language": "ug", "text": "x"])
        #expect(wrong.status == 422 && wrong.object["field"] as? String == "language" && wrong.object["article"] as? String == "拉萨市网格化服务管理条例 第二十条")
        let board = try await live.send("GET", "/t/lhasa/grids/540102002001001?lang=bo").text
        #expect(board.contains(#"<h1>དྲ་མིག <span lang="bo">ཚོང་ཁང་སྒང་དྲ་མིག་དང་པོ།</span>"#))
        let missing = try await live.send("GET", "/t/lhasa/api/v1/public-texts/missing", token: live.token("lhasa", "LS-0006"))
        #expect(missing.status == 200)
        #expect(!missing.list.contains { $0["name"] as? String == "冲赛康社区第一网格" && $0["field"] as? String == "name" })
        #expect(missing.list.contains { $0["name"] as? String == "次仁多吉" && $0["language"] as? String == "bo" })
    }

    @Test("a citizen reports through the public form and follows the case by an unguessable receipt that shows no personal data")
    func reportAndReceipt() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let form = try await live.send("GET", "/t/lhasa/report?lang=bo")
        #expect(form.text.contains(#"<form method="post" action="/t/lhasa/report?lang=bo">"#))
        #expect(form.text.contains(#"<label for="note">"#))
        let body = Data("item=LS-06&grid=540102002001001&note=%E6%A5%BC%E9%81%93%E5%A0%86%E6%94%BE&name=%E5%BC%A0%E4%B8%89&phone=13900000000".utf8)
        let filed = try await live.send("POST", "/t/lhasa/report?lang=zh", raw: body, contentType: "application/x-www-form-urlencoded")
        // URLSession follows the 303 to the receipt.
        #expect(filed.status == 200)
        #expect(filed.text.contains("lhasa-20"))
        #expect(filed.text.contains("公共安全隐患排查") && filed.text.contains("办理中"))
        #expect(!filed.text.contains("张三") && !filed.text.contains("13900000000") && !filed.text.contains("楼道堆放"))
        // The case is there for staff, with the reporter's name for those whose tier allows it.
        let cases = try await live.send("GET", "/t/lhasa/api/v1/cases", token: live.token("lhasa", "LS-0006"))
        let reporter = ((cases.object["items"] as? [[String: Any]])?.first?["state"] as? [String: Any])?["reporter"] as? [String: Any]
        #expect(reporter?["name"] as? String == "张三" && reporter?["channel"] as? String == "platform")
        // A case id is not a receipt; an unknown receipt is a 404 page.
        let guessed = try await live.send("GET", "/t/lhasa/receipts/lhasa-2025-000001")
        #expect(guessed.status == 404 && guessed.text.contains("<!doctype html>"))
        // An item outside the catalogue is refused with its article, and the form keeps what was typed.
        let refused = try await live.send("POST", "/t/lhasa/report", raw: Data("item=LS-99&grid=540102002001001&note=x1y2".utf8),
                                          contentType: "application/x-www-form-urlencoded")
        #expect(refused.status == 422)
        #expect(refused.text.contains("拉萨市网格化服务管理条例 第二十二条第一款") && refused.text.contains(">x1y2</textarea>"))
        #expect(refused.text.contains("[item-outside-catalogue]"))
    }
}
