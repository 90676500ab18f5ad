import Foundation

extension ProfileReader {
    func readNoticeBoard(_ value: Value) -> NoticeBoard? {
        guard let o = value.object(["published_by", "channels", "fields", "staff_roles", "art"]) else { return nil }
        var board = NoticeBoard()
        board.position = o.position
        board.publishedBy = o.referList(.level, "published_by", required: true)
        board.channels = o.read("channels") { $0.list { $0.text() } } ?? []
        board.fields = o.need("fields") {
            $0.list { element -> NoticeField? in
                guard let f = element.object(["key", "label"]) else { return nil }
                var field = NoticeField()
                field.position = f.position
                guard let key = f.need("key", { $0.choice(NoticeField.Key.self) }) else { return nil }
                field.key = key
                field.label = f.need("label") { $0.localized() } ?? field.label
                return field
            }
        } ?? []
        board.staffRoles = o.referList(.role, "staff_roles")
        board.article = o.art
        context.requireUnique(board.fields, what: "notice field", key: \.key.rawValue, position: \.position)
        return board
    }

    func readAccess(_ value: Value) -> AccessRules? {
        guard let o = value.object(["personal_data", "tiers", "art"]) else { return nil }
        var access = AccessRules()
        access.position = o.position
        access.personalData = o.read("personal_data") { $0.list { $0.choice(AccessRules.PersonalData.self) } }
            ?? AccessRules.PersonalData.allCases
        access.tiers = o.need("tiers") {
            $0.list { element -> AccessTier? in
                guard let t = element.object(["key", "name", "roles", "personal_data"]) else { return nil }
                var tier = AccessTier()
                tier.position = t.position
                tier.key = t.need("key") { $0.key() } ?? ""
                tier.name = t.need("name") { $0.localized(isPublic: false) } ?? tier.name
                tier.roles = t.referList(.role, "roles", required: true)
                tier.personalData = t.read("personal_data") { $0.list { $0.choice(AccessRules.PersonalData.self) } } ?? []
                for (field, data) in zip(t.optional("personal_data")?.list() ?? [], tier.personalData)
                where !access.personalData.contains(data) {
                    field.fail(.undefinedReference, "'\(data.rawValue)' is not among the personal data this profile declares")
                }
                return tier
            }
        } ?? []
        access.article = o.art
        context.requireUnique(access.tiers, what: "access tier", key: \.key, position: \.position)
        return access
    }

    func readCalendar(_ value: Value) -> CalendarRules? {
        guard let o = value.object(["timezone", "office_hours", "holidays", "working_days", "regional", "note"]) else { return nil }
        var calendar = CalendarRules()
        calendar.position = o.position
        if let zone = o.optional("timezone"), let name = zone.text() {
            if TimeZone(identifier: name) == nil {
                zone.fail(.invalidValue, "'\(name)' is not a time zone name such as Asia/Shanghai")
            } else {
                calendar.timezone = name
            }
        }
        calendar.officeHours = o.need("office_hours") {
            $0.list { element -> OfficeHours? in
                guard let text = element.string() else { return nil }
                guard let hours = OfficeHours(text) else {
                    element.fail(.invalidValue, "'\(text)' is not a span of office hours such as 09:00-12:00")
                    return nil
                }
                return hours
            }
        } ?? []
        for (earlier, later) in zip(calendar.officeHours, calendar.officeHours.dropFirst()) where later.start < earlier.end {
            value.fail(.invalidValue, "office hours \(earlier) and \(later) overlap or are out of order")
        }
        calendar.holidays = o.read("holidays") { $0.list(HolidayCalendar.readHoliday) } ?? []
        calendar.workingDays = o.read("working_days") { $0.list(HolidayCalendar.readAdjustedDay) } ?? []
        calendar.regional = o.read("regional", readRegionalCalendar)
        calendar.note = o.read("note") { $0.text() }
        return calendar
    }

    private func readRegionalCalendar(_ value: Value) -> RegionalCalendar? {
        if case .scalar = value.node {
            // A calendar pack by name; the shelf of packs checks that it exists and is regional.
            guard let pack = value.key() else { return nil }
            var regional = RegionalCalendar()
            regional.pack = pack
            regional.position = value.position
            return regional
        }
        guard let o = value.object(["name", "basis", "years", "holidays", "working_days"]) else { return nil }
        var regional = RegionalCalendar()
        regional.position = o.position
        regional.name = o.need("name") { $0.text() } ?? ""
        regional.basis = o.read("basis") { $0.text() }
        regional.years = o.need("years") { $0.list { $0.int() } } ?? []
        regional.holidays = o.read("holidays") { $0.list(HolidayCalendar.readHoliday) } ?? []
        regional.workingDays = o.read("working_days") { $0.list(HolidayCalendar.readAdjustedDay) } ?? []
        // Each day comes from its year's notice: a day of a year not listed, or one without its
        // notice, is refused.
        let days = regional.holidays.map { ($0.name, $0.from, $0.source) } + regional.workingDays.map { ($0.name, $0.date, $0.source) }
        for (name, day, source) in days {
            if !regional.years.contains(day.year) {
                context.report(.invalidValue, "\(o.path): \(name) on \(day) is in \(day.year), which 'years' does not list", at: o.position)
            }
            if source == nil {
                context.report(.invalidValue, "\(o.path): \(name) on \(day) names no 'source' (the notice that sets it)", at: o.position)
            }
        }
        return regional
    }
}
