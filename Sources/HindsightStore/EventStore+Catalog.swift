import GRDB
import Hindsight
import HindsightFormats

extension EventStore {
    /// Stores catalog entities in one transaction: an entity imported again replaces its earlier
    /// version and the dependencies it declared; returns how many dependencies were stored.
    @discardableResult
    public func importCatalog(_ entities: [CatalogEntity]) throws -> Int {
        try writer.write { db in
            var edges = 0
            for e in entities {
                let origin = "\(e.kind.lowercased()):\(e.namespace)/\(e.name)"
                try db.execute(sql: "DELETE FROM catalog_dependency WHERE origin = ?", arguments: [origin])
                try db.execute(sql: """
                    INSERT OR REPLACE INTO catalog_entity (kind, namespace, name, system, file, line) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [e.kind, e.namespace, e.name, e.system, e.file, e.line])
                let pairs = e.dependsOn.map { (e.name, $0) } + e.dependencyOf.map { ($0, e.name) }
                for (service, dependsOn) in pairs where service != dependsOn {
                    try db.execute(sql: """
                        INSERT OR IGNORE INTO catalog_dependency (service, depends_on, origin, file, line) VALUES (?, ?, ?, ?, ?)
                        """, arguments: [service, dependsOn, origin, e.file, e.line])
                    edges += db.changesCount
                }
            }
            return edges
        }
    }

    /// The catalog's dependencies, sorted.
    public func catalogEdges() throws -> [CatalogEdge] {
        try read { db in try StoreAnalysisSource(db).catalogEdges() }
    }
}
