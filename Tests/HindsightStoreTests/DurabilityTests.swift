import Foundation
import HindsightStore
import Testing

/// A store opened durable syncs every commit (SQLite `synchronous = FULL`), and says when it does not.
@Suite struct DurabilityTests {
    @Test func aDurableSQLiteStoreHasNoGapsAndAnOrdinaryOneNamesSynchronous() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-durable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.db").path
        #expect(try EventStore.open(location: path, durable: true).durabilityGaps() == [])
        #expect(try EventStore.open(location: path).durabilityGaps() == ["synchronous = NORMAL"])
    }
}
