import Hindsight
import Testing

/// The merge of a change's stages: start + finish in either order, idempotent, conflicts kept.
@Suite struct ChangeLifecycleTests {
    static let t0 = Timestamp(milliseconds: 1_721_361_600_000)
    static func at(_ minutes: Int64) -> Timestamp { t0 + .minutes(minutes) }

    static func stage(_ status: String, at minutes: Int64, summary: String? = nil, url: String? = nil, end: Int64? = nil) -> Event {
        Event(
            id: "github:deployment:7", time: at(minutes), kind: .deploy, service: "shop", summary: summary,
            end: end.map(at), version: "abc", status: status, url: url)
    }

    @Test func startThenFinishIsOneChangeWithItsDurationAndFinalStatus() throws {
        let started = Self.stage("started", at: 0, summary: "deploy main")
        let succeeded = Self.stage("succeeded", at: 12, url: "https://ci/7")
        let merged = try #require(ChangeLifecycle.merge(started, succeeded))
        #expect(merged.time == Self.at(0))
        #expect(merged.end == Self.at(12))
        #expect(merged.status == "succeeded")
        #expect(merged.summary == "deploy main")  // only the start had one
        #expect(merged.url == "https://ci/7")  // the final stage's
        #expect(merged.id == "github:deployment:7")
    }

    @Test func theCommitTimeOfAnyStageSurvivesTheMerge() throws {
        var started = Self.stage("started", at: 0)
        started.commitTime = Self.at(-30)
        let succeeded = Self.stage("succeeded", at: 12)
        #expect(try #require(ChangeLifecycle.merge(started, succeeded)).commitTime == Self.at(-30))
        #expect(try #require(ChangeLifecycle.merge(succeeded, started)).commitTime == Self.at(-30))
    }

    @Test func arrivalOrderDoesNotMatter() throws {
        let started = Self.stage("started", at: 0, summary: "deploy main")
        let failed = Self.stage("failed", at: 5, summary: "deploy main failed")
        let forward = try #require(ChangeLifecycle.merge(started, failed))
        let backward = try #require(ChangeLifecycle.merge(failed, started))
        #expect(forward == backward)
        #expect(forward.status == "failed")
        #expect(forward.summary == "deploy main failed")
        #expect(forward.time == Self.at(0))
        #expect(forward.end == Self.at(5))
    }

    @Test func mergingAStageAgainChangesNothing() throws {
        let started = Self.stage("started", at: 0)
        let succeeded = Self.stage("succeeded", at: 12)
        let merged = try #require(ChangeLifecycle.merge(started, succeeded))
        #expect(ChangeLifecycle.merge(merged, started) == merged)
        #expect(ChangeLifecycle.merge(merged, succeeded) == merged)
        #expect(ChangeLifecycle.merge(merged, merged) == merged)
    }

    @Test func twoStartsKeepTheEarliest() throws {
        let queued = Self.stage("started", at: 0)
        let running = Self.stage("started", at: 2)
        let merged = try #require(ChangeLifecycle.merge(running, queued))
        #expect(merged.time == Self.at(0))
        #expect(merged.end == nil)
        #expect(merged.status == "started")
    }

    @Test func aRetriedFailureEndsWithTheLaterOutcome() throws {
        let failed = Self.stage("failed", at: 3)
        let succeeded = Self.stage("succeeded", at: 9)
        let merged = try #require(ChangeLifecycle.merge(failed, succeeded))
        #expect(merged.status == "succeeded")
        #expect(merged.end == Self.at(9))
    }

    @Test func notStagesOfOneChangeStayConflicts() {
        let deploy = Self.stage("succeeded", at: 0)
        var otherService = Self.stage("started", at: 0)
        otherService.service = "cart"
        #expect(ChangeLifecycle.merge(deploy, otherService) == nil)
        let alert = Event(id: "x", time: Self.at(0), kind: .alert, service: "shop", status: "firing")
        let resolved = Event(id: "x", time: Self.at(0), kind: .alert, service: "shop", status: "resolved")
        #expect(ChangeLifecycle.merge(alert, resolved) == nil)  // only changes have stages
        // The same single final stage reported twice with other content is a conflict, not a lifecycle.
        #expect(ChangeLifecycle.merge(Self.stage("succeeded", at: 0), Self.stage("succeeded", at: 4)) == nil)
        var release = Self.stage("started", at: 0)
        release.kind = .release
        #expect(ChangeLifecycle.merge(deploy, release) == nil)
    }
}
