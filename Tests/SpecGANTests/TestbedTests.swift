import Foundation
import Testing
import SpecSpectrum
import SpecTensor
@testable import SpecGAN

@Suite("Testbeds: the data order")
struct TestbedTests {
    @Test("batches follow a fresh permutation every epoch, the last batch smaller; the order checkpoints")
    func batchSchedule() throws {
        let schedule = try BatchSchedule(count: 5, batch: 2, rng: RandomGenerator(seed: 7))
        let epoch = [schedule.next(), schedule.next(), schedule.next()]
        #expect(epoch.map(\.count) == [2, 2, 1] && epoch.flatMap { $0 }.sorted() == [0, 1, 2, 3, 4])
        let twin = try BatchSchedule(count: 5, batch: 2, rng: RandomGenerator(seed: 0))
        _ = schedule.next()
        let state = Dictionary(uniqueKeysWithValues: schedule.checkpointState().map { ($0.name, $0.tensor) })
        try twin.restoreCheckpointState(state)
        for _ in 0..<7 { #expect(schedule.next() == twin.next()) }
        #expect(schedule.epochs == twin.epochs && schedule.epochs >= 3)
        var broken = state
        broken["order"] = .uint64(shape: [5], values: [0, 0, 1, 2, 3])
        #expect(throws: GANError.self) { try twin.validateCheckpointState(broken) }
    }
}

@Suite("Image preparation as the reference's loader (PIL, torchvision)")
struct ImagePreparationTests {
    /// An 11×7 RGB test pattern; PIL's outputs below were computed from it with Pillow's Image.resize(LANCZOS).
    static func pattern() throws -> RGBImage8 {
        var levels: [UInt8] = []
        for y in 0..<7 { for x in 0..<11 { for c in 0..<3 { levels.append(UInt8((x * 37 + y * 91 + c * 53 + x * y * 7) % 256)) } } }
        return try RGBImage8(width: 11, height: 7, levels: levels)
    }

    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { i in
            UInt8(hex[hex.index(hex.startIndex, offsetBy: i)..<hex.index(hex.startIndex, offsetBy: i + 2)], radix: 16) ?? 0
        }
    }

    @Test("centre crop with torchvision's offsets, then Lanczos resizing with PIL's exact 8-bit results")
    func matchesPIL() throws {
        let square = try Self.pattern().centerCroppedToSquare()
        #expect(square.width == 7 && square.height == 7)
        #expect(Array(square.levels[0..<3]) == [UInt8(74), 127, 180])  // column 2 of row 0
        let expected: [Int: String] = [
            4: "857f876e959f8d707a4e8890748d8588878885818285837c997f88988a78928a787b7982729c5d77796fab8b81639d5f",
            5: "8896867986c18da8687c4f8a468b7a73815a6a639e749972856da76fb1897ba0a9b19e809784818685679f5c65976774887f728b847b9d8e814a8b9974c5526667769a9466aa849363a835",
            10: "3c6ec14a90cb73bfffa0d4ffb5ff64ebad01e4003e260d530046812350a38cd25db3896aa44791496fa74b9a84808b758d66a0627ebf68a58687b23e92e013c76833a1036a0f4b8520798a6682937887c17aa2fc95d9a3b2f92c1d51793662905c88d976b1f197f761dda912e118584330811d79a75891b83f94fa67da98cad549f65886876f7b568c989080ae82bd32956f2cb40b72cb8cc6a5ba7aa3ae44cd5081796f785b8b959383b383c056b08a4ae43c78fb1c54863e6c2076bb6a9fde97ed57dbaa14ec236259468b3995c374ade56e51c375a363afb01ed936637152774187ad8f9cc8bee24e589b5b003cad7ccd8e65c0517c7e37b4457875766b699084ac83b6acc57d6caa3a476c31e0ff135f8d43002bb34896db92fd4af1af00ff1e635f45ce5bb56bb6e600",
        ]
        for (size, hex) in expected {
            #expect(try square.resizedLanczos(to: size).levels == Self.bytes(hex), "\(size)×\(size)")
        }
        let tall = try RGBImage8(width: 4, height: 9, levels: (0..<108).map { UInt8($0) })
        #expect(try tall.centerCroppedToSquare().levels[0] == UInt8(2 * 4 * 3))  // top offset round(2.5) = 2
        let t = try square.tensor()
        #expect(t.shape == [3, 7, 7] && t.scalars[0] == (Float(74) / 255 - 0.5) / 0.5)
    }
}
