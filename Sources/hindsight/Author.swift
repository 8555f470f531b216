import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Who records a note, a verdict or an action item: `--by`, else the login name, never nobody.
enum Author {
    static func resolve(_ by: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let by {
            guard !by.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--by is empty; name who records it") }
            return by
        }
        if let name = loginName(environment: environment) { return name }
        throw ValidationError("--by: the login name cannot be found ($USER is not set and the user has no account name); pass --by NAME")
    }

    /// `$USER`, else `$LOGNAME`, else the account name of the effective user.
    static func loginName(environment: [String: String]) -> String? {
        for key in ["USER", "LOGNAME"] {
            if let name = environment[key]?.trimmingCharacters(in: .whitespaces), !name.isEmpty { return name }
        }
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        let text = String(cString: name)
        return text.isEmpty ? nil : text
    }
}
