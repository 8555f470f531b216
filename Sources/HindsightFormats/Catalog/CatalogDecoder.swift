import Foundation
import Yams

/// Reads Backstage `catalog-info.yaml` files (several documents per file) into catalog entities.
/// Kinds other than Component, Resource, System and API (Location, Group, User…) are skipped.
package enum CatalogDecoder {
    package static let kinds: Set<String> = ["Component", "Resource", "System", "API"]

    /// Decodes the file at `path`.
    package static func decode(path: String) throws(CatalogError) -> [CatalogEntity] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .cannotRead(path: path, reason: (error as NSError).localizedDescription)
        }
        return try decode(text, path: path)
    }

    /// Decodes YAML text; `path` names it in errors.
    package static func decode(_ yaml: String, path: String) throws(CatalogError) -> [CatalogEntity] {
        var entities: [CatalogEntity] = []
        do {
            // The parser itself, not `compose_all`: its sequence ends quietly on a syntax error.
            let parser = try Parser(yaml: yaml)
            while let document = try parser.nextRoot() {
                if let entity = try entity(document, path: path) { entities.append(entity) }
            }
        } catch let error as CatalogError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error, path: path)
        } catch {
            throw .syntax(path: path, line: 1, problem: "\(error)")
        }
        return entities
    }

    static func syntaxError(_ error: YamlError, path: String) -> CatalogError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return .syntax(path: path, line: mark.line, problem: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .syntax(path: path, line: context.mark.line, problem: "duplicated keys \(duplicates.joined(separator: ", "))")
        default:
            return .syntax(path: path, line: 1, problem: "\(error)")
        }
    }

    static func entity(_ node: Node, path: String) throws -> CatalogEntity? {
        let line = node.mark?.line ?? 1
        if case .scalar(let s) = node, s.string.isEmpty { return nil }  // an empty document between `---`
        guard node.mapping != nil else {
            throw CatalogError.invalid(
                path: path, line: line, field: "document", problem: "is not a mapping; " + "a catalog entity has apiVersion, kind, metadata and spec")
        }
        guard let kindNode = node["kind"], let kind = kindNode.scalar?.string, !kind.isEmpty else {
            throw CatalogError.invalid(path: path, line: line, field: "kind", problem: "is missing; give each entity a kind (Component, Resource, System, API)")
        }
        guard kinds.contains(kind) else { return nil }
        guard let metadata = node["metadata"], metadata.mapping != nil else {
            throw CatalogError.invalid(path: path, line: line, field: "metadata", problem: "is missing; give the \(kind) a metadata.name")
        }
        guard let name = metadata["name"]?.scalar?.string, !name.isEmpty else {
            throw CatalogError.invalid(
                path: path, line: metadata.mark?.line ?? line, field: "metadata.name",
                problem: "is missing; name the \(kind) as its events name their service")
        }
        let namespace = metadata["namespace"]?.scalar?.string ?? "default"
        var entity = CatalogEntity(kind: kind, namespace: namespace, name: name, file: path, line: line)
        guard let spec = node["spec"] else { return entity }
        guard spec.mapping != nil else {
            throw CatalogError.invalid(path: path, line: spec.mark?.line ?? line, field: "spec", problem: "must be a mapping")
        }
        if let system = spec["system"] {
            guard let s = system.scalar?.string else {
                throw CatalogError.invalid(
                    path: path, line: system.mark?.line ?? line, field: "spec.system",
                    problem: "must be an entity reference such as 'system:default/cdn'")
            }
            entity.system = try reference(s, path: path, line: system.mark?.line ?? line, field: "spec.system")
        }
        entity.dependsOn = try references(spec, "dependsOn", path: path, line: line) + references(spec, "consumesApis", path: path, line: line)
        entity.dependencyOf = try references(spec, "dependencyOf", path: path, line: line) + references(spec, "providesApis", path: path, line: line)
        return entity
    }

    /// The names a list of entity references points at.
    static func references(_ spec: Node, _ field: String, path: String, line: Int) throws -> [String] {
        guard let list = spec[field] else { return [] }
        guard let items = list.sequence else {
            throw CatalogError.invalid(
                path: path, line: list.mark?.line ?? line, field: "spec.\(field)",
                problem: "must be a list of entity references such as 'component:default/clickhouse'")
        }
        return try items.enumerated().map { i, item in
            guard let text = item.scalar?.string else {
                throw CatalogError.invalid(
                    path: path, line: item.mark?.line ?? line, field: "spec.\(field)[\(i)]",
                    problem: "must be an entity reference such as 'resource:clickhouse'")
            }
            return try reference(text, path: path, line: item.mark?.line ?? line, field: "spec.\(field)[\(i)]")
        }
    }

    /// The name of an entity reference `[kind:][namespace/]name`.
    static func reference(_ text: String, path: String, line: Int, field: String) throws -> String {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if let colon = rest.firstIndex(of: ":") { rest = rest[rest.index(after: colon)...] }
        if let slash = rest.lastIndex(of: "/") { rest = rest[rest.index(after: slash)...] }
        guard !rest.isEmpty else {
            throw CatalogError.invalid(path: path, line: line, field: field, problem: "'\(text)' names no entity; write it as [kind:][namespace/]name")
        }
        return String(rest)
    }
}
