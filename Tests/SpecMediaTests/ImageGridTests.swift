import Testing
import SpecTensor
@testable import SpecMedia

@Suite("Image grids")
struct ImageGridTests {
    /// Image k is filled with the value k / 10.
    private func batch(_ n: Int, channels: Int = 3, size: Int = 4) throws -> Tensor {
        let plane = channels * size * size
        return try Tensor(shape: [n, channels, size, size], scalars: (0..<(n * plane)).map { Float($0 / plane) / 10 })
    }

    @Test func layoutMatchesMakeGrid() throws {
        let grid = try imageGrid(try batch(5), rows: 2, cols: 3)
        // rows · (H + 2) + 2 = 14, cols · (W + 2) + 2 = 20.
        #expect(grid.shape == [3, 14, 20])
        func at(_ c: Int, _ y: Int, _ x: Int) -> Float { grid.scalars[(c * 14 + y) * 20 + x] }
        #expect(at(0, 0, 0) == -1 && at(2, 13, 19) == -1)          // padding
        #expect(at(0, 2, 2) == 0 && at(1, 5, 5) == 0)              // image 0 at (2, 2)
        #expect(at(0, 2, 8) == 0.1 && at(0, 2, 14) == 0.2)         // images 1, 2 along the first row
        #expect(at(0, 8, 2) == 0.3 && at(2, 11, 11) == 0.4 && at(2, 11, 13) == -1)        // images 3, 4 on the second row
        #expect(at(0, 8, 14) == -1)                                // the sixth cell stays empty
    }

    @Test func defaultsFollowTorchvision() throws {
        // Without sizes: 8 per row, as many rows as needed.
        #expect(try imageGrid(try batch(10, channels: 1, size: 2)).shape == [1, 2 * 4 + 2, 8 * 4 + 2])
        #expect(try imageGrid(try batch(3, size: 2), cols: 2).shape == [3, 2 * 4 + 2, 2 * 4 + 2])
        #expect(try imageGrid(try batch(3, size: 2), rows: 1, padding: 0).shape == [3, 2, 6])
        #expect(try imageGrid(Tensor.zeros([1, 3, 3]), padding: 1).shape == [1, 5, 5])
    }

    @Test func badArgumentsThrow() throws {
        #expect(throws: MediaError.self) { try imageGrid(try batch(7), rows: 2, cols: 3) }
        #expect(throws: MediaError.self) { try imageGrid(try batch(2), rows: 0) }
        #expect(throws: MediaError.self) { try imageGrid(Tensor.zeros([4, 4])) }
        #expect(throws: MediaError.self) { try imageGrid(try batch(2), padding: -1) }
    }
}
