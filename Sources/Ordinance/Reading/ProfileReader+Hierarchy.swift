extension ProfileReader {
    func readLevel(_ value: Value) -> Level? {
        guard let o = value.object(["key", "name", "office", "art"]) else { return nil }
        var level = Level()
        level.position = o.position
        level.key = o.need("key") { $0.key() } ?? ""
        level.name = o.need("name") { $0.localized() } ?? level.name
        level.office = o.read("office", readOffice)
        level.article = o.art
        return level
    }

    private func readOffice(_ value: Value) -> Office? {
        guard let o = value.object(["name", "duties", "art"]) else { return nil }
        var office = Office()
        office.position = o.position
        office.name = o.need("name") { $0.localized() } ?? office.name
        office.duties = o.read("duties") { $0.list { $0.text() } } ?? []
        office.article = o.art
        return office
    }

    private func readStaffingRule(_ value: Value) -> StaffingRule? {
        guard let o = value.object(["roles", "min", "art"]) else { return nil }
        var rule = StaffingRule()
        rule.position = o.position
        rule.roles = o.referList(.role, "roles", required: true)
        rule.min = o.need("min") { $0.int() } ?? 1
        if rule.min < 1 { o.optional("min")?.fail(.invalidValue, "a staffing rule asks for at least 1") }
        rule.article = o.art
        return rule
    }

    func readGrids(_ value: Value) -> GridRules? {
        guard let o = value.object([
            "level", "divided_by", "approved_by", "filed_with", "kinds", "household_units", "code", "staffing", "sub_grids", "art",
        ]) else { return nil }
        var grids = GridRules()
        grids.position = o.position
        grids.level = o.refer(.level, "level") ?? ""
        grids.dividedBy = o.need("divided_by", readProcedure)
        grids.approvedBy = o.read("approved_by", readProcedure)
        grids.filedWith = o.read("filed_with", readProcedure)
        grids.kinds = o.need("kinds") { $0.list(readGridKind) } ?? []
        grids.householdUnits = o.read("household_units", readHouseholdUnits)
        grids.code = o.read("code", readCodeLayout)
        grids.staffing = o.read("staffing") { $0.list(readStaffingRule) } ?? []
        grids.subGrids = o.read("sub_grids", readSubGrids)
        grids.article = o.art
        context.requireUnique(grids.kinds, what: "grid kind", key: \.key, position: \.position)
        return grids
    }

    /// `sub_grids: {level, unit, size: [...], code: {digits, art}, art}`.
    private func readSubGrids(_ value: Value) -> SubGridRules? {
        guard let o = value.object(["level", "unit", "size", "code", "art"]) else { return nil }
        var rules = SubGridRules()
        rules.position = o.position
        rules.level = o.refer(.level, "level") ?? ""
        rules.unit = o.read("unit") { $0.text() } ?? rules.unit
        rules.sizeRules = o.read("size") { $0.list(readSizeRule) } ?? []
        if let code = o.optional("code"), let c = code.object(["digits", "art"]) {
            rules.codeDigits = c.need("digits") { $0.int() }
            if let digits = rules.codeDigits, !(1...6).contains(digits) {
                c.required("digits")?.fail(.invalidValue, "a sub-grid's own digits after its grid's code are 1 to 6")
            }
            rules.codeArticle = c.art
        }
        rules.article = o.art
        return rules
    }

    func readProcedure(_ value: Value) -> Procedure? {
        guard let o = value.object(["level", "body", "with", "role", "art"]) else { return nil }
        var procedure = Procedure()
        procedure.position = o.position
        // `same`: the level of whoever applies (a catalogue exists at several levels).
        if o.optional("level")?.node.scalar?.string == Procedure.sameLevel {
            procedure.level = Procedure.sameLevel
        } else {
            procedure.level = o.refer(.level, "level") ?? ""
        }
        procedure.body = o.read("body") { $0.choice(Procedure.Body.self) } ?? .gridOffice
        procedure.with = o.read("with") { $0.text() }
        procedure.role = o.referIfPresent(.role, "role")
        procedure.article = o.art
        return procedure
    }

    private func readGridKind(_ value: Value) -> GridKind? {
        guard let o = value.object(["key", "name", "basis", "unit", "size", "art"]) else { return nil }
        var kind = GridKind()
        kind.position = o.position
        guard let key = o.need("key", { $0.key() }) else { return nil }
        kind.key = key
        kind.unit = o.read("unit") { $0.text() } ?? kind.unit
        kind.name = o.need("name") { $0.localized() } ?? kind.name
        kind.basis = o.read("basis") { $0.text() }
        kind.sizeRules = o.read("size") { $0.list(readSizeRule) } ?? []
        kind.article = o.art
        return kind
    }

    private func readSizeRule(_ value: Value) -> SizeRule? {
        guard let o = value.object(["area", "min", "max", "about", "tolerance_percent", "severity", "note", "art"])
        else { return nil }
        var rule = SizeRule()
        rule.position = o.position
        rule.area = o.read("area") { $0.key() } ?? "any"
        rule.min = o.read("min") { $0.int() }
        rule.max = o.read("max") { $0.int() }
        rule.about = o.read("about") { $0.int() }
        rule.tolerancePercent = o.read("tolerance_percent") { $0.int() }
        rule.severity = o.read("severity") { $0.choice(Severity.self) } ?? .warning
        rule.note = o.read("note") { $0.text() }
        rule.article = o.art
        let hasRange = rule.min != nil || rule.max != nil
        if hasRange == (rule.about != nil) {
            value.fail(.invalidValue, "give either min and max, or about with tolerance_percent")
        } else if hasRange, rule.range == nil {
            value.fail(.invalidValue, "min and max are both needed, and min may not exceed max")
        } else if rule.about != nil, rule.tolerancePercent == nil {
            value.fail(.missingKey, "'about' needs 'tolerance_percent' to say how far a grid may differ")
        }
        if let range = rule.range, range.lowerBound <= 0 {
            value.fail(.invalidValue, "a grid holds at least one household")
        }
        return rule
    }

    private func readHouseholdUnits(_ value: Value) -> HouseholdUnits? {
        guard let o = value.object(["name", "principle", "art"]) else { return nil }
        var units = HouseholdUnits()
        units.position = o.position
        units.name = o.need("name") { $0.localized() } ?? units.name
        units.principle = o.read("principle") { $0.text() }
        units.article = o.art
        return units
    }

    private func readCodeLayout(_ value: Value) -> GridCodeLayout? {
        guard let o = value.object(["standard", "segments", "unique", "art", "reading"]) else { return nil }
        var layout = GridCodeLayout()
        layout.position = o.position
        layout.standard = o.read("standard") { $0.text() }
        layout.unique = o.read("unique") { $0.bool() } ?? true
        layout.segments = o.need("segments") { $0.list(readSegment) } ?? []
        if let segments = o.optional("segments"), layout.segments.isEmpty {
            segments.fail(.invalidValue, "a grid code needs at least one segment")
        }
        layout.article = o.art
        layout.reading = o.read("reading") { $0.string() }
        return layout
    }

    private func readSegment(_ value: Value) -> GridCodeLayout.Segment? {
        guard let o = value.object(["division", "serial", "literal", "digits"]) else { return nil }
        let digits = o.read("digits") { $0.int() }
        if let digits, !(1...20).contains(digits) {
            value.fail(.invalidValue, "digits must be between 1 and 20")
            return nil
        }
        switch (o.optional("division"), o.optional("serial"), o.optional("literal")) {
        case (.some, nil, nil):
            guard let level = o.refer(.level, "division"), let digits = o.need("digits", { $0.int() }) else { return nil }
            return .division(level: level, digits: digits)
        case (nil, .some(let serial), nil):
            guard let digits = serial.int(), (1...9).contains(digits) else {
                serial.fail(.invalidValue, "serial takes its number of digits, 1 to 9")
                return nil
            }
            return .serial(digits: digits)
        case (nil, nil, .some(let literal)):
            return literal.text().map { .literal($0) }
        default:
            value.fail(.invalidValue, "a segment is exactly one of: {division: <level>, digits: N}, {serial: N}, {literal: TEXT}")
            return nil
        }
    }
}
