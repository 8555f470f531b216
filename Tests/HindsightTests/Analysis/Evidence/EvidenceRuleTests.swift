import Foundation
import Testing

@testable import Hindsight

/// Each rule alone, on incidents built as events and read through the in-memory source: the sign and size of
/// what it measures and of its log-likelihood ratio under the shipped table, and its sentence.
@Suite("Evidence rules")
struct EvidenceRuleTests {
    /// Crashes on `api` from minute 10 to 60 (no version), declared at 20.
    static let impact = SF.crashes("c", from: 10, to: 60) + SF.incident()

    static func change(
        _ id: String, _ kind: EventKind = .deploy, at minutes: Double, service: String = "api", version: String? = nil, scope: Scope? = nil,
        host: String? = nil, target: String? = nil, actor: String = "jane"
    ) -> Event {
        Event(
            id: id, time: SF.at(minutes), kind: kind, service: service, version: version, host: host, scope: scope, actor: actor, source: "ci",
            labels: target.map { Labels(["target": $0]) })
    }

    @Test func timingFallsAsAPowerOfTheGap() throws {
        let p = try RuleProbe(Self.impact + [Self.change("near", .config, at: 5), Self.change("far", .config, at: -2870, actor: "sam")])
        let near = try #require(p.observe(TimingRule(), "near"))
        let far = try #require(p.observe(TimingRule(), "far"))
        #expect(near.measurement.text == "impact began 5m after it")
        #expect(abs(near.measurement.values[0] - log(10_080.0 / 5)) < 1e-9)
        #expect(abs(far.measurement.values[0] - log(10_080.0 / 2880)) < 1e-9)
        #expect(near.llr > far.llr && far.llr > 0)
        // Recorded after the reference: timing says nothing, the after-reference rule speaks instead.
        let late = try RuleProbe(Self.impact + [Self.change("late", .config, at: 12)])
        #expect(late.observe(TimingRule(), "late") == nil)
        let after = try #require(late.observe(AfterReferenceRule(), "late"))
        #expect(after.measurement.text == "recorded 2m after impact start, within the 5m clock-skew tolerance, so timing cannot tell it came first")
        #expect(after.measurement.values == [1])
        #expect(after.llr <= 0)
    }

    @Test func cadenceCountsARoutinePushAsOneOfMany() throws {
        let pushes = stride(from: -1430.0, through: 5, by: 5).enumerated().map { i, m in
            SF.change("push-\(i)", .config, at: m, version: "rules-\(i)", actor: "rules-sync", source: "config-service")
        }
        let routine = try RuleProbe(Self.impact + pushes)
        let push = try #require(routine.observe(CadenceRule(), "push-287"))
        #expect(push.measurement.text.hasPrefix("one of 288 routine configs on api by rules-sync in the 3d before impact start (about every 5m)"))
        #expect(abs(push.measurement.values[0] - log(288.0)) < 1e-9)
        #expect(push.llr < -1)
        let quiet = try RuleProbe(Self.impact + [Self.change("flag", .config, at: 6)])
        let oneOff = try #require(quiet.observe(CadenceRule(), "flag"))
        #expect(oneOff.measurement.text.hasPrefix("the only change on api in the 3d before impact start; a change lands this close by chance"))
        #expect(oneOff.measurement.values == [0, 0])
        #expect(oneOff.llr == 0)
        // A chance is never printed as 0%.
        #expect(!oneOff.measurement.text.contains(" 0% "))
    }

