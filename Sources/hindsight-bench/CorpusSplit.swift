import Foundation

/// `sample-incidents/split.txt`: which corpus folders the fit may learn from (`train`) and which are only scored
/// (`held-out`). A folder the file does not list is never fitted on.
struct CorpusSplit {
    enum Part: String {
        case train
        case heldOut = "held-out"
    }

    var parts: [String: Part] = [:]

    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(corpus: String) throws -> CorpusSplit {
        let path = "\(corpus)/split.txt"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return CorpusSplit() }
        var split = CorpusSplit()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 2, let part = Part(rawValue: String(fields[0])) else {
                throw ReadError(description: "\(path):\(i + 1): '\(line)' is not 'train FOLDER' or 'held-out FOLDER'")
            }
            split.parts[String(fields[1])] = part
        }
        return split
    }

    func part(of folder: String) -> Part? { parts[folder] }
}
