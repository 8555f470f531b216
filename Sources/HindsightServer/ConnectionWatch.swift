import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// One connection's timekeeper, first in its pipeline (before TLS and HTTP decoding): admits it under
/// the cap, and closes it when the client is too slow — a request head not complete in time, an idle
/// kept-alive connection, a body whose bytes stall or trickle, an answer the client stopped reading.
/// Its `HTTPObserver`, after HTTP decoding, tells it where each request stands. A request answered
/// before its body was read (a refusal) closes the connection after the answer rather than reading
/// the rest of the body: the server reads and drops what still arrives for a moment (a lingering
/// close), so the client sees the answer rather than a reset.
///
/// Every method runs on the channel's event loop.
final class ConnectionWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let limits: ConnectionLimits
    let registry: ConnectionRegistry
    private var context: ChannelHandlerContext?
    private(set) var connection: ClientConnection?
    /// No slot was left for it: it is being closed.
    private var refused = false
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?

    /// Requests whose head arrived, whose end arrived, and answers sent.
    private var headsIn = 0
    private var endsIn = 0
    private var answersOut = 0
    /// Since when the server waits for the next request head, whether a request came before on this
    /// connection, and when the next head's first byte arrived.
    private var waitingSince = NIODeadline.now()
    private var keptAlive = false
    private var firstByte: NIODeadline?
    /// The body being read: its bytes so far, the time the server spent waiting for them, and since
    /// when it has been asking for more without getting any.
    private var bodyBytes = 0
    private var bodyWaited = TimeAmount.zero
    private var askedSince: NIODeadline?
    /// Since when the client has not been reading the answer (the socket's buffer is full).
    private var unwritableSince: NIODeadline?
    /// The answer sent will be the connection's last; after it, drop what arrives until `lingerUntil`.
    private var closeAfterAnswer = false
    private var lingerUntil: NIODeadline?
    private var lingered = 0

    init(limits: ConnectionLimits, registry: ConnectionRegistry) {
        self.limits = limits
        self.registry = registry
    }

    // MARK: Raw bytes

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { admit(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        registry.remove(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if lingerUntil != nil {
            lingered += unwrapInboundIn(data).readableBytes
            if lingered > limits.lingerBytes { context.close(promise: nil) }
            return
        }
        if keptAlive && firstByte == nil && awaitingHead {
            firstByte = .now()
            armTimer()
        }
        context.fireChannelRead(data)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        unwritableSince = context.channel.isWritable ? nil : .now()
        armTimer()
        context.fireChannelWritabilityChanged()
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard connection == nil, !refused else { return }
        waitingSince = .now()
        guard let admitted = registry.admit(context.channel, now: waitingSince) else {
            refused = true
            context.close(promise: nil)
            return
        }
        connection = admitted
        armTimer()
    }

    // MARK: Requests (from the HTTP observer)

    private var awaitingHead: Bool { headsIn == endsIn && answersOut >= headsIn && lingerUntil == nil }

    func requestHead() {
        headsIn += 1
        bodyBytes = 0
        bodyWaited = .zero
        askedSince = nil
        if let context { registry.waiting(context.channel, since: nil) }
    }

    func requestBody(_ bytes: Int) {
        bodyBytes += bytes
        settleWait()
    }

    func requestEnd() {
        endsIn += 1
        settleWait()
    }

    /// The server asks for more bytes: the time until they come counts against a body's client.
    func readRequested() {
        guard headsIn > endsIn, askedSince == nil else { return }
        askedSince = .now()
        armTimer()
    }

    private func settleWait() {
        if let asked = askedSince {
            bodyWaited = bodyWaited + (.now() - asked)
            askedSince = nil
        }
    }

    /// An answer's head is leaving; returns the head to send. An answer to a request whose body has not
    /// all arrived, or one that says `Connection: close`, is the connection's last.
    func answerHead(_ head: HTTPResponse) -> HTTPResponse {
        guard head.status.kind != .informational else { return head }
        var head = head
        if endsIn <= answersOut {
            closeAfterAnswer = true
            head.headerFields[.connection] = "close"
        } else if head.headerFields[.connection]?.lowercased() == "close" {
            closeAfterAnswer = true
        }
        return head
    }

    /// An answer's end has been written.
    func answerSent() {
        answersOut += 1
        guard let context else { return }
        if closeAfterAnswer {
            guard headsIn > endsIn else {
                context.close(promise: nil)
                return
            }
            // The rest of a refused body: read and dropped for a moment, never handed on.
            connection?.record(.answeredEarly)
            registry.metrics.connectionCut(.answeredEarly)
            lingerUntil = .now() + TimeAmount(limits.lingerTime)
            // Done with: at the cap it may make way like a connection waiting for a head.
            registry.waiting(context.channel, since: .now())
            let halfClosed = context.eventLoop.makePromise(of: Void.self)
            halfClosed.futureResult.assumeIsolated().whenFailure { _ in context.close(promise: nil) }
            context.close(mode: .output, promise: halfClosed)
            armTimer()
            return
        }
        if awaitingHead {
            waitingSince = .now()
            keptAlive = true
            firstByte = nil
            registry.waiting(context.channel, since: waitingSince)
            armTimer()
        }
    }

    // MARK: Deadlines

    /// When the connection is cut if nothing changes, and why.
    private var deadline: (at: NIODeadline, reason: ConnectionCut?)? {
        if let until = lingerUntil { return (until, nil) }
        var next: (at: NIODeadline, reason: ConnectionCut?)?
        func consider(_ at: NIODeadline, _ reason: ConnectionCut) {
            if next.map({ at < $0.at }) ?? true { next = (at, reason) }
        }
        if headsIn > endsIn, let asked = askedSince {
            consider(asked + TimeAmount(limits.bodyTimeout), .bodyTimeout)
            let allowance = TimeAmount(limits.bodyTimeout) + .nanoseconds(Int64(bodyBytes) * 1_000_000_000 / Int64(max(1, limits.minBodyRate)))
            consider(asked + (allowance - bodyWaited), .bodyTooSlow)
        } else if awaitingHead {
            if !keptAlive {
                consider(waitingSince + TimeAmount(limits.headerTimeout), .headerTimeout)
            } else if let firstByte {
                consider(firstByte + TimeAmount(limits.headerTimeout), .headerTimeout)
            } else {
                consider(waitingSince + TimeAmount(limits.idleTimeout), .idleTimeout)
            }
        }
        if let unwritableSince { consider(unwritableSince + TimeAmount(limits.sendTimeout), .sendTimeout) }
        return next
    }

    /// Makes sure a check runs no later than the current deadline. A timer set for a later deadline is
    /// replaced; one set earlier stays and, when it fires, finds the deadline moved and sets another.
    private func armTimer() {
        guard let context, let at = deadline?.at else { return }
        if let set = timerDeadline, set <= at, timer != nil { return }
        timer?.cancel()
        timerDeadline = at
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { [self] in
            timer = nil
            timerDeadline = nil
            check()
        }
    }

    private func check() {
        guard let context, context.channel.isActive, let due = deadline else { return }
        guard due.at <= .now() else {
            armTimer()
            return
        }
        if let reason = due.reason {
            connection?.record(reason)
            registry.metrics.connectionCut(reason)
        }
        context.close(promise: nil)
    }
}

extension ConnectionWatch {
    /// The watch's eyes after HTTP decoding: request parts in, answer parts out, and the server's
    /// requests for more bytes. It passes everything on unchanged but the `Connection` header of an
    /// answer that ends the connection.
    final class HTTPObserver: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPRequestPart
        typealias InboundOut = HTTPRequestPart
        typealias OutboundIn = HTTPResponsePart
        typealias OutboundOut = HTTPResponsePart

        private var watch: ConnectionWatch?

        init() {}

        func handlerAdded(context: ChannelHandlerContext) {
            watch = try? context.pipeline.syncOperations.handler(type: ConnectionWatch.self)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: watch?.requestHead()
            case .body(let bytes): watch?.requestBody(bytes.readableBytes)
            case .end: watch?.requestEnd()
            }
            context.fireChannelRead(data)
        }

        func read(context: ChannelHandlerContext) {
            watch?.readRequested()
            context.read()
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            guard let watch else { return context.write(data, promise: promise) }
            switch unwrapOutboundIn(data) {
            case .head(let head):
                context.write(wrapOutboundOut(.head(watch.answerHead(head))), promise: promise)
            case .body:
                context.write(data, promise: promise)
            case .end:
                let written = context.eventLoop.makePromise(of: Void.self)
                if let promise { written.futureResult.cascade(to: promise) }
                context.write(data, promise: written)
                written.futureResult.assumeIsolated().whenComplete { _ in watch.answerSent() }
            }
        }
    }
}
