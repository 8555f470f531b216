import HTTPTypes
import Hindsight
import HindsightStore
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging

/// The `hindsight serve` application: webhook and event intake, the JSON API and the HTML pages, over
/// the same decoders and store as the CLI. `buildRouter` is what tests drive in process.
package struct HindsightServer: Sendable {
    package let executor: StoreExecutor
    package let vault: TokenVault
    package let settings: ServerSettings
    package let metrics: ServerMetrics
    /// The open connections, under the cap.
    package let connections: ConnectionRegistry
    /// The bytes of signed webhook bodies being read before their signatures are checked.
    package let bodyBudget: BodyBudget
    /// The guard's watcher, when `settings.watch` asks for one: run it beside the application.
    package let watcher: GuardWatcher?
    /// Requests in flight, and whether the server is shutting down (`DrainService`).
    package let gate = ShutdownGate()
    /// Rendered pages, kept until the summaries they show change.
    package let pages = PageCache()
    /// The store's tokens, read again when the token table changes.
    let tokens = TokenCache()
    let replays = ReplayGuard()
    let sessions = SessionSigner()

    /// How long the server's store waits for SQLite's write lock in one attempt; the writer tries
    /// again until each request's `writeWait` is up (`StoreExecutor`).
    package static let storeBusyTimeout = 0.1

    package init(store: EventStore, vault: TokenVault, settings: ServerSettings, metrics: ServerMetrics = ServerMetrics()) {
        executor = StoreExecutor(
            store: store, timeLimit: settings.requestTimeLimit, writeWait: settings.writeWait, clock: settings.waitClock)
        self.vault = vault
        self.settings = settings
        self.metrics = metrics
        connections = ConnectionRegistry(limits: settings.connections, metrics: metrics)
        bodyBudget = BodyBudget(limit: max(settings.unverifiedBodyBudget, settings.bodyLimit))
        let executor = self.executor
        watcher = settings.watch.map { GuardWatcher(executor: executor, options: settings.guardOptions, config: $0, now: settings.now) }
    }

    /// Every route, in its group. A group's middleware authenticates, checks scope, CSRF and body size
    /// before any handler of it runs (docs/server.md, "Adding a route").
    package func buildRouter(logger: Logger = Logger(label: "hindsight.server")) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(
            middleware: ServerMiddleware(
                metrics: metrics, connections: connections, transport: RequestTransport(settings: settings), logger: logger))
        router.add(middleware: RequestGateMiddleware(gate: gate))
        router.add(middleware: SessionMiddleware(sessions: sessions, now: settings.now))
        router.add(middleware: TimeZoneMiddleware())
        let groups = RouteGroups(router: router, server: self)

        groups.public.get("/healthz") { _, _ in await self.health() }
        groups.public.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(
                    byteBuffer: ByteBuffer(
                        string: self.metrics.text(connections: self.connections, inFlight: self.gate.inFlight, budget: self.bodyBudget, pages: self.pages))))
        }
        groups.public.get("/login") { request, context in
            self.loginPage(next: request.uri.queryParameters.get("next"), problem: nil, session: context.session)
        }
        groups.public.post("/login") { request, context in await self.login(request, context: context) }
        groups.public.post("/logout") { request, _ in self.logout(request) }
        groups.public.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        groups.public.get("/static/hindsight.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: PageLayout.stylesheet)))
        }

        groups.read.get("/v1/incidents") { request, _ in await self.incidentsAPI(request.uri.queryParameters) }
        groups.read.get("/v1/incidents/:id") { _, context in
            await self.api { try await self.incidentJSON(try context.pathParameter("id")) }
        }
        groups.read.get("/v1/changes") { request, _ in await self.api { try await self.changesJSON(request.uri.queryParameters) } }
        groups.read.get("/v1/events") { request, _ in await self.api { try await self.eventsJSON(request.uri.queryParameters) } }
        groups.read.get("/v1/changes/:id/verdict") { request, context in
            await self.api { try await self.verdictJSON(try context.pathParameter("id"), query: request.uri.queryParameters) }
        }
        groups.gates.post("/v1/gates/flagger") { request, _ in await self.flaggerGate(request) }
        groups.read.get("/v1/actions") { request, _ in await self.api { try await self.actionsJSON(request.uri.queryParameters) } }
        groups.read.get("/") { request, context in
            await self.page(request, context) { try await self.incidentListPage($0, query: request.uri.queryParameters) }
        }
        groups.read.get("/incidents/:id") { request, context in
            await self.page(request, context) { view in
                try await self.incidentPage(view, id: try context.pathParameter("id"), saved: request.uri.queryParameters.get("saved"))
            }
        }
        groups.read.get("/changes") { request, context in
            await self.page(request, context) { try await self.changesPage($0, query: request.uri.queryParameters) }
        }
        groups.read.get("/review") { request, context in
            await self.page(request, context) { try await self.reviewPage($0, query: request.uri.queryParameters) }
        }
        groups.read.get("/actions") { request, context in
            await self.page(request, context) { try await self.actionsPage($0, query: request.uri.queryParameters) }
        }

        // The team's actions: the site's forms answer with a page, the API with JSON; both store the same events.
        for (path, action) in [("notes", TeamAction.note), ("verdicts", .verdict), ("actions", .action), ("retractions", .retract), ("dismissal", .dismiss)] {
            groups.write.post("/incidents/:id/\(path)") { request, context in
                await self.teamForm(action, request: request, context: context, target: try context.pathParameter("id"))
            }
            groups.write.post("/v1/incidents/:id/\(path)") { request, context in
                await self.teamAPI(action, request: request, context: context, target: try context.pathParameter("id"))
            }
        }
        groups.write.post("/actions/:id/done") { request, context in
            await self.teamForm(.done, request: request, context: context, target: try context.pathParameter("id"))
        }
        groups.write.post("/v1/actions/:id/done") { request, context in
            await self.teamAPI(.done, request: request, context: context, target: try context.pathParameter("id"))
        }

        groups.events.post("/v1/events") { request, context in await self.intake(request, context: context, format: .native) }
        groups.hooks.post("/v1/hooks/:format") { request, context in
            let hook = HookFormat.named(try context.pathParameter("format"), mappings: self.settings.adapters.mappings)!
            return await self.intake(request, context: context, format: hook.input, hook: hook)
        }
        return router
    }

    /// The application listening on the settings' host and port, over TLS when the settings have a
    /// certificate; `onServerRunning` gets the bound port. Every connection is watched
    /// (`ConnectionWatch`): admitted under the cap, closed when too slow.
    package func buildApplication(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        Application(
            router: buildRouter(logger: logger),
            server: serverBuilder,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "hindsight"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// HTTP/1.1, over TLS when there is a certificate, behind a `ConnectionWatch`.
    var serverBuilder: HTTPServerBuilder {
        let (limits, registry, certificate) = (settings.connections, connections, settings.certificate)
        return HTTPServerBuilder { responder in
            let http = HTTP1Channel(responder: responder, configuration: .init(additionalChannelHandlers: [ConnectionWatch.HTTPObserver()]))
            guard let certificate else { return WatchedChannel(base: http, limits: limits, registry: registry) }
            let tls = try TLSChannel(http, tlsConfiguration: certificate.configuration)
            return WatchedChannel(base: tls, limits: limits, registry: registry)
        }
    }

    /// `{"status": "ok", "schema": N}`: the store answers and has N migrations; it counts no rows, so a
    /// load balancer may ask often.
    func health() async -> Response {
        do {
            let n = try await executor.read { try $0.schemaStatus().applied.count }
            return Self.json("{\"status\":\"ok\",\"schema\":\(n)}")
        } catch {
            return APIError(.serviceUnavailable, "the store cannot be read: \(error)", hint: "check the store file and its disk").response
        }
    }

    /// A JSON body with `status`.
    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
