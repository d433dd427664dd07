import Foundation
import SpecGAN
import SpecSyntax
import SpecTensor

/// The numeric core as builtins: creation, shape, math, reductions, convolution and resampling, autograd, .npy.
enum TensorBuiltins {
    static func register(_ r: BuiltinRegistry) {
        creation(r)
        shapeOps(r)
        math(r)
        reductions(r)
        neuralOps(r)
        autograd(r)
    }

    static let x = Builtin.Parameter("x", .tensor, "a tensor (numbers and lists of numbers are converted)")

    private static func tensorResult(_ t: Tensor) -> Value { .tensor(t) }

    // MARK: Creation

    static func creation(_ r: BuiltinRegistry) {
        r.add(Builtin("tensor", topic: .math, [.init("values", .tensor, "a number, a (nested) list of numbers, or a tensor")],
                      summary: "A tensor from numbers or nested lists.", example: "tensor([[1, 2], [3, 4]])") { args in
            .tensor(try args.tensor("values"))
        })
        let shape = Builtin.Parameter("shape", .shape, "the sizes of the axes, e.g. [2, 3]")
        r.add(Builtin("zeros", topic: .math, [shape], summary: "A tensor of zeros.", example: "zeros([2, 3])") { args in
            .tensor(.zeros(try args.shape("shape")))
        })
        r.add(Builtin("ones", topic: .math, [shape], summary: "A tensor of ones.", example: "ones([2, 3])") { args in
            .tensor(.ones(try args.shape("shape")))
        })
        r.add(Builtin("full", topic: .math, [shape, .init("value", .number, "the value of every element")],
                      summary: "A tensor with every element equal to a value.", example: "full([2, 2], 0.5)") { args in
            .tensor(.full(try args.shape("shape"), try args.float("value")))
        })
        r.add(Builtin("arange", topic: .math, [.init("start", .number, "first value, or the end when end is nil"),
                                               .init("end", .number, default: .nil, "end (exclusive)"),
                                               .init("step", .number, default: .number(1), "spacing")],
                      summary: "Evenly spaced values start, start+step, … below end.", example: "arange(0, 1, step: 0.25)") { args in
            let start = args.isNil("end") ? 0 : try args.float("start"), end = args.isNil("end") ? try args.float("start") : try args.float("end")
            return .tensor(try Tensor.arange(start, end, step: try args.float("step")))
        })
        r.add(Builtin("linspace", topic: .math, [.init("start", .number, "first value"), .init("end", .number, "last value"),
                                                 .init("count", .integer, "number of values")],
                      summary: "count evenly spaced values from start to end inclusive.", example: "linspace(0, 1, 5)") { args in
            .tensor(try Tensor.linspace(try args.float("start"), try args.float("end"), count: try args.count("count", minimum: 0)))
        })
        r.add(Builtin("randn", topic: .math, [shape, .init("mean", .number, default: .number(0), "mean"), .init("std", .number, default: .number(1), "standard deviation")],
                      summary: "Normal random numbers from the session's seeded stream.", example: "randn([2, 3])") { args in
            let s = try args.shape("shape")
            return .tensor(.randn(s, using: &args.interpreter.rng, mean: try args.float("mean"), std: try args.float("std")))
        })
        r.add(Builtin("rand", topic: .math, [shape, .init("low", .number, default: .number(0), "lower bound"), .init("high", .number, default: .number(1), "upper bound (exclusive)")],
                      summary: "Uniform random numbers from the session's seeded stream.", example: "rand([2, 3], low: -1, high: 1)") { args in
            let s = try args.shape("shape")
            return .tensor(.rand(s, using: &args.interpreter.rng, low: try args.float("low"), high: try args.float("high")))
        })
        r.add(Builtin("tolist", topic: .math, [x], summary: "A tensor as nested lists of numbers.", example: "tolist(arange(3))") { args in
            Convert.nestedList(try args.tensor("x"))
        })
        r.add(Builtin("item", topic: .math, [x], summary: "The number in a one-element tensor.", example: "item(sum(ones([3])))") { args in
            let t = try args.tensor("x")
            guard let v = t.item else { throw args.error("x", "item needs a one-element tensor, got shape \(t.shape.shapeDescription)") }
            return .number(Double(v))
        })
        r.add(Builtin("load_npy", topic: .media, [.init("path", .string, "a .npy file (float32, float64, int32 or int64)")],
                      summary: "Read a NumPy .npy file as a tensor.", example: "let x = load_npy(\"x.npy\")") { args in
            let url = try args.interpreter.files.readURL(try args.string("path"), at: args.spanOf("path"))
            do { return .tensor(try NPY.read(url).tensor) } catch let e as TensorError { throw args.error("path", e.description, kind: .io) }
        })
        r.add(Builtin("save_npy", topic: .media, [x, .init("path", .string, "where to write (relative to the output folder)")],
                      summary: "Write a tensor as a float32 NumPy .npy file.", example: "save_npy(x, \"x.npy\")") { args in
            let url = try args.interpreter.files.writeURL(try args.string("path"), at: args.spanOf("path"))
            do { try NPY.write(try args.tensor("x"), to: url) } catch let e as TensorError { throw args.error("path", e.description, kind: .io) }
            args.interpreter.onFileWritten(WrittenFile(url))
            return .string(url.path)
        })
    }

