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
    let replays = ReplayGuard()
    let sessions = SessionSigner()

    package init(store: EventStore, vault: TokenVault, settings: ServerSettings, metrics: ServerMetrics = ServerMetrics()) {
        executor = StoreExecutor(store: store)
        self.vault = vault
        self.settings = settings
        self.metrics = metrics
    }

    /// Every route.
    package func buildRouter(logger: Logger = Logger(label: "hindsight.server")) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ServerMiddleware(metrics: metrics, logger: logger))

        router.post("/v1/events") { request, _ in await self.intake(request, format: .native, hook: nil) }
        router.post("/v1/hooks/:format") { request, context in
            let name = context.parameters.get("format") ?? ""
            guard let hook = HookFormat.named(name) else {
                return APIError(
                    .notFound, "unknown webhook format '\(name)'", field: "format",
                    hint: "post to /v1/hooks/FORMAT with one of: \(HookFormat.all.map(\.name).joined(separator: ", "))"
                ).response
            }
            return await self.intake(request, format: hook.input, hook: hook.name)
        }

        router.get("/healthz") { _, _ in await self.health() }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: self.metrics.text)))
        }
        router.get("/v1/incidents") { request, _ in await self.api(request) { try await self.incidentsJSON() } }
        router.get("/v1/incidents/:id") { request, context in
            await self.api(request) { try await self.incidentJSON(context.parameters.get("id") ?? "") }
        }
        router.get("/v1/changes") { request, _ in await self.api(request) { try await self.changesJSON(request.uri.queryParameters) } }
        router.get("/v1/events") { request, _ in await self.api(request) { try await self.eventsJSON(request.uri.queryParameters) } }

        router.get("/") { request, _ in await self.page(request) { try await self.incidentListPage() } }
        router.get("/incidents/:id") { request, context in
            await self.page(request) { try await self.incidentPage(context.parameters.get("id") ?? "") }
        }
        router.get("/changes") { request, _ in await self.page(request) { try await self.changesPage(request.uri.queryParameters) } }
        router.get("/login") { request, _ in self.loginPage(next: request.uri.queryParameters.get("next"), problem: nil) }
        router.post("/login") { request, _ in await self.login(request) }
        router.post("/logout") { _, _ in self.logout() }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/static/hindsight.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: PageLayout.stylesheet)))
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

    func health() async -> Response {
        do {
            let n = try await executor.read { try $0.totalEvents() }
            return Self.json("{\"status\":\"ok\",\"events\":\(n)}")
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
