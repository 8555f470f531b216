import Foundation
import Hindsight
import HindsightTestSupport
import Testing

@testable import HindsightStore

/// The token table: scopes, expiry and rotation, and tokens made before scopes keeping write.
@Suite struct TokenStoreTests {
    static let t0 = Timestamp(milliseconds: 1_721_362_000_000)

    @Test(arguments: TestBackend.available) func tokensMadeBeforeScopesKeepWrite(_ backend: TestBackend) throws {
        let location = try backend.makeLocation(directory: FileManager.default.temporaryDirectory)
        let old = try EventStore.openForMigration(location: location)
        try old.migrate(upTo: "server-api-tokens")
        try old.write { s in
            try s.execute(
                "INSERT INTO api_token (name, format, digest, sealed_secret, created_at) VALUES (?, ?, ?, ?, ?)",
                ["ci", nil as String?, [UInt8]([1]), [UInt8]([2]), 5])
            try s.execute(
                "INSERT INTO api_token (name, format, digest, sealed_secret, created_at) VALUES (?, ?, ?, ?, ?)",
                ["gh", "github", [UInt8]([3]), [UInt8]([4]), 5])
        }
        #expect(try old.migrate().contains("token-scopes-and-rotation"))
        let tokens = try EventStore.open(location: location).tokens()
        #expect(tokens.map(\.name) == ["ci", "gh"])
        #expect(tokens.map(\.scope) == [.write, .write], "a token made before scopes could write, and still can")
        #expect(tokens.allSatisfy { $0.expiresAt == nil && $0.previousDigest == nil && $0.isActive(at: Self.t0) })
    }

    @Test(arguments: TestBackend.available) func scopeExpiryAndRotationRoundTrip(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let expiry = Self.t0 + .hours(24)
        try store.addToken(APIToken(name: "r", scope: .read, format: nil, digest: [1], sealedSecret: [2], createdAt: Self.t0, expiresAt: expiry))
        try store.addToken(APIToken(name: "a", scope: .admin, format: nil, digest: [3], sealedSecret: [4], createdAt: Self.t0))
        var r = try #require(try store.tokens().first { $0.name == "r" })
        #expect(r.scope == .read && r.expiresAt == expiry)
        #expect(r.isActive(at: Self.t0) && !r.isActive(at: expiry))
        #expect(try store.tokens().first { $0.name == "a" }?.scope == .admin)

        let rotated = Self.t0 + .hours(1)
        try store.rotateToken("r", digest: [5], sealedSecret: [6], previousValidUntil: rotated + .hours(2), expiresAt: nil, at: rotated)
        r = try #require(try store.tokens().first { $0.name == "r" })
        #expect(r.digest == [5] && r.sealedSecret == [6])
        #expect(r.previousDigest == [1] && r.previousSealedSecret == [2])
        #expect(r.rotatedAt == rotated && r.expiresAt == expiry, "a rotation without a new expiry keeps it")
        #expect(r.acceptsPreviousSecret(at: rotated + .hours(1)) && !r.acceptsPreviousSecret(at: rotated + .hours(2)))

        try store.rotateToken("r", digest: [7], sealedSecret: [8], previousValidUntil: rotated, expiresAt: expiry + .hours(24), at: rotated)
        r = try #require(try store.tokens().first { $0.name == "r" })
        #expect(r.previousDigest == [5] && r.expiresAt == expiry + .hours(24), "a second rotation replaces the first one's old secret")

        try store.revokeToken("r", at: rotated)
        #expect(throws: StoreError.unknownToken("r", store: store.displayName)) {
            try store.rotateToken("r", digest: [9], sealedSecret: [9], previousValidUntil: rotated, expiresAt: nil, at: rotated)
        }
    }
}
