import GRDB
import Hindsight

extension EventStore {
    /// Ids of the incidents that have `incident` lifecycle events, in order of their first event.
    public func incidentIDs() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT incident FROM event WHERE kind = 'incident' AND incident IS NOT NULL
                GROUP BY incident ORDER BY MIN(time), incident
                """)
        }
    }

    /// Whether any `incident` event carries this id.
    public func hasIncident(_ id: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM event WHERE kind = 'incident' AND incident = ?)", arguments: [id]) ?? false
        }
    }
}
