import Hindsight
import Testing

@testable import HindsightSimulation

/// The adversarial generator: deterministic by seed, and each family has the property it is named after.
@Suite struct AccuracyScenarioGeneratorTests {
    static let perFamily = 40

    static func scenarios(_ family: AccuracyScenarioFamily, seed: UInt64 = 11) -> [AccuracyScenario] {
        AccuracyScenarioGenerator(seed: seed).scenarios(of: family, count: perFamily)
    }

    static func event(_ id: String?, in s: AccuracyScenario) -> Event? {
        id.flatMap { id in s.events.last { $0.id == id } }
    }

    @Test func sameSeedSameScenariosOtherSeedOthers() {
        let a = AccuracyScenarioGenerator(seed: 5).scenarios(count: 30)
        let b = AccuracyScenarioGenerator(seed: 5).scenarios(count: 30)
        let c = AccuracyScenarioGenerator(seed: 6).scenarios(count: 30)
        #expect(a.map(\.events) == b.map(\.events))
        #expect(a.map(\.trigger) == b.map(\.trigger))
        #expect(a.map(\.events) != c.map(\.events))
        #expect(Set(a.map(\.family)) == Set(AccuracyScenarioFamily.allCases))
    }

    @Test(arguments: AccuracyScenarioFamily.allCases)
    func everyScenarioIsWellFormed(_ family: AccuracyScenarioFamily) throws {
        for s in Self.scenarios(family) {
            #expect(s.family == family)
            // Ids are unique except the stages of one change, which share theirs.
            var seen: [String: Event] = [:]
            for e in s.events {
                if let other = seen[e.id] {
                    #expect(family == .deployLifecycle && e.kind == .deploy && other.kind == .deploy, "\(s.incident): \(e.id) repeated")
                }
                seen[e.id] = e
            }
            let lifecycle = s.events.filter { $0.kind == .incident && $0.incident == s.incident }
            #expect(Set(lifecycle.compactMap(\.status)) == ["declared", "mitigated", "resolved"])
            let declared = try #require(lifecycle.first { $0.status == "declared" })
            // The incident's own onset lies in the lookback window, so its unlinked crashes are its signals.
            #expect(s.onset >= declared.time - .hours(1) && s.onset <= declared.time)
            #expect(!s.incidentCrashes.isEmpty)
            #expect(s.incidentCrashes.contains { $0.incident == nil })
            if let t = Self.event(s.trigger, in: s) {
                #expect(t.kind.isChange && t.kind != .rollback)
                #expect(t.time < s.onset)
            }
            for r in s.events where r.kind == .rollback {
                #expect(s.events.contains { $0.id == r.reverts && $0.kind != .rollback }, "\(s.incident): rollback of an unknown change")
            }
        }
    }

    /// Distractors carry what triggers carry, and the trigger is not always the latest change before impact.
    @Test func triggersHaveNoFeatureDistractorsLack() {
        var all = AccuracyScenarioFamily.allCases.flatMap { Self.scenarios($0) }
        all = all.filter { $0.trigger != nil }
        var distractorScoped = 0
        var distractorRolledBack = 0
        var distractorOnCrashes = 0
        var triggerNotLatest = 0
        var triggerElsewhere = 0
        for s in all {
            let trigger = Self.event(s.trigger, in: s)!
            let distractors = s.changes.filter { $0.id != trigger.id }
            if distractors.contains(where: { $0.scope != nil }) { distractorScoped += 1 }
            if s.events.contains(where: { $0.kind == .rollback && $0.reverts != trigger.id }) { distractorRolledBack += 1 }
            let crashVersions = Set(s.incidentCrashes.compactMap(\.version))
            if distractors.contains(where: { $0.version.map(crashVersions.contains) ?? false }) { distractorOnCrashes += 1 }
            let latest = s.changes.filter { $0.time < s.onset && $0.environment == Event.defaultEnvironment }.last
            if latest?.id != trigger.id { triggerNotLatest += 1 }
            if trigger.service != s.service { triggerElsewhere += 1 }
        }
        let n = Double(all.count)
        #expect(Double(distractorScoped) / n > 0.8)
        #expect(Double(distractorRolledBack) / n > 0.4)
        #expect(Double(distractorOnCrashes) / n > 0.1)
        #expect(Double(triggerNotLatest) / n > 0.4)
        #expect(Double(triggerElsewhere) / n > 0.05)
    }

