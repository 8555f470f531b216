/// The exposure a change had: share of the fleet, hosts, regions, ring (EVENTS.md `scope`).
public struct Scope: Sendable, Equatable {
    public var percent: Double?
    public var hosts: Int?
    public var regions: [String]
    public var ring: String?
    /// The JSON text as it was ingested, kept so the stored event round-trips byte for byte.
    public var json: String

    public static let fields = ["percent", "hosts", "regions", "ring"]

    public init(percent: Double? = nil, hosts: Int? = nil, regions: [String] = [], ring: String? = nil) {
        self.percent = percent
        self.hosts = hosts
        self.regions = regions
        self.ring = ring
        var w = JSONWriter()
        w.double("percent", percent)
        w.int("hosts", hosts)
        if !regions.isEmpty { w.stringArray("regions", regions) }
        w.string("ring", ring)
        self.json = w.finished()
    }

    public init(percent: Double?, hosts: Int?, regions: [String], ring: String?, json: String) {
        self.percent = percent
        self.hosts = hosts
        self.regions = regions
        self.ring = ring
        self.json = json
    }
}

/// String → string dimensions of an event (`region`, `os`, `customer`), with their ingested JSON text.
public struct Labels: Sendable, Equatable {
    /// Sorted by key.
    public var pairs: [(key: String, value: String)]
    public var json: String

    public init(_ dictionary: [String: String]) {
        pairs = dictionary.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        var w = JSONWriter()
        for p in pairs { w.string(p.key, p.value) }
        json = w.finished()
    }

    public init(pairs: [(key: String, value: String)], json: String) {
        self.pairs = pairs.sorted { $0.key < $1.key }
        self.json = json
    }

    public subscript(key: String) -> String? { pairs.first { $0.key == key }?.value }

    public static func == (lhs: Labels, rhs: Labels) -> Bool { lhs.json == rhs.json }
}
