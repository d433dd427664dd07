/// 2-D convolution (cross-correlation, as PyTorch) on im2col + sgemm.
///
/// Three primitives share one geometry and two packing kernels; each is the others' adjoint, so together they
/// differentiate to any order:
///   conv2d(x, w)                    y = W · im2col(x)
///   convInputGrad(g, w) → x-shaped  col2im(Wᵀ · g)        (also PyTorch's conv_transpose2d)
///   convWeightGrad(x, g) → w-shaped g · im2col(x)ᵀ
public struct ConvGeometry: Equatable, Sendable {
    public var batch, inChannels, height, width: Int
    public var outChannels, kernelH, kernelW: Int
    public var strideH = 1, strideW = 1, padH = 0, padW = 0, groups = 1

    public var outH: Int { (height + 2 * padH - kernelH) / strideH + 1 }
    public var outW: Int { (width + 2 * padW - kernelW) / strideW + 1 }
    var groupIn: Int { inChannels / groups }
    var groupOut: Int { outChannels / groups }
    /// Rows of the packed column matrix of one group.
    var patch: Int { groupIn * kernelH * kernelW }
    var inputShape: [Int] { [batch, inChannels, height, width] }
    var weightShape: [Int] { [outChannels, groupIn, kernelH, kernelW] }
    var outputShape: [Int] { [batch, outChannels, outH, outW] }
    /// A 1×1 kernel with unit stride and no padding reads the input as its own column matrix.
    var isPointwise: Bool { kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0 }
    /// Size of one worker's packing buffer for a group's column matrix (none for a pointwise convolution).
    var columnCount: Int { isPointwise ? 0 : patch * outH * outW }

    func validate() throws {
        guard [batch, inChannels, height, width, outChannels, kernelH, kernelW].allSatisfy({ $0 > 0 }),
              strideH > 0, strideW > 0, padH >= 0, padW >= 0, groups > 0 else {
            throw TensorError.message("conv2d: invalid sizes \(self)")
        }
        // Sizes from user input: bound them before any arithmetic on them can overflow.
        let limit = 1 << 40
        guard [height, width, padH, padW, kernelH, kernelW, strideH, strideW].allSatisfy({ $0 < limit }) else {
            throw TensorError.message("conv2d: sizes, padding and stride must be below 2^40, got \(self)")
        }
        try AllocationLimit.checkedCount(outputShape, op: "conv2d")
        try AllocationLimit.checkedCount([batch, groupIn * kernelH * kernelW, Swift.max(outH, 1) * Swift.max(outW, 1)], op: "conv2d")
        guard inChannels % groups == 0, outChannels % groups == 0 else {
            throw TensorError.message("conv2d: \(inChannels) input and \(outChannels) output channels do not divide into \(groups) groups")
        }
        guard height + 2 * padH >= kernelH, width + 2 * padW >= kernelW else {
            throw TensorError.message("conv2d: the \(kernelH)×\(kernelW) kernel is larger than the padded \(height)×\(width) input")
        }
    }
}

extension ConvGeometry {
    /// With unit stride and padding below the kernel size, the input gradient is itself a convolution: of the
    /// output gradient, padded by k − 1 − p, with the kernel flipped and its channel axes swapped. That runs as the
    /// forward kernel (a well-shaped GEMM) instead of a thin GEMM followed by col2im.
    var hasUnitStride: Bool { strideH == 1 && strideW == 1 && padH < kernelH && padW < kernelW }

    var adjointGeometry: ConvGeometry {
        ConvGeometry(batch: batch, inChannels: outChannels, height: outH, width: outW, outChannels: inChannels,
                     kernelH: kernelH, kernelW: kernelW, padH: kernelH - 1 - padH, padW: kernelW - 1 - padW, groups: groups)
    }

