import Hindsight
import HindsightFormats

extension FuzzTarget {
    static func checkConfig(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = lineCount(Array(text.utf8))
        do {
            _ = try HindsightConfig.parse(text, path: "fuzz.toml")
        } catch {
            switch error {
            case .syntax(_, let line, _, _) where line < 1 || line > lines, .invalid(_, let line, _, _) where line < 0 || line > lines:
                return ["the error names line \(line) of \(lines): \(error)"]
            default: break
            }
        }
        return []
    }
}
