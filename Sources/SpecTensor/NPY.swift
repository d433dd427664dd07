import Foundation

/// NumPy's `.npy` format, version 1.0–3.0: magic, header length, a Python-dict header, then raw C-order data.
/// Reads float32, float64, int64 and int32 (little-endian); writes float32. Nothing in a file is executed.
public enum NPY {
    public struct Array: Sendable {
        public var shape: [Int]
        /// Values widened to Double, so float64 golden data keeps its precision.
        public var values: [Double]
        public var tensor: Tensor { Tensor(uncheckedShape: shape, scalars: values.map { Float($0) }) }
    }

    public static func read(_ url: URL) throws -> Array {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TensorError.message("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try parse(data, name: url.lastPathComponent)
    }

    public static func parse(_ data: Data, name: String = "npy data") throws -> Array {
        let bytes = [UInt8](data)
        func fail(_ why: String) -> TensorError { .message("\(name) is not a valid .npy file: \(why)") }
        guard bytes.count >= 10, bytes[0] == 0x93, Swift.Array(bytes[1...5]) == Swift.Array("NUMPY".utf8) else { throw fail("missing magic") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1: headerLength = Int(bytes[8]) | Int(bytes[9]) << 8; headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }; headerStart = 12
        default: throw fail("unsupported version \(major)")
        }
        guard headerStart + headerLength <= bytes.count,
              let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8) else { throw fail("truncated header") }
        let descr = try field("descr", in: header).trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
        guard try field("fortran_order", in: header).trimmingCharacters(in: .whitespaces) == "False" else { throw fail("Fortran order is not supported") }
        let shapeText = try field("shape", in: header).trimmingCharacters(in: CharacterSet(charactersIn: "() "))
        let shape = try shapeText.split(separator: ",").map { part -> Int in
            guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n >= 0 else { throw fail("bad shape '\(shapeText)'") }
            return n
        }
        let count = shape.elementCount  // saturates: an impossible shape then fails the length check below
        let width: Int
        switch descr {
        case "<f4", "<i4": width = 4
        case "<f8", "<i8": width = 8
        default: throw fail("unsupported dtype \(descr) (float32, float64, int32 and int64 are read)")
        }
        let start = headerStart + headerLength
        let (size, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, bytes.count - start == size else {
            throw fail("the header's shape \(shape.shapeDescription) needs \(overflow ? "more than 2^63" : String(size)) data bytes, the file has \(bytes.count - start)")
        }
        var values = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                let o = start + i * width
                switch descr {
                case "<f4": values[i] = Double(Float(bitPattern: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self).littleEndian))
                case "<i4": values[i] = Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int32.self)))
                case "<f8": values[i] = Double(bitPattern: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self).littleEndian)
                default: values[i] = Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int64.self)))
                }
            }
        }
        return Array(shape: shape, values: values)
    }

    /// The text after `'key':` in the header dict, up to the next top-level comma.
    private static func field(_ key: String, in header: String) throws -> String {
        guard let range = header.range(of: "'\(key)':") else { throw TensorError.message(".npy header has no '\(key)'") }
        var depth = 0
        var result = ""
        for ch in header[range.upperBound...] {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if (ch == "," && depth == 0) || ch == "}" { break }
            result.append(ch)
        }
        return result.trimmingCharacters(in: .whitespaces)
    }

    /// Writes a float32 tensor as a version 1.0 file.
    public static func write(_ tensor: Tensor, to url: URL) throws {
        let dims = tensor.shape.map(String.init).joined(separator: ", ") + (tensor.rank == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
        // Pad so that the data starts on a 64-byte boundary, ending the header with a newline.
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Swift.Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Swift.Array(header.utf8))
        tensor.scalars.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: UInt8.self), count: $0.count * 4)) }
        do { try data.write(to: url, options: .atomic) } catch {
            throw TensorError.message("cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
