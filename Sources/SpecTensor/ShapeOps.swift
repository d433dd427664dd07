/// Ops that change a tensor's shape or move its values. Value-moving ops are built on `gatherAxes`.
extension Tensor {
    /// The same values in a new shape; one dimension may be −1 (inferred).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        if let unknown = target.firstIndex(of: -1) {
            let known = target.enumerated().filter { $0.offset != unknown }.map(\.element).elementCount
            guard known > 0, count % known == 0, target.filter({ $0 == -1 }).count == 1 else {
                throw TensorError.message("cannot reshape \(shape.shapeDescription) to \(newShape.shapeDescription)")
            }
            target[unknown] = count / known
        }
        guard target.allSatisfy({ $0 >= 0 }), target.elementCount == count else {
            throw TensorError.message("cannot reshape \(shape.shapeDescription) (\(count) elements) to \(newShape.shapeDescription)")
        }
        if target == shape { return self }
        let inputShape = shape
        return .recorded(op: "reshape", shape: target, scalars: scalars, input: self) { g in try g.reshaped(inputShape) }
    }

    public func flattened(from start: Int = 0) throws -> Tensor {
        let s = try axis(start)
        return try reshaped(Array(shape[..<s]) + [shape[s...].reduce(1, *)])
    }

    public func unsqueezed(_ axis: Int) throws -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        guard a >= 0, a <= rank else { throw TensorError.axisOutOfRange(axis, rank: rank) }
        var s = shape
        s.insert(1, at: a)
        return try reshaped(s)
    }

    /// Removes the given axis (which must have size 1), or every size-1 axis.
    public func squeezed(_ axis: Int? = nil) throws -> Tensor {
        guard let axis else { return try reshaped(shape.filter { $0 != 1 }) }
        let a = try self.axis(axis)
        guard shape[a] == 1 else { throw TensorError.message("squeeze: axis \(axis) has size \(shape[a]), not 1") }
        var s = shape
        s.remove(at: a)
        return try reshaped(s)
    }

    /// Reorders the axes: output axis i is input axis `order[i]`.
    public func permuted(_ order: [Int]) throws -> Tensor {
        let order = try order.map { try axis($0) }
        guard order.count == rank, Set(order).count == rank else {
            throw TensorError.message("permute: \(order) is not a permutation of the \(rank) axes")
        }
        if order == Array(0..<rank) { return self }
        let outShape = order.map { shape[$0] }
        let inStrides = shape.strides
        let readStrides = order.map { inStrides[$0] }
        // Every element is written once by the walk.
        let out = [Float](unsafeUninitializedCapacity: count) { dst, written in
            scalars.withUnsafeBufferPointer { src in
                forEachBroadcastRow(outShape, readStrides, readStrides) { o, a, _, n, step, _ in
                    copyRun(dst.baseAddress! + o, src.baseAddress! + a, n, step)
                }
            }
            written = count
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, o) in order.enumerated() { inverse[o] = i }
        return .recorded(op: "permute", shape: outShape, scalars: out, input: self) { g in try g.permuted(inverse) }
    }

    public func transposed(_ a: Int = -2, _ b: Int = -1) throws -> Tensor {
        var order = Array(0..<rank)
        order.swapAt(try axis(a), try axis(b))
        return try permuted(order)
    }

    /// Elements `start, start+step, …` below `end` along `axis` (negative bounds count from the end; step > 0).
    public func slice(axis: Int, start: Int = 0, end: Int? = nil, step: Int = 1) throws -> Tensor {
        let a = try self.axis(axis)
        guard step > 0 else { throw TensorError.message("slice step must be positive, got \(step)") }
        var maps = identityMaps()
        maps[a] = try Tensor.sliceIndices(count: shape[a], start: start, stop: end, step: step)
        return gatherAxes(maps, op: "slice")
    }

    /// Picks one index along `axis` and drops the axis.
    public func select(axis: Int, index: Int) throws -> Tensor {
        let a = try self.axis(axis)
        let i = index < 0 ? index + shape[a] : index
        guard i >= 0, i < shape[a] else { throw TensorError.message("index \(index) is out of range for axis \(axis) of size \(shape[a])") }
        return try slice(axis: a, start: i, end: i + 1).squeezed(a)
    }

    public func flipped(axes: [Int]) throws -> Tensor {
        var maps = identityMaps()
        for a in try resolvedAxes(axes) { maps[a].reverse() }
        return gatherAxes(maps, op: "flip")
    }

    /// Shifts values along `axis` by `shift` positions, wrapping around (numpy.roll).
    public func rolled(_ shift: Int, axis: Int) throws -> Tensor {
        let a = try self.axis(axis)
        let n = shape[a]
        guard n > 0 else { return self }
        var maps = identityMaps()
        maps[a] = (0..<n).map { (($0 - shift) % n + n) % n }
        return gatherAxes(maps, op: "roll")
    }

    /// Tiles the tensor `repeats[i]` times along each axis (PyTorch's `repeat`; extra leading repeats add axes).
    public func repeated(_ repeats: [Int]) throws -> Tensor {
        guard repeats.count >= rank, repeats.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.message("repeat needs at least \(rank) non-negative counts, got \(repeats)")
        }
        let base = try reshaped([Int](repeating: 1, count: repeats.count - rank) + shape)
        var sizes: [Int] = []
        for (n, r) in zip(base.shape, repeats) {
            let (size, overflow) = n.multipliedReportingOverflow(by: r)
            guard !overflow else { throw AllocationLimit.tooLarge(base.shape, op: "repeat") }
            sizes.append(size)
        }
        try AllocationLimit.checkedCount(sizes, op: "repeat")
        let maps = zip(base.shape, repeats).map { n, r in (0..<(n * r)).map { $0 % n } }
        return base.gatherAxes(maps, op: "repeat")
    }

    /// Joins tensors along an existing axis.
    public static func cat(_ tensors: [Tensor], axis: Int) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.message("cat needs at least one tensor") }
        let a = try first.axis(axis)
        for t in tensors where t.rank != first.rank || (0..<t.rank).contains(where: { $0 != a && t.shape[$0] != first.shape[$0] }) {
            throw TensorError.shapeMismatch(op: "cat", first.shape, t.shape)
        }
        var outShape = first.shape
        outShape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
        try AllocationLimit.checkedCount(outShape, op: "cat")
        let outer = first.shape[..<a].reduce(1, *), inner = first.shape[(a + 1)...].reduce(1, *)
        var out = [Float](repeating: 0, count: outShape.elementCount)
        var offset = 0
        for t in tensors {
            let run = t.shape[a] * inner
            for o in 0..<outer {
                let dst = o * outShape[a] * inner + offset
                for i in 0..<run { out[dst + i] = t.scalars[o * run + i] }
            }
            offset += run
        }
        let sizes = tensors.map { $0.shape[a] }
        return .recorded(op: "cat", shape: outShape, scalars: out, inputs: tensors) { g, needs in
            var start = 0
            return try zip(sizes, needs).map { size, needed in
                defer { start += size }
                return needed ? try g.slice(axis: a, start: start, end: start + size) : nil
            }
        }
    }

    /// Joins tensors of equal shape along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.message("stack needs at least one tensor") }
        let a = axis < 0 ? axis + first.rank + 1 : axis
        return try cat(tensors.map { try $0.unsqueezed(a) }, axis: a)
    }
}

