import Hindsight
import Testing

@testable import HindsightFormats

/// A payload posted to a producer's hook, or read with its format named, may lack the part its shape
/// would have: the reader names the part, on that record, and never stops (the Payloads fuzz target
/// found the Jenkins one; the inputs are kept in FuzzRegressions/Payloads).
@Suite struct MissingPartTests {
    typealias S = AdapterTestSupport

    struct Case: Sendable, CustomTestStringConvertible {
        var format: InputFormat
        var payload: String
        var field: String
        var message: String
        var testDescription: String { "\(format.rawValue) without '\(field)'" }
    }

    static let cases: [Case] = [
        Case(
            format: .jenkins, payload: #"{"name":"deploy-checkout"}"#, field: "build",
            message: "is missing; a Jenkins notification carries its build"),
        Case(format: .opsgenie, payload: #"{"action":"Create"}"#, field: "alert", message: "is missing; an Opsgenie webhook carries its alert"),
        Case(
            format: .opsgenie, payload: #"{"action":"Close","alert":null}"#, field: "alert",
            message: "is missing; an Opsgenie webhook carries its alert"),
    ]

    @Test(arguments: cases) func theMissingPartIsNamed(_ c: Case) throws {
        let r = try S.read(text: c.payload + "\n" + c.payload, name: "hook.jsonl", format: c.format, options: AdapterOptions(deployWorkflowPattern: ".*"))
        #expect(r.events.isEmpty)
        #expect(r.invalid.map(\.location.line) == [1, 2])
        #expect(r.invalid.first?.field == c.field)
        #expect(r.invalid.first?.message == c.message)
    }

    /// A deploy pattern that takes an empty name takes a CircleCI event without its workflow or job.
    @Test func aCircleCIEventWithoutItsWorkflowOrJob() throws {
        let workflow = try S.read(text: #"{"type":"workflow-completed"}"#, format: .circleci, options: AdapterOptions(deployWorkflowPattern: ".*"))
        #expect(workflow.invalid.first?.field == "workflow")
        #expect(workflow.invalid.first?.message == "is missing; a workflow-completed webhook carries its workflow")
        let job = try S.read(
            text: #"{"type":"job-completed","workflow":{"name":"build"},"job":null}"#, format: .circleci, options: AdapterOptions(deployWorkflowPattern: "^$"))
        #expect(job.invalid.first?.field == "job")
        #expect(job.invalid.first?.message == "is missing; a job-completed webhook describes its job")
    }
}
