import Testing

@testable import HindsightFormats

@Suite("Service catalog (Backstage catalog-info.yaml)")
struct CatalogDecoderTests {
    static let catalog = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: edge-proxy
        spec:
          system: system:default/cdn
          dependsOn:
            - component:default/bot-management
          consumesApis: [api:features]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata:
          name: clickhouse
          namespace: data
        spec:
          dependencyOf: [component:bot-management]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Location
        metadata:
          name: everything
        spec:
          targets: [./a.yaml]
        ---
        kind: API
        metadata:
          name: features
        """

    @Test func readsEveryDocumentOfTheKindsItKnows() throws {
        let entities = try CatalogDecoder.decode(Self.catalog, path: "catalog-info.yaml")
        #expect(entities.map(\.name) == ["edge-proxy", "clickhouse", "features"])
        let edge = entities[0]
        #expect(edge.kind == "Component")
        #expect(edge.system == "cdn")
        #expect(edge.dependsOn == ["bot-management", "features"])
        #expect(edge.line == 1)
        #expect(entities[1].namespace == "data")
        #expect(entities[1].dependencyOf == ["bot-management"])
        #expect(entities[1].line == 11)
    }

    @Test func aMissingNameNamesTheFileAndLine() {
        let yaml = "kind: Component\nmetadata:\n  name: ok\n---\nkind: Component\nmetadata:\n  title: no name\n"
        #expect(
            throws: CatalogError.invalid(
                path: "team/catalog-info.yaml", line: 7, field: "metadata.name",
                problem: "is missing; name the Component as its events name their service")
        ) {
            try CatalogDecoder.decode(yaml, path: "team/catalog-info.yaml")
        }
    }

    @Test func aDependencyThatIsNotAListNamesItsLine() throws {
        let yaml = "kind: Component\nmetadata:\n  name: a\nspec:\n  dependsOn: clickhouse\n"
        do {
            _ = try CatalogDecoder.decode(yaml, path: "c.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("c.yaml:5: spec.dependsOn must be a list of entity references"))
        }
    }

    @Test func aSyntaxErrorNamesTheFileAndLine() throws {
        let yaml = "kind: Component\nmetadata:\n  name: a\n  tags: [x, y\nspec: {}\n"
        do {
            _ = try CatalogDecoder.decode(yaml, path: "broken.yaml")
            Issue.record("expected an error")
        } catch let CatalogError.syntax(path, line, problem) {
            #expect(path == "broken.yaml")
            #expect(line >= 4)
            #expect(!problem.isEmpty)
        }
    }

    @Test func anUnreadableFileSaysSo() {
        #expect(throws: CatalogError.self) { try CatalogDecoder.decode(path: "/nonexistent/catalog-info.yaml") }
    }
}
