import Foundation
import Testing

@testable import HindsightFormats

/// `hindsight.toml`: every key read, and every mistake named by file, line and key.
@Suite struct HindsightConfigTests {
    @Test func everyKeyIsRead() throws {
        let text = """
            # settings for the store next to this file
            [services]
            labels = ["team", "app", "instance:host"]

            [pagerduty.routing_keys]
            "R0123456789" = "checkout"

            [github]
            deploy_workflows = "^(deploy|ship)"

            [ingest]
            max_record_size = "32MiB"
            """
        let config = try HindsightConfig.parse(text, path: "hindsight.toml")
        #expect(config.adapters.serviceRules == [.label("team"), .label("app"), .hostOf("instance")])
        #expect(config.adapters.routingKeys == ["R0123456789": "checkout"])
        #expect(config.adapters.deployWorkflowPattern == "^(deploy|ship)")
        #expect(config.adapters.isDeployWorkflow("Ship it"))
        #expect(!config.adapters.isDeployWorkflow("CI"))
        #expect(config.maxRecordSize == 32 << 20)
        #expect(config.path == "hindsight.toml")
    }

    @Test func anEmptyFileKeepsTheDefaults() throws {
        let config = try HindsightConfig.parse("", path: "hindsight.toml")
        #expect(config.adapters == AdapterOptions())
        #expect(config.maxRecordSize == ByteInput.defaultMaxRecordSize)
    }

    @Test(
        "mistakes are named by file, line and key",
        arguments: [
            ("[services]\nlables = [\"app\"]\n", "hindsight.toml:2: key 'services.lables': unknown key; did you mean 'services.labels'?"),
            ("[service]\nlabels = [\"app\"]\n", "hindsight.toml:1: key 'service': unknown table; did you mean 'services'?"),
            ("\n[services]\nlabels = \"app\"\n", "hindsight.toml:3: key 'services.labels': must be an array of label names, like [\"service\", \"app\"]"),
            ("[services]\nlabels = [1]\n", "hindsight.toml:2: key 'services.labels': must hold label names (strings), not integer"),
            ("[pagerduty.routing_keys]\nR1 = 3\n", "hindsight.toml:2: key 'pagerduty.routing_keys.R1': must be a service name (a string)"),
            ("[github]\ndeploy_workflows = \"(\"\n", "hindsight.toml:2: key 'github.deploy_workflows': '(' is not a valid regular expression"),
            (
                "[ingest]\n\nmax_record_size = \"big\"\n",
                "hindsight.toml:3: key 'ingest.max_record_size': must be a size such as \"16MiB\", \"512KiB\" or a number of bytes"
            ),
        ])
    func mistakesAreNamed(_ text: String, _ message: String) {
        #expect(throws: ConfigError.self) { try HindsightConfig.parse(text, path: "hindsight.toml") }
        do {
            _ = try HindsightConfig.parse(text, path: "hindsight.toml")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func syntaxErrorsNameTheLineAndColumn() {
        do {
            // The value of `labels` starts with a character no TOML value can: line 2, column 10.
            _ = try HindsightConfig.parse("[services]\nlabels = @app\n", path: "/etc/hindsight.toml")
            Issue.record("a syntax error was accepted")
        } catch {
            guard case .syntax(let path, let line, let column, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(path == "/etc/hindsight.toml")
            #expect(line == 2)
            #expect(column == 10)
            #expect(error.description.hasPrefix("/etc/hindsight.toml:2:10: not valid TOML: "))
        }
    }

    @Test func aMissingFileSaysSo() {
        #expect(throws: ConfigError.cannotRead(path: "/nonexistent/hindsight.toml", reason: "No such file or directory")) {
            try HindsightConfig.load(path: "/nonexistent/hindsight.toml")
        }
    }

    @Test(
        "sizes",
        arguments: [("16MiB", 16 << 20), ("512KiB", 512 << 10), ("1048576", 1_048_576), ("2 MiB", 2 << 20), ("0", nil), ("x", nil)] as [(String, Int?)])
    func sizes(_ text: String, _ bytes: Int?) {
        #expect(HindsightConfig.parseSize(text) == bytes)
    }

    /// TOMLKit's parser stops the process on these headers (found by the `Config` fuzz target); each is
    /// a syntax error at the character no table name starts with.
    @Test(
        arguments: [
            ("[é]\n", 1, 2, "'é'"),
            ("[services]\nlabels = [\"app\"]\n[[ =]]\n", 3, 4, "'='"),
            ("# a comment\n  [.services]\n", 2, 4, "'.'"),
            ("[\n[services]\n", 1, 2, "the end of the line"),
        ])
    func aTableNameThatNoKeyStartsWithIsASyntaxError(_ text: String, _ line: Int, _ column: Int, _ seen: String) {
        #expect(
            throws: ConfigError.syntax(
                path: "hindsight.toml", line: line, column: column, message: "a table's name starts with a letter, a digit, '_', '-' or a quote, not \(seen)")
        ) {
            try HindsightConfig.parse(text, path: "hindsight.toml")
        }
    }

    /// TOMLKit's parser stops the process on an array whose next value starts with `}` or `,` (found by the `Config`
    /// fuzz target): a syntax error there. A trailing comma, a comment or `,` inside a string stay valid.
    @Test func anArrayValueMissingBeforeABraceOrACommaIsASyntaxError() throws {
        for (text, line, column, seen) in [
            ("[services]\nlabels = [\"a\", }\"b\"]\n", 2, 16, "}"), ("[services]\nlabels = [\n  \"a\",\n  # note\n  ,\"b\"]\n", 5, 3, ","),
        ] {
            #expect(throws: ConfigError.syntax(path: "hindsight.toml", line: line, column: column, message: "an array's value is missing before '\(seen)'")) {
                try HindsightConfig.parse(text, path: "hindsight.toml")
            }
        }
        let valid = try HindsightConfig.parse("[services]\nlabels = [\"a,}\",\n  # note\n  \"b\", ]\n", path: "hindsight.toml")
        #expect(valid.adapters.serviceRules.count == 2)
    }

    /// A `[` that starts a line inside a value or a multi-line string is no header.
    @Test func aBracketInsideAValueOrAStringIsNoHeader() throws {
        let text = "[services]\nlabels = [\n[\"app\"],\n]\n[pagerduty.routing_keys]\nR1 = \"\"\"\n[é] \\\"\"\"\n[=\"\"\"\n"
        try HindsightConfig.checkTableHeaders(text, path: "hindsight.toml")
    }
}
