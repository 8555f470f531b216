// swift-tools-version:6.1
import Foundation
import PackageDescription

let package = Package(
    name: "Hindsight",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hindsight", targets: ["hindsight"]),
        .library(name: "Hindsight", targets: ["Hindsight"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", exact: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", exact: "1.7.4"),
    ],
    targets: [
        .target(name: "Hindsight"),
        .target(
            name: "HindsightSimulation",
            dependencies: ["Hindsight"]),
        .target(
            name: "HindsightFormats",
            dependencies: ["Hindsight", .product(name: "TOMLKit", package: "TOMLKit"), .product(name: "Yams", package: "Yams")]),
        .target(
            name: "HindsightStore",
            dependencies: [
                "Hindsight",
                "HindsightFormats",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .target(
            name: "HindsightReport",
            dependencies: [
                "Hindsight",
                "CCmarkGFM",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        .target(
            name: "HindsightServer",
            dependencies: [
                "Hindsight", "HindsightFormats", "HindsightStore", "HindsightReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .executableTarget(
            name: "hindsight",
            dependencies: [
                "Hindsight", "HindsightFormats", "HindsightStore", "HindsightReport", "HindsightSimulation", "HindsightServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "hindsight-bench",
            dependencies: ["Hindsight", "HindsightFormats", "HindsightStore", "HindsightSimulation", "HindsightServer"]),
        .target(
            name: "HindsightTestSupport", dependencies: ["HindsightStore", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/HindsightTestSupport"),
        .target(name: "HindsightFuzzing", dependencies: ["Hindsight", "HindsightFormats"], path: "Tests/HindsightFuzzing"),
        .testTarget(name: "HindsightTests", dependencies: ["Hindsight", "HindsightFormats"]),
        .testTarget(name: "HindsightSimulationTests", dependencies: ["HindsightSimulation"]),
        .testTarget(name: "HindsightFormatsTests", dependencies: ["HindsightFormats", "HindsightFuzzing"], exclude: ["Fixtures", "FuzzRegressions"]),
        .testTarget(name: "HindsightStoreTests", dependencies: ["HindsightStore", "HindsightFormats", "HindsightSimulation", "HindsightTestSupport"]),
        .testTarget(
            name: "HindsightReportTests", dependencies: ["HindsightReport", "HindsightStore", "HindsightFormats", "HindsightTestSupport"],
            exclude: ["Golden"]),
        .testTarget(name: "hindsightTests", dependencies: ["Hindsight", "HindsightTestSupport"]),
        .testTarget(
            name: "HindsightServerTests",
            dependencies: [
                "HindsightServer", "HindsightStore", "HindsightFormats", "HindsightReport", "HindsightTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)

// `make fuzz`, and the short fuzz runs of `make test`, add one libFuzzer executable per folder of Tests/Fuzz
// (entry point `LLVMFuzzerTestOneInput`, built with --sanitize=fuzzer in .build-fuzz); no other build sees them.
let environment = ProcessInfo.processInfo.environment
if environment["HINDSIGHT_FUZZ"] != nil {
    let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Tests/Fuzz")
    for name in (try? FileManager.default.contentsOfDirectory(atPath: fuzz.path).sorted()) ?? [] where name.hasPrefix("Fuzz") {
        package.targets.append(.executableTarget(name: name, dependencies: ["HindsightFuzzing"], path: "Tests/Fuzz/\(name)"))
    }
}

// HINDSIGHT_ONLY=A,B keeps targets A and B and what they depend on, nothing else: the sanitizer builds of
// `make test` build only the test targets their suites are in (a plain build keeps every target).
if let only = environment["HINDSIGHT_ONLY"] {
    let byName = Dictionary(uniqueKeysWithValues: package.targets.map { ($0.name, $0) })
    var keep = Set<String>()
    var pending = only.split(separator: ",").map(String.init)
    while let name = pending.popLast() {
        guard let target = byName[name], keep.insert(name).inserted else { continue }
        for dependency in target.dependencies {
            switch dependency {
            case .targetItem(let name, _), .byNameItem(let name, _): pending.append(name)
            default: break
            }
        }
    }
    package.targets.removeAll { !keep.contains($0.name) }
    package.products.removeAll { product in
        let targets = (product as? Product.Library)?.targets ?? (product as? Product.Executable)?.targets ?? []
        return !targets.allSatisfy(keep.contains)
    }
}
