import Foundation
import HindsightFuzzing
import Testing

/// The fuzz targets' properties (`Tests/HindsightFuzzing`) on every input a fuzzer once broke a reader
/// with, kept in `FuzzRegressions/<target>/`, and on every seed the fuzzers start from.
@Suite struct FuzzRegressionTests {
    /// One file and the target it is read by.
    struct Input: Sendable, CustomTestStringConvertible {
        var target: FuzzTarget
        var url: URL
        var testDescription: String { "\(target.rawValue): \(url.lastPathComponent)" }
    }

    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let repository = tests.deletingLastPathComponent()

    static func files(under folder: URL) -> [URL] {
        let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        let found = walk?.allObjects as? [URL] ?? []
        return found.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true }.sorted { $0.path < $1.path }
    }

    static let kept: [Input] = FuzzTarget.allCases.flatMap { target in
        files(under: tests.appendingPathComponent("HindsightFormatsTests/FuzzRegressions/\(target.rawValue)")).map { Input(target: target, url: $0) }
    }

    /// The fixtures the fuzzers are seeded from (scripts/fuzz.sh), each for the targets of its extension.
    static let seeds: [Input] = {
        let roots = ["Tests/HindsightFormatsTests/Fixtures", "Tests/Fuzz/Seeds", "sample-incidents", "../shared/fixtures"]
        let found = roots.flatMap { files(under: repository.appendingPathComponent($0).standardized) }
        return FuzzTarget.allCases.flatMap { target in
            found.filter { target.seedExtensions.contains($0.pathExtension) }.map { Input(target: target, url: $0) }
        }
    }()

    @Test(arguments: kept) func aKeptInputNoLongerBreaksItsReader(_ input: Input) throws {
        #expect(input.target.check(Array(try Data(contentsOf: input.url))) == [])
    }

    @Test(arguments: seeds) func everySeedKeepsItsReadersProperties(_ input: Input) throws {
        #expect(input.target.check(Array(try Data(contentsOf: input.url))) == [])
    }

    @Test func everyTargetHasSeeds() {
        for target in FuzzTarget.allCases {
            #expect(Self.seeds.contains { $0.target == target }, "\(target.rawValue) has no seed")
        }
    }
}
