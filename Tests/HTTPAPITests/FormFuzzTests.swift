import Foundation
import TestSupport
import Hummingbird
import PropertyBased
import Testing
@testable import HTTPAPI

/// Property-based fuzzing of what reads request bytes before any route does: query strings
/// and URL-encoded forms decode or are refused as bad requests, never trap.
@Suite("Fuzzing query strings and forms")
struct FormFuzzTests {
    static let seeds = [
        "service_code=LS-06&address_id=540102002001001&description=%E6%A5%BC%E9%81%93&first_name=%E4%B8%89&lat=29.65&long=91.13",
        "status=open&service_request_id=lhasa-2025-000001,lhasa-2025-000002&start_date=2025-06-01T00:00:00%2B08:00",
        "attribute[weight]=10&attribute[color]=red&media_url=http%3A%2F%2Fexample.org%2Fa.jpg",
    ]

    @Test("mutated query strings decode or are a 400")
    func queries() async {
        await propertyCheck(count: Mutation.count(400), input: Gen.int(in: 0...2), Mutation.edits(8)) { seed, edits in
            let text = Mutation.apply(edits, to: Self.seeds[seed])
            do {
                _ = try QueryString(text)
            } catch let problem as HTTPProblem {
                #expect(problem.status == .badRequest)
            } catch {
                Issue.record("not a bad request: \(error)")
            }
        }
    }

    @Test("mutated Open311 forms decode to fields or fail as decoding errors")
    func forms() async {
        await propertyCheck(count: Mutation.count(400), input: Gen.int(in: 0...2), Mutation.edits(8)) { seed, edits in
            let text = Mutation.apply(edits, to: Self.seeds[seed])
            if let form = try? URLEncodedFormDecoder().decode(Open311Fields.Form.self, from: text) {
                #expect(form.values.keys.allSatisfy(Open311Fields.names.contains))
            }
        }
    }
}
