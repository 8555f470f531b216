import Foundation
import HTTPTypes
import HindsightServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `next` after login goes only to a path on this server.
@Suite struct LoginRedirectTests {
    /// Raw `next` form values (as a browser would encode them) that must land on `/`.
    static let malformed = [
        "%2F%2Fevil.example", "//evil.example", "/%5Cevil.example", "%2F%5Cevil.example", "/%09/evil.example", "%2F%09%2Fevil.example",
        "/%2F%2Fevil.example", "/%2F/evil.example", "/%2509/evil.example", "%2F%250A%2Fevil.example", "/%252F%252Fevil.example", "/%25252F%25252Fevil.example",
        "/%255Cevil.example",
        "%252F%252Fevil.example", "https%3A%2F%2Fevil.example", "https://evil.example", "javascript:alert(1)", "javascript%3Aalert(1)",
        "evil.example", "/%0D%0ASet-Cookie:%20x=y", "/%250D%250ALocation:%20//evil.example", "/x%20y", "+/evil", "/%00", "/%2500",
        "/%E2%80%A8evil", "/%C2%A0evil", "/%E2%80%8Bevil", "/%7F", "/%2F%2Fevil%", "/%252F%252Fevil%25", "", "%20/", "\\\\evil.example", "/\\evil.example",
        "http:/evil.example", "/%2e%2e%5c%5cevil.example",
    ]

    /// Raw `next` form values that are paths here, and the `Location` each gives.
    static let wellFormed = [
        ("%2F", "/"), ("%2Fincidents%2FINC-1", "/incidents/INC-1"), ("%2Fincidents%2Fteam%252F7", "/incidents/team%2F7"),
        ("%2Fchanges%3Fbefore%3DINC-1%26window%3D2h", "/changes?before=INC-1&window=2h"), ("%2Fincidents%2Fz%C3%BCrich-1", "/incidents/z%C3%BCrich-1"),
        ("%2Fincidents%2FINC%252042", "/incidents/INC%2042"), ("/a//b", "/a//b"), ("%2Fincidents%2F50%2525", "/incidents/50%25"),
        ("/100%25", "/100%25"), ("/%25zz", "/%25zz"),
    ]

    @Test(arguments: malformed) func aMalformedNextGoesHome(raw: String) async throws {
        let f = try ServerFixture()
        try await f.test { client in
            try await client.execute(
                uri: "/login", method: .post, headers: CSRFMiddlewareTests.form, body: ByteBuffer(string: "token=\(f.reader.token)&next=\(raw)")
            ) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/", "next=\(raw)")
            }
            // The form's hidden field offers only what would be followed.
            try await client.execute(uri: "/login?next=\(raw)", method: .get) { r in
                #expect(r.text.contains(#"name="next" value="/""#), "next=\(raw)")
            }
        }
    }

    @Test func aPathOnThisServerIsFollowedAsItIs() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            for (raw, location) in Self.wellFormed {
                try await client.execute(
                    uri: "/login", method: .post, headers: CSRFMiddlewareTests.form, body: ByteBuffer(string: "token=\(f.reader.token)&next=\(raw)")
                ) { r in
                    #expect(r.headers[.location] == location, "next=\(raw)")
                }
            }
        }
    }

    @Test func decodedValuesAreCheckedAtEveryLevel() {
        #expect(LoginRedirect.safeNext("/incidents/INC-1") == "/incidents/INC-1")
        #expect(LoginRedirect.safeNext(nil) == "/")
        #expect(LoginRedirect.safeNext("/%2F%2Fevil") == "/")
        #expect(LoginRedirect.safeNext("/%5C%5Cevil") == "/")
        #expect(LoginRedirect.safeNext("/ok\u{2028}") == "/")
        #expect(LoginRedirect.safeNext("/\"><script>") == "/%22%3E%3Cscript%3E", "markup cannot reach the header as it is")
    }
}
