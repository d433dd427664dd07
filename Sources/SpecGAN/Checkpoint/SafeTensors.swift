import Foundation

/// The safetensors format: an 8-byte little-endian header length, a JSON header mapping each tensor name to
/// `{dtype, shape, data_offsets}` (plus an optional `__metadata__` object of strings), then the raw little-endian
/// tensor bytes. Readable by other tools; reading only parses data, nothing in a file is executed.
public enum SafeTensors {
    /// The contents of a file: tensors in storage order and the metadata strings.
    public struct Contents: Equatable, Sendable {
        public var tensors: [(name: String, tensor: CheckpointTensor)]
        public var metadata: [String: String]

        public init(tensors: [(name: String, tensor: CheckpointTensor)], metadata: [String: String] = [:]) {
            self.tensors = tensors
            self.metadata = metadata
        }

        public static func == (a: Contents, b: Contents) -> Bool {
            a.metadata == b.metadata && a.tensors.map(\.name) == b.tensors.map(\.name) && a.tensors.map(\.tensor) == b.tensors.map(\.tensor)
        }
    }

    /// The largest header accepted, as the reference implementation does (100 MB).
    static let maxHeaderLength = 100_000_000

    // MARK: Encoding

    public static func encode(_ contents: Contents) throws -> Data {
        var names = Set<String>()
        for (name, _) in contents.tensors {
            guard name != "__metadata__", names.insert(name).inserted else {
                throw GANError.invalidInput("safetensors: tensor name '\(name)' is reserved or repeated")
            }
        }
        var entries: [String: HeaderValue] = [:]
        if !contents.metadata.isEmpty { entries["__metadata__"] = .metadata(contents.metadata) }
        var offset = 0
        for (name, tensor) in contents.tensors {
            guard tensor.shape.allSatisfy({ $0 >= 0 }), tensor.shape.reduce(1, *) == tensor.count else {
                throw GANError.invalidInput("safetensors: tensor '\(name)' has \(tensor.count) values for shape \(tensor.shape)")
            }
            let size = tensor.count * tensor.width
            entries[name] = .tensor(Entry(dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + size]))
            offset += size
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var header = [UInt8](try encoder.encode(entries))
        // Pad with spaces so that the tensor data starts 8-byte aligned.
        while header.count % 8 != 0 { header.append(0x20) }
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for (_, tensor) in contents.tensors {
            switch tensor {
            case .float32(_, let values): append(values.map { $0.bitPattern.littleEndian }, to: &data)
            case .uint64(_, let values): append(values.map { $0.littleEndian }, to: &data)
            }
        }
        return data
    }

    private static func append<T>(_ values: [T], to data: inout Data) {
        values.withUnsafeBytes { data.append(contentsOf: $0) }
    }

    // MARK: The header

    private struct Entry: Codable {
        let dtype: String
        let shape: [Int]
        let data_offsets: [Int]
    }

    /// A header value: a tensor entry, or the metadata object.
    private enum HeaderValue: Codable {
        case tensor(Entry)
        case metadata([String: String])

        init(from decoder: Decoder) throws {
            if let entry = try? Entry(from: decoder) { self = .tensor(entry); return }
            self = .metadata(try [String: String](from: decoder))
        }

        func encode(to encoder: Encoder) throws {
            switch self {
            case .tensor(let e): try e.encode(to: encoder)
            case .metadata(let m): try m.encode(to: encoder)
            }
        }
    }

    /// Parses a file's bytes; `name` labels errors. Every inconsistency is a thrown error.
    public static func decode(_ data: Data, name: String = "safetensors data") throws -> Contents {
        func fail(_ reason: String) -> GANError { .invalidCheckpoint(path: name, reason: reason) }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw fail("the file has \(bytes.count) bytes, too short for a safetensors header (truncated?)") }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(maxHeaderLength) else { throw fail("the header claims \(headerLength) bytes (corrupt?)") }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= bytes.count else {
            throw fail("the header claims \(headerLength) bytes but the file has only \(bytes.count - 8) after the length (truncated)")
        }
        let header: [String: HeaderValue]
        do {
            header = try JSONDecoder().decode([String: HeaderValue].self, from: Data(bytes[8..<headerEnd]))
        } catch {
            throw fail("the header is not a valid safetensors JSON header (corrupt?)")
        }
        var metadata: [String: String] = [:]
        var located: [(name: String, dtype: String, shape: [Int], start: Int, end: Int)] = []
        for (key, value) in header {
            switch value {
            case .metadata(let m):
                guard key == "__metadata__" else { throw fail("entry '\(key)' is not a tensor description") }
                metadata = m
            case .tensor(let e):
                guard key != "__metadata__" else { throw fail("__metadata__ must be an object of strings") }
                guard e.data_offsets.count == 2, e.shape.allSatisfy({ $0 >= 0 }) else { throw fail("tensor '\(key)' has a bad shape or offsets") }
                located.append((key, e.dtype, e.shape, e.data_offsets[0], e.data_offsets[1]))
            }
        }
        // The tensors must tile the data section exactly, in offset order.
        located.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        let dataSize = bytes.count - headerEnd
        var expectedStart = 0
        var tensors: [(name: String, tensor: CheckpointTensor)] = []
        for t in located {
            let width: Int
            switch t.dtype {
            case "F32": width = 4
            case "U64": width = 8
            default: throw fail("tensor '\(t.name)' has dtype \(t.dtype); spec reads F32 and U64")
            }
            var count = 1
            for d in t.shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow, product <= dataSize else { throw fail("tensor '\(t.name)' has an impossible shape \(t.shape)") }
                count = product
            }
            guard t.start == expectedStart, t.end >= t.start, t.end - t.start == count * width else {
                throw fail("tensor '\(t.name)' has data offsets [\(t.start), \(t.end)] that do not fit its shape \(t.shape) and dtype \(t.dtype) or leave a gap")
            }
            guard t.end <= dataSize else {
                throw fail("tensor '\(t.name)' ends at byte \(t.end) of a \(dataSize)-byte data section (truncated)")
            }
            let base = headerEnd + t.start
            let tensor: CheckpointTensor = bytes.withUnsafeBytes { raw in
                if width == 4 {
                    return .float32(shape: t.shape, values: (0..<count).map {
                        Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 * $0, as: UInt32.self)))
                    })
                }
                return .uint64(shape: t.shape, values: (0..<count).map {
                    UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 8 * $0, as: UInt64.self))
                })
            }
            tensors.append((t.name, tensor))
            expectedStart = t.end
        }
        guard expectedStart == dataSize else {
            throw fail("\(dataSize - expectedStart) bytes after the last tensor (corrupt or wrong header)")
        }
        return Contents(tensors: tensors, metadata: metadata)
    }

    // MARK: Files

    /// Reads and parses a file.
    public static func read(from url: URL) throws -> Contents {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw GANError.io("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try decode(data, name: url.path)
    }

    /// Writes a file atomically: a temporary file in the same folder, flushed to disk, then renamed over `url`, so
    /// a crash leaves either the old file or the new one.
    public static func write(_ contents: Contents, to url: URL) throws {
        try AtomicFile.write(try encode(contents), to: url)
    }
}

extension CheckpointTensor {
    var count: Int {
        switch self {
        case .float32(_, let v): return v.count
        case .uint64(_, let v): return v.count
        }
    }

    var width: Int {
        switch self {
        case .float32: return 4
        case .uint64: return 8
        }
    }
}
