import Hindsight
import Testing

@testable import HindsightFormats

@Suite struct GitHubAdapterTests {
    typealias S = AdapterTestSupport
    static let sha = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"

    @Test func deploymentFixtureIsAStartedDeploy() throws {
        let result = try S.read(file: S.fixture("github/deployment.json"))
        #expect(result.format == .github)
        let e = try #require(result.only)
        #expect(e.kind == .deploy)
        #expect(e.status == "started")
        #expect(e.time == S.time("2019-05-15T15:20:53Z"))
        #expect(e.service == "Codertocat/Hello-World")
        #expect(e.version == Self.sha)
        #expect(e.environment == "production")
        #expect(e.actor == "Codertocat")
        #expect(e.id == "github:deployment:145988746")
    }

    @Test func deploymentStatusFixtureIsASucceededDeploy() throws {
        let result = try S.read(file: S.fixture("github/deployment_status.json"))
        #expect(result.format == .github)
        let e = try #require(result.only)
        #expect(e.kind == .deploy)
        #expect(e.status == "succeeded")
        #expect(e.time == S.time("2019-05-15T15:20:53Z"))  // the deployment's creation: its start
        #expect(e.end == S.time("2019-05-15T15:20:55Z"))  // the status: its finish
        #expect(e.service == "Codertocat/Hello-World")
        #expect(e.version == Self.sha)
        #expect(e.environment == "production")
        #expect(e.url == "https://api.github.com/repos/Codertocat/Hello-World/deployments/145988746")
        #expect(e.id == "github:deployment:145988746")  // the deployment's id: its stages merge into one change
    }

    static func status(_ state: String, payload: String = "{}", createdAt: String? = "2024-02-02T10:00:00Z") -> String {
        let created = createdAt.map { "\"created_at\":\"\($0)\"," } ?? ""
        return """
            {"action":"created",
             "deployment_status":{"id":7,"state":"\(state)",\(created)"environment":"staging","target_url":"https://ci/logs/7","description":""},
             "deployment":{"id":3,"sha":"abc1234def","ref":"main","environment":"staging","payload":\(payload),"created_at":"2024-02-02T09:59:00Z"},
             "repository":{"full_name":"acme/shop"},"sender":{"login":"octocat"}}
            """
    }

    @Test(
        "deployment states map to change statuses",
        arguments: [
            ("success", "succeeded"), ("failure", "failed"), ("error", "failed"),
            ("pending", "started"), ("in_progress", "started"), ("queued", "started"),
        ])
    func statesMapToStatuses(_ state: String, _ status: String) throws {
        let e = try #require(try S.read(text: Self.status(state)).only)
        #expect(e.kind == .deploy)
        #expect(e.status == status)
        #expect(e.time == S.time("2024-02-02T09:59:00Z"))
        #expect(e.end == (status == "started" ? nil : S.time("2024-02-02T10:00:00Z")))
        #expect(e.id == "github:deployment:3")
        #expect(e.environment == "staging")
        #expect(e.version == "abc1234def")
        #expect(e.url == "https://ci/logs/7")
        #expect(e.actor == "octocat")
        #expect(e.summary == "deploy main to staging")
        #expect(e.attributes?.contains("\"state\":\"\(state)\"") == true)
    }

    @Test func inactiveStatusIsSkipped() throws {
        let result = try S.read(text: Self.status("inactive"))
        #expect(result.events.isEmpty)
        #expect(result.skipped == ["GitHub deployment state 'inactive' has no Hindsight meaning"])
    }

    @Test func deploymentPayloadNamesServiceAndKind() throws {
        let e = try #require(try S.read(text: Self.status("success", payload: #"{"service":"cart","kind":"rollback"}"#)).only)
        #expect(e.service == "cart")
        #expect(e.kind == .rollback)
    }

    @Test func missingCreatedAtIsInvalid() throws {
        let issue = try #require(try S.read(text: Self.status("failure", createdAt: nil)).invalid.first)
        #expect(issue.format == "github")
        #expect(issue.field == "deployment_status.created_at")
    }
}
