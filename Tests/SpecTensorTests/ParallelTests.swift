import Foundation
import Testing
@testable import SpecTensor

/// `Parallel.chunks` and the worker pool behind it: every item exactly once, in pieces fixed by the count alone,
/// whether the pool runs a section or its caller runs it alone (nested in another section, or while another thread
/// holds the pool).
@Suite("Parallel sections on the worker pool")
struct ParallelTests {
    /// Records each piece of a section: which items, which index.
    final class Pieces: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var seen: [Parallel.Chunk] = []
        func add(_ chunk: Parallel.Chunk) { lock.lock(); seen.append(chunk); lock.unlock() }
    }

    static func check(_ pieces: Pieces, count: Int, expectedPieces: Int) {
        let sorted = pieces.seen.sorted { $0.index < $1.index }
        #expect(sorted.map(\.index) == Array(0..<expectedPieces))
        // Contiguous, in order of index, covering 0..<count.
        #expect(sorted.first?.range.lowerBound == 0 && sorted.last?.range.upperBound == count)
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.range.upperBound == $1.range.lowerBound })
        // Scratch is kept per piece index, so pieces may not outnumber the threads that run them at once.
        #expect(expectedPieces <= Parallel.threads)
    }

    @Test("every item once, in pieces fixed by the count", arguments: [1, 2, 3, 7, 10, 2560])
    func coversEveryItem(count: Int) {
        let pieces = Pieces()
        Parallel.chunks(count) { pieces.add($0) }
        Self.check(pieces, count: count, expectedPieces: Parallel.pieces(count))
        let serial = Pieces()
        Parallel.chunks(count, parallel: false) { serial.add($0) }
        Self.check(serial, count: count, expectedPieces: 1)
    }

    @Test func emptySectionRunsNothing() {
        let pieces = Pieces()
        Parallel.chunks(0) { pieces.add($0) }
        #expect(pieces.seen.isEmpty)
    }

    /// A section started inside a piece finds the pool busy and runs on that piece's thread, with the same pieces.
    @Test func nestedSectionsRunInline() {
        let outer = Pieces()
        let inner = (0..<Parallel.pieces(4)).map { _ in Pieces() }
        Parallel.chunks(4) { chunk in
            outer.add(chunk)
            Parallel.chunks(9) { inner[chunk.index].add($0) }
        }
        Self.check(outer, count: 4, expectedPieces: Parallel.pieces(4))
        for pieces in inner { Self.check(pieces, count: 9, expectedPieces: Parallel.pieces(9)) }
    }

    /// Many threads starting sections at once (as Swift Testing's parallel tests do): each gets every item once.
    @Test func concurrentCallersEachGetTheirItems() {
        let callers = 6, rounds = 200
        let failures = Pieces()  // a failed round is recorded as a piece
        DispatchQueue.concurrentPerform(iterations: callers) { caller in
            for round in 0..<rounds {
                let count = 1 + (caller * 31 + round * 17) % 300
                var hits = [Int](repeating: 0, count: count)
                hits.withUnsafeMutableBufferPointer { hits in
                    let hits = hits.baseAddress!
                    Parallel.chunks(count) { chunk in for i in chunk.range { hits[i] += 1 } }
                }
                if hits.contains(where: { $0 != 1 }) { failures.add(.init(index: caller, range: 0..<count)) }
            }
        }
        #expect(failures.seen.isEmpty)
    }

    /// Weight gradients sum one partial per piece, so they come out bit for bit the same whichever thread ran which
    /// piece: on the pool (large enough that a helper takes a piece) and with every piece on one thread (nested in
    /// another section). A partial per thread instead fails this whenever the helper took part.
    @Test("weight gradients do not depend on which thread ran a piece", arguments: [false, true])
    func weightGradientsIndependentOfScheduling(winograd: Bool) {
        let geo = winograd
            ? ConvGeometry(batch: 4, inChannels: 16, height: 64, width: 64, outChannels: 16, kernelH: 3, kernelW: 3, padH: 1, padW: 1)
            : ConvGeometry(batch: 6, inChannels: 16, height: 8, width: 8, outChannels: 16, kernelH: 3, kernelW: 3, padH: 1, padW: 1)
        #expect(geo.suitsWinograd(.gradient) == winograd)
        let x = WinogradTests.random(geo.inputShape, seed: 4), g = WinogradTests.random(geo.outputShape, seed: 5)
        func gradient() -> [Float] { winograd ? Winograd.weightGradient(x, g, geo) : Tensor.directWeightGradValues(x, g, geo) }
        var inline: [Float] = []
        Parallel.chunks(2) { chunk in if chunk.index == 0 { inline = gradient() } }  // holds the pool: runs inline
        for _ in 0..<3 { #expect(gradient() == inline) }
    }

    /// A batch of one image has fewer (sample, group) pairs than workers, so its im2col convolutions split the GEMMs
    /// by output rows (forward, weight gradient) or input channels (input gradient). Each must match the same image
    /// convolved as one sample of a larger batch, which takes the per-pair path.
    @Test("one image's convolution split by rows or channels", arguments: [(3, 1, 1), (1, 1, 0), (3, 2, 1), (5, 1, 2)])
    func singleImageSplits(kernel: Int, stride: Int, pad: Int) {
        let single = ConvGeometry(batch: 1, inChannels: 6, height: 13, width: 11, outChannels: 5, kernelH: kernel, kernelW: kernel,
                                  strideH: stride, strideW: stride, padH: pad, padW: pad)
        let batched = ConvGeometry(batch: Parallel.threads, inChannels: 6, height: 13, width: 11, outChannels: 5, kernelH: kernel,
                                   kernelW: kernel, strideH: stride, strideW: stride, padH: pad, padW: pad)
        #expect(!single.suitsWinograd(.gradient) && (Parallel.threads == 1 || Parallel.parts(items: 1, size: single.outH) > 1)
                && Parallel.parts(items: batched.batch, size: batched.outH) == 1)
        let x = WinogradTests.random(single.inputShape, seed: 6), w = WinogradTests.random(single.weightShape, seed: 7)
        let g = WinogradTests.random(single.outputShape, seed: 8)
        // The batch: the image first, then copies of it; the first sample of each result is compared. The weight
        // gradient's batch has a zero output gradient after the first sample, so it sums to the image's own.
        func repeated(_ v: [Float]) -> [Float] { (0..<Parallel.threads).flatMap { _ in v } }
        let gFirst = g + [Float](repeating: 0, count: g.count * (Parallel.threads - 1))
        let pairs: [([Float], [Float])] = [
            (Tensor.directConv2dValues(x, w, single), Array(Tensor.directConv2dValues(repeated(x), w, batched).prefix(single.outputShape.elementCount))),
            (Tensor.convInputGradValues(g, w, single), Array(Tensor.convInputGradValues(repeated(g), w, batched).prefix(single.inputShape.elementCount))),
            (Tensor.directWeightGradValues(x, g, single), Tensor.directWeightGradValues(repeated(x), gFirst, batched)),
        ]
        for (split, whole) in pairs {
            let scale = whole.map(Swift.abs).max() ?? 0
            let worst = zip(split, whole).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(split.count == whole.count && worst <= 1e-5 * scale, "largest difference \(worst) against values up to \(scale)")
        }
    }
}

