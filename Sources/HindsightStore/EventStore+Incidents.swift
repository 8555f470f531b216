import Hindsight

extension EventStore {
    /// Ids of the incidents that have `incident` lifecycle events, in order of their first event.
    package func incidentIDs() throws -> [String] {
        try read { s in
            try s.values(
                String.self,
                """
                SELECT incident FROM event WHERE kind = 'incident' AND incident IS NOT NULL
                GROUP BY incident ORDER BY MIN(time), incident
                """)
        }
    }

    /// How many incidents the store has, and when the first and the last of their lifecycle events
    /// happened; `nil` when it has none.
    package func incidentSpan() throws -> (incidents: Int, first: Timestamp, last: Timestamp)? {
        try read { s in
            guard
                let row = try s.row(
                    "SELECT COUNT(DISTINCT incident), MIN(time), MAX(time) FROM event WHERE kind = 'incident' AND incident IS NOT NULL"),
                let first: Int64 = row[1], let last: Int64 = row[2]
            else { return nil }
            let count: Int64 = row[0]
            return (Int(count), Timestamp(milliseconds: first), Timestamp(milliseconds: last))
        }
    }

    /// Whether any `incident` event carries this id.
    package func hasIncident(_ id: String) throws -> Bool {
        try read { s in
            try s.row("SELECT 1 FROM event WHERE kind = 'incident' AND incident = ? LIMIT 1", [id]) != nil
        }
    }
}