    /// Guards against a typo like randn([100000, 100000]) exhausting memory.
    // MARK: Shape

    static func shapeOps(_ r: BuiltinRegistry) {
        let axis = Builtin.Parameter("axis", .integer, "an axis (negative counts from the end)")
        r.add(Builtin("reshape", topic: .shape, [x, .init("shape", .list, "new sizes; one may be -1")],
                      summary: "The same values in a new shape.", example: "reshape(arange(6), [2, 3])") { args in
            let sizes = try args.list("shape").map { v -> Int in
                guard case .number(let n) = v, n.rounded() == n, n >= -1, n < 1e12 else { throw args.error("shape", "sizes must be whole numbers ≥ -1") }
                return Int(n)
            }
            return .tensor(try args.tensor("x").reshaped(sizes))
        })
        r.add(Builtin("permute", topic: .shape, [x, .init("axes", .list, "the new order of the axes")],
                      summary: "Reorder the axes.", example: "permute(randn([2, 3, 4]), [2, 0, 1])") { args in
            .tensor(try args.tensor("x").permuted(try args.axes("axes") ?? []))
        })
        r.add(Builtin("transpose", topic: .shape, [x, .init("a", .integer, default: .number(-2), "first axis"), .init("b", .integer, default: .number(-1), "second axis")],
                      summary: "Swap two axes (the last two by default).", example: "transpose(randn([2, 3]))") { args in
            .tensor(try args.tensor("x").transposed(try args.int("a"), try args.int("b")))
        })
        r.add(Builtin("flatten", topic: .shape, [x, .init("start", .integer, default: .number(0), "first axis to merge")],
                      summary: "Merge the axes from start on into one.", example: "flatten(randn([2, 3, 4]), start: 1)") { args in
            .tensor(try args.tensor("x").flattened(from: try args.int("start")))
        })
        r.add(Builtin("squeeze", topic: .shape, [x, .init("axis", .integer, default: .nil, "the size-1 axis to drop; all of them when nil")],
                      summary: "Remove axes of size 1.", example: "squeeze(zeros([1, 3, 1]))") { args in
            .tensor(try args.tensor("x").squeezed(try args.optionalInt("axis")))
        })
        r.add(Builtin("unsqueeze", topic: .shape, [x, axis], summary: "Insert an axis of size 1.", example: "unsqueeze(zeros([3]), 0)") { args in
            .tensor(try args.tensor("x").unsqueezed(try args.int("axis")))
        })
        let tensors = Builtin.Parameter("tensors", .list, "a list of tensors")
        r.add(Builtin("cat", topic: .shape, [tensors, .init("axis", .integer, default: .number(0), "the axis to join along")],
                      summary: "Join tensors along an existing axis.", example: "cat([ones([2]), zeros([3])])") { args in
            .tensor(try Tensor.cat(try args.list("tensors").map(Convert.tensor), axis: try args.int("axis")))
        })
        r.add(Builtin("stack", topic: .shape, [tensors, .init("axis", .integer, default: .number(0), "where the new axis goes")],
                      summary: "Join equally shaped tensors along a new axis.", example: "stack([ones([2]), zeros([2])])") { args in
            .tensor(try Tensor.stack(try args.list("tensors").map(Convert.tensor), axis: try args.int("axis")))
        })
        r.add(Builtin("slice", topic: .shape, [x, axis, .init("start", .integer, default: .number(0), "first index"),
                                               .init("end", .integer, default: .nil, "end index (exclusive); nil for the end"),
                                               .init("step", .integer, default: .number(1), "positive step")],
                      summary: "Every step-th element from start to end along an axis.", example: "slice(arange(10), 0, start: 1, step: 2)") { args in
            .tensor(try args.tensor("x").slice(axis: try args.int("axis"), start: try args.int("start"), end: try args.optionalInt("end"), step: try args.int("step")))
        })
        r.add(Builtin("repeat", topic: .shape, [x, .init("counts", .shape, "how often to tile along each axis")],
                      summary: "Tile a tensor (PyTorch's repeat).", example: "repeat(arange(3), [2])") { args in
            .tensor(try args.tensor("x").repeated(try args.shape("counts")))
        })
        r.add(Builtin("flip", topic: .shape, [x, .init("axes", .axes, "axis or axes to reverse")],
                      summary: "Reverse the order along axes.", example: "flip(arange(4), 0)") { args in
            .tensor(try args.tensor("x").flipped(axes: try args.axes("axes") ?? []))
        })
        r.add(Builtin("roll", topic: .shape, [x, .init("shift", .integer, "positions to shift (wrapping around)"), axis],
                      summary: "Shift values along an axis, wrapping around.", example: "roll(arange(4), 1, 0)") { args in
            .tensor(try args.tensor("x").rolled(try args.int("shift"), axis: try args.int("axis")))
        })
        r.add(Builtin("pad", topic: .shape, [x, .init("pads", .shape, "(before, after) pairs from the last axis backwards, as PyTorch's F.pad"),
                                             .init("mode", .string, default: .string("zeros"), choices: PaddingMode.names, "zeros, reflect, replicate or circular")],
                      summary: "Pad the last axes.", example: "pad(randn([1, 1, 4, 4]), [1, 1, 1, 1], mode: \"reflect\")") { args in
            let mode = try args.mode("mode", PaddingMode.self)
            return .tensor(try args.tensor("x").padded(try args.shape("pads"), mode: mode))
        })
    }

