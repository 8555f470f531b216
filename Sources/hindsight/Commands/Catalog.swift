import ArgumentParser
import HindsightFormats
import HindsightStore

extension HindsightCommand {
    /// `hindsight catalog`: the service catalog the correlator reads to rank changes upstream of an incident.
    struct Catalog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Service catalog: which services depend on which (Backstage catalog-info.yaml).",
            subcommands: [Import.self])

        /// `hindsight catalog import`: store the entities of catalog-info.yaml files.
        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import Backstage catalog-info.yaml files (Component, Resource, System, API; spec.dependsOn).",
                discussion: """
                    Every file is read before anything is stored: a file that cannot be read, or an entity \
                    without kind or metadata.name, stops the import with the file and line, and nothing \
                    is stored. An entity imported again replaces its earlier dependencies. With a catalog, \
                    'analyze' also ranks changes on the services an incident's services depend on, \
                    transitively, and names the path (clickhouse → bot-management → edge-proxy).
                    """)

            @OptionGroup var store: StoreOptions

            @Argument(help: ArgumentHelp("catalog-info.yaml files.", valueName: "file"))
            var files: [String]

            func run() async throws {
                let eventStore = try store.open()
                let (entities, edges) = try runtime {
                    let entities = try files.flatMap { path throws(CatalogError) in try CatalogDecoder.decode(path: path) }
                    return (entities.count, try eventStore.importCatalog(entities))
                }
                print(
                    "imported \(entities) entit\(entities == 1 ? "y" : "ies") and \(edges) dependenc\(edges == 1 ? "y" : "ies") "
                        + "from \(files.count) file\(files.count == 1 ? "" : "s")")
            }
        }
    }
}
