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