    @Test func fullRolloutEveryCrashCarriesTheFleetVersion() throws {
        var triggerIsTheRollout = 0
        var fleetWide = 0
        for s in Self.scenarios(.fullRollout) {
            if Self.event(s.trigger, in: s)?.service == Event.globalService { fleetWide += 1 }
            let full = s.changes.filter { $0.service == s.service && $0.kind == .deploy && $0.scope?.percent == 100 && $0.time < s.onset }.last
            let version = try #require(full?.version)
            #expect(s.incidentCrashes.allSatisfy { $0.version == version }, "\(s.incident)")
            if full?.id == s.trigger { triggerIsTheRollout += 1 }
        }
        // Both answers occur: the full rollout itself, and a later change while the fleet runs it.
        #expect(triggerIsTheRollout > 5 && triggerIsTheRollout < Self.perFamily - 5)
        #expect(fleetWide > 0)
    }

    @Test func backgroundNoiseFillsTheWindowBeforeTheTrigger() throws {
        for s in Self.scenarios(.backgroundNoise) {
            let trigger = try #require(Self.event(s.trigger, in: s))
            // The hour before the trigger: the window its onset is measured against.
            let before = s.events.filter { $0.kind == .crash && $0.service == s.service && $0.time >= trigger.time - .hours(1) && $0.time < trigger.time }
            #expect(before.count >= 2, "\(s.incident): \(before.count) background crashes before the trigger")
        }
    }

    @Test func twoIncidentsShareTheServiceAndTheWindow() throws {
        var withoutTrigger = 0
        for s in Self.scenarios(.twoIncidents) {
            let earlier = s.events.filter { $0.kind == .incident && $0.incident == "\(s.incident)-earlier" }
            #expect(earlier.allSatisfy { $0.service == s.service } && earlier.count == 3)
            let declared = try #require(s.events.first { $0.status == "declared" && $0.incident == s.incident })
            // The earlier incident's crashes (carrying its bad version) are inside this one's lookback window.
            let earlierCrashes = s.events.filter { $0.kind == .crash && $0.service == s.service && $0.time < s.onset && $0.time >= declared.time - .hours(1) }
            #expect(!earlierCrashes.isEmpty, "\(s.incident)")
            if s.trigger == nil { withoutTrigger += 1 }
        }
        #expect(withoutTrigger > 0 && withoutTrigger < Self.perFamily / 2)
    }

    @Test func upstreamTriggerIsOnADependencyReachableThroughTheCatalog() throws {
        for s in Self.scenarios(.upstream) {
            let trigger = try #require(Self.event(s.trigger, in: s))
            #expect(trigger.service != s.service)
            var reachable: Set<String> = []
            var frontier = [s.service]
            while let next = frontier.popLast() {
                for d in s.dependencies[next] ?? [] where reachable.insert(d).inserted { frontier.append(d) }
            }
            #expect(reachable.contains(trigger.service), "\(s.incident): \(trigger.service) not reachable from \(s.service)")
            // A change on the incident's own service lands close to the trigger.
            #expect(s.changes.contains { $0.service == s.service && abs(($0.time - trigger.time).seconds) <= 1800 })
        }
    }

    @Test func routinePushTriggerLooksLikeEveryOtherPush() throws {
        for s in Self.scenarios(.routinePushes) {
            let trigger = try #require(Self.event(s.trigger, in: s))
            let pushes = s.changes.filter { $0.actor == trigger.actor && $0.source == trigger.source && $0.service == trigger.service }
            #expect(pushes.count >= 36)
            #expect(pushes.allSatisfy { $0.kind == trigger.kind && $0.scope == trigger.scope })
            let first = try #require(pushes.first)
            #expect(zip(pushes, pushes.dropFirst()).allSatisfy { $1.time - $0.time == .minutes(5) })
            #expect((trigger.time - first.time).milliseconds % TimeSpan.minutes(5).milliseconds == 0)
            #expect(pushes.contains { $0.time > trigger.time && $0.time < s.onset } || s.onset - trigger.time <= .minutes(5))
        }
    }

    @Test func lifecycleStagesOfOneChangeBesideFailedAndStagingDeploys() throws {
        var shared = 0
        for s in Self.scenarios(.deployLifecycle) {
            let id = try #require(s.trigger)
            // The stages share the id, or the final one is "<id>-status"; either way one version, started then finished.
            let stages = s.events.filter { $0.id == id || $0.id == "\(id)-status" }
            if stages.allSatisfy({ $0.id == id }) { shared += 1 }
            #expect(stages.map { $0.status } == ["started", "succeeded"])
            #expect(Set(stages.compactMap(\.version)).count == 1)
            #expect(stages.last?.end == stages.last?.time && stages[0].time < stages[1].time)
            let beforeImpact = s.events.filter { $0.kind == .deploy && $0.time < s.onset && $0.time > stages[1].time }
            #expect(beforeImpact.contains { $0.status == "failed" })
            #expect(beforeImpact.contains { $0.environment == "staging" })
        }
        #expect(shared > 5 && shared < Self.perFamily - 5)
    }

