extension Tensor {
    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        Tensor(uncheckedShape: shape, scalars: [Float](repeating: value, count: shape.elementCount))
    }
    public static func zeros(_ shape: [Int]) -> Tensor { full(shape, 0) }
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }

    /// Values start, start+step, … below end (PyTorch's `arange`).
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else { throw TensorError.message("arange needs finite bounds and a non-zero step") }
        let steps = Swift.max(0, (Double(end) - Double(start)) / Double(step)).rounded(.up)
        guard steps < 1e15 else { throw TensorError.message("arange would make \(steps) elements") }
        let n = try AllocationLimit.checkedCount(Int(steps), op: "arange")
        return Tensor((0..<n).map { start + Float($0) * step })
    }

    /// `count` evenly spaced values from start to end inclusive.
    public static func linspace(_ start: Float, _ end: Float, count: Int) throws -> Tensor {
        guard count >= 0 else { throw TensorError.message("linspace needs a non-negative count") }
        try AllocationLimit.checkedCount(count, op: "linspace")
        if count == 1 { return Tensor([start]) }
        let step = (Double(end) - Double(start)) / Double(Swift.max(count - 1, 1))
        return Tensor((0..<count).map { Float(Double(start) + Double($0) * step) })
    }
}
