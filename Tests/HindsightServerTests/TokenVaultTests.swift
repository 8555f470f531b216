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
        let created = try vault.create(name: "ci", scope: .write, format: nil, now: ServerFixture.now)
        #expect(created.token.hasPrefix("hs_") && created.token.count == 46)
        #expect(created.standardWebhooksSecret?.hasPrefix("whsec_") == true)
        let stored = try #require(try store.tokens().first)
        let raw = Data(created.token.utf8)
        #expect(stored.digest.count == 32)
        #expect(Data(stored.digest) != raw && Data(stored.sealedSecret).range(of: raw) == nil, "the token itself is nowhere in the row")
        #expect(try vault.authenticate(bearer: created.token, now: ServerFixture.now).token?.name == "ci")
        #expect(try vault.authenticate(bearer: created.token + "x", now: ServerFixture.now) == .unknown)
        // The Standard Webhooks secret is the same 32 bytes.
        let printed = try #require(created.standardWebhooksSecret)
        let whsec = try #require(Data(base64Encoded: String(printed.dropFirst(6))))
        #expect(try vault.signingSecrets(for: "github", now: ServerFixture.now).first?.secret.standardWebhooksKey == Array(whsec))
        #expect(try vault.signingSecrets(for: "github", now: ServerFixture.now).first?.secret.text == created.token)
    }

    @Test(arguments: TestBackend.available) func namesAreUniqueAndRevocationIsFinal(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let vault = TokenVault.ephemeral(store: store)
        let t = try vault.create(name: "am", format: "alertmanager", now: ServerFixture.now)
        #expect(throws: StoreError.tokenExists("am", store: store.displayName)) { try vault.create(name: "am", format: nil, now: ServerFixture.now) }
        #expect(try vault.signingSecrets(for: "github", now: ServerFixture.now).isEmpty, "a token limited to alertmanager signs for nothing else")
        #expect(try vault.signingSecrets(for: "alertmanager", now: ServerFixture.now).count == 1)
        try store.revokeToken("am", at: ServerFixture.now)
        #expect(try vault.authenticate(bearer: t.token, now: ServerFixture.now) == .unknown)
        #expect(try vault.signingSecrets(for: "alertmanager", now: ServerFixture.now).isEmpty)
        #expect(throws: StoreError.unknownToken("am", store: store.displayName)) { try store.revokeToken("am", at: ServerFixture.now) }
    }

    @Test(arguments: TestBackend.available) func aStoreCopiedWithoutItsKeyFileCannotSignButBearersStillWork(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let t = try TokenVault.ephemeral(store: store).create(name: "ci", scope: .write, format: nil, now: ServerFixture.now)
        let other = TokenVault.ephemeral(store: store)
        #expect(try other.signingSecrets(for: "github", now: ServerFixture.now).isEmpty)
        #expect(try other.authenticate(bearer: t.token, now: ServerFixture.now).token?.name == "ci")
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
        #expect(try vault.signingSecrets(for: "sentry", now: ServerFixture.now).map(\.secret.text) == ["client-secret-1"])
        #expect(try serve.cli(["token", "create", "empty", "--signing-secret-stdin"], stdin: "").status == 64)
    }

    @Test(arguments: TestBackend.available) func aProducersOwnSecretSignsInsteadOfTheToken(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let vault = TokenVault.ephemeral(store: store)
        let sentry = try vault.create(name: "sentry", format: "sentry", now: ServerFixture.now, signingSecret: "3f1c0ffee")
        #expect(sentry.standardWebhooksSecret == nil)
        #expect(try vault.signingSecrets(for: "sentry", now: ServerFixture.now).first?.secret.text == "3f1c0ffee")
        #expect(try vault.authenticate(bearer: sentry.token, now: ServerFixture.now).token?.name == "sentry", "the bearer token still works")
        let key = Data(repeating: 9, count: 24)
        _ = try vault.create(name: "svix", format: "cloudevents", now: ServerFixture.now, signingSecret: "whsec_" + key.base64EncodedString())
        #expect(try vault.signingSecrets(for: "cloudevents", now: ServerFixture.now).first?.secret.standardWebhooksKey == Array(key))
    }

    @Test(arguments: TestBackend.available) func scopesDefaultToReadAndAFormatTokenWritesOnlyItsHook(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let vault = TokenVault.ephemeral(store: store)
        let reader = try vault.create(name: "r", format: nil, now: ServerFixture.now)
        _ = try vault.create(name: "gh", format: "github", now: ServerFixture.now)
        _ = try vault.create(name: "a", scope: .admin, format: nil, now: ServerFixture.now)
        #expect(try store.tokens().map { "\($0.name):\($0.scope.rawValue)" } == ["a:admin", "gh:write", "r:read"])
        #expect(try vault.signingSecrets(for: "github", now: ServerFixture.now).map(\.token.name) == ["a", "gh", "r"])
        #expect(try vault.signingSecrets(for: "sentry", now: ServerFixture.now).map(\.token.name) == ["a", "r"])
        #expect(try vault.authenticate(bearer: reader.token, now: ServerFixture.now).token?.scope == .read)
    }

    @Test(arguments: TestBackend.available) func anExpiredTokenIsRecognisedButRefused(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let vault = TokenVault.ephemeral(store: store)
        let expiry = ServerFixture.now + .hours(1)
        let t = try vault.create(name: "short", scope: .write, format: nil, expiresAt: expiry, now: ServerFixture.now)
        #expect(try vault.authenticate(bearer: t.token, now: expiry + .seconds(-1)).token?.name == "short")
        guard case .expired(let token) = try vault.authenticate(bearer: t.token, now: expiry) else {
            Issue.record("not expired at its expiry")
            return
        }
        #expect(token.expiresAt == expiry)
        #expect(try vault.signingSecrets(for: "github", now: expiry).isEmpty, "an expired token signs nothing")
    }

    @Test(arguments: TestBackend.available) func rotationKeepsTheOldSecretForItsGraceOnly(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let vault = TokenVault.ephemeral(store: store)
        let old = try vault.create(name: "ci", scope: .write, format: nil, now: ServerFixture.now)
        let new = try vault.rotate(name: "ci", grace: .hours(24), now: ServerFixture.now)
        #expect(new.token != old.token && new.standardWebhooksSecret != old.standardWebhooksSecret)
        let within = ServerFixture.now + .hours(23)
        let after = ServerFixture.now + .hours(24)
        for (at, oldAccepted) in [(within, true), (after, false)] {
            #expect(try vault.authenticate(bearer: new.token, now: at).token?.name == "ci")
            #expect((try vault.authenticate(bearer: old.token, now: at).token != nil) == oldAccepted, "\(at)")
            let secrets = try vault.signingSecrets(for: "github", now: at).map(\.secret.text)
            #expect(secrets == (oldAccepted ? [new.token, old.token] : [new.token]), "\(at)")
        }
        // Rotating again ends the first old secret's grace at once.
        _ = try vault.rotate(name: "ci", grace: .hours(24), now: within)
        #expect(try vault.authenticate(bearer: old.token, now: within) == .unknown)
        #expect(try vault.authenticate(bearer: new.token, now: within).token?.name == "ci")
        try store.revokeToken("ci", at: within)
        #expect(try vault.authenticate(bearer: new.token, now: within) == .unknown, "revoking ends every secret")
        #expect(throws: StoreError.unknownToken("ci", store: store.displayName)) { try vault.rotate(name: "ci", grace: .hours(1), now: within) }
    }

    @Test(arguments: TestBackend.available) func rotationKeepsAProducersOwnSecretUnlessGivenANewOne(_ backend: TestBackend) throws {
        let store = try backend.makeStore()
        let vault = TokenVault.ephemeral(store: store)
        _ = try vault.create(name: "sentry", format: "sentry", now: ServerFixture.now, signingSecret: "client-secret-1")
        let rotated = try vault.rotate(name: "sentry", grace: .seconds(0), now: ServerFixture.now)
        #expect(rotated.standardWebhooksSecret == nil)
        #expect(try vault.signingSecrets(for: "sentry", now: ServerFixture.now).map(\.secret.text) == ["client-secret-1"])
        #expect(try vault.authenticate(bearer: rotated.token, now: ServerFixture.now).token?.format == "sentry")
        _ = try vault.rotate(name: "sentry", grace: .hours(1), now: ServerFixture.now, signingSecret: "client-secret-2")
        #expect(try vault.signingSecrets(for: "sentry", now: ServerFixture.now).map(\.secret.text) == ["client-secret-2", "client-secret-1"])
    }

    @Test func theCLIMakesScopedExpiringTokensAndRotatesThem() throws {
        let serve = try ServeProcess()
        defer { serve.cleanUp() }
        let reader = try serve.cli(["token", "create", "reader"])
        #expect(reader.stdout.hasPrefix("token reader (scope read):"), "\(reader.stdout)")
        let writer = try serve.cli(["token", "create", "writer", "--scope", "write", "--expires", "90d"])
        #expect(writer.stdout.contains("(scope write, expires "), "\(writer.stdout)")
        #expect(try serve.cli(["token", "create", "x", "--scope", "owner"]).status == 64)
        #expect(try serve.cli(["token", "create", "x", "--expires", "soon"]).status == 64)
        #expect(try serve.cli(["token", "create", "x", "--expires", "0s"]).status == 64)
        let both = try serve.cli(["token", "create", "x", "--scope", "read", "--format", "github"])
        #expect(both.status == 64 && both.stderr.contains("leave out --scope"))
        let list = try serve.cli(["token", "list"])
        #expect(list.stdout.contains("SCOPE") && list.stdout.contains("EXPIRES"))
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("reader") && $0.contains(" read ") && $0.contains("never") })
        #expect(lines.contains { $0.hasPrefix("writer") && $0.contains(" write ") && !$0.contains("never") })
        let rotated = try serve.cli(["token", "rotate", "writer", "--grace", "1h"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.stdout.contains("hs_") && rotated.stdout.contains("The old secret is accepted until"))
        let json = try serve.cli(["token", "list", "--json"]).stdout
        #expect(json.contains(#""scope":"read""#) && json.contains(#""previous_valid_until":""#) && json.contains(#""status":"active""#))
        let unknown = try serve.cli(["token", "rotate", "nobody"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no active token named 'nobody'"))
    }
}
