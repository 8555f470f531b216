import HummingbirdCore
import Logging
import NIOCore

/// A server connection whose pipeline starts with a `ConnectionWatch` (so it sees the TLS handshake
/// and every byte), then the `base` connection's own handlers: TLS, HTTP/1.1.
struct WatchedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let limits: ConnectionLimits
    let registry: ConnectionRegistry

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ConnectionWatch(limits: limits, registry: registry))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
