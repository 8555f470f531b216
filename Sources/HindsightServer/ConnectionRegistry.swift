import NIOConcurrencyHelpers
import NIOCore

/// The server's open connections, for its cap (`ConnectionLimits.maxConnections`): at the cap, a new
/// connection takes the place of the one that has waited longest for a request head, so clients that
/// send slowly or not at all cannot keep others out; when every connection is in the middle of a
/// request, a new one gets a reserved slot that answers only `/healthz` and `/metrics`, so the
/// server's health stays observable however busy it is.
package final class ConnectionRegistry: Sendable {
    let limits: ConnectionLimits
    let metrics: ServerMetrics
    private let state = NIOLockedValueBox(State())

    struct Entry {
        let channel: any Channel
        let connection: ClientConnection
        /// Since when it waits for a request head; `nil` while a request is under way.
        var waitingSince: NIODeadline?
    }

    struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var regular = 0
        var reserved = 0

        /// The entry that has waited longest for a request head among the regular or the reserved ones.
        func longestWaiting(reserved: Bool) -> ObjectIdentifier? {
            var found: (ObjectIdentifier, NIODeadline)?
            for (id, entry) in entries where entry.connection.reserved == reserved {
                guard let since = entry.waitingSince else { continue }
                if found.map({ since < $0.1 }) ?? true { found = (id, since) }
            }
            return found?.0
        }

        mutating func remove(_ id: ObjectIdentifier) -> Entry? {
            guard let entry = entries.removeValue(forKey: id) else { return nil }
            if entry.connection.reserved { reserved -= 1 } else { regular -= 1 }
            return entry
        }

        mutating func add(_ channel: any Channel, reserved: Bool, now: NIODeadline) -> ClientConnection {
            let connection = ClientConnection(reserved: reserved)
            entries[ObjectIdentifier(channel)] = Entry(channel: channel, connection: connection, waitingSince: now)
            if reserved { self.reserved += 1 } else { regular += 1 }
            return connection
        }
    }

    init(limits: ConnectionLimits, metrics: ServerMetrics) {
        self.limits = limits
        self.metrics = metrics
    }

    /// Admits a new connection, closing the one it replaces; `nil` when there is no room (close it).
    func admit(_ channel: any Channel, now: NIODeadline) -> ClientConnection? {
        let (admitted, evicted) = state.withLockedValue { s -> (ClientConnection?, Entry?) in
            if s.regular < limits.maxConnections { return (s.add(channel, reserved: false, now: now), nil) }
            if let victim = s.longestWaiting(reserved: false).flatMap({ s.remove($0) }) {
                return (s.add(channel, reserved: false, now: now), victim)
            }
            if s.reserved < limits.reserved { return (s.add(channel, reserved: true, now: now), nil) }
            if let victim = s.longestWaiting(reserved: true).flatMap({ s.remove($0) }) {
                return (s.add(channel, reserved: true, now: now), victim)
            }
            return (nil, nil)
        }
        if let evicted {
            evicted.connection.record(.evicted)
            metrics.connectionCut(.evicted)
            evicted.channel.close(promise: nil)
        }
        if admitted == nil { metrics.connectionCut(.refused) }
        return admitted
    }

    /// The connection is waiting for a request head since `since`, or (`nil`) busy with a request.
    func waiting(_ channel: any Channel, since: NIODeadline?) {
        state.withLockedValue { s in s.entries[ObjectIdentifier(channel)]?.waitingSince = since }
    }

    /// The connection is closed.
    func remove(_ channel: any Channel) {
        _ = state.withLockedValue { s in s.remove(ObjectIdentifier(channel)) }
    }

    /// The open connection `channel`, if it is one of the server's.
    package func connection(of channel: any Channel) -> ClientConnection? {
        state.withLockedValue { s in s.entries[ObjectIdentifier(channel)]?.connection }
    }

    /// Connections open now, regular and reserved.
    package var open: (regular: Int, reserved: Int) { state.withLockedValue { s in (s.regular, s.reserved) } }
}
