import Hindsight
import HindsightStore
import HindsightTestSupport
import Testing

/// `review` figures on ReviewFixture, each computed by hand (see the fixture's comment).
@Suite struct ReviewStoreTests {
    @Test func incidentFigures() throws {
        let r = try ReviewFixture.review()
        #expect(r.incidents.map(\.incident) == ["INC-A", "INC-B", "INC-C"], "INC-D starts after the period")
        let f = r.overall
        #expect(f.incidents == 3)
        #expect(f.changeTriggered == 3)
        #expect(f.triggeredByKind == ["deploy": 1, "release": 1, "config": 1])
        // Detection lags 10m, 28m, 10m: nearest-rank median is rank 2 of [10, 10, 28], p90 rank 3.
        #expect(f.detectionLags == 3)
        #expect(f.detectionLagMedian == .minutes(10))
        #expect(f.detectionLagP90 == .minutes(28))
        #expect(f.detectedByCustomersFirst == 1)
        // Time to mitigate: INC-A by the rollback of c2 (40m), INC-B by hand (1h), INC-C by hand (40m).
        #expect(f.timeToMitigateMedian == .minutes(40))
        #expect(f.timeToMitigateP90 == .minutes(60))
        // Open: INC-A-A1 (due 2024-09-01, overdue on 2024-09-15) and INC-B-A1 (due 2024-09-30); INC-A-A2 is done.
        #expect(f.openActionItems == 2)
        #expect(f.overdueActionItems == 1)
    }

    @Test func perServiceAndMonth() throws {
        let r = try ReviewFixture.review()
        #expect(r.byService.map(\.service) == ["api", "web"])
        let api = r.byService[0]
        let web = r.byService[1]
        #expect(api.figures.incidents == 2 && web.figures.incidents == 1)
        #expect(api.figures.openActionItems == 1 && api.figures.overdueActionItems == 1)
        #expect(web.figures.openActionItems == 1 && web.figures.overdueActionItems == 0)
        #expect(api.dora.changes == 3 && api.dora.failedChanges == 2)
        #expect(web.dora.changes == 3 && web.dora.failedChanges == 2)
        #expect(r.byMonth.map(\.month) == ["2024-07", "2024-08"])
        #expect(r.byMonth[0].dora.changes == 3 && r.byMonth[0].dora.failedChanges == 2)
        #expect(r.byMonth[1].dora.changes == 3 && r.byMonth[1].dora.failedChanges == 2)
        #expect(r.byMonth[0].figures.incidents == 1 && r.byMonth[1].figures.incidents == 2)
    }

    @Test func doraKeys() throws {
        let d = try ReviewFixture.review().dora
        // Only production changes that did not fail: c1, c2, c3, c5+c5b, c7+c7b, c8 (c4s is staging, c6 failed).
        #expect(d.changes == 6)
        // Triggers: c2 (correlator), the release (correlator), c3 (the team's verdict), c8 (INC-D, after the period).
        #expect(d.failedChanges == 4)
        #expect(d.changeFailureRate == 4.0 / 6.0)
        #expect(d.days == 62)
        #expect(d.perWeek == 6.0 * 7 / 62)
        // Lead times: c1 from 08:00 to its end 10:30 (2h 30m), c2 from the day before (1d).
        #expect(d.leadTimes == 2)
        #expect(d.leadTimeMedian == .minutes(150))
        #expect(d.leadTimeP90 == .days(1))
        // Recovery: c2 09:00 → rollback 09:45; c5b 11:00 → 12:02; c3 07-20 12:00 → 08-15 03:30.
        #expect(d.recoveries == 3)
        #expect(d.recoveryMedian == .minutes(62))
        let slowest: TimeSpan = .minutes(36_930)  // 25d 15h 30m
        #expect(d.recoveryP90 == slowest)
    }

    @Test(arguments: TestBackend.available) func withoutTheVerdictTheConfigIsNoFailure(_ backend: TestBackend) throws {
        let store = try ReviewFixture.store(backend)
        try store.recordVerdict(
            incident: "INC-C", change: "c3", decision: .rejected, by: "bob", why: "not it",
            now: ReviewFixture.t("2024-08-21T10:00:00Z"))
        let r = Review(try store.reviewInput(since: ReviewFixture.since, until: ReviewFixture.until, now: ReviewFixture.now))
        #expect(r.dora.failedChanges == 3)
        #expect(r.overall.changeTriggered == 2)
    }

    @Test func recurringGaps() throws {
        let gaps = try ReviewFixture.review().recurringGaps
        let lag = try #require(gaps.first)
        #expect(lag.practice == "detection_lag" && lag.gaps == 3 && lag.outOf == 3 && lag.of == "incidents")
        let rollback = try #require(gaps.first { $0.practice == "rollback" })
        #expect(rollback.gaps == 2 && rollback.outOf == 3 && rollback.of == "change-triggered incidents")
        #expect(rollback.incidents == ["INC-B", "INC-C"])
        #expect(gaps.first { $0.practice == "internal_detection" }?.gaps == 1)
        #expect(!gaps.contains { $0.practice == "canary" }, "the release was staged; the others record no scope")
    }

    @Test func aServiceFilterKeepsItsIncidentsAndChanges() throws {
        let r = try ReviewFixture.review(services: ["web"])
        #expect(r.incidents.map(\.incident) == ["INC-B"])
        #expect(r.dora.changes == 3 && r.dora.failedChanges == 2)
        #expect(r.byService.map(\.service) == ["web"])
    }
}

/// Months of a period that starts and ends inside a month.
@Suite struct ReviewMonthTests {
    @Test func everyMonthThePeriodTouchesHasARow() {
        let r = Review(
            ReviewInput(
                since: ReviewFixture.t("2024-07-31T23:00:00Z"), until: ReviewFixture.t("2024-09-01T00:30:00Z"),
                now: ReviewFixture.now, analyses: [], changes: []))
        #expect(r.byMonth.map(\.month) == ["2024-07", "2024-08", "2024-09"])
        #expect(r.byMonth.map(\.dora.days) == [1.0 / 24, 31, 0.5 / 24])
    }
}
