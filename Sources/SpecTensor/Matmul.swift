/// Matrix products on cblas_sgemm.
extension Tensor {
    /// op(a) @ op(b) over the last two axes, where op transposes when the flag is set. Leading (batch) axes must
    /// match, or one operand is a plain matrix shared by every batch entry. The backward rule is this same
    /// primitive with other flags, so products differentiate to any order.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA ta: Bool = false, transposeB tb: Bool = false) throws -> Tensor {
        guard a.rank >= 2, b.rank >= 2 else {
            throw TensorError.message("matmul needs tensors of rank 2 or more, got \(a.shape.shapeDescription) and \(b.shape.shapeDescription)")
        }
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = ta ? (ac, ar) : (ar, ac)
        let (k2, n) = tb ? (bc, br) : (br, bc)
        let aBatch = Array(a.shape.dropLast(2)), bBatch = Array(b.shape.dropLast(2))
        guard k == k2, aBatch == bBatch || aBatch.isEmpty || bBatch.isEmpty else {
            throw TensorError.shapeMismatch(op: "matmul", a.shape, b.shape)
        }
        let batchShape = aBatch.isEmpty ? bBatch : aBatch
        let batch = batchShape.elementCount
        let outShape = batchShape + [m, n]
        try AllocationLimit.checkedCount(outShape, op: "matmul")
        var out = [Float](repeating: 0, count: outShape.elementCount)
        let aStride = aBatch.isEmpty ? 0 : ar * ac, bStride = bBatch.isEmpty ? 0 : br * bc
        if m > 0, n > 0, k > 0, batch > 0 {
            // Work items are batch entries, or blocks of rows of a product when there are fewer than workers.
            let large = batch * m * n * k >= 1 << 18
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    out.withUnsafeMutableBufferPointer { pc in
                        let pa = pa.baseAddress!, pb = pb.baseAddress!, pc = pc.baseAddress!
                        Parallel.chunks(items: batch, partsOf: m, parallel: large) { _, i, rows in
                            // Row r of op(A) is row r of A, or column r when A is stored transposed.
                            sgemm(transA: ta, transB: tb, m: rows.count, n: n, k: k,
                                  a: pa + i * aStride + (ta ? rows.lowerBound : rows.lowerBound * ac), lda: ac,
                                  b: pb + i * bStride, ldb: bc,
                                  c: pc + i * m * n + rows.lowerBound * n, ldc: n)
                        }
                    }
                }
            }
        }
        let aShape = a.shape, bShape = b.shape
        return .recorded(op: "matmul", shape: outShape, scalars: out, inputs: [a, b]) { g, needs in
            let ga: Tensor? = needs[0]
                ? try (ta ? matmul(b, g, transposeA: tb, transposeB: true) : matmul(g, b, transposeB: !tb)).sum(to: aShape) : nil
            let gb: Tensor? = needs[1]
                ? try (tb ? matmul(g, a, transposeA: true, transposeB: ta) : matmul(a, g, transposeA: !ta)).sum(to: bShape) : nil
            return [ga, gb]
        }
    }

    public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try matmul(a, b, transposeA: false, transposeB: false)
    }
}
