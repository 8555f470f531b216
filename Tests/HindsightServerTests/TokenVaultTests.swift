import Foundation
import Hindsight
import HindsightServer
import HindsightStore
import HindsightTestSupport
import Testing

@Suite struct TokenVaultTests {
    @Test(arguments: TestBackend.available) func aTokenIsShownOnceAndOnlyItsDigestAndSealedSecretAreStored(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let vault = TokenVault.ephemeral(store: store)
        let created = try vault.create(name: "ci", format: nil, now: ServerFixture.now)
        #expect(created.token.hasPrefix("hs_") && created.token.count == 46)
        #expect(created.standardWebhooksSecret?.hasPrefix("whsec_") == true)
        let stored = try #require(try store.tokens().first)
        let raw = Data(created.token.utf8)
        #expect(stored.digest.count == 32)
        #expect(Data(stored.digest) != raw && Data(stored.sealedSecret).range(of: raw) == nil, "the token itself is nowhere in the row")
        #expect(try vault.authenticate(bearer: created.token)?.name == "ci")
        #expect(try vault.authenticate(bearer: created.token + "x") == nil)
        // The Standard Webhooks secret is the same 32 bytes.
        let printed = try #require(created.standardWebhooksSecret)
        let whsec = try #require(Data(base64Encoded: String(printed.dropFirst(6))))
        #expect(try vault.signingSecrets(for: "github").first?.secret.standardWebhooksKey == Array(whsec))
        #expect(try vault.signingSecrets(for: "github").first?.secret.text == created.token)
    }

    @Test(arguments: TestBackend.available) func namesAreUniqueAndRevocationIsFinal(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let vault = TokenVault.ephemeral(store: store)
        let t = try vault.create(name: "am", format: "alertmanager", now: ServerFixture.now)
        #expect(throws: StoreError.tokenExists("am", store: store.displayName)) { try vault.create(name: "am", format: nil, now: ServerFixture.now) }
        #expect(try vault.signingSecrets(for: "github").isEmpty, "a token limited to alertmanager signs for nothing else")
        #expect(try vault.signingSecrets(for: "alertmanager").count == 1)
        try store.revokeToken("am", at: ServerFixture.now)
        #expect(try vault.authenticate(bearer: t.token) == nil)
        #expect(try vault.signingSecrets(for: "alertmanager").isEmpty)
        #expect(throws: StoreError.unknownToken("am", store: store.displayName)) { try store.revokeToken("am", at: ServerFixture.now) }
    }

    @Test(arguments: TestBackend.available) func aStoreCopiedWithoutItsKeyFileCannotSignButBearersStillWork(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let t = try TokenVault.ephemeral(store: store).create(name: "ci", format: nil, now: ServerFixture.now)
        let other = TokenVault.ephemeral(store: store)
        #expect(try other.signingSecrets(for: "github").isEmpty)
        #expect(try other.authenticate(bearer: t.token)?.name == "ci")
    }

    @Test func theCLICreatesListsAndRevokesTokensWithAPrivateKeyFile() throws {
        let serve = try ServeProcess()
        defer { serve.cleanUp() }
        let token = try serve.createToken(["github", "--format", "github"])
        let attributes = try FileManager.default.attributesOfItem(atPath: serve.db + ".key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == 32)
        let list = try serve.cli(["token", "list"])
        #expect(list.stdout.contains("github") && list.stdout.contains("active"))
        #expect(!list.stdout.contains(token))
        #expect(try serve.cli(["token", "create", "x", "--format", "nagios"]).status == 64)
        #expect(try serve.cli(["token", "create", "github"]).stderr.contains("already exists"))
        #expect(try serve.cli(["token", "revoke", "github"]).status == 0)
        let again = try serve.cli(["token", "revoke", "github"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("no active token named 'github'"))
        #expect(try serve.cli(["token", "list", "--json"]).stdout.contains("\"revoked_at\":\""))
        let sentry = try serve.cli(["token", "create", "sentry", "--format", "sentry", "--signing-secret-stdin"], stdin: "client-secret-1\n")
        #expect(sentry.status == 0, "\(sentry.stderr)")
        #expect(sentry.stdout.contains("producer's secret") && !sentry.stdout.contains("whsec_"))
        let vault = try TokenVault.open(store: try EventStore.open(path: serve.db), keyFile: serve.db + ".key", create: false)
        #expect(try vault.signingSecrets(for: "sentry").map(\.secret.text) == ["client-secret-1"])
        #expect(try serve.cli(["token", "create", "empty", "--signing-secret-stdin"], stdin: "").status == 64)
    }

    @Test(arguments: TestBackend.available) func aProducersOwnSecretSignsInsteadOfTheToken(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let vault = TokenVault.ephemeral(store: store)
        let sentry = try vault.create(name: "sentry", format: "sentry", now: ServerFixture.now, signingSecret: "3f1c0ffee")
        #expect(sentry.standardWebhooksSecret == nil)
        #expect(try vault.signingSecrets(for: "sentry").first?.secret.text == "3f1c0ffee")
        #expect(try vault.authenticate(bearer: sentry.token)?.name == "sentry", "the bearer token still works")
        let key = Data(repeating: 9, count: 24)
        _ = try vault.create(name: "svix", format: "cloudevents", now: ServerFixture.now, signingSecret: "whsec_" + key.base64EncodedString())
        #expect(try vault.signingSecrets(for: "cloudevents").first?.secret.standardWebhooksKey == Array(key))
    }
}
