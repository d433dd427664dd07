import SpecSpectrum
import SpecSyntax
import SpecTensor

/// The spectrum toolkit: transforms, spectra, statistics, errors, spectral losses, the toy data set.
enum SpectrumBuiltins {
    static let images = Builtin.Parameter("x", .any, "images (N, C, H, W), (N, H, W) or (H, W), or a data set")

    static func register(_ r: BuiltinRegistry) {
        let norm = Builtin.Parameter("norm", .string, default: .string("backward"), choices: FFTNormalization.names, "backward (no scaling), ortho (1/√(HW) both ways) or forward")
        func normalization(_ args: Arguments) throws -> FFTNormalization {
            FFTNormalization(rawValue: try args.choice("norm")) ?? .backward
        }
        r.add(Builtin("fft2", topic: .spectrum, [.init("x", .tensor, "real images (…, H, W), or complex ones (…, H, W, 2) with (re, im) last"), norm],
                      summary: "2-D discrete Fourier transform over the last two axes; complex results have a trailing (re, im) axis.",
                      help: "Differentiable to any order: its backward rule is itself a transform.", example: "fft2(randn([8, 8]))") { args in
            let x = try args.tensor("x")
            let complex = x.rank >= 3 && x.shape.last == 2 ? x : try x.asComplex()
            return .tensor(try complex.fft2(norm: try normalization(args)))
        })
        r.add(Builtin("ifft2", topic: .spectrum, [.init("x", .tensor, "complex spectra (…, H, W, 2)"), norm],
                      summary: "Inverse 2-D Fourier transform of complex spectra (…, H, W, 2).", example: "ifft2(fft2(randn([8, 8])))") { args in
            .tensor(try args.tensor("x").ifft2(norm: try normalization(args)))
        })
        r.add(Builtin("power_spectrum", topic: .spectrum, [images, .init("normalize", .bool, default: .bool(false), "orthonormal FFT"),
                                                            .init("centered", .bool, default: .bool(false), "roll so that the DC term is central")],
                      summary: "|FFT|² of images, per channel.", example: "power_spectrum(randn([4, 16, 16]), centered: true)") { args in
            .tensor(try args.images("x").powerSpectrum(normalized: try args.bool("normalize"), centered: try args.bool("centered")))
        })
        r.add(Builtin("reduced_spectrum", topic: .spectrum, [images, .init("normalize", .bool, default: .bool(false), "orthonormal FFT instead of the unnormalised one")],
                      summary: "The azimuthal average of the power spectrum per image (channels averaged), as the paper's reference.",
                      help: "For even sizes the Nyquist row and column are counted twice, the DC term sits in bin 0, and a pixel at distance r from the centre falls in bin ⌊r⌋. The result has shape (N, L) with L = spectrum length of the resolution (46 at 64×64). Differentiable to second order.",
                      example: "reduced_spectrum(randn([10, 3, 64, 64]))") { args in
            .tensor(try args.images("x").reducedSpectrum(normalized: try args.bool("normalize")))
        })
        r.add(Builtin("spectrum_stats", topic: .spectrum, [images, .init("normalize", .bool, default: .bool(false), "orthonormal FFT")],
                      summary: "Per-bin mean and standard deviation over images of their reduced spectra: a record {mean, std, count}.",
                      example: "let s = spectrum_stats(randn([10, 3, 32, 32])); s.mean") { args in
            let stats = try SpectrumStatistics(images: try args.images("x"), normalized: try args.bool("normalize"))
            return statsRecord(stats)
        })
        r.add(Builtin("spectrum_error", topic: .spectrum, [.init("real", .any, "real images, a data set, or spectrum_stats of them"),
                                                            .init("gen", .any, "generated images or their spectrum_stats")],
                      summary: "mean_gen / mean_real − 1 per frequency bin, DC excluded, clamped to [−1, 1].",
                      example: "spectrum_error(randn([4, 3, 16, 16]), randn([4, 3, 16, 16]) * 0.5)") { args in
            .tensor(try spectrumError(real: try meanSpectrum(args, "real"), generated: try meanSpectrum(args, "gen")))
        })
        r.add(Builtin("log_spectrum_loss", topic: .spectrum, [.init("pred", .tensor, "predicted images (N, C, H, W)"), .init("target", .tensor, "target images (N, C, H, W)")],
                      summary: "MSE between log(1 + reduced spectrum) of prediction and target, channel-averaged (the reference's spectrum loss).",
                      example: "log_spectrum_loss(randn([2, 3, 16, 16]), randn([2, 3, 16, 16]))") { args in
            .tensor(try logSpectrumLoss(try args.tensor("pred"), try args.tensor("target")))
        })
        r.add(Builtin("highpass", topic: .spectrum, [images],
                      summary: "The high-pass filter of the paper's high-pass data sets: [[1, −1], [−1, 1]] after reflect padding by one.",
                      example: "highpass(randn([3, 16, 16]))") { args in
            if case .object(let o) = args.value("x"), let d = o as? Dataset {
                return .object(Dataset(images: try d.images.highpassed(), source: "highpass(\(d.source))"))
            }
            return .tensor(try args.tensor("x").highpassed())
        })
        r.add(Builtin("psnr", topic: .spectrum, [.init("pred", .tensor, "images in [−1, 1]"), .init("target", .tensor, "images in [−1, 1]")],
                      summary: "Peak signal-to-noise ratio per image, after quantising both to 8 bits as the reference does.",
                      example: "psnr(randn([2, 3, 8, 8]).clamp(min: -1, max: 1), zeros([2, 3, 8, 8]))") { args in
            .tensor(try psnr(try args.tensor("pred"), try args.tensor("target")))
        })
        r.add(Builtin("toyset", topic: .data, [.init("res", .integer, default: .number(64), "even image size"),
                                               .init("count", .integer, default: .number(10), "number of images"),
                                               .init("seed", .integer, default: .nil, "seed of the images; the session's stream when nil"),
                                               .init("peaks", .list, default: .list(ListRef([.list(ListRef([.number(0.05), .number(0.15)])), .list(ListRef([.number(0.75), .number(0.85)]))])),
                                                     "frequency ranges [low, high] of the spectral peaks, as fractions of the maximal (diagonal) frequency")],
                      summary: "The paper's toy data set: RGB images whose spectra are radial peaks at random frequencies.",
                      help: "Each image draws one frequency per range; `data.frequencies` lists them. Values are 8-bit levels mapped to [−1, 1], as the reference's data loader reads its PNG files.",
                      example: "let data = toyset(res: 32, count: 4)") { args in
            let seed = args.isNil("seed") ? args.interpreter.rng.next() : UInt64(try args.count("seed", minimum: 0))
            let peaks = try args.list("peaks").map { item -> (low: Double, high: Double) in
                guard case .list(let pair) = item, pair.items.count == 2, case .number(let lo) = pair.items[0], case .number(let hi) = pair.items[1] else {
                    throw args.error("peaks", "peaks must be a list of [low, high] pairs")
                }
                return (lo, hi)
            }
            let res = try args.count("res", minimum: 2), count = try args.count("count")
            let values = (try? AllocationLimit.checkedCount([count, res, res], op: "toyset")) ?? Int.max
            guard values <= 1 << 28 else { throw args.error("count", "\(count) images of \(res)×\(res) are too many") }
            let set = try ToySet(resolution: res, count: count, seed: seed, peaks: peaks)
            let frequencies = Value.list(ListRef(set.frequencies.map { .list(ListRef($0.map { .number($0) })) }))
            return .object(Dataset(images: set.images, source: args.callText(resolved: ["res": .number(Double(res)), "count": .number(Double(count)), "seed": .number(Double(seed))]), extra: ["frequencies": frequencies]))
        })
    }

    static func statsRecord(_ s: SpectrumStatistics) -> Value {
        .record(RecordRef([("mean", .tensor(s.mean)), ("std", .tensor(s.std)), ("count", .number(Double(s.count)))]))
    }

    /// The mean reduced spectrum of images, a data set, or a statistics record.
    static func meanSpectrum(_ args: Arguments, _ name: String) throws -> Tensor {
        if case .record(let r) = args.value(name) {
            guard let mean = r["mean"], case .tensor(let t) = mean else { throw args.error(name, "a statistics record needs a 'mean' tensor") }
            return t
        }
        return try SpectrumStatistics(images: try args.images(name)).mean
    }
}
