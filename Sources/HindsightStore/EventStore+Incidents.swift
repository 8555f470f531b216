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

    /// Whether any `incident` event carries this id.
    package func hasIncident(_ id: String) throws -> Bool {
        try read { s in
            try s.row("SELECT 1 FROM event WHERE kind = 'incident' AND incident = ? LIMIT 1", [id]) != nil
        }
    }
}
