import Foundation
import Testing

/// `hindsight catalog import` end to end: what it stores, and that a bad file fails the import naming file and line.
@Suite struct CatalogCommandTests {
    static let good = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: edge-proxy
        spec:
          dependsOn: [component:default/bot-management]
        """

    @Test func importsEntitiesAndDependencies() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("catalog-info.yaml", Self.good)
        let r = try cli.run(["catalog", "import", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "imported 1 entity and 1 dependency from 1 file\n")
    }

    @Test func listShowsEachEntityWithItsDependenciesBothWays() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let edge = try cli.write("edge.yaml", Self.good)
        let bot = try cli.write(
            "bot.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bot-management\n"
                + "spec:\n  system: edge\n  dependsOn: [resource:default/clickhouse]\n")
        #expect(try cli.run(["catalog", "import", edge, bot]).status == 0)
        let r = try cli.run(["catalog", "list"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: /\s{2,}/).map(String.init) }
        #expect(
            rows == [
                ["NAME", "KIND", "SYSTEM", "FROM", "DEPENDED ON BY", "DEPENDS ON"],
                ["bot-management", "Component", "edge", "\(bot):1", "edge-proxy", "clickhouse"],
                ["edge-proxy", "Component", "-", "\(edge):1", "-", "bot-management"],
            ])
        let json = try cli.run(["catalog", "list", "--json", "--service", "edge-proxy"])
        #expect(
            json.stdout == #"[{"kind":"Component","namespace":"default","name":"edge-proxy","system":null,"depends_on":["bot-management"],"#
                + #""dependency_of":[],"file":"\#(edge)","line":1}]"# + "\n")
    }

    @Test func listWithoutACatalogSaysHowToImportOne() throws {
        let cli = try CommandLineTests.loaded()
        defer { cli.cleanUp() }
        let r = try cli.run(["catalog", "list"])
        #expect(r.status == 0)
        #expect(r.stdout == "No catalog. Import Backstage catalog-info.yaml files with 'hindsight catalog import FILE...'.\n")
        #expect(try cli.run(["catalog", "list", "--json"]).stdout == "[]\n")
    }

    @Test func aBadFileFailsTheImportAndNamesFileAndLine() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let good = try cli.write("good.yaml", Self.good)
        let bad = try cli.write("bad.yaml", "kind: Component\nmetadata:\n  name: a\nspec:\n  dependsOn: bot-management\n")
        let r = try cli.run(["catalog", "import", good, bad])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.yaml:5: spec.dependsOn must be a list of entity references"))
        #expect(r.stdout.isEmpty)
    }
}