    @Test func precautionaryRollbackComesAfterTheLastSignal() throws {
        for s in Self.scenarios(.precautionaryRollback) {
            let lastSignal = try #require(s.incidentCrashes.map(\.time).max())
            // The trigger's own rollback, when there is one, comes as the signals stop; the precaution 10 minutes or more later.
            // On the incident's service (other teams roll their own changes back whenever they like).
            let late = s.events.filter { $0.kind == .rollback && $0.service == s.service && $0.time > lastSignal + .minutes(5) }
            #expect(late.count == 1 && late[0].reverts != s.trigger, "\(s.incident)")
            let triggerRolledBack = s.events.contains { $0.kind == .rollback && $0.reverts == s.trigger }
            let carries = Self.event(s.trigger, in: s)?.version.map { v in s.incidentCrashes.allSatisfy { $0.version == v } } ?? false
            #expect(triggerRolledBack || carries, "\(s.incident): no evidence for the trigger")
        }
    }

    @Test func longRollbackHasAnEndAndSignalsOutliveTheHarmlessRollback() throws {
        for s in Self.scenarios(.longRollback) {
            let rollback = try #require(s.events.first { $0.kind == .rollback && $0.reverts == s.trigger })
            let end = try #require(rollback.end)
            #expect(end - rollback.time >= .minutes(20))
            let other = try #require(s.events.first { $0.kind == .rollback && $0.reverts != s.trigger && $0.service == s.service && $0.time > s.onset })
            #expect(other.time > rollback.time && other.time < end)
            #expect(s.incidentCrashes.contains { $0.time > other.time + .minutes(5) })
            #expect(s.incidentCrashes.allSatisfy { $0.time <= end + .minutes(1) })
        }
    }

    @Test func delayedEffectHasChangesBetweenTriggerAndImpact() throws {
        for s in Self.scenarios(.delayedEffect) {
            let trigger = try #require(Self.event(s.trigger, in: s))
            #expect(s.onset - trigger.time >= .minutes(45) && s.onset - trigger.time <= .hours(26))
            let between = s.changes.filter { $0.service == s.service && $0.time > trigger.time && $0.time < s.onset }
            #expect(!between.isEmpty)
            #expect(between.contains { s.onset - $0.time <= .minutes(15) })
        }
    }

    @Test func delayedEffectsReachIntoTheNextDay() {
        let gaps = Self.scenarios(.delayedEffect).compactMap { s in Self.event(s.trigger, in: s).map { s.onset - $0.time } }
        #expect(gaps.contains { $0 >= .hours(6) })
        #expect(gaps.contains { $0 <= .hours(3) })
    }

    @Test func fixForwardEndsWithTheSameTargetChangedAgain() throws {
        for s in Self.scenarios(.fixForward) {
            let trigger = try #require(Self.event(s.trigger, in: s))
            let target = try #require(trigger.labels?["target"])
            #expect(!s.events.contains { $0.kind == .rollback && $0.reverts == trigger.id }, "\(s.incident)")
            let last = try #require(s.incidentCrashes.map(\.time).max())
            let fix = s.changes.filter { $0.labels?["target"] == target && $0.id != trigger.id }
            #expect(fix.count == 1 && abs((fix[0].time - last).seconds) <= 120, "\(s.incident)")
            // Another target of the same kind changes closer to the impact.
            #expect(s.changes.contains { $0.kind == trigger.kind && $0.labels?["target"] != target && $0.time > trigger.time && $0.time < s.onset })
        }
    }

    @Test func hostContrastRolloutsNameTheirHosts() throws {
        for s in Self.scenarios(.hostContrast) {
            let trigger = try #require(Self.event(s.trigger, in: s))
            let rollout = s.changes.filter { $0.version == trigger.version && $0.service == trigger.service }
            #expect(rollout.count >= 3 && rollout.allSatisfy { $0.host != nil })
            #expect(trigger.id == rollout.last?.id)
            let reached = Set(rollout.compactMap(\.host))
            let failing = Set(s.incidentCrashes.compactMap(\.host))
            #expect(failing.subtracting(reached).count <= 1, "\(s.incident)")
            #expect(s.incidentCrashes.allSatisfy { $0.version == nil })
            // Another per-host rollout reached other hosts.
            #expect(s.changes.contains { $0.host != nil && $0.version != trigger.version })
        }
    }

    @Test func latentConfigSwitchesOnATargetShippedDaysEarlier() throws {
        for s in Self.scenarios(.latentConfig) {
            let trigger = try #require(Self.event(s.trigger, in: s))
            let target = try #require(trigger.labels?["target"])
            #expect(trigger.kind == .release || trigger.kind == .config)
            #expect(s.changes.contains { $0.labels?["target"] == target && trigger.time - $0.time >= .days(1) }, "\(s.incident)")
            #expect(s.changes.contains { $0.labels?["target"] != nil && $0.labels?["target"] != target && $0.time > trigger.time && $0.time < s.onset })
        }
    }

