import ArgumentParser
import Foundation
import Hindsight
import HindsightStore

extension HindsightCommand {
    /// `hindsight guard`: the verdict on a change still rolling out, for a person or a CI step; and `guard dismiss`.
    struct Guard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "guard",
            abstract: "Judge a change while it rolls out: healthy, failing or inconclusive (exit 0, 1 or 2).",
            discussion: """
                'hindsight guard CHANGE-ID' weighs the signals on the change's service since its first step with the \
                correlator's rules: signals on its version, regions or hosts against the rest of the fleet, the rate \
                before against after each step. It exits 0 when the change is healthy, 1 when it is failing (and on an \
                error, which stderr names), 2 when it is inconclusive (too little exposure or too few signals; the \
                output says what is missing), so a CI step can gate on it. 'hindsight serve' runs the same verdict on \
                every change rolling out and raises a suspected incident, guard-CHANGE-ID, when one turns failing; \
                'hindsight guard dismiss' closes one as a false alarm. See docs/guard.md.
                """,
            subcommands: [Verdict.self, Dismiss.self],
            defaultSubcommand: Verdict.self)

        /// `hindsight guard [verdict] CHANGE-ID`.
        struct Verdict: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "The verdict on a change (the default subcommand: 'hindsight guard CHANGE-ID').")

            @OptionGroup var store: StoreOptions
            @OptionGroup var analysis: AnalysisFlags

            @Argument(help: ArgumentHelp("The change's id (a deploy, release or config event; any step of a staged rollout).", valueName: "change-id"))
            var change: String

            @Option(help: ArgumentHelp("Judge it as of this RFC 3339 instant (default: $HINDSIGHT_NOW, else now).", valueName: "time"))
            var at: String?

            @Flag(help: "Print the verdict's JSON (the same as GET /v1/changes/ID/verdict).")
            var json = false

            func run() async throws {
                let time = try at.map { try parseTime($0, option: "--at") } ?? ClockOptions.unset()
                var options = GuardOptions()
                options.analysis = analysis.options
                let eventStore = try store.open()
                let verdict = try runtime { try eventStore.guardVerdict(change: change, at: time, options: options) }
                print(json ? verdict.json : Self.render(verdict))
                throw ExitCode(Self.exitCode(verdict.outcome))
            }

            /// 0 healthy, 1 failing, 2 inconclusive.
            static func exitCode(_ outcome: GuardVerdict.Outcome) -> Int32 {
                switch outcome {
                case .healthy: 0
                case .failing: 1
                case .inconclusive: 2
                }
            }

            static func render(_ v: GuardVerdict) -> String {
                let e = v.exposure
                var out = [
                    "\(v.change.id): \(v.outcome.rawValue.uppercased())" + (v.confidence.map { " (confidence \(Self.decimal2($0)))" } ?? "")
                        + " as of \(v.evaluatedAt.rfc3339)"
                ]
                var what = "  \(v.change.kind.rawValue) on \(v.change.service)" + (v.change.version.map { " shipping '\($0)'" } ?? "")
                if let since = e.since {
                    let path = e.steps.map { s in s.scope?.percent.map { "\(Formatting.decimal($0))%" } ?? s.scope?.ring ?? "?" }
                    what += ", first step \(since.rfc3339) (\(v.evaluatedAt - since) ago)"
                    what += e.steps.count > 1 ? ", \(e.steps.count) steps (\(path.joined(separator: " → ")))" : ""
                    what += "; now on \(e.phrase)"
                    if let rb = e.rollback { what += "; rolled back by \(rb.id) at \(rb.time.rfc3339)" }
                }
                out.append(what)
                out.append(
                    "  signals on \(v.change.service) since its first step: \(Formatting.thousands(v.signalsSince)) "
                        + "(its exposed part would have produced about \(Self.count(v.expectedSignals)) at the usual \(Self.count(v.baselineRate))/h)")
                if !v.evidence.isEmpty {
                    out.append("Evidence:")
                    out += v.evidence.map { "  \($0.llr > 0 ? "+" : $0.llr < 0 ? "-" : "·") \(TextTable.oneLine($0.text))" }
                }
                if !v.missing.isEmpty {
                    out.append("Missing:")
                    out += v.missing.map { "  - \(TextTable.oneLine($0))" }
                }
                if let recovery = v.recovery { out.append("Recovered: \(TextTable.oneLine(recovery))") }
                if v.outcome == .failing { out.append("Incident: \(v.incident) (raised by 'hindsight serve' when it watches this change)") }
                return out.joined(separator: "\n")
            }

            static func decimal2(_ p: Double) -> String { String(format: "%.2f", p) }
            static func count(_ n: Double) -> String { n >= 10 ? Formatting.thousands(Int(n.rounded())) : Formatting.decimal((n * 10).rounded() / 10) }
        }

        /// `hindsight guard dismiss CHANGE-ID --why TEXT`.
        struct Dismiss: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Close the guard's suspected incident for a change as a false alarm.",
                discussion: """
                    Records the team's verdict 'dismissed' on the change and resolves guard-CHANGE-ID: it leaves the \
                    default incident lists and the change failure rate, and 'hindsight review' counts it as a false \
                    alarm of its service. Dismissing it again records nothing new.
                    """)

            @OptionGroup var store: StoreOptions
            @OptionGroup var clock: ClockOptions

            @Argument(help: ArgumentHelp("The change the guard flagged (any step of its rollout).", valueName: "change-id"))
            var change: String

            @Option(help: ArgumentHelp("Why the alarm was false (required).", valueName: "text"))
            var why: String

            @Option(help: ArgumentHelp("Who dismisses it (default: the login name).", valueName: "name"))
            var by: String?

            func validate() throws {
                if why.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--why: say why the alarm was false") }
            }

            func run() async throws {
                let now = try clock.current()
                let author = try Author.resolve(by)
                let eventStore = try store.open()
                let dismissal = try runtime { try eventStore.dismissSuspicion(change: change, why: why, by: author, now: now) }
                print("\(dismissal.incident): \(dismissal.change) \(dismissal.sentence)")
            }
        }
    }
}
