import HindsightFormats

/// A format `POST /v1/hooks/{format}` accepts: every concrete format `ingest --format` knows
/// (enumerated from `InputFormat`, so formats added there get a hook), plus producer aliases, plus
/// each `[[mapping]]` of the server's hindsight.toml by its name.
package struct HookFormat: Sendable, Equatable {
    /// The path segment: `github`, `alertmanager`, `grafana`.
    package let name: String
    /// The decoder that reads it.
    package let input: InputFormat
    /// The mapping it reads with, for a mapping's hook (`input` is then `.mapped`).
    package var mapping: Mapping?

    package init(name: String, input: InputFormat, mapping: Mapping? = nil) {
        self.name = name
        self.input = input
        self.mapping = mapping
    }

    /// Producers whose payloads another format's decoder reads (Grafana's webhook contact point
    /// sends Alertmanager's body), used only when `InputFormat` has no format of that name.
    static let aliases: [(String, InputFormat)] = [("grafana", .alertmanager)]

    /// Every hook format: `InputFormat`'s concrete formats except `native` and `csv` (those are
    /// `POST /v1/events`), then the aliases.
    package static var all: [HookFormat] {
        let direct = InputFormat.allCases.filter { ![.auto, .native, .csv, .mapped].contains($0) }.map { HookFormat(name: $0.rawValue, input: $0) }
        let names = Set(direct.map(\.name))
        return direct + aliases.filter { !names.contains($0.0) }.map { HookFormat(name: $0.0, input: $0.1) }
    }

    /// The hook format named `name`, among the built-in ones and `mappings`, if any.
    package static func named(_ name: String, mappings: [Mapping] = []) -> HookFormat? {
        if let builtIn = all.first(where: { $0.name == name }) { return builtIn }
        return mappings.first { $0.name == name }.map { HookFormat(name: $0.name, input: .mapped, mapping: $0) }
    }

    /// Every hook's name, for messages.
    package static func names(mappings: [Mapping] = []) -> [String] {
        all.map(\.name) + mappings.map(\.name)
    }
}