    // MARK: Math

    static func math(_ r: BuiltinRegistry) {
        let unary: [(String, String, (Tensor) -> Tensor)] = [
            ("abs", "Absolute value.", { $0.abs() }), ("exp", "e to the power x.", { $0.exp() }),
            ("log", "Natural logarithm.", { $0.log() }), ("log1p", "log(1 + x), accurate for small x.", { $0.log1p() }),
            ("sqrt", "Square root.", { $0.sqrt() }), ("tanh", "Hyperbolic tangent.", { $0.tanh() }),
            ("sin", "Sine (radians).", { $0.sin() }), ("cos", "Cosine (radians).", { $0.cos() }),
            ("sigmoid", "1 / (1 + exp(-x)).", { $0.sigmoid() }), ("softplus", "log(1 + exp(x)), stable for large |x|.", { $0.softplus() }),
            ("relu", "max(x, 0).", { $0.relu() }), ("neg", "−x.", { -$0 }), ("square", "x².", { $0.square() }),
        ]
        for (name, summary, f) in unary {
            r.add(Builtin(name, topic: .arithmetic, [x], summary: "Elementwise: \(summary)", example: "\(name)(tensor([0.5, 2]))") { args in
                .tensor(f(try args.tensor("x")))
            })
        }
        r.add(Builtin("leaky_relu", topic: .arithmetic, [x, .init("slope", .number, default: .number(0.2), "slope for negative x")],
                      summary: "Elementwise: x for x > 0, slope·x otherwise.", example: "leaky_relu(tensor([-1, 2]))") { args in
            .tensor(try args.tensor("x").leakyRelu(try args.float("slope")))
        })
        r.add(Builtin("clamp", topic: .arithmetic, [x, .init("min", .number, default: .nil, "lower bound"), .init("max", .number, default: .nil, "upper bound")],
                      summary: "Elementwise: limit values to [min, max].", example: "clamp(tensor([-2, 0, 2]), min: -1, max: 1)") { args in
            let lo = args.isNil("min") ? -Float.infinity : try args.float("min"), hi = args.isNil("max") ? Float.infinity : try args.float("max")
            return .tensor(try args.tensor("x").clamp(min: lo, max: hi))
        })
        r.add(Builtin("pow", topic: .arithmetic, [x, .init("p", .tensor, "the exponent (a number or a tensor)")],
                      summary: "Elementwise power x^p (also written x ** p).", example: "pow(tensor([1, 2, 3]), 2)") { args in
            .tensor(try Tensor.pow(try args.tensor("x"), try args.tensor("p")))
        })
        r.add(Builtin("where", topic: .arithmetic, [.init("condition", .tensor, "non-zero picks a"), .init("a", .tensor, "values where the condition holds"), .init("b", .tensor, "values elsewhere")],
                      summary: "Elementwise choice between two tensors (all three broadcast).", example: "where(tensor([-1, 2]) > 0, 1, -1)") { args in
            .tensor(try Tensor.where(try args.tensor("condition"), try args.tensor("a"), try args.tensor("b")))
        })
        r.add(Builtin("matmul", topic: .arithmetic, [.init("a", .tensor, "left matrix (or batch of matrices)"), .init("b", .tensor, "right matrix (or batch)")],
                      summary: "Matrix product over the last two axes (also written a @ b).", example: "matmul(randn([2, 3]), randn([3, 4]))") { args in
            .tensor(try Tensor.matmul(try args.tensor("a"), try args.tensor("b")))
        })
    }