    @Test func aCanaryRunsOnTheFailingHostsInItsFleetShare() throws {
        var withoutTrigger = 0
        for s in Self.scenarios(.canaryCancels) {
            if s.trigger == nil { withoutTrigger += 1 }
            // The service's own canary (other teams' changes may go to a canary ring too).
            let canary = try #require(s.changes.first { $0.scope?.ring == "canary" && $0.service == s.service && $0.source == "argo-rollouts" })
            #expect(canary.time < s.onset && s.onset - canary.time <= .minutes(8))
            var running: [String: String] = [:]
            for c in s.incidentCrashes { running[c.host!] = c.version }
            let share = Double(running.values.filter { $0 == canary.version }.count) / Double(running.count)
            #expect(share <= (canary.scope?.percent ?? 0) / 100 + 0.3, "\(s.incident): \(share)")
        }
        #expect(withoutTrigger > 0 && withoutTrigger < Self.perFamily / 2)
    }

    @Test func aStagedRolloutFailsAtOneOfItsSteps() throws {
        var first = 0
        for s in Self.scenarios(.stagedRollout) {
            let trigger = try #require(Self.event(s.trigger, in: s))
            let steps = s.changes.filter { $0.version == trigger.version && $0.service == trigger.service }
            #expect(steps.map { $0.scope?.percent ?? 0 } == [1, 10, 50, 100])
            if steps.first?.id == trigger.id { first += 1 }
            #expect(s.onset > trigger.time && s.onset - trigger.time <= .minutes(20))
            #expect(steps.filter { $0.time < s.onset }.last?.id == trigger.id)
        }
        #expect(first > 0 && first < Self.perFamily / 2)
    }

    @Test func aStaleReapplicationRunsAnOlderVersionThanTheFleet() throws {
        for s in Self.scenarios(.staleReapply) {
            let trigger = try #require(Self.event(s.trigger, in: s))
            let earlier = s.changes.filter { $0.version == trigger.version && $0.id != trigger.id }
            let first = try #require(earlier.first)
            #expect(
                s.changes.contains {
                    $0.service == trigger.service && $0.kind == trigger.kind && $0.version != trigger.version && $0.time > first.time && $0.time < trigger.time
                })
            #expect(s.incidentCrashes.allSatisfy { $0.version == trigger.version })
        }
    }

    @Test func anOutsideCauseLeavesOnlyTiming() {
        for s in Self.scenarios(.outsideCause) {
            #expect(s.trigger == nil)
            let crashVersions = Set(s.incidentCrashes.compactMap(\.version))
            let before = s.changes.filter {
                $0.time < s.onset && s.onset - $0.time <= .minutes(40) && ($0.service == s.service || $0.service == Event.globalService)
            }
            #expect(!before.isEmpty)
            #expect(before.allSatisfy { !crashVersions.contains($0.version ?? "") })
            let last = s.incidentCrashes.map(\.time).max()!
            let undone = s.events.filter { r in r.kind == .rollback && before.contains { $0.id == r.reverts } }
            #expect(undone.allSatisfy { $0.time > last + .minutes(10) })
        }
    }

    @Test func aRegionalRolloutFailsItsRegions() throws {
        for s in Self.scenarios(.regionRollout) {
            let trigger = try #require(Self.event(s.trigger, in: s))
            let regions = try #require(trigger.scope?.regions)
            let outside = Set(s.incidentCrashes.filter { !regions.contains($0.region ?? "") }.compactMap(\.host))
            #expect(outside.count <= 1, "\(s.incident)")
            #expect(
                s.changes.contains {
                    $0.time > trigger.time && $0.time < s.onset && !($0.scope?.regions ?? []).isEmpty && Set($0.scope!.regions).isDisjoint(with: regions)
                })
        }
    }

    @Test func noChangeHasARecentDeployOnMostFailingHostsInTheFleetsShare() {
        var withDeploy = 0
        for s in Self.scenarios(.noChange) {
            #expect(s.trigger == nil)
            guard let deploy = s.changes.last(where: { $0.service == s.service && $0.time < s.onset && s.onset - $0.time <= .minutes(40) }) else { continue }
            withDeploy += 1
            var running: [String: String] = [:]
            for c in s.incidentCrashes { running[c.host!] = c.version }
            let share = Double(running.values.filter { $0 == deploy.version }.count) / Double(running.count)
            #expect(share >= 0.55, "\(s.incident): \(share) of failing hosts run \(deploy.id)")
            #expect((deploy.scope?.percent ?? 0) >= 70)
        }
        #expect(withDeploy >= Self.perFamily / 2)
    }
}