    /// w'[g·Cin_g + ci][co][i][j] = w[g·Cout_g + co][ci][kh−1−i][kw−1−j], the weight of `adjointGeometry`.
    func flippedTransposedWeight(_ w: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: w.count)
        let taps = kernelH * kernelW
        for grp in 0..<groups {
            for co in 0..<groupOut {
                for ci in 0..<groupIn {
                    let src = ((grp * groupOut + co) * groupIn + ci) * taps
                    let dst = ((grp * groupIn + ci) * groupOut + co) * taps
                    for t in 0..<taps { out[dst + t] = w[src + taps - 1 - t] }
                }
            }
        }
        return out
    }

    /// The output columns ox whose input column ox·stride − pad + j lies inside the image, as a half-open range.
    @inline(__always)
    func validColumns(_ j: Int) -> (Int, Int) {
        let ow = outW
        // Smallest ox with ox·s ≥ pad − j, and smallest ox with ox·s ≥ width + pad − j (first one past the edge).
        let first = padW > j ? (padW &- j &+ strideW &- 1) / strideW : 0
        let past = width &+ padW &- j > 0 ? (width &+ padW &- j &+ strideW &- 1) / strideW : 0
        return (Swift.min(first, ow), Swift.min(Swift.max(past, first), ow))
    }

    /// Packs the receptive fields of output rows `rows` of one group of one sample:
    /// col[(c·kh + i)·kw + j][(oy − rows.lowerBound)·outW + ox].
    func im2col(_ x: UnsafePointer<Float>, _ col: UnsafeMutablePointer<Float>, rows: Range<Int>) {
        let ow = outW, width = rows.count &* ow
        for c in 0..<groupIn {
            let plane = x + c &* height &* self.width
            for i in 0..<kernelH {
                for j in 0..<kernelW {
                    let row = col + ((c &* kernelH &+ i) &* kernelW &+ j) &* width
                    for oy in rows {
                        let iy = oy &* strideH &- padH &+ i
                        let dst = row + (oy &- rows.lowerBound) &* ow
                        guard iy >= 0, iy < height else { dst.update(repeating: 0, count: ow); continue }
                        let src = plane + iy &* self.width
                        let (lo, hi) = validColumns(j)
                        if lo > 0 { dst.update(repeating: 0, count: lo) }
                        if hi < ow { (dst + hi).update(repeating: 0, count: ow &- hi) }
                        if strideW == 1 {
                            if hi > lo { (dst + lo).update(from: src + (lo &- padW &+ j), count: hi &- lo) }
                        } else {
                            for ox in lo..<hi { dst[ox] = src[ox &* strideW &- padW &+ j] }
                        }
                    }
                }
            }
        }
    }

    /// The column matrix of some output rows of one (sample, group) pair: K rows of `count` columns, `ld` apart,
    /// the first being output position `first`.
    struct PackedColumns {
        let values: UnsafePointer<Float>, ld: Int, first: Int, count: Int
    }

    /// Calls `body(piece, sample, group, columns)` with the packed column matrix (K × output positions) of every
    /// sample and group of `x`, or of blocks of their output rows when there are fewer pairs than workers
    /// (`Parallel.chunks(items:partsOf:)`), spread over the workers in pieces, each with its own packing buffer: a
    /// modulated convolution is one sample with a group per image, and spreading samples alone left it on one core.
    /// A pointwise convolution's input is its own column matrix and is passed as it is.
    func forEachPackedInput(_ x: [Float], _ body: (_ piece: Int, _ sample: Int, _ group: Int, _ columns: PackedColumns) -> Void) {
        let inPlane = height * width, hw = outH * outW
        x.withUnsafeBufferPointer { px in
            let px = px.baseAddress!
            // One packing buffer per piece, allocated once: per (sample, group) pair, each was a fresh mapping of up
            // to a few MB.
            let pieces = Parallel.pieces(items: batch * groups, partsOf: outH)
            var buffers = [Float](unsafeUninitializedCapacity: pieces * columnCount) { _, n in n = pieces * columnCount }
            buffers.withUnsafeMutableBufferPointer { buffers in
                Parallel.chunks(items: batch * groups, partsOf: outH) { piece, pair, rows in
                    let (n, g) = pair.quotientAndRemainder(dividingBy: groups)
                    let src = px + (n * inChannels + g * groupIn) * inPlane
                    if let buffer = buffers.baseAddress.map({ $0 + piece * columnCount }), !isPointwise {
                        im2col(src, buffer, rows: rows)
                        body(piece, n, g, PackedColumns(values: buffer, ld: rows.count * outW, first: rows.lowerBound * outW,
                                                        count: rows.count * outW))
                    } else {
                        body(piece, n, g, PackedColumns(values: src + rows.lowerBound * outW, ld: hw,
                                                        first: rows.lowerBound * outW, count: rows.count * outW))
                    }
                }
            }
        }
    }

    /// Adds a column matrix back onto the image positions it was packed from (the adjoint of `im2col`), for input
    /// channels `channels` of a group: col holds their rows only, x points at the group's first channel.
    func col2im(_ col: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>, channels: Range<Int>) {
        let oh = outH, ow = outW, hw = oh &* ow
        for c in channels {
            let plane = x + c &* height &* width
            for i in 0..<kernelH {
                for j in 0..<kernelW {
                    let row = col + (((c &- channels.lowerBound) &* kernelH &+ i) &* kernelW &+ j) &* hw
                    for oy in 0..<oh {
                        let iy = oy &* strideH &- padH &+ i
                        guard iy >= 0, iy < height else { continue }
                        let src = row + oy &* ow, dst = plane + iy &* width
                        let (lo, hi) = validColumns(j)
                        for ox in lo..<hi { dst[ox &* strideW &- padW &+ j] += src[ox] }
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// PyTorch's `F.conv2d(x, weight, bias, stride, padding, groups)`. The bias is added inside the op rather than
    /// by a broadcast add, which would keep a second activation-sized tensor alive in the graph.
    public static func conv2d(_ x: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1),
                              padding: (Int, Int) = (0, 0), groups: Int = 1) throws -> Tensor {
        guard x.rank == 4, weight.rank == 4 else {
            throw TensorError.message("conv2d needs a 4-D input (N, C, H, W) and a 4-D weight, got \(x.shape.shapeDescription) and \(weight.shape.shapeDescription)")
        }
        let geo = ConvGeometry(batch: x.shape[0], inChannels: x.shape[1], height: x.shape[2], width: x.shape[3],
                               outChannels: weight.shape[0], kernelH: weight.shape[2], kernelW: weight.shape[3],
                               strideH: stride.0, strideW: stride.1, padH: padding.0, padW: padding.1, groups: groups)
        try geo.validate()
        guard weight.shape[1] * groups == x.shape[1] else {
            throw TensorError.message("conv2d: the weight expects \(weight.shape[1] * groups) input channels, the input has \(x.shape[1])")
        }
        guard let bias else { return conv2d(x, weight, geo) }
        guard bias.shape == [geo.outChannels] else {
            throw TensorError.message("conv2d: the bias must have shape (\(geo.outChannels),), got \(bias.shape.shapeDescription)")
        }
        let out = conv2dValues(x.scalars, weight.scalars, geo, bias: bias.scalars)
        return .recorded(op: "conv2d", shape: geo.outputShape, scalars: out, inputs: [x, weight, bias]) { g, needs in
            [needs[0] ? convInputGrad(g, weight, geo) : nil, needs[1] ? convWeightGrad(x, g, geo) : nil,
             needs[2] ? try g.sum(axes: [0, 2, 3]) : nil]
        }
    }

    static func conv2d(_ x: Tensor, _ w: Tensor, _ geo: ConvGeometry) -> Tensor {
        let out = conv2dValues(x.scalars, w.scalars, geo)
        return .recorded(op: "conv2d", shape: geo.outputShape, scalars: out, inputs: [x, w]) { g, needs in
            [needs[0] ? convInputGrad(g, w, geo) : nil, needs[1] ? convWeightGrad(x, g, geo) : nil]
        }
    }

    /// The forward kernel: Winograd's algorithm where it applies (which adds the bias as it writes each tile), else
    /// im2col and GEMM, then the bias.
    private static func conv2dValues(_ x: [Float], _ w: [Float], _ geo: ConvGeometry, bias: [Float]? = nil,
                                     use: Winograd.Use = .forward) -> [Float] {
        if geo.suitsWinograd(use) { return Winograd.forward(x, w, geo, bias: bias) }
        var out = directConv2dValues(x, w, geo)
        guard let bias else { return out }
        let plane = geo.outH * geo.outW, channels = geo.outChannels, count = out.count
        out.withUnsafeMutableBufferPointer { po in
            bias.withUnsafeBufferPointer { pb in
                let po = po.baseAddress!, pb = pb.baseAddress!
                Parallel.chunks(geo.batch * channels, parallel: count >= Parallel.minimumElements) { chunk in
                    for p in chunk.range {
                        let b = pb[p % channels], values = po + p * plane
                        for i in 0..<plane { values[i] += b }
                    }
                }
            }
        }
        return out
    }

    /// Per sample and group, pack the input (unless pointwise) and multiply by the weights.
    static func directConv2dValues(_ x: [Float], _ w: [Float], _ geo: ConvGeometry) -> [Float] {
        let hw = geo.outH * geo.outW
        // Every element is written by a GEMM with beta 0 (the patch size is never 0), so no zero fill is needed.
        var out = [Float](unsafeUninitializedCapacity: geo.outputShape.elementCount) { _, n in n = geo.outputShape.elementCount }
        w.withUnsafeBufferPointer { pw in
            out.withUnsafeMutableBufferPointer { po in
                let pw = pw.baseAddress!, po = po.baseAddress!
                geo.forEachPackedInput(x) { _, n, g, columns in
                    sgemm(transA: false, transB: false, m: geo.groupOut, n: columns.count, k: geo.patch,
                          a: pw + g * geo.groupOut * geo.patch, lda: geo.patch, b: columns.values, ldb: columns.ld,
                          c: po + (n * geo.outChannels + g * geo.groupOut) * hw + columns.first, ldc: hw)
                }
            }
        }
        return out
    }

    /// The gradient of conv2d with respect to its input, for output gradient `g`.
    static func convInputGrad(_ g: Tensor, _ w: Tensor, _ geo: ConvGeometry) -> Tensor {
        let out = geo.hasUnitStride ? conv2dValues(g.scalars, geo.flippedTransposedWeight(w.scalars), geo.adjointGeometry, use: .gradient)
                                    : convInputGradValues(g.scalars, w.scalars, geo)
        return .recorded(op: "conv2d_input_grad", shape: geo.inputShape, scalars: out, inputs: [g, w]) { h, needs in
            [needs[0] ? conv2d(h, w, geo) : nil, needs[1] ? convWeightGrad(h, g, geo) : nil]
        }
    }

    /// Wᵀ · g unpacked onto the image (col2im), the general form of the input gradient.
    static func convInputGradValues(_ g: [Float], _ w: [Float], _ geo: ConvGeometry) -> [Float] {
        let hw = geo.outH * geo.outW, inPlane = geo.height * geo.width
        var out = [Float](repeating: 0, count: geo.inputShape.elementCount)
        g.withUnsafeBufferPointer { pg in
            w.withUnsafeBufferPointer { pw in
                out.withUnsafeMutableBufferPointer { po in
                    let pg = pg.baseAddress!, pw = pw.baseAddress!, po = po.baseAddress!
                    // (sample, group) pairs over the workers, as in `forEachPackedInput`; each writes its own channels. With
                    // fewer pairs than workers, each pair's input channels are split in blocks instead of its rows (col2im
                    // adds into the rows around each output row, so blocks of rows would overlap).
                    let pairs = geo.batch * geo.groups, taps = geo.kernelH * geo.kernelW, size = geo.columnCount
                    let pieces = Parallel.pieces(items: pairs, partsOf: geo.groupIn)
                    var buffers = [Float](unsafeUninitializedCapacity: pieces * size) { _, n in n = pieces * size }
                    buffers.withUnsafeMutableBufferPointer { buffers in
                        Parallel.chunks(items: pairs, partsOf: geo.groupIn) { piece, pair, channels in
                            let (n, grp) = pair.quotientAndRemainder(dividingBy: geo.groups)
                            let dst = po + (n * geo.inChannels + grp * geo.groupIn) * inPlane
                            let buffer = buffers.baseAddress.map { $0 + piece * size }
                            sgemm(transA: true, transB: false, m: channels.count * taps, n: hw, k: geo.groupOut,
                                  a: pw + grp * geo.groupOut * geo.patch + channels.lowerBound * taps, lda: geo.patch,
                                  b: pg + (n * geo.outChannels + grp * geo.groupOut) * hw, ldb: hw,
                                  c: geo.isPointwise ? dst + channels.lowerBound * inPlane : buffer!, ldc: hw)
                            if !geo.isPointwise { geo.col2im(buffer!, dst, channels: channels) }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The gradient of conv2d with respect to its weight, for input `x` and output gradient `g`.
    static func convWeightGrad(_ x: Tensor, _ g: Tensor, _ geo: ConvGeometry) -> Tensor {
        let out = geo.suitsWinograd(.gradient) ? Winograd.weightGradient(x.scalars, g.scalars, geo) : directWeightGradValues(x.scalars, g.scalars, geo)
        return .recorded(op: "conv2d_weight_grad", shape: geo.weightShape, scalars: out, inputs: [x, g]) { h, needs in
            [needs[0] ? convInputGrad(g, h, geo) : nil, needs[1] ? conv2d(x, h, geo) : nil]
        }
    }

    /// g · im2col(x)ᵀ summed over samples, with a partial sum per piece.
    static func directWeightGradValues(_ x: [Float], _ g: [Float], _ geo: ConvGeometry) -> [Float] {
        let hw = geo.outH * geo.outW
        let size = geo.weightShape.elementCount
        let pieces = Parallel.pieces(items: geo.batch * geo.groups, partsOf: geo.outH)
        var partial = [Float](repeating: 0, count: size * pieces)
        g.withUnsafeBufferPointer { pg in
            partial.withUnsafeMutableBufferPointer { pp in
                let pg = pg.baseAddress!, pp = pp.baseAddress!
                geo.forEachPackedInput(x) { piece, n, grp, columns in
                    sgemm(transA: false, transB: true, m: geo.groupOut, n: geo.patch, k: columns.count,
                          a: pg + (n * geo.outChannels + grp * geo.groupOut) * hw + columns.first, lda: hw,
                          b: columns.values, ldb: columns.ld, beta: 1,
                          c: pp + piece * size + grp * geo.groupOut * geo.patch, ldc: geo.patch)
                }
            }
        }
        // Partial sums are added in order of piece, so the result depends on neither scheduling nor thread count.
        return Parallel.sumOfPieces(partial, pieces: pieces, size: size)
    }

    /// PyTorch's `F.conv_transpose2d(x, weight, stride, padding, output_padding, groups)` without bias; the weight
    /// has shape (C_in, C_out / groups, kH, kW).
    public static func convTranspose2d(_ x: Tensor, _ weight: Tensor, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                                       outputPadding: (Int, Int) = (0, 0), groups: Int = 1) throws -> Tensor {
        guard x.rank == 4, weight.rank == 4, weight.shape[0] == x.shape[1], groups > 0, x.shape[1] % groups == 0 else {
            throw TensorError.message("conv_transpose2d needs input (N, C, H, W) and weight (C, C_out/groups, kH, kW), got \(x.shape.shapeDescription) and \(weight.shape.shapeDescription)")
        }
        guard outputPadding.0 >= 0, outputPadding.1 >= 0, outputPadding.0 < Swift.max(stride.0, 1), outputPadding.1 < Swift.max(stride.1, 1) else {
            throw TensorError.message("conv_transpose2d: output padding must be smaller than the stride")
        }
        guard [stride.0, stride.1, padding.0, padding.1].allSatisfy({ $0 >= 0 && $0 < 1 << 30 }), x.shape[2] < 1 << 30, x.shape[3] < 1 << 30 else {
            throw TensorError.message("conv_transpose2d: stride and padding must be between 0 and 2^30")
        }
        let h = (x.shape[2] - 1) * stride.0 - 2 * padding.0 + weight.shape[2] + outputPadding.0
        let w = (x.shape[3] - 1) * stride.1 - 2 * padding.1 + weight.shape[3] + outputPadding.1
        // Seen from the convolution it inverts: that conv maps (C_out) channels of size h×w to x's (C) channels.
        let geo = ConvGeometry(batch: x.shape[0], inChannels: weight.shape[1] * groups, height: h, width: w,
                               outChannels: x.shape[1], kernelH: weight.shape[2], kernelW: weight.shape[3],
                               strideH: stride.0, strideW: stride.1, padH: padding.0, padW: padding.1, groups: groups)
        try geo.validate()
        guard geo.outH == x.shape[2], geo.outW == x.shape[3] else { throw TensorError.message("conv_transpose2d: inconsistent sizes") }
        return convInputGrad(x, weight, geo)
    }
}
