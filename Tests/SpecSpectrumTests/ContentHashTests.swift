import Testing
@testable import SpecSpectrum

@Suite("Content hash")
struct ContentHashTests {
    @Test("XXH64 matches the reference implementation's digests (python-xxhash)")
    func knownDigests() {
        let cases: [([UInt8], UInt64, UInt64)] = [
            ([], 0, 0xEF46_DB37_51D8_E999),
            ([], 12345, 0x9558_4AF7_701F_808D),
            (Array("abc".utf8), 0, 0x44BC_2CF5_AD77_0999),
            (Array("abc".utf8), 12345, 0x0170_0E64_F6F2_3509),
            ((0..<100).map(UInt8.init), 0, 0x6AC1_E580_3216_6597),
            ((0..<100).map(UInt8.init), 12345, 0x028B_A1AE_2DE4_DE27),
            (Array(String(repeating: "spec", count: 13).utf8), 0, 0xB609_9AF6_3819_FE2F),
            (Array(String(repeating: "spec", count: 13).utf8), 12345, 0x2DC4_1802_F965_192F),
        ]
        for (bytes, seed, digest) in cases {
            #expect(bytes.withUnsafeBytes { ContentHash.xxh64($0, seed: seed) } == digest, "\(bytes.count) bytes, seed \(seed)")
        }
    }
}
