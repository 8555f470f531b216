import NIOCore
import Synchronization

/// What a request needs to know about the connection it came on: whether it holds one of the
/// reserved slots (which answer only `/healthz` and `/metrics`), and why the server cut it, if it did.
package final class ClientConnection: Sendable {
    /// Admitted into the reserve, beyond the connection cap.
    package let reserved: Bool
    private let cutReason = Atomic<UInt8>(0)

    init(reserved: Bool) { self.reserved = reserved }

    /// Why the server closed the connection; `nil` while open or when the client closed it.
    package var cut: ConnectionCut? { ConnectionCut(rawValue: cutReason.load(ordering: .acquiring)) }

    func record(_ cut: ConnectionCut) { cutReason.store(cut.rawValue, ordering: .releasing) }
}

/// Why the server closed a connection (`hindsight_connections_closed_total{reason}`).
package enum ConnectionCut: UInt8, Sendable, CaseIterable {
    case headerTimeout = 1
    case idleTimeout
    case bodyTimeout
    case bodyTooSlow
    case sendTimeout
    /// Made way, while waiting for a request head, for a new connection at the cap.
    case evicted
    /// Closed after answering a request whose body it did not read.
    case answeredEarly
    /// At the cap with every slot, reserve included, in the middle of a request.
    case refused

    /// The metric label.
    package var label: String {
        switch self {
        case .headerTimeout: "header_timeout"
        case .idleTimeout: "idle_timeout"
        case .bodyTimeout: "body_timeout"
        case .bodyTooSlow: "body_too_slow"
        case .sendTimeout: "send_timeout"
        case .evicted: "evicted"
        case .answeredEarly: "answered_early"
        case .refused: "refused"
        }
    }

    /// Whether a request in progress was cut for being slow (answered 408 rather than 499).
    var isSlowBody: Bool { self == .bodyTimeout || self == .bodyTooSlow }
}