    @Test func serviceSaysWhereTheChangeSitsAgainstTheImpact() throws {
        let link = Event(id: "web-link", time: SF.at(15), kind: .alert, service: "web", incident: "INC-1")
        let p = try RuleProbe(
            Self.impact + [link, Self.change("here", at: 5), Self.change("there", at: 5, service: "web"), Self.change("all", at: 5, service: "*")])
        #expect(p.observe(ServiceRule(), "here")?.measurement.text == "on api, where the impact began")
        #expect(p.value(ServiceRule(), "here", "service.impact") == 1)
        #expect(p.observe(ServiceRule(), "there")?.measurement.text == "on web, one of the incident's services; the impact began on api")
        #expect(p.value(ServiceRule(), "there", "service.incident") == 1)
        #expect(p.observe(ServiceRule(), "all")?.measurement.text == "a global change ('*'), which reaches every service")
        // A change on a service the incident does not touch (hand-built: the source never offers one).
        var input = p.input
        input.candidates = [CandidateFacts(change: Self.change("elsewhere", at: 5, service: "billing"))]
        let context = EvidenceContext(input: input, options: AnalysisOptions(), reference: p.context.reference)
        let elsewhere = try #require(ServiceRule().measure(input.candidates[0], in: context))
        #expect(elsewhere.text == "on billing, not one of the incident's services")
        #expect(elsewhere.values == [0, 0, 0, 1])
        #expect(CorrelatorParameters.shipped.weight("service.elsewhere") <= 0)
    }

    @Test func aDependencyPathIsEvidenceWeakerPerHop() throws {
        let edge = SF.crashes("c", from: 10, to: 60, service: "edge") + SF.incident(service: "edge")
        let edges = [CatalogEdge(service: "edge", dependsOn: "bots"), CatalogEdge(service: "bots", dependsOn: "db")]
        let p = try RuleProbe(
            edge + [Self.change("grants", .config, at: 2, service: "db"), Self.change("model", .config, at: 2, service: "bots")], edges: edges)
        let far = try #require(p.observe(DependencyPathRule(), "grants"))
        let near = try #require(p.observe(DependencyPathRule(), "model"))
        #expect(far.measurement.text == "upstream of the incident in the service catalog: db → bots → edge")
        #expect(far.measurement.values == [1, 1, 0])
        #expect(near.measurement.values == [1, 0, 0])
        #expect(near.llr >= far.llr)
        #expect(p.observe(ServiceRule(), "grants") == nil)
    }

    @Test func onsetIsARiseAfterTheChange() throws {
        let p = try RuleProbe(Self.impact + [Self.change("just-before", .config, at: 8), Self.change("days-before", .config, at: -2880, actor: "sam")])
        let rose = try #require(p.observe(OnsetRule(), "just-before"))
        #expect(rose.measurement.text == "signals on the incident's services rose from 0/h to 250/h in the 1h after it")
        #expect(rose.measurement.values[0] > 5)
        #expect(rose.llr >= 0)
        let quiet = try #require(p.observe(OnsetRule(), "days-before"))
        #expect(quiet.measurement.text == "no rise in signals on the incident's services in the 1h after it")
        #expect(quiet.measurement.values == [0])
    }

    @Test func versionContrastIsTheFailingHostsAgainstTheFleet() throws {
        let fleet = Self.change("fleet-v2", at: -1440, version: "v2", scope: Scope(percent: 100))
        let canary = Self.change("canary-v3", at: 8, version: "v3", scope: Scope(percent: 5))
        let crashes = SF.crashes("a", from: 10, to: 55, version: "v3") + SF.crashes("b", from: 10, to: 15, version: "v2")
        let p = try RuleProbe([fleet, canary] + crashes + SF.incident())
        let lift = try #require(p.observe(VersionContrastRule(), "canary-v3"))
        #expect(
            lift.measurement.text
                == "90% of the signals on api that name a version (225 of 250) carry version 'v3' that it shipped, against the 5% of the fleet it ran on at impact start"
        )
        // Binomial: 90% inside a reach where a cause puts 95% and a bystander its 5% fleet share, ten or more signals.
        #expect(abs(lift.measurement.values[0] - (0.9 * log(0.95 / 0.05) + 0.1 * log(0.05 / 0.95))) < 1e-9)
        #expect(lift.llr > 1)
        let whole = try #require(p.observe(VersionContrastRule(), "fleet-v2"))
        #expect(whole.measurement.values == [0, 0])
        #expect(whole.measurement.text.hasSuffix("so they would carry it whatever the cause"))

