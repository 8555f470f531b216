import Foundation
import Hindsight
import HindsightReport

/// How `hindsight serve` behaves: where it listens, who may read, how large a body may be.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Reads (JSON API and pages) need no token.
    public var openRead = false
    /// The largest request body accepted, in bytes; larger ones get 413.
    public var bodyLimit = 10 * 1024 * 1024
    /// The analysis options of incident pages and the JSON API.
    public var analysis = AnalysisOptions()
    /// The post-mortem template incident pages render.
    public var template: PostmortemTemplate
    /// The clock: receipt times, signature windows, sessions.
    public var now: @Sendable () -> Timestamp = ServerSettings.systemClock
    /// How long a login session lasts.
    public var sessionLength = TimeSpan.hours(12)

    public init(template: PostmortemTemplate) { self.template = template }

    /// The wall clock, to the millisecond.
    public static let systemClock: @Sendable () -> Timestamp = {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