    // MARK: Reductions

    static func reductions(_ r: BuiltinRegistry) {
        let axes = Builtin.Parameter("axis", .axes, default: .nil, "axis or axes to reduce; all when nil")
        let keep = Builtin.Parameter("keepdims", .bool, default: .bool(false), "keep reduced axes with size 1")
        let plain: [(String, String, (Tensor, [Int]?, Bool) throws -> Tensor)] = [
            ("sum", "Sum", { try $0.sum(axes: $1, keepDims: $2) }), ("mean", "Mean", { try $0.mean(axes: $1, keepDims: $2) }),
            ("max", "Largest value", { try $0.max(axes: $1, keepDims: $2) }), ("min", "Smallest value", { try $0.min(axes: $1, keepDims: $2) }),
        ]
        for (name, what, f) in plain {
            r.add(Builtin(name, topic: .reduction, [x, axes, keep], summary: "\(what) over axes (all by default), accumulated in float64; of a list of numbers, a number.",
                          example: "\(name)(randn([2, 3]), axis: 1)") { args in
                reduced(try f(try args.tensor("x"), try args.axes("axis"), try args.bool("keepdims")), args)
            })
        }
        let unbiased = Builtin.Parameter("unbiased", .bool, default: .bool(true), "divide by n − 1 (true) or n")
        r.add(Builtin("var", topic: .reduction, [x, axes, unbiased, keep], summary: "Variance over axes.", example: "var(randn([100]))") { args in
            reduced(try args.tensor("x").variance(axes: try args.axes("axis"), unbiased: try args.bool("unbiased"), keepDims: try args.bool("keepdims")), args)
        })
        r.add(Builtin("std", topic: .reduction, [x, axes, unbiased, keep], summary: "Standard deviation over axes.", example: "std(randn([100]))") { args in
            reduced(try args.tensor("x").std(axes: try args.axes("axis"), unbiased: try args.bool("unbiased"), keepDims: try args.bool("keepdims")), args)
        })
        r.add(Builtin("argmax", topic: .reduction, [x, .init("axis", .integer, "the axis to search")],
                      summary: "Index of the largest value along an axis.", example: "argmax(tensor([1, 5, 2]), 0)") { args in
            reduced(try args.tensor("x").argmax(axis: try args.int("axis")), args)
        })
    }

