import Hindsight
import Testing

@testable import HindsightSimulation

@Suite struct BenchmarkMixTests {
    @Test func kindSharesAreWithinTolerance() {
        let n = 100_000
        var kinds: [EventKind: Int] = [:]
        var services = Set<String>()
        var attributeBytes = 0
        BenchmarkMix(events: n, seed: 3).generate { e in
            kinds[e.kind, default: 0] += 1
            services.insert(e.service)
            attributeBytes += e.attributes?.utf8.count ?? 0
        }
        for (kind, share) in BenchmarkMix.shares {
            let actual = Double(kinds[kind] ?? 0) / Double(n)
            // Binomial standard deviation at n = 100,000 is under 0.15 points; allow about 4 of them.
            #expect(abs(actual - share) < 0.006, "\(kind): \(actual) vs \(share)")
        }
        #expect(services.count == 200)
        let meanAttributes = Double(attributeBytes) / Double(n)
        #expect(meanAttributes > 80 && meanAttributes < 130)
    }

    @Test func timesSpanThirtyDaysInOrderWithGivenIDs() throws {
        var first: Event?
        var last: Event?
        var ordered = true
        var ids = Set<String>()
        BenchmarkMix(events: 10_000, services: 20, seed: 1).generate { e in
            if let last, e.time < last.time { ordered = false }
            if first == nil { first = e }
            last = e
            ids.insert(e.id)
        }
        #expect(ordered)
        #expect(ids.count == 10_000)
        #expect(try #require(first).id == "b-0")
        #expect(try #require(first).time == (try Timestamp.parse("2024-06-01T00:00:00Z").get()))
        let end = try Timestamp.parse("2024-07-01T00:00:00Z").get()
        #expect(try #require(last).time < end)
        #expect(try #require(last).time > end - .hours(1))
    }

    @Test func sameSeedSameStreamOtherSeedOther() {
        func lines(_ seed: UInt64) -> [String] {
            var out: [String] = []
            BenchmarkMix(events: 500, seed: seed).generate { out.append($0.nativeJSON) }
            return out
        }
        #expect(lines(4) == lines(4))
        #expect(lines(4) != lines(5))
    }

    @Test func rollbacksRevertAnEarlierChange() {
        var changes = Set<String>()
        var rollbacks = 0
        BenchmarkMix(events: 20_000, seed: 2).generate { e in
            if e.kind.isChange && e.kind != .rollback { changes.insert(e.id) }
            if e.kind == .rollback {
                rollbacks += 1
                #expect(changes.contains(e.reverts ?? ""))
            }
        }
        #expect(rollbacks > 20)
    }
}
