extension Event {
    /// A 64-bit FNV-1a digest of everything but the id: equal content, equal digest.
    package var contentDigest: UInt64 {
        var h = FNV1a()
        h.field(time.milliseconds)
        h.field(kind.rawValue)
        h.field(service)
        h.field(environment)
        h.field(summary)
        h.field(end?.milliseconds)
        h.field(version)
        h.field(reverts)
        h.field(status)
        h.field(incident)
        h.field(severity)
        h.field(title)
        h.field(host)
        h.field(Int64(count))
        h.field(scope?.json)
        h.field(actor)
        h.field(source)
        h.field(url)
        h.field(labels?.json)
        h.field(attributes)
        // Fields added after version 1 enter the digest only when present, so older events keep their ids.
        for (name, value) in [("verdict", verdict), ("change", change), ("action", action), ("owner", owner), ("due", due)] {
            if let value {
                h.field(name)
                h.field(value)
            }
        }
        if let commitTime {
            h.field("commit_time")
            h.field(commitTime.milliseconds)
        }
        for (name, value) in [("priority", priority), ("action_type", actionType), ("retracts", retracts)] {
            if let value {
                h.field(name)
                h.field(value)
            }
        }
        return h.value
    }

    /// The id an event without one gets: `h-` and 16 hex digits of its content digest.
    package func derivedID() -> String {
        let hex = String(contentDigest, radix: 16)
        return "h-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// FNV-1a, 64 bit: a fast, stable digest (not for security) with field separators.
struct FNV1a {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func byte(_ b: UInt8) {
        value ^= UInt64(b)
        value &*= 0x0000_0100_0000_01B3
    }

    mutating func field(_ s: String?) {
        guard let s else {
            byte(0xFE)
            byte(0xFF)
            return
        }
        for b in s.utf8 { byte(b) }
        byte(0xFF)
    }

    mutating func field(_ n: Int64?) {
        guard let n else {
            byte(0xFE)
            byte(0xFF)
            return
        }
        var v = UInt64(bitPattern: n)
        for _ in 0..<8 {
            byte(UInt8(v & 0xFF))
            v >>= 8
        }
        byte(0xFF)
    }
}