    /// A reduction of a list (or number) that leaves one value is a number, as `sum([1, 2, 3])` is in NumPy;
    /// of a tensor, it stays a tensor (with its graph).
    private static func reduced(_ t: Tensor, _ args: Arguments) -> Value {
        switch args.value("x") {
        case .tensor, .object: return .tensor(t)
        default: return t.rank == 0 ? .number(Double(t.scalars[0])) : .tensor(t)
        }
    }

    // MARK: Convolution and resampling

    static func neuralOps(_ r: BuiltinRegistry) {
        let image = Builtin.Parameter("x", .tensor, "images (N, C, H, W)")
        r.add(Builtin("conv2d", topic: .nn, [image, .init("weight", .tensor, "kernels (C_out, C_in / groups, kH, kW)"),
                                              .init("bias", .tensor, default: .nil, "one value per output channel"),
                                              .init("stride", .integer, default: .number(1), "step between windows"),
                                              .init("padding", .integer, default: .number(0), "zero padding on every side"),
                                              .init("groups", .integer, default: .number(1), "channel groups")],
                      summary: "2-D convolution (cross-correlation, as PyTorch's F.conv2d).", example: "conv2d(randn([1, 3, 8, 8]), randn([4, 3, 3, 3]), padding: 1)") { args in
            let s = try args.count("stride"), p = try args.count("padding", minimum: 0)
            return .tensor(try Tensor.conv2d(try args.tensor("x"), try args.tensor("weight"), bias: try args.optionalTensor("bias"),
                                             stride: (s, s), padding: (p, p), groups: try args.count("groups")))
        })
        r.add(Builtin("conv_transpose2d", topic: .nn, [image, .init("weight", .tensor, "kernels (C_in, C_out / groups, kH, kW)"),
                                                        .init("bias", .tensor, default: .nil, "one value per output channel"),
                                                        .init("stride", .integer, default: .number(1), "upsampling factor"),
                                                        .init("padding", .integer, default: .number(0), "cropped from every side"),
                                                        .init("output_padding", .integer, default: .number(0), "extra size on one side"),
                                                        .init("groups", .integer, default: .number(1), "channel groups")],
                      summary: "Transposed convolution (PyTorch's F.conv_transpose2d).", example: "conv_transpose2d(randn([1, 4, 4, 4]), randn([4, 2, 4, 4]), stride: 2, padding: 1)") { args in
            let s = try args.count("stride"), p = try args.count("padding", minimum: 0), op = try args.count("output_padding", minimum: 0)
            var y = try Tensor.convTranspose2d(try args.tensor("x"), try args.tensor("weight"), stride: (s, s), padding: (p, p),
                                               outputPadding: (op, op), groups: try args.count("groups"))
            if let b = try args.optionalTensor("bias") { y = try y + b.reshaped([1, -1, 1, 1]) }
            return .tensor(y)
        })
        r.add(Builtin("avg_pool2d", topic: .nn, [image, .init("k", .integer, default: .number(2), "window size and stride")],
                      summary: "Average over non-overlapping k×k windows.", example: "avg_pool2d(randn([1, 1, 4, 4]))") { args in
            .tensor(try args.tensor("x").avgPool2d(try args.count("k")))
        })
        r.add(Builtin("upsample", topic: .nn, [image, .init("mode", .string, default: .string("nearest"), choices: UpsamplingMode.names, "nearest, bilinear, zeros (zero insertion) or shuffle (pixel shuffle: 4C channels become C)")],
                      summary: "×2 upsampling as the GAN generators do it.", example: "upsample(randn([1, 3, 8, 8]), mode: \"bilinear\")") { args in
            .tensor(try args.mode("mode", UpsamplingMode.self)(try args.tensor("x")))
        })
        r.add(Builtin("downsample", topic: .nn, [image, .init("mode", .string, default: .string("avg"), choices: DownsamplingMode.names, "avg (2×2 mean), stride (every second pixel) or blurpool (blur, then avg)")],
                      summary: "×2 downsampling as the GAN discriminators do it.", example: "downsample(randn([1, 3, 8, 8]), mode: \"blurpool\")") { args in
            .tensor(try args.mode("mode", DownsamplingMode.self)(try args.tensor("x")))
        })
        r.add(Builtin("blur", topic: .nn, [image], summary: "The blurpool filter [[1,3,1],[3,9,3],[1,3,1]]/25 with reflect padding (same size).",
                      example: "blur(randn([1, 1, 8, 8]))") { args in
            .tensor(try args.tensor("x").blur())
        })
    }