/// Padding of the last two axes (left, right, top, bottom), as PyTorch's `F.pad` for 4-D input.
public enum PaddingMode: String, CaseIterable, Sendable {
    case zeros, reflect, replicate, circular
}

extension Tensor {
    /// Pads the last `pads.count / 2` axes: `pads` lists (before, after) pairs from the last axis backwards, as
    /// PyTorch's `F.pad`. Reflect padding must be smaller than the axis it reflects.
    public func padded(_ pads: [Int], mode: PaddingMode = .zeros) throws -> Tensor {
        guard pads.count % 2 == 0, pads.count / 2 <= rank, pads.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.message("pad needs non-negative (before, after) pairs for at most \(rank) axes, got \(pads)")
        }
        var grown = shape
        for k in 0..<(pads.count / 2) {
            let a = rank - 1 - k
            let (s1, o1) = grown[a].addingReportingOverflow(pads[2 * k])
            let (s2, o2) = s1.addingReportingOverflow(pads[2 * k + 1])
            guard !o1, !o2 else { throw AllocationLimit.tooLarge(shape, op: "pad") }
            grown[a] = s2
        }
        try AllocationLimit.checkedCount(grown, op: "pad")
        var maps = identityMaps()
        for k in 0..<(pads.count / 2) {
            let a = rank - 1 - k, n = shape[a], before = pads[2 * k], after = pads[2 * k + 1]
            if mode == .reflect, before >= n || after >= n {
                throw TensorError.message("reflect padding \(Swift.max(before, after)) must be smaller than the size \(n) of axis \(a)")
            }
            if mode != .zeros, n == 0 { throw TensorError.message("cannot \(mode.rawValue)-pad an empty axis") }
            if mode == .circular, before > n || after > n {
                throw TensorError.message("circular padding \(Swift.max(before, after)) must not exceed the size \(n) of axis \(a)")
            }
            maps[a] = (-before..<(n + after)).map { i in
                if i >= 0 && i < n { return i }
                switch mode {
                case .zeros: return -1
                case .reflect: return i < 0 ? -i : 2 * (n - 1) - i
                case .replicate: return i < 0 ? 0 : n - 1
                case .circular: return (i % n + n) % n
                }
            }
        }
        return gatherAxes(maps, op: "pad_\(mode.rawValue)")
    }
}
