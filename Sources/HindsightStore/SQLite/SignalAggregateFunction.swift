import GRDB
import GRDBSQLite
import Hindsight

/// `hindsight_signals(half, kind, service, version, region, count, time, host)`: the SQLite aggregate
/// behind `SignalAggregate`. SQLite groups by sorting, and counts distinct values in a temporary
/// b-tree: for an incident with a million unlinked signals that is seconds and a sorter's worth of
/// memory. This groups rows in a hash table as the index walk passes them, and counts each kind's
/// distinct hosts in the same pass; its result is a blob `SignalAggregate(encoded:)` reads.
enum SignalAggregateFunction {
    static let name = "hindsight_signals"

    /// Makes the function known to a connection.
    static func register(_ db: Database) throws {
        let code = sqlite3_create_function_v2(
            db.sqliteConnection, name, 8, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, nil, step, final, nil)
        guard code == SQLITE_OK else { throw StoreError.database("cannot register \(name): code \(code)") }
    }

    static let step: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, _, values in
        guard let values, let slot = sqlite3_aggregate_context(context, Int32(MemoryLayout<UnsafeMutableRawPointer?>.size)) else {
            sqlite3_result_error_nomem(context)
            return
        }
        let pointer = slot.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        let accumulator: SignalAccumulator
        if let known = pointer.pointee {
            accumulator = Unmanaged<SignalAccumulator>.fromOpaque(known).takeUnretainedValue()
        } else {
            accumulator = SignalAccumulator()
            pointer.pointee = Unmanaged.passRetained(accumulator).toOpaque()
        }
        accumulator.add(values)
    }

    static let final: @convention(c) (OpaquePointer?) -> Void = { context in
        var encoded: [UInt8]
        if let slot = sqlite3_aggregate_context(context, 0), let known = slot.assumingMemoryBound(to: UnsafeMutableRawPointer?.self).pointee {
            let accumulator = Unmanaged<SignalAccumulator>.fromOpaque(known)
            encoded = accumulator.takeUnretainedValue().encoded()
            accumulator.release()
        } else {
            encoded = SignalAccumulator().encoded()
        }
        encoded.withUnsafeBytes { bytes in
            sqlite3_result_blob(context, bytes.baseAddress, Int32(bytes.count), sqliteTransient)
        }
    }
}

/// The running state of one `hindsight_signals` call. A group's key is its half and its four text
/// columns, each written as a null flag, a length and the bytes: rows are compared as bytes and
/// no string is made per row.
final class SignalAccumulator {
    struct Totals {
        var events: Int64 = 0
        var occurrences: Int64 = 0
        var first = Int64.max
        var last = Int64.min
    }

    private var index: [[UInt8]: Int] = [:]
    private var keys: [[UInt8]] = []
    private var totals: [Totals] = []
    private var key: [UInt8] = []
    /// Distinct hosts per kind; the kind being read is kept out of the dictionary while it is.
    private var hosts: [[UInt8]: Set<[UInt8]>] = [:]
    private var kind: [UInt8] = []
    private var kindHosts = Set<[UInt8]>()
    private var scratch: [UInt8] = []

    init() {
        key.reserveCapacity(256)
        scratch.reserveCapacity(64)
    }

    func add(_ values: UnsafeMutablePointer<OpaquePointer?>) {
        key.removeAll(keepingCapacity: true)
        key.append(UInt8(truncatingIfNeeded: sqlite3_value_int64(values[0])))
        for column in 1...4 { Self.append(values[column], to: &key) }
        let group: Int
        if let known = index[key] {
            group = known
        } else {
            group = keys.count
            keys.append(key)
            totals.append(Totals())
            index[key] = group
        }
        let count = sqlite3_value_int64(values[5])
        let time = sqlite3_value_int64(values[6])
        totals[group].events += 1
        totals[group].occurrences += count
        totals[group].first = min(totals[group].first, time)
        totals[group].last = max(totals[group].last, time)

        guard sqlite3_value_type(values[7]) != SQLITE_NULL else { return }
        scratch.removeAll(keepingCapacity: true)
        Self.append(values[1], to: &scratch)
        if scratch != kind {
            if !kind.isEmpty { hosts[kind] = kindHosts }
            kindHosts = hosts.removeValue(forKey: scratch) ?? []
            kind = scratch
        }
        scratch.removeAll(keepingCapacity: true)
        Self.append(values[7], to: &scratch)
        if !kindHosts.contains(scratch) { kindHosts.insert(scratch) }
    }

    /// A text value as a null flag, its length and its bytes (an integer is read as its text).
    @inline(__always) static func append(_ value: OpaquePointer?, to buffer: inout [UInt8]) {
        guard sqlite3_value_type(value) != SQLITE_NULL, let text = sqlite3_value_text(value) else {
            buffer.append(0)
            return
        }
        let length = Int(sqlite3_value_bytes(value))
        buffer.append(1)
        withUnsafeBytes(of: UInt32(length).littleEndian) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: UnsafeBufferPointer(start: text, count: length))
    }

    /// The groups (key, then events, occurrences, first and last as 64-bit little-endian integers),
    /// then each kind's distinct hosts (its text field, then the count), each list after its length.
    func encoded() -> [UInt8] {
        if !kind.isEmpty { hosts[kind] = kindHosts }
        var out: [UInt8] = []
        func integer<T: FixedWidthInteger>(_ n: T) { withUnsafeBytes(of: n.littleEndian) { out.append(contentsOf: $0) } }
        integer(UInt32(keys.count))
        for (key, t) in zip(keys, totals) {
            out += key
            for n in [t.events, t.occurrences, t.first, t.last] { integer(n) }
        }
        integer(UInt32(hosts.count))
        for (kind, set) in hosts {
            out += kind
            integer(Int64(set.count))
        }
        return out
    }
}

extension SignalAggregate {
    /// Reads what `hindsight_signals` returned.
    init(encoded bytes: [UInt8]) throws {
        var at = 0
        func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
            guard at + MemoryLayout<T>.size <= bytes.count else { throw StoreError.database("a truncated signal aggregate") }
            var n = T.zero
            withUnsafeMutableBytes(of: &n) { $0.copyBytes(from: bytes[at..<at + MemoryLayout<T>.size]) }
            at += MemoryLayout<T>.size
            return T(littleEndian: n)
        }
        func text() throws -> String? {
            guard try integer(UInt8.self) == 1 else { return nil }
            let length = Int(try integer(UInt32.self))
            guard at + length <= bytes.count else { throw StoreError.database("a truncated signal aggregate") }
            defer { at += length }
            return String(decoding: bytes[at..<at + length], as: UTF8.self)
        }
        self.init()
        for _ in 0..<(try integer(UInt32.self)) {
            let half = Int(try integer(UInt8.self))
            let kind = try text()
            let service = try text()
            let version = try text()
            let region = try text()
            let (events, occurrences, first, last) = (try integer(Int64.self), try integer(Int64.self), try integer(Int64.self), try integer(Int64.self))
            guard let kind = kind.flatMap(EventKind.init(rawValue:)), let service else { continue }
            groups.append(
                Group(
                    half: half, kind: kind, service: service, version: version, region: region, events: Int(events),
                    occurrences: Int(occurrences), first: first, last: last))
        }
        for _ in 0..<(try integer(UInt32.self)) {
            let kind = try text()
            let count = try integer(Int64.self)
            if let kind = kind.flatMap(EventKind.init(rawValue:)) { hosts[kind] = Int(count) }
        }
    }
}
