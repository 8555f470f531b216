import Hindsight
import Testing

@testable import HindsightFormats

/// Payloads follow the shapes of Sentry's integration-platform webhook documentation.
@Suite struct SentryAdapterTests {
    typealias S = AdapterTestSupport

    static func issue(action: String = "created", count: String = "12") -> String {
        """
        {
          "action": "\(action)",
          "actor": {"id": "sentry", "name": "Sentry", "type": "application"},
          "data": {
            "issue": {
              "count": "\(count)", "culprit": "?(runner)", "firstSeen": "2019-08-19T20:58:37.391000Z",
              "id": "1170820242", "lastSeen": "2019-08-19T21:10:00.000000Z", "level": "error",
              "metadata": {"type": "ReferenceError", "value": "blooopy is not defined"},
              "permalink": null, "platform": "javascript",
              "project": {"id": "1", "name": "front-end", "platform": "", "slug": "front-end"},
              "shortId": "FRONT-END-9", "status": "unresolved", "substatus": "escalating",
              "title": "ReferenceError: blooopy is not defined", "type": "error", "userCount": 3,
              "firstRelease": {"version": "front-end@2.4.0"},
              "web_url": "https://sentry.io/organizations/test-org/issues/1170820242/"
            }
          },
          "installation": {"uuid": "a8e5d37a-696c-4c54-adb5-b3f28d64c7de"}
        }
        """
    }

    @Test func createdIssueIsACrashWindow() throws {
        let result = try S.read(text: Self.issue())
        #expect(result.format == .sentry)
        let e = try #require(result.only)
        #expect(e.kind == .crash)
        #expect(e.time == S.time("2019-08-19T20:58:37.391Z"))
        #expect(e.end == S.time("2019-08-19T21:10:00Z"))
        #expect(e.service == "front-end")
        #expect(e.version == "front-end@2.4.0")
        #expect(e.environment == "production")
        #expect(e.count == 12)
        #expect(e.severity == "error")
        #expect(e.url == "https://sentry.io/organizations/test-org/issues/1170820242/")
        #expect(e.id == "sentry:issue:1170820242:created:2019-08-19T20:58:37.391Z")
        #expect(e.attributes?.contains("\"userCount\":3") == true)
    }

    @Test func zeroCountIsInvalidOnTheSourceField() throws {
        let issue = try #require(try S.read(text: Self.issue(count: "0")).invalid.first)
        #expect(issue.format == "sentry")
        #expect(issue.field == "data.issue.count")
        #expect(issue.location.line == 1)
    }

    @Test func unresolvedIssueIsACrashAtItsLastSighting() throws {
        let e = try #require(try S.read(text: Self.issue(action: "unresolved")).only)
        #expect(e.kind == .crash)
        #expect(e.time == S.time("2019-08-19T21:10:00Z"))
        #expect(e.count == 1)
    }

    @Test("triage actions are skipped", arguments: ["resolved", "assigned", "archived"])
    func triageIsSkipped(_ action: String) throws {
        let result = try S.read(text: Self.issue(action: action))
        #expect(result.events.isEmpty)
        #expect(result.skipped == ["Sentry issue action '\(action)' is triage, not a crash"])
    }

    static let eventAlert = """
        {"action":"triggered","actor":{"id":"sentry","name":"Sentry","type":"application"},
         "data":{"event":{"event_id":"e4874d664c3540c1a32eab185f12c5ab","datetime":"2019-08-19T21:06:17.677000Z",
           "issue_id":"1117540176","level":"fatal","platform":"javascript","project":1,"release":"front-end@2.4.1",
           "tags":[["browser","Chrome 75.0.3770"],["environment","eu-prod"],["level","fatal"],["region","eu-west-1"],["server_name","web-12"]],
           "timestamp":1566248777.677,"title":"ReferenceError: heck is not defined",
           "url":"https://sentry.io/api/0/projects/test-org/front-end/events/e4874d664c3540c1a32eab185f12c5ab/",
           "web_url":"https://sentry.io/organizations/test-org/issues/1117540176/events/e4874d664c3540c1a32eab185f12c5ab/"},
          "triggered_rule":"Very Important Alert Rule!"},
         "installation":{"uuid":"a8e5d37a-696c-4c54-adb5-b3f28d64c7de"}}
        """

    @Test func issueAlertEventIsOneCrash() throws {
        let result = try S.read(text: Self.eventAlert)
        #expect(result.format == .sentry)
        let e = try #require(result.only)
        #expect(e.kind == .crash)
        #expect(e.time == S.time("2019-08-19T21:06:17.677Z"))
        #expect(e.service == "front-end")
        #expect(e.version == "front-end@2.4.1")
        #expect(e.environment == "eu-prod")
        #expect(e.host == "web-12")
        #expect(e.region == "eu-west-1")
        #expect(e.severity == "fatal")
        #expect(e.count == 1)
        #expect(e.id == "sentry:event:e4874d664c3540c1a32eab185f12c5ab")
    }

    @Test func eventWithoutProjectIsInvalid() throws {
        let text = #"{"action":"triggered","data":{"event":{"event_id":"e1","datetime":"2019-08-19T21:06:17Z","project":1}}}"#
        let issue = try #require(try S.read(text: text).invalid.first)
        #expect(issue.field == "data.event.url")
        #expect(issue.format == "sentry")
    }
}
