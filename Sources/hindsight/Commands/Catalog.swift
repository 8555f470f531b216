import ArgumentParser
import Hindsight
import HindsightFormats
import HindsightStore

extension HindsightCommand {
    /// `hindsight catalog`: the service catalog the correlator reads to rank changes upstream of an incident.
    struct Catalog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Service catalog: which services depend on which (Backstage catalog-info.yaml).",
            subcommands: [Import.self, List.self])

        /// `hindsight catalog import`: store the entities of catalog-info.yaml files.
        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import Backstage catalog-info.yaml files (Component, Resource, System, API; spec.dependsOn).",
                discussion: """
                    Every file is read before anything is stored: a file that cannot be read, or an entity \
                    without kind or metadata.name, stops the import with the file and line, and nothing \
                    is stored. An entity imported again replaces its earlier dependencies. With a catalog, \
                    'analyze' also ranks changes on the services an incident's services depend on, \
                    transitively, and names the path (clickhouse → bot-management → edge-proxy). \
                    'hindsight catalog list' shows what is stored.
                    """)

            @OptionGroup var store: StoreOptions

            @Argument(help: ArgumentHelp("catalog-info.yaml files.", valueName: "file"))
            var files: [String]

            func run() async throws {
                let eventStore = try store.openOrCreate()
                let (entities, edges) = try runtime {
                    let entities = try files.flatMap { path throws(CatalogError) in try CatalogDecoder.decode(path: path) }
                    return (entities.count, try eventStore.importCatalog(entities))
                }
                print(
                    "imported \(entities) entit\(entities == 1 ? "y" : "ies") and \(edges) dependenc\(edges == 1 ? "y" : "ies") "
                        + "from \(files.count) file\(files.count == 1 ? "" : "s")")
            }
        }

        /// `hindsight catalog list`: the stored entities and their dependencies.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the catalog's entities: what each depends on, what depends on it, and the file it came from.")

            @OptionGroup var store: StoreOptions

            @Option(help: ArgumentHelp("Only the entity of this name (repeatable).", valueName: "name"))
            var service: [String] = []

            @Flag(help: "Print a JSON array.")
            var json = false

            func run() async throws {
                let eventStore = try store.open()
                var entities = try runtime { try eventStore.catalogEntities() }
                if !service.isEmpty {
                    let names = Set(service)
                    entities = entities.filter { names.contains($0.name) }
                }
                if json {
                    print(JSONWriter.array(entities.map(Self.json)))
                    return
                }
                guard !entities.isEmpty else {
                    print(
                        service.isEmpty
                            ? "No catalog. Import Backstage catalog-info.yaml files with 'hindsight catalog import FILE...'."
                            : "No catalog entity named \(service.joined(separator: " or ")).")
                    return
                }
                var table = TextTable(["NAME", "KIND", "SYSTEM", "FROM", "DEPENDED ON BY", "DEPENDS ON"])
                for e in entities {
                    let name = e.namespace == "default" ? e.name : "\(e.namespace)/\(e.name)"
                    table.add([
                        name, e.kind, e.system ?? "-", "\(e.file):\(e.line)", Self.names(e.dependencyOf), Self.names(e.dependsOn),
                    ])
                }
                table.lastColumnLimit = 100
                print(table.render())
            }

            static func names(_ list: [String]) -> String { list.isEmpty ? "-" : list.joined(separator: ", ") }

            static func json(_ e: CatalogEntity) -> String {
                var w = JSONWriter()
                w.string("kind", e.kind)
                w.string("namespace", e.namespace)
                w.string("name", e.name)
                w.nullable("system", e.system.map(JSONWriter.quoted))
                w.stringArray("depends_on", e.dependsOn)
                w.stringArray("dependency_of", e.dependencyOf)
                w.string("file", e.file)
                w.int("line", e.line)
                return w.finished()
            }
        }
    }
}
