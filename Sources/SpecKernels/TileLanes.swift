/// A vector holding one value per tile for a group of side-by-side Winograd tiles: the transforms are written once,
/// generic over the group's width, and compiled for four lanes (any x86-64 or ARM CPU) and, in SpecKernelsAVX2, for
/// eight (AVX2). Each lane runs the same operations in the same order, so the widths give identical bits.
///
/// The requirements move a run of n = `scalarCount` side-by-side tiles between an image row and n-lane vectors. Tiles
/// are 4 pixels wide, so a run covers 4n consecutive columns and lane k holds column 4k + j.
public protocol TileLanes: SIMD where Scalar == Float {
    /// Columns j = 0…5 of one row of the runs' 6×6 patches (patches overlap by two columns): the 4n + 2 values from
    /// `p`, column j in lane k being value 4k + j.
    static func patchColumns(_ p: UnsafeRawPointer) -> (Self, Self, Self, Self, Self, Self)
    /// Columns j = 0…3 of one row of the run's 4×4 tiles: the 4n values from `p`, column j in lane k being value 4k + j.
    static func tileColumns(_ p: UnsafeRawPointer) -> (Self, Self, Self, Self)
    /// The inverse of `tileColumns`: writes the 4n values (c0[0], c1[0], c2[0], c3[0], c0[1], …) at `p`.
    static func storeTileColumns(_ c0: Self, _ c1: Self, _ c2: Self, _ c3: Self, to p: UnsafeMutableRawPointer)
}

extension SIMD4: TileLanes where Scalar == Float {
    /// Two 16-wide loads two values apart, split into lanes four apart.
    @inlinable @inline(__always)
    public static func patchColumns(_ p: UnsafeRawPointer) -> (Self, Self, Self, Self, Self, Self) {
        let low = p.loadUnaligned(as: SIMD16<Float>.self), high = p.loadUnaligned(fromByteOffset: 8, as: SIMD16<Float>.self)
        let lowEven = low.evenHalf, lowOdd = low.oddHalf, highEven = high.evenHalf, highOdd = high.oddHalf
        return (lowEven.evenHalf, lowOdd.evenHalf, lowEven.oddHalf, lowOdd.oddHalf, highEven.oddHalf, highOdd.oddHalf)
    }

    @inlinable @inline(__always)
    public static func tileColumns(_ p: UnsafeRawPointer) -> (Self, Self, Self, Self) {
        let row = p.loadUnaligned(as: SIMD16<Float>.self), even = row.evenHalf, odd = row.oddHalf
        return (even.evenHalf, odd.evenHalf, even.oddHalf, odd.oddHalf)
    }

    @inlinable @inline(__always)
    public static func storeTileColumns(_ a: Self, _ b: Self, _ c: Self, _ d: Self, to p: UnsafeMutableRawPointer) {
        p.storeBytes(of: SIMD16(a[0], b[0], c[0], d[0], a[1], b[1], c[1], d[1], a[2], b[2], c[2], d[2], a[3], b[3], c[3], d[3]),
                     as: SIMD16<Float>.self)
    }
}

extension SIMD8: TileLanes where Scalar == Float {
    /// Two 32-wide loads two values apart, split into lanes four apart.
    @inlinable @inline(__always)
    public static func patchColumns(_ p: UnsafeRawPointer) -> (Self, Self, Self, Self, Self, Self) {
        let low = p.loadUnaligned(as: SIMD32<Float>.self), high = p.loadUnaligned(fromByteOffset: 8, as: SIMD32<Float>.self)
        let lowEven = low.evenHalf, lowOdd = low.oddHalf, highEven = high.evenHalf, highOdd = high.oddHalf
        return (lowEven.evenHalf, lowOdd.evenHalf, lowEven.oddHalf, lowOdd.oddHalf, highEven.oddHalf, highOdd.oddHalf)
    }

    @inlinable @inline(__always)
    public static func tileColumns(_ p: UnsafeRawPointer) -> (Self, Self, Self, Self) {
        let row = p.loadUnaligned(as: SIMD32<Float>.self), even = row.evenHalf, odd = row.oddHalf
        return (even.evenHalf, odd.evenHalf, even.oddHalf, odd.oddHalf)
    }

    /// The first four tiles' 16 values, then the last four's.
    @inlinable @inline(__always)
    public static func storeTileColumns(_ a: Self, _ b: Self, _ c: Self, _ d: Self, to p: UnsafeMutableRawPointer) {
        SIMD4.storeTileColumns(a.lowHalf, b.lowHalf, c.lowHalf, d.lowHalf, to: p)
        SIMD4.storeTileColumns(a.highHalf, b.highHalf, c.highHalf, d.highHalf, to: p + 64)
    }
}
