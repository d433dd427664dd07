extension AVX2Kernels {
    /// C = A · B for row-major matrices (C m × n, A m × k, B k × n, rows `ldc`, `lda`, `ldb` floats apart), with
    /// no packing: Winograd's products are small (8–64 rows and depth, 128 columns) and made 36 at a time, and
    /// OpenBLAS copied both operands (and zeroed C) on every call. Blocks of 4 rows × 24 columns keep twelve 8-lane
    /// sums in registers; each step of the depth loads three vectors of a B row, broadcasts four values of A and
    /// fuses twelve multiply-adds. Every C value is one sum over the depth in order, as OpenBLAS's kernel makes it.
    public static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int) {
        var i = 0
        while i + 4 <= m {
            var j = 0
            while j + 24 <= n { block4x24(k, a + i &* lda, lda, b + j, ldb, c + (i &* ldc &+ j), ldc); j += 24 }
            while j + 8 <= n { block4x8(k, a + i &* lda, lda, b + j, ldb, c + (i &* ldc &+ j), ldc); j += 8 }
            for row in i..<(i + 4) { scalarTail(row: row, columns: j..<n, k, a, lda, b, ldb, c, ldc) }
            i += 4
        }
        while i < m {
            var j = 0
            while j + 8 <= n { block1x8(k, a + i &* lda, b + j, ldb, c + (i &* ldc &+ j)); j += 8 }
            scalarTail(row: i, columns: j..<n, k, a, lda, b, ldb, c, ldc)
            i += 1
        }
    }

    typealias Vector = SIMD8<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self) }

    @inline(__always)
    static func block4x24(_ k: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                          _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        var c00 = Vector(), c01 = Vector(), c02 = Vector(), c10 = Vector(), c11 = Vector(), c12 = Vector()
        var c20 = Vector(), c21 = Vector(), c22 = Vector(), c30 = Vector(), c31 = Vector(), c32 = Vector()
        let a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda
        var row = b
        for p in 0..<k {
            let b0 = load(row), b1 = load(row + 8), b2 = load(row + 16)
            var s = Vector(repeating: a[p])
            c00 = c00.addingProduct(s, b0); c01 = c01.addingProduct(s, b1); c02 = c02.addingProduct(s, b2)
            s = Vector(repeating: a1[p])
            c10 = c10.addingProduct(s, b0); c11 = c11.addingProduct(s, b1); c12 = c12.addingProduct(s, b2)
            s = Vector(repeating: a2[p])
            c20 = c20.addingProduct(s, b0); c21 = c21.addingProduct(s, b1); c22 = c22.addingProduct(s, b2)
            s = Vector(repeating: a3[p])
            c30 = c30.addingProduct(s, b0); c31 = c31.addingProduct(s, b1); c32 = c32.addingProduct(s, b2)
            row += ldb
        }
        store(c00, c); store(c01, c + 8); store(c02, c + 16)
        store(c10, c + ldc); store(c11, c + ldc + 8); store(c12, c + ldc + 16)
        store(c20, c + 2 &* ldc); store(c21, c + 2 &* ldc + 8); store(c22, c + 2 &* ldc + 16)
        store(c30, c + 3 &* ldc); store(c31, c + 3 &* ldc + 8); store(c32, c + 3 &* ldc + 16)
    }

    @inline(__always)
    static func block4x8(_ k: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                         _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        var c0 = Vector(), c1 = Vector(), c2 = Vector(), c3 = Vector()
        let a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda
        var row = b
        for p in 0..<k {
            let b0 = load(row)
            c0 = c0.addingProduct(Vector(repeating: a[p]), b0); c1 = c1.addingProduct(Vector(repeating: a1[p]), b0)
            c2 = c2.addingProduct(Vector(repeating: a2[p]), b0); c3 = c3.addingProduct(Vector(repeating: a3[p]), b0)
            row += ldb
        }
        store(c0, c); store(c1, c + ldc); store(c2, c + 2 &* ldc); store(c3, c + 3 &* ldc)
    }

    @inline(__always)
    static func block1x8(_ k: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>) {
        var sum = Vector(), row = b
        for p in 0..<k {
            sum = sum.addingProduct(Vector(repeating: a[p]), load(row))
            row += ldb
        }
        store(sum, c)
    }

    /// Columns left over after the 8-wide blocks (fewer than eight), one value at a time.
    @inline(__always)
    static func scalarTail(row: Int, columns: Range<Int>, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>,
                           _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        for j in columns {
            var sum: Float = 0
            for p in 0..<k { sum = sum.addingProduct(a[row &* lda &+ p], b[p &* ldb &+ j]) }
            c[row &* ldc &+ j] = sum
        }
    }
}
