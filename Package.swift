// swift-tools-version:6.0
import PackageDescription

// Layering (DESIGN.md): spec → SpecLang (interpreter) → SpecSyntax (lexer, parser) and
// (SpecGAN, SpecSpectrum, SpecMedia) → SpecTensor → C libraries and SpecKernels (vector kernels, generic over their
// width), compiled once more for AVX2 in SpecKernelsAVX2.

// SpecKernelsAVX2 alone targets AVX2 (and with it FMA, BMI2, F16C, MOVBE: Haswell's set); SpecTensor checks the CPU
// before it calls in, so the build still runs on any x86-64.
#if arch(x86_64)
let avx2Settings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let avx2Settings: [SwiftSetting] = []
#endif

let package = Package(
    name: "spec",
    products: [
        .executable(name: "spec", targets: ["spec"]),
        .executable(name: "spec-bench", targets: ["spec-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .target(name: "SpecKernels"),
        .target(name: "SpecKernelsAVX2", dependencies: ["SpecKernels"], swiftSettings: avx2Settings),
        .target(name: "SpecTensor", dependencies: ["COpenBLAS", "CMalloc", "SpecKernels", "SpecKernelsAVX2"]),
        .target(name: "SpecSpectrum", dependencies: ["SpecTensor", "CFFTW"]),
        .target(name: "SpecGAN", dependencies: ["SpecTensor", "SpecSpectrum"]),
        .target(name: "SpecMedia", dependencies: ["SpecTensor", "CPNG", "CCairo"]),
        .target(name: "SpecSyntax"),
        .target(name: "SpecLang", dependencies: ["SpecSyntax", "SpecTensor", "SpecSpectrum", "SpecGAN", "SpecMedia",
                                                 .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "SpecNotebook", dependencies: ["SpecLang", "SpecSyntax", "SpecTensor"]),
        .executableTarget(name: "spec", dependencies: [
            "SpecTensor", "SpecLang", "SpecSyntax", "SpecNotebook", "CEditLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "spec-bench", dependencies: ["SpecTensor", "SpecSpectrum", "SpecGAN", "SpecLang"]),
        // Shared by the test targets: the reference fixtures, tolerance checks, finite-difference gradient checks, a seeded PRNG.
        .target(name: "SpecTestSupport", dependencies: ["SpecTensor"], path: "Tests/SpecTestSupport"),
        .testTarget(name: "SpecTensorTests", dependencies: ["SpecTensor", "SpecKernels", "SpecKernelsAVX2", "SpecTestSupport"]),
        .testTarget(name: "SpecSpectrumTests", dependencies: ["SpecSpectrum", "SpecTestSupport"]),
        .testTarget(name: "SpecGANTests", dependencies: ["SpecGAN", "SpecTestSupport"]),
        .testTarget(name: "SpecMediaTests", dependencies: ["SpecMedia", "SpecTestSupport"]),
        .testTarget(name: "SpecSyntaxTests", dependencies: ["SpecSyntax", "SpecTestSupport"]),
        // Scripts/ holds .spec files the tests read by path.
        .testTarget(name: "SpecLangTests", dependencies: ["SpecLang", "SpecTestSupport"], exclude: ["Scripts"]),
        .testTarget(name: "SpecNotebookTests", dependencies: ["SpecNotebook", "SpecLang", "SpecSyntax"]),
        // Drives the built `spec` executable (through a pseudo-terminal for the REPL).
        .testTarget(name: "SpecCLITests", dependencies: ["SpecLang"]),
    ],
    swiftLanguageModes: [.v6]
)
