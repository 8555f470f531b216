/// One answer to "what triggered this incident": a candidate change, or no change in the store (hardware,
/// power, a provider, load, a change made outside the tools that feed Hindsight), with its posterior.
public struct Hypothesis: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case change
        case none
    }

    /// The change's id; `nil` for the none hypothesis.
    public var id: String?
    public var kind: Kind
    /// Its probability given the evidence, over all the incident's hypotheses (they sum to 1).
    public var posterior: Double

    public init(id: String?, kind: Kind, posterior: Double) {
        self.id = id
        self.kind = kind
        self.posterior = posterior
    }

    /// `deploy-x: 0.71`, `no change: 0.20`.
    public var label: String { "\(id ?? "no change"): \(Self.decimal2(posterior))" }

    /// Two decimals: `0.71`, `0.05`, `1.00`.
    static func decimal2(_ p: Double) -> String {
        let n = Int((p * 100).rounded())
        return "\(n / 100).\(n % 100 < 10 ? "0" : "")\(n % 100)"
    }
}
