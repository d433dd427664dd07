/// XXH64 (xxHash, 64-bit), a fast non-cryptographic hash: it fingerprints a data set's pixels for the
/// spectrum-statistics cache at several GB/s, so hashing never costs more than the spectra it saves.
struct ContentHash {
    private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// The XXH64 digest of `bytes` with `seed`.
    static func xxh64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let n = bytes.count
        var offset = 0
        var h: UInt64
        if n >= 32 {
            var v = (seed &+ p1 &+ p2, seed &+ p2, seed, seed &- p1)
            while offset + 32 <= n {
                v.0 = round(v.0, word(bytes, offset))
                v.1 = round(v.1, word(bytes, offset + 8))
                v.2 = round(v.2, word(bytes, offset + 16))
                v.3 = round(v.3, word(bytes, offset + 24))
                offset += 32
            }
            h = rotl(v.0, 1) &+ rotl(v.1, 7) &+ rotl(v.2, 12) &+ rotl(v.3, 18)
            for lane in [v.0, v.1, v.2, v.3] { h = (h ^ round(0, lane)) &* p1 &+ p4 }
        } else {
            h = seed &+ p5
        }
        h = h &+ UInt64(n)
        while offset + 8 <= n {
            h = rotl(h ^ round(0, word(bytes, offset)), 27) &* p1 &+ p4
            offset += 8
        }
        if offset + 4 <= n {
            h = rotl(h ^ (UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) &* p1), 23) &* p2 &+ p3
            offset += 4
        }
        while offset < n {
            h = rotl(h ^ (UInt64(bytes[offset]) &* p5), 11) &* p1
            offset += 1
        }
        h ^= h >> 33
        h = h &* p2
        h ^= h >> 29
        h = h &* p3
        h ^= h >> 32
        return h
    }

    /// The digest of a string's UTF-8 bytes.
    static func xxh64(_ text: String, seed: UInt64 = 0) -> UInt64 {
        Array(text.utf8).withUnsafeBytes { xxh64($0, seed: seed) }
    }

    @inline(__always) private static func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always) private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* p2, 31) &* p1
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { x << r | x >> (64 - r) }
}
