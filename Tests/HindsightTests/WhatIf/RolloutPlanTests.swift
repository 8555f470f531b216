import Testing

@testable import Hindsight

@Suite("Rollout plan parsing")
struct RolloutPlanTests {
    @Test func parsesTheDefaultPlan() throws {
        let plan = try RolloutPlan.parse("1%:30m,10%:1h,100%")
        #expect(plan.stages == [RolloutStage(percent: 1, hold: .minutes(30)), RolloutStage(percent: 10, hold: .hours(1)), RolloutStage(percent: 100)])
        #expect(plan == RolloutPlan.default)
        #expect(plan.stageStarts == [.minutes(0), .minutes(30), .minutes(90)])
    }

    @Test func acceptsFractionsCompoundsAndSpaces() throws {
        let plan = try RolloutPlan.parse(" 0.5%:1h30m , 25%: 2d, 100% ")
        #expect(plan.stages == [RolloutStage(percent: 0.5, hold: .minutes(90)), RolloutStage(percent: 25, hold: .days(2)), RolloutStage(percent: 100)])
        #expect(plan.description == "0.5%:1h30m,25%:2d,100%")
        #expect(try RolloutPlan.parse(plan.description) == plan)
    }

    @Test func aSingleWholeFleetStageIsAPlan() throws {
        #expect(try RolloutPlan.parse("100%").stages == [RolloutStage(percent: 100)])
    }

    func error(_ text: String) -> String? {
        do {
            _ = try RolloutPlan.parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func malformedStageNamesItAndShowsTheForm() {
        #expect(error("1%:30m,10%1h,100%") == "stage 2 '10%1h': expected SHARE%:DURATION such as 10%:1h (the last stage is just SHARE%, such as 100%)")
        #expect(error("1%:30m,10:1h,100%") == "stage 2 '10:1h': expected SHARE%:DURATION such as 10%:1h (the last stage is just SHARE%, such as 100%)")
        #expect(error("1%:30m:5m,100%")?.hasPrefix("stage 1 '1%:30m:5m': expected SHARE%:DURATION") == true)
        #expect(error("1%:30m,,100%")?.hasPrefix("stage 2 '': expected SHARE%:DURATION") == true)
        #expect(error("1%:,100%")?.hasPrefix("stage 1 '1%:': expected SHARE%:DURATION") == true)
    }

    @Test func badShareAndBadDuration() {
        #expect(error("abc%:30m,100%") == "stage 1 'abc%:30m': the share must be a percentage of the fleet such as 10% or 0.5%")
        #expect(error("1e1%:30m,100%") == "stage 1 '1e1%:30m': the share must be a percentage of the fleet such as 10% or 0.5%")
        #expect(error("1%:30min,100%") == "stage 1 '1%:30min': '30min' is not a duration; write it as 90s, 30m, 6h or 7d")
        #expect(error("1%:0s,100%") == "stage 1 '1%:0s': a stage must be held for longer than 0s; give it a duration such as 30m or remove it")
    }

    @Test func sharesMustBeInRangeIncreasingAndReachTheWholeFleet() {
        #expect(error("0%:30m,100%") == "stage 1 '0%:30m': a share of 0% is impossible; use a share above 0% and at most 100%")
        #expect(error("1%:30m,150%") == "stage 2 '150%': a share of 150% is impossible; use a share above 0% and at most 100%")
        #expect(error("10%:30m,5%:1h,100%") == "stage 2 '5%:1h': each stage must expose more of the fleet than the one before, which already exposes 10%")
        #expect(error("10%:30m,10%:1h,100%") == "stage 2 '10%:1h': each stage must expose more of the fleet than the one before, which already exposes 10%")
        #expect(error("1%:30m,50%") == "stage 2 '50%': the plan ends at 50%, so it never reaches the whole fleet; end it with a 100% stage")
    }

    @Test func onlyTheLastStageGoesWithoutADuration() {
        #expect(error("1%,100%") == "stage 1 '1%': only the last stage may omit how long it is held; write it as 1%:30m")
        #expect(error("1%:30m,100%:1h") == "stage 2 '100%:1h': the last stage is held until the rollout is complete, so it takes no duration; write it as 100%")
    }

    @Test func emptyPlan() {
        #expect(error("  ") == "the plan is empty; list stages as SHARE%:DURATION separated by commas, the last without a duration, such as 1%:30m,10%:1h,100%")
    }

    @Test func stagesBuiltInCodeAreValidatedToo() {
        #expect(throws: RolloutPlanError.missingDuration(stage: 1, text: "5%")) {
            try RolloutPlan(stages: [RolloutStage(percent: 5), RolloutStage(percent: 100)])
        }
    }
}
