import Dispatch
import HindsightTestSupport
import Synchronization
import Testing

@testable import HindsightStore

/// Two PostgreSQL writers that wait on each other: the database cancels one, and the store names that
/// as a write conflict (which the server's writer stores again), not as an opaque failure.
@Suite struct WriteConflictTests {
    @Test(.enabled(if: TestBackend.postgresURL != nil))
    func aDeadlockBetweenTwoWritersIsAWriteConflictForOneOfThem() throws {
        let location = try TestBackend.freshSchemaLocation()
        let setUp = try EventStore.openForMigration(location: location)
        try setUp.migrate()
        let stores = [try EventStore.open(location: location), try EventStore.open(location: location)]
        let holding = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        let outcomes = Mutex<[Result<Void, any Error>]>([])
        let group = DispatchGroup()
        for (n, store) in stores.enumerated() {
            DispatchQueue.global().async(group: group) {
                let result = Result {
                    try store.write { s in
                        // Each takes its own lock, waits until the other holds its own, then asks for the other's.
                        _ = try s.rows("SELECT pg_advisory_xact_lock(\(n + 1))")
                        holding[n].signal()
                        holding[1 - n].wait()
                        _ = try s.rows("SELECT pg_advisory_xact_lock(\(2 - n))")
                    }
                }
                outcomes.withLock { $0.append(result) }
            }
        }
        group.wait()
        let results = outcomes.withLock { $0 }
        let conflicts = results.filter {
            if case .failure(StoreError.writeConflict(let reason, let store)) = $0 { return reason.contains("deadlock") && store != nil }
            return false
        }
        #expect(conflicts.count == 1, "\(results)")
        #expect(results.filter { if case .success = $0 { true } else { false } }.count == 1, "\(results)")
    }
}