    // MARK: Autograd

    static func autograd(_ r: BuiltinRegistry) {
        r.add(Builtin("requires_grad", topic: .autograd, [x, .init("flag", .bool, default: .bool(true), "track gradients (false: a plain copy)")],
                      summary: "A copy of a tensor that gradients are computed for.", example: "let w = requires_grad(randn([3]))") { args in
            .tensor(try args.tensor("x").detached().requiringGrad(try args.bool("flag")))
        })
        r.add(Builtin("detach", topic: .autograd, [x], summary: "The same values without gradient tracking.", example: "detach(requires_grad(ones([2])))") { args in
            .tensor(try args.tensor("x").detached())
        })
        r.add(Builtin("grad", topic: .autograd, [.init("y", .tensor, "a one-element tensor computed from wrt"),
                                                  .init("wrt", .any, "a tensor, or a list or record of tensors (e.g. parameters(m))"),
                                                  .init("create_graph", .bool, default: .bool(false), "make the gradients differentiable again (for penalties like R1)")],
                      summary: "Gradients of y with respect to tensors, shaped like wrt.",
                      help: "Like torch.autograd.grad: leaves' accumulated gradients are not touched. A tensor that y does not depend on gets zeros.",
                      example: "let v = requires_grad(tensor([1, 2])); let g = grad(sum(v * v), wrt: v)") { args in
            let y = try args.tensor("y")
            var leaves: [Tensor] = []
            func collect(_ v: Value) throws {
                switch v {
                case .tensor(let t): leaves.append(t)
                case .list(let l): try l.items.forEach(collect)
                case .record(let rec): try rec.entries.forEach { try collect($0.1) }
                default: throw args.error("wrt", "wrt must hold tensors, found \(Printer.describeType(v))", kind: .type)
                }
            }
            try collect(args.value("wrt"))
            guard y.requiresGrad else { throw args.error("y", "y does not depend on any tensor that requires a gradient; mark inputs with requires_grad()") }
            guard leaves.allSatisfy(\.requiresGrad) else { throw args.error("wrt", "every tensor in wrt must require a gradient (requires_grad(x))") }
            var grads = try gradients(of: y, withRespectTo: leaves, createGraph: try args.bool("create_graph"))[...]
            func rebuild(_ v: Value) -> Value {
                switch v {
                case .tensor: return .tensor(grads.popFirst() ?? .zeros([]))
                case .list(let l): return .list(ListRef(l.items.map(rebuild)))
                case .record(let rec): return .record(RecordRef(rec.entries.map { ($0.0, rebuild($0.1)) }))
                default: return v
                }
            }
            return rebuild(args.value("wrt"))
        })
    }
}
