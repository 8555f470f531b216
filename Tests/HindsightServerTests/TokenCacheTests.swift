import Foundation
import Hindsight
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Testing

/// The server's tokens are cached under the token table's revision: a token made, rotated or revoked by
/// another process sharing the store (`hindsight token …`) counts from the next check.
@Suite struct TokenCacheTests {
    @Test(arguments: TestBackend.available) func anotherProcessesTokenWritesCountAtOnce(_ backend: TestBackend) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-tokens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let location = try backend.makeLocation(directory: folder)
        let served = try EventStore.openForMigration(location: location)
        try served.migrate()
        let cli = try EventStore.open(location: location)
        let vault = TokenVault.ephemeral(store: cli)
        let cache = TokenCache()
        let now = ServerFixture.now

        #expect(try cache.tokens(in: served).isEmpty)
        let first = try vault.create(name: "ci", scope: .write, format: nil, now: now)
        #expect(try cache.tokens(in: served).map(\.name) == ["ci"])
        #expect(try cache.tokens(in: served).map(\.name) == ["ci"], "read again from the cache")

        let rotated = try vault.rotate(name: "ci", grace: .seconds(0), now: now)
        let tokens = try cache.tokens(in: served)
        #expect(vault.authenticate(bearer: rotated.token, now: now + .seconds(1), among: tokens).token?.name == "ci")
        #expect(vault.authenticate(bearer: first.token, now: now + .seconds(1), among: tokens) == .unknown)

        try cli.revokeToken("ci", at: now)
        #expect(vault.authenticate(bearer: rotated.token, now: now + .seconds(1), among: try cache.tokens(in: served)) == .unknown)
    }
}
