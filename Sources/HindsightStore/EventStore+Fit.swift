import Hindsight

extension EventStore {
    /// Incidents on which the team recorded a verdict (confirmed or rejected a change), in order of their id.
    package func decidedIncidents() throws -> [String] {
        try read { s in
            try s.values(
                String.self,
                "SELECT DISTINCT incident FROM event WHERE kind = 'note' AND verdict IS NOT NULL AND incident IS NOT NULL ORDER BY incident")
        }
    }
}
