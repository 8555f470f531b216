import HTTPTypes
import Hindsight
import HindsightStore
import Hummingbird
import Logging

/// The `hindsight serve` application: webhook and event intake, the JSON API and the HTML pages, over
/// the same decoders and store as the CLI. `buildRouter` is what tests drive in process.
package struct HindsightServer: Sendable {
    package let executor: StoreExecutor
    package let vault: TokenVault
    package let settings: ServerSettings
    package let metrics: ServerMetrics
    /// Requests in flight, and whether the server is shutting down (`DrainService`).
    package let gate = ShutdownGate()
    let replays = ReplayGuard()
    let sessions = SessionSigner()

    package init(store: EventStore, vault: TokenVault, settings: ServerSettings, metrics: ServerMetrics = ServerMetrics()) {
        executor = StoreExecutor(store: store, timeLimit: settings.requestTimeLimit)
        self.vault = vault
        self.settings = settings
        self.metrics = metrics
    }

    /// Every route, in its group. A group's middleware authenticates, checks scope, CSRF and body size
    /// before any handler of it runs (docs/server.md, "Adding a route").
    package func buildRouter(logger: Logger = Logger(label: "hindsight.server")) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: ServerMiddleware(metrics: metrics, logger: logger))
        router.add(middleware: RequestGateMiddleware(gate: gate))
        router.add(middleware: SessionMiddleware(sessions: sessions, now: settings.now))
        let groups = RouteGroups(router: router, server: self)

        groups.public.get("/healthz") { _, _ in await self.health() }
        groups.public.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: self.metrics.text)))
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
        groups.read.get("/") { request, context in await self.page(context) { try await self.incidentListPage(request.uri.queryParameters) } }
        groups.read.get("/incidents/:id") { _, context in
            await self.page(context) { try await self.incidentPage(try context.pathParameter("id")) }
        }
        groups.read.get("/changes") { request, context in
            await self.page(context) { try await self.changesPage(request.uri.queryParameters) }
        }

        groups.events.post("/v1/events") { request, context in await self.intake(request, context: context, format: .native) }
        groups.hooks.post("/v1/hooks/:format") { request, context in
            let hook = HookFormat.named(try context.pathParameter("format"), mappings: self.settings.adapters.mappings)!
            return await self.intake(request, context: context, format: hook.input, hook: hook)
        }
        return router
    }

    /// The application listening on the settings' host and port; `onServerRunning` gets the bound port.
    package func buildApplication(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        Application(
            router: buildRouter(logger: logger),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "hindsight"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
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
