import Foundation

/// Finds a post-mortem template by path or by name in template directories, and reads it.
///
/// A name `NAME` means the file `NAME.md.mustache` (or `NAME.mustache`) in the first directory that has it.
package struct TemplateLocator: Sendable {
    /// Searched in order.
    package var directories: [String]

    package static let fileExtensions = [".md.mustache", ".mustache"]

    package init(directories: [String]) { self.directories = directories }

    /// The usual directories, first found wins: `$HINDSIGHT_TEMPLATES`, `./templates`, then a
    /// `templates` directory in the repository the executable was built in (any parent of it).
    package static func standard(environment: [String: String], currentDirectory: String, executablePath: String?) -> TemplateLocator {
        var dirs: [String] = []
        if let env = environment["HINDSIGHT_TEMPLATES"], !env.isEmpty { dirs.append(env) }
        dirs.append((currentDirectory as NSString).appendingPathComponent("templates"))
        if let exe = executablePath {
            var dir = ((exe as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
            while dir != "/" && !dir.isEmpty {
                let candidate = (dir as NSString).appendingPathComponent("templates")
                if FileManager.default.fileExists(atPath: (candidate as NSString).appendingPathComponent("default.md.mustache")) {
                    dirs.append(candidate)
                    break
                }
                dir = (dir as NSString).deletingLastPathComponent
            }
        }
        var seen = Set<String>()
        return TemplateLocator(directories: dirs.filter { seen.insert(($0 as NSString).standardizingPath).inserted })
    }

    /// Whether `argument` names a file rather than a template name.
    package static func isPath(_ argument: String) -> Bool {
        argument.contains("/") || fileExtensions.contains { argument.hasSuffix($0) }
    }

    /// The file `argument` refers to: itself when it is a path, else the named template.
    package func resolve(_ argument: String) throws(ReportError) -> String {
        if Self.isPath(argument) {
            guard FileManager.default.isReadableFile(atPath: argument) else {
                throw .unreadableTemplate(path: argument, reason: "no such readable file")
            }
            return argument
        }
        for dir in directories {
            for ext in Self.fileExtensions {
                let path = (dir as NSString).appendingPathComponent(argument + ext)
                if FileManager.default.isReadableFile(atPath: path) { return path }
            }
        }
        throw .unknownTemplate(name: argument, available: available(), searched: directories)
    }

    /// Names of the templates in the directories, sorted.
    package func available() -> [String] {
        var names = Set<String>()
        for dir in directories {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for f in files {
                if let ext = Self.fileExtensions.first(where: { f.hasSuffix($0) }) { names.insert(String(f.dropLast(ext.count))) }
            }
        }
        return names.sorted()
    }

    /// Reads and parses the template `argument` refers to.
    package func load(_ argument: String) throws(ReportError) -> PostmortemTemplate {
        let path = try resolve(argument)
        return try Self.load(path: path)
    }

    /// Reads and parses the template file at `path`.
    package static func load(path: String) throws(ReportError) -> PostmortemTemplate {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableTemplate(path: path, reason: (error as NSError).localizedDescription)
        }
        return try PostmortemTemplate(text: text, file: path)
    }
}
