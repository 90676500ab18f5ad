import Testing
@testable import Ordinance

/// The typed values profiles are written in.
@Suite("Typed values")
struct ValueTests {
    @Test("durations in every unit, with and without a space", arguments: [
        ("24h", TimeLimit(24, .hours)), ("24 hours", TimeLimit(24, .hours)), ("1 hour", TimeLimit(1, .hours)),
        ("4 workhours", TimeLimit(4, .workhours)), ("2 workdays", TimeLimit(2, .workdays)),
        ("1 workday", TimeLimit(1, .workdays)), ("5 days", TimeLimit(5, .days)), ("30 minutes", TimeLimit(30, .minutes)),
    ])
    func durations(text: String, expected: TimeLimit) throws {
        #expect(try TimeLimit(parsing: text) == expected)
    }

    @Test("durations print back in the profile's own words")
    func durationText() {
        #expect(TimeLimit(24, .hours).description == "24h")
        #expect(TimeLimit(1, .workdays).description == "1 workday")
        #expect(TimeLimit(4, .workhours).description == "4 workhours")
        #expect(TimeLimit(4, .workhours).unit.isWorkingTime)
        #expect(!TimeLimit(5, .days).unit.isWorkingTime)
    }

    @Test("text that is not a duration", arguments: ["", "24", "h", "two days", "3 weeks", "1.5 days"])
    func badDurations(text: String) {
        #expect(throws: TimeLimit.ParseError.self) { try TimeLimit(parsing: text) }
    }

    @Test("article citations, with paragraphs and items", arguments: [
        ("第一条", 1), ("第十条", 10), ("第十七条", 17), ("第二十条", 20), ("第二十五条第二款", 25),
        ("第十五条第一款第二项", 15), ("第二十一条第六项", 21), ("第一百零三条", 103),
    ])
    func articles(text: String, number: Int) {
        #expect(Article(text)?.number == number)
    }

    @Test("an article an amendment inserted: 第十二条之一, with its paragraph; rendered in another language only where it has words for one")
    func insertedArticles() throws {
        let inserted = try #require(Article("第十二条之一第二款"))
        #expect(inserted.number == 12 && inserted.insertion == 1 && inserted.paragraph == 2)
        #expect(Article("第十二条")?.insertion == nil)
        #expect(Article("第十二条之一") != Article("第十二条"))
        #expect(inserted.rendered(article: "Art. {n}", insertion: "-{n}", paragraph: " §{n}", point: "") == "Art. 12-1 §2")
        #expect(inserted.rendered(article: "Art. {n}", paragraph: " §{n}", point: "") == nil)
    }

    @Test("text that is not an article citation", arguments: ["十七条", "第条", "第17条", "第十七", "第十七条第", "第十七条附则", "第十二条之", "第十二条之零", "第十二条之x"])
    func badArticles(text: String) {
        #expect(Article(text) == nil)
    }

    @Test("dates that exist, and dates that do not")
    func days() {
        #expect(Day("2024-02-29")?.description == "2024-02-29")
        #expect(Day("2023-02-29") == nil)
        #expect(Day("2023-13-01") == nil)
        #expect(Day("23-01-01") == nil)
        #expect(Day("2023-1-1") == nil)
        #expect(Day("2023-01-31")! < Day("2023-02-01")!)
    }

    @Test("office hours")
    func officeHours() {
        #expect(OfficeHours("09:30-13:00")?.description == "09:30-13:00")
        #expect(OfficeHours("13:00-09:30") == nil)
        #expect(OfficeHours("9:30-13:00") == nil)
    }
}
