import Foundation
import Testing

/// docs/architecture.md describes the code as it is: every type it names in backticks is declared
/// somewhere in the package, and every file or folder it names exists.
@Suite struct ArchitectureDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The text between backticks, in order.
    static func spans(_ text: String) -> [String] {
        text.matches(of: #/`([^`\n]+)`/#).map { String($0.1) }
    }

    /// `EventStore.ingest` names `EventStore`; `NAME`, `hindsight` or `--db` name no type.
    static func typeName(_ span: String) -> String? {
        guard let m = span.wholeMatch(of: #/([A-Z][A-Za-z0-9]*)(\.[a-z][A-Za-z0-9]*)?/#), m.1.contains(where: \.isLowercase) else { return nil }
        return String(m.1)
    }

    /// The names every Swift file of the package declares as a type: the word after `struct`, `class`,
    /// `enum`, `protocol`, `actor` or `typealias`.
    static func declaredTypes() throws -> Set<String> {
        let keywords: Set<Substring> = ["struct", "class", "enum", "protocol", "actor", "typealias"]
        var names = Set<String>()
        for folder in ["Sources", "Tests"] {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "swift" else { continue }
                let words = try String(contentsOf: url, encoding: .utf8).split { !($0.isLetter || $0.isNumber || $0 == "_") }
                for (i, word) in words.enumerated().dropLast() where keywords.contains(word) { names.insert(String(words[i + 1])) }
            }
        }
        return names
    }

    @Test func everyTypeAndFileItNamesExists() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let declared = try Self.declaredTypes()
        let spans = Self.spans(doc)
        var types = Set<String>()
        var checkedPaths = 0
        for span in spans {
            if let name = Self.typeName(span) {
                types.insert(name)
            } else if ["Sources/", "Tests/", "docs/", "templates/"].contains(where: span.hasPrefix) {
                checkedPaths += 1
                #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(span).path), "docs/architecture.md names \(span)")
            }
        }
        #expect(types.count > 60, "the page names the code's main types: \(types.count) found")
        #expect(checkedPaths >= 5)
        for name in types.sorted() {
            let target = FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("Sources/\(name)").path)
            #expect(declared.contains(name) || target, "docs/architecture.md names `\(name)`, which is neither a type nor a target")
        }
    }

    @Test func theCheckCatchesANameThatIsGone() throws {
        let declared = try Self.declaredTypes()
        #expect(declared.isSuperset(of: ["EventStore", "SQLSession", "StoreBackend", "AnalysisSource", "HindsightServer"]))
        #expect(!declared.contains("FormatSniffer"), "a type this page once named, which never existed")
        #expect(Self.typeName("EventStore.ingest") == "EventStore")
        #expect(Self.typeName("NAME") == nil)
        #expect(Self.typeName("--db") == nil)
        #expect(Self.spans("a `Correlator` and `Sources/x`") == ["Correlator", "Sources/x"])
    }
}
