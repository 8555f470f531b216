/// The availability objectives configured for services (`[slo]` in hindsight.toml): a target share of
/// good time (0.999 for 99.9%) over a rolling window, for every service or per service. An incident's
/// objective is the strictest among its services.
public struct ServiceObjectives: Sendable, Equatable {
    /// The target of every service without one of its own; `nil`: none.
    public var target: Double?
    /// Per-service targets.
    public var services: [String: Double]
    /// The window the error budget covers.
    public var window: TimeSpan

    public init(target: Double? = nil, services: [String: Double] = [:], window: TimeSpan = .days(30)) {
        self.target = target
        self.services = services
        self.window = window
    }

    /// No objective configured.
    public static let none = ServiceObjectives()

    /// The strictest target among `services` (a service's own, else the default), and which service it is.
    public func objective(for services: [String]) -> (service: String?, target: Double)? {
        let own = services.compactMap { s in self.services[s].map { (Optional(s), $0) } }
        let candidates = own + (target.map { [(nil as String?, $0)] } ?? [])
        return candidates.max { $0.1 < $1.1 }.map { (service: $0.0, target: $0.1) }
    }

    /// The error budget of `target` over the window: the time it may be down.
    public func budget(target: Double) -> TimeSpan {
        TimeSpan(milliseconds: Int64((Double(window.milliseconds) * (1 - target)).rounded()))
    }

    /// `99.9%`, `99.95%` or `0.999`: a share strictly between 0 and 1; `nil` otherwise.
    public static func parseTarget(_ text: String) -> Double? {
        let t = text.trimming(" ")
        let value: Double?
        if t.hasSuffix("%") {
            value = Double(t.dropLast()).map { $0 / 100 }
        } else {
            value = Double(t).map { $0 > 1 ? $0 / 100 : $0 }
        }
        guard let value, value > 0, value < 1 else { return nil }
        // 99.9 / 100 is 0.9990000000000001 in binary; targets have at most a few decimals.
        return (value * 1e9).rounded() / 1e9
    }
}