        // Half the fleet runs it and half the failing hosts do: the contrast cancels, and counts against it.
        let half = Self.change("half-v4", at: -30, version: "v4", scope: Scope(percent: 50))
        let even = SF.crashes("d", from: 10, to: 30, version: "v4") + SF.crashes("e", from: 30, to: 50, version: "v2")
        let q = try RuleProbe([fleet, half] + even + SF.incident())
        let cancels = try #require(q.observe(VersionContrastRule(), "half-v4"))
        #expect(abs(cancels.measurement.values[0] - (0.5 * log(0.95 / 0.5) + 0.5 * log(0.05 / 0.5))) < 1e-9)
        #expect(cancels.measurement.values[1] == 0)
        #expect(
            cancels.measurement.text.hasSuffix(
                "against the 50% of the fleet it ran on at impact start: a cause would be on nearly every failing host, and the other 50% came from hosts not running it"
            ))
        #expect(cancels.llr < 0)

        // A deploy on the service whose version no failing host runs.
        let absent = Self.change("absent-v9", at: 5, version: "v9", scope: Scope(percent: 100))
        let r = try RuleProbe([fleet, absent] + SF.crashes("f", from: 10, to: 40, version: "v2") + SF.incident())
        let none = try #require(r.observe(VersionContrastRule(), "absent-v9"))
        #expect(none.measurement.text == "none of the 150 signals on api that name a version run 'v9', though it ran on 100% of the fleet at impact start")
        #expect(none.measurement.values == [0, 1])
        #expect(none.llr < -1)
    }

    @Test func aNewerVersionStillRollingOutHasTakenNoKnownHosts() throws {
        let fleet = Self.change("fleet-v1", at: -1440, version: "v1", scope: Scope(percent: 100))
        let older = Self.change("older-v2", at: -95, version: "v2", scope: Scope(percent: 100))
        var newer = Self.change("newer-v3", at: 5, version: "v3", scope: Scope(percent: 100))
        newer.end = SF.at(13)
        // Every failing host runs v2 while v3 is five minutes into an eight-minute rollout: v2 may still be on all of
        // them, so its share on the signals says nothing.
        let p = try RuleProbe([fleet, older, newer] + SF.crashes("a", from: 10, to: 40, version: "v2") + SF.incident())
        let rolling = try #require(p.observe(VersionContrastRule(), "older-v2"))
        #expect(rolling.measurement.values == [0, 0])
        #expect(rolling.measurement.text.hasSuffix("so they would carry it whatever the cause"))
        // Once the newer rollout had ended before the impact, the signals that still carry v2 are stuck on it.
        newer.end = SF.at(8)
        let q = try RuleProbe([fleet, older, newer] + SF.crashes("a", from: 10, to: 40, version: "v2") + SF.incident())
        #expect(try #require(q.observe(VersionContrastRule(), "older-v2")).llr > 1)
    }

    @Test func regionContrastIsNormalisedByTheRegionsShare() throws {
        var noise: [Event] = []
        for (i, r) in ["eu-west-1", "us-east-1", "us-east-1", "us-west-2", "ap-south-1"].enumerated() {
            noise += SF.crashes("n\(i)", from: -60 + Double(i), to: -45, every: 5, region: r, count: 1)
        }
        let eu = Self.change("eu-push", .config, at: 6, scope: Scope(regions: ["eu-west-1"]))
        let us = Self.change("us-push", .config, at: 7, scope: Scope(regions: ["us-east-1"]), actor: "sam")
        let p = try RuleProbe(noise + Self.impact + [eu, us])
        let inside = try #require(p.observe(RegionContrastRule(), "eu-push"))
        #expect(
            inside.measurement.text
                == "100% of the signals are in the regions it reached (eu-west-1), which held 20% of its services' signals in the day before; the regions it did not reach stayed healthy"
        )
        #expect(abs(inside.measurement.values[0] - log(0.95 / 0.2)) < 1e-9)
        #expect(inside.llr > 0.5)
        let outside = try #require(p.observe(RegionContrastRule(), "us-push"))
        // None of the signals in us-east-1, which held 2 of the 5 signals before.
        #expect(abs(outside.measurement.values[0] - log(0.05 / 0.6)) < 1e-9)
        #expect(outside.measurement.text.hasSuffix(": 100% are in regions it never reached"))
        #expect(outside.llr < 0)
    }

    @Test func hostContrastComparesTheFailingHostsWithTheHostsItReached() throws {
        // 20 hosts seen on api; the deploy reached 4, and every failing host is one of them.
        let seen = (0..<20).map { Event(id: "seen-\($0)", time: SF.at(-600), kind: .crash, service: "api", host: "api-\($0)") }
        let reached = (0..<4).map { Self.change("d-\($0)", at: 2 + Double($0) / 4, version: "v5", host: "api-\($0)") }
        let agent = (4..<14).map { Self.change("a-\($0)", .config, at: 6, version: "agent-7", host: "api-\($0)", actor: "chef") }
        let crashes = (0..<40).map { i in
            Event(id: "c-\(i)", time: SF.at(10 + Double(i)), kind: .crash, service: "api", host: "api-\(i % 4)", count: 3)
        }
        let p = try RuleProbe(seen + reached + agent + crashes + SF.incident())
        let lift = try #require(p.observe(HostContrastRule(), "d-3"))
        #expect(lift.measurement.text == "4 of the 4 failing hosts on api (100%) are among the 4 hosts it reached, 20% of the 20 hosts seen there")
        // Every failing host inside a 20% reach; four hosts count as four tenths of full evidence.
        #expect(abs(lift.measurement.values[0] - 0.4 * log(0.95 / 0.2)) < 1e-9)
        #expect(lift.llr > 0.5)
        let other = try #require(p.observe(HostContrastRule(), "a-13"))
        #expect(abs(other.measurement.values[0] - 0.4 * log(0.05 / 0.5)) < 1e-9)
        #expect(other.measurement.text.hasSuffix(": the failures do not follow it"))
        #expect(other.llr < 0)
        // A per-host rollout is not judged step by step.
        #expect(p.observe(StagedStepRule(), "d-3") == nil)
    }

    @Test func moreCrashedHostsThanItReachedIsAgainstIt() throws {
        let small = Self.change("small", at: 5, scope: Scope(hosts: 2))
        let p = try RuleProbe(SF.crashes("c", from: 10, to: 60, hosts: 10) + SF.incident() + [small])
        let m = try #require(p.observe(ExposureMismatchRule(), "small"))
        #expect(m.measurement.text == "10 hosts crashed but it reached only 2")
        #expect(m.llr < 0)
    }

    @Test func recoveryIsJudgedAfterTheRollbackEnded() throws {
        let deploy = Self.change("d", at: 5)
        let long = SF.rollback("rb", of: "d", at: 30, end: 55)
        let p = try RuleProbe(SF.crashes("c", from: 10, to: 55) + SF.incident() + [deploy, long])
        let fell = try #require(p.observe(RecoveryRule(), "d"))
        #expect(fell.measurement.text == "signals fell 100% after rollback rb at 2024-07-19T04:30:00Z (it ran until 2024-07-19T04:55:00Z)")
        #expect(fell.measurement.values == [1])
        #expect(fell.llr > 1)
        #expect(p.observe(NoRecoveryRule(), "d") == nil)

        // Signals that went on after the rollback ended count against the change.
        let q = try RuleProbe(SF.crashes("c", from: 10, to: 100) + SF.incident() + [deploy, SF.rollback("rb", of: "d", at: 30)])
        let wentOn = try #require(q.observe(NoRecoveryRule(), "d"))
        #expect(wentOn.measurement.text == "signals went on after its rollback rb at 2024-07-19T04:30:00Z: 300/h before it, 300/h in the 1h after")
        #expect(wentOn.measurement.values[0] > 0.9)
        #expect(wentOn.llr <= 0)
        #expect(q.observe(RecoveryRule(), "d") == nil)

        // A rollback that began after the signals had stopped is credited with nothing.
        let r = try RuleProbe(SF.crashes("c", from: 10, to: 40) + SF.incident() + [deploy, SF.rollback("rb", of: "d", at: 90)])
        let late = try #require(r.observe(RecoveryRule(), "d"))
        #expect(late.measurement.values == [0])
        #expect(late.measurement.text.contains("after the signals had stopped at 2024-07-19T04:39:00Z"))

        // Sooner than 15 minutes, a silence the rate would have filled (300/h for 8 minutes: 40 signals) is a stop too;
        // a shorter one (3 minutes) is not.
        let quiet = try RuleProbe(SF.crashes("c", from: 10, to: 40) + SF.incident() + [deploy, SF.rollback("rb", of: "d", at: 47)])
        let stopped = try #require(quiet.observe(RecoveryRule(), "d"))
        #expect(stopped.measurement.values == [0])
        #expect(stopped.measurement.text.contains("after the signals had stopped at 2024-07-19T04:39:00Z"))
        #expect(quiet.observe(NoRecoveryRule(), "d") == nil)
        let prompt = try RuleProbe(SF.crashes("c", from: 10, to: 40) + SF.incident() + [deploy, SF.rollback("rb", of: "d", at: 42)])
        #expect(try #require(prompt.observe(RecoveryRule(), "d")).measurement.values == [1])
    }

    @Test func aFixForwardOnTheSameTargetCreditsTheChangeInForce() throws {
        let bad = Self.change("flag-on", .release, at: 5, version: "checkout-v2", target: "new-checkout")
        let other = Self.change("other-on", .release, at: 7, version: "search-v2", target: "new-search", actor: "sam")
        let fix = Self.change("flag-fixed", .release, at: 54, version: "checkout-v3", target: "new-checkout", actor: "on-call")
        let p = try RuleProbe(SF.crashes("c", from: 10, to: 55) + SF.incident() + [bad, other, fix])
        let fell = try #require(p.observe(FixForwardRule(), "flag-on"))
        #expect(fell.measurement.text.hasPrefix("signals fell "))
        #expect(fell.measurement.text.contains("after flag-fixed changed the same release target ('new-checkout') again at 2024-07-19T04:54:00Z"))
        #expect(fell.measurement.values[0] > 0.9)
        #expect(fell.llr > 1)
        #expect(p.observe(FixForwardRule(), "other-on") == nil)
        #expect(p.facts("other-on")?.fixForward == nil)
    }

    @Test func aConfigurationChangeThatNamesNoKeyIsFixedOnlyByTheNextOne() throws {
        let bad = Self.change("cfg-a", .config, at: 5, version: "a-1")
        let unrelated = Self.change("cfg-b", .config, at: 30, version: "b-1", actor: "sam")
        let last = Self.change("cfg-c", .config, at: 54, version: "c-1", actor: "on-call")
        // Another key changed mid-impact: the change that ended it cannot be known to have undone cfg-a.
        let p = try RuleProbe(SF.crashes("c", from: 10, to: 55) + SF.incident() + [bad, unrelated, last])
        #expect(p.facts("cfg-a")?.fixForward?.id == "cfg-b")
        #expect(p.observe(FixForwardRule(), "cfg-a") == nil)
        // The next configuration change on its service, as the signals stop, is its fix.
        let q = try RuleProbe(SF.crashes("c", from: 10, to: 55) + SF.incident() + [bad, last])
        let fell = try #require(q.observe(FixForwardRule(), "cfg-a"))
        #expect(fell.measurement.text.contains("after cfg-c, the next config change on api, at 2024-07-19T04:54:00Z"))
        #expect(fell.llr > 1)
    }

    @Test func aStagedStepIsJudgedWhereTheImpactBegan() throws {
        let steps = [
            SF.change("s1", at: -600, version: "v5", scope: Scope(percent: 1)),
            SF.change("s2", at: -300, version: "v5", scope: Scope(percent: 10)),
            SF.change("s3", at: 6, version: "v5", scope: Scope(percent: 50)),
            SF.change("s4", at: 40, version: "v5", scope: Scope(percent: 100)),
        ]
        let p = try RuleProbe(Self.impact + steps)
        let step = try #require(p.observe(StagedStepRule(), "s3"))
        #expect(
            step.measurement.text
                == "step 3 of 4 of a staged rollout of 'v5' (1% → 10% → 50% → 100%), reaching 50% of the fleet: the impact began at step 3 "
                + "and not at the 2 steps before it; the rollout kept going after impact start: s4 at 2024-07-19T04:40:00Z, 30m later")
        #expect(step.measurement.values == [1])
        #expect(step.llr > 0.5)
    }

    @Test func latentActivationNamesWhatTheSwitchTurnedOn() throws {
        let deploy = Self.change("deploy-42", at: -3 * 1440, version: "build-42")
        let release = Self.change("flag-on", .release, at: 7, version: "new-checkout")
        let p = try RuleProbe(SF.crashes("c", from: 10, to: 60, version: "build-42") + SF.incident() + [deploy, release])
        let version = try #require(p.observe(LatentActivationRule(), "flag-on"))
        #expect(version.measurement.values == [1, 0])
        #expect(
            version.measurement.text == "100% of the versioned signals run 'build-42', shipped 3d earlier by deploy-42, which this release may have switched on"
        )
        #expect(version.llr > 0)

        // A definition shipped two days earlier on a key, with no rise after it, switched on by a config on the same key.
        let definition = Self.change("define", .config, at: -2 * 1440, version: "limits-def", target: "limits", actor: "platform")
        let switchOn = Self.change("switch", .config, at: 6, version: "limits-on", target: "limits")
        let q = try RuleProbe(Self.impact + [definition, switchOn])
        let target = try #require(q.observe(LatentActivationRule(), "switch"))
        #expect(target.measurement.values == [0, 1])
        #expect(target.measurement.text == "define shipped 'limits' 2d earlier with no rise in signals after it; this config changed the same target")
        #expect(target.llr > 0)
    }

    @Test func aStaleReapplicationIsAChangeOfItsOwn() throws {
        let old = Self.change("v1-first", at: -4000, version: "v1", scope: Scope(percent: 100), actor: "deploy-bot")
        let newer = Self.change("v2", at: -1500, version: "v2", scope: Scope(percent: 100), actor: "deploy-bot")
        let again = Self.change("v1-again", at: 4, version: "v1", scope: Scope(percent: 30), actor: "sync-bot")
        let p = try RuleProbe(SF.crashes("c", from: 10, to: 60, version: "v1") + SF.incident() + [old, newer, again])
        let f = try #require(p.facts("v1-again"))
        #expect(f.change.id == "v1-again")
        #expect(f.rolloutSteps.map(\.id) == ["v1-again"])
        #expect(f.reapplies?.id == "v1-first" && f.replacedBy?.id == "v2")
        let m = try #require(p.observe(ReapplicationRule(), "v1-again"))
        #expect(m.measurement.text.hasPrefix("re-applies 'v1', first applied by v1-first at "))
        // Its version contrast is against the 30% it re-applied, not the whole fleet that ran v1 days ago.
        #expect(try #require(p.value(VersionContrastRule(), "v1-again", "version-contrast.llr")) > 1)
    }

    @Test func aFailedChangeMayNeverHaveReachedTheFleet() throws {
        let p = try RuleProbe(Self.impact + [SF.change("failed", at: 5, version: "v8", status: "failed")])
        let m = try #require(p.observe(FailedChangeRule(), "failed"))
        #expect(m.measurement.text == "it failed (status failed), so it may never have reached the fleet")
        #expect(m.llr < 0)
    }

    /// Every feature's fitted weight lies on the side its direction allows.
    @Test func shippedWeightsRespectTheirDirections() {
        for f in EvidenceRules.features {
            #expect(f.clamp(CorrelatorParameters.shipped.weight(f.name)) == CorrelatorParameters.shipped.weight(f.name), "\(f.name)")
        }
        #expect(Set(EvidenceRules.all.map(\.name)).count == EvidenceRules.all.count)
        #expect(Set(EvidenceRules.features.map(\.name)).count == EvidenceRules.features.count)
    }
}
