import Foundation
import Testing
import SpecTensor
import SpecTestSupport
@testable import SpecGAN

@Suite("Models: names, tables, loading, freezing")
struct ModelTests {
    @Test("PGGAN parameter and buffer names are exactly the reference's, in state_dict order")
    func referenceNames() throws {
        let d = try Fixtures.discriminator(.avg), g = try Fixtures.generator(.nearest, .zeros)
        #expect(Set(d.namedState.map(\.name)) == (try Fixtures.parameterFiles("pggan_disc_r16/params")))
        #expect(Set(g.namedState.map(\.name)) == (try Fixtures.parameterFiles("pggan_gen_r16/params")))
        #expect(d.namedState.map(\.name).prefix(7) == ["lod", "input0.weight", "input0.bias", "layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"])
        #expect(g.namedParameters.map(\.name).prefix(6) == ["layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias", "output0.weight", "output0.bias"])
        #expect(!d.namedParameters.contains { $0.name == "lod" })
    }

    @Test("parameter counts and the layer table")
    func parameterCountAndTable() throws {
        let d = try Fixtures.discriminator(.avg)
        // input0..2: 3·(64·3 + 64); layer0..3: 4·(64·64·9 + 64); layer4: 64·65·9 + 64; layer5: 64·1024 + 64; layer6: 4·64 + 4.
        let expected = 3 * (64 * 3 + 64) + 4 * (64 * 64 * 9 + 64) + (64 * 65 * 9 + 64) + (64 * 1024 + 64) + (4 * 64 + 4)
        #expect(d.parameterCount == expected)
        #expect(d.layerTable.map(\.name) == ["input0", "layer0", "layer1", "input1", "layer2", "layer3", "input2", "layer4", "layer5", "layer6"])
        #expect(d.layerTable.reduce(0) { $0 + $1.parameterCount } == expected)
        let text = d.layerTableText()
        #expect(text.contains("minibatch std (group 16), conv 3×3 65→64, lrelu"))
        #expect(text.contains("conv 3×3 64→64, lrelu, down avg"))
        #expect(text.hasSuffix("total \(expected) parameters"))
    }

    @Test("channel counts follow nf(res) = min(16384/res, 512)/divide; pixel shuffle quadruples the pre-upsampling convs")
    func channelCounts() throws {
        var rng = RandomGenerator(seed: 0)
        let g = try PGGANGenerator(resolution: 64, zDim: 64, divide: 8, upsampling: .shuffle, rng: &rng)
        #expect(g.blocks.map(\.conv.outChannels) == [64, 256, 64, 256, 64, 256, 64, 256, 32, 32])
        #expect(try g(Tensor.randn([2, 64], using: &rng)).shape == [2, 3, 64, 64])
        let d = try PGGANDiscriminator(resolution: 64, divide: 8, labelSize: 9, rng: &rng)
        #expect(d.convBlocks.map(\.conv.outChannels) == [32, 64, 64, 64, 64, 64, 64, 64, 64])
        #expect(try d(Tensor.zeros([10, 3, 64, 64])).shape == [10, 10])
    }

    @Test("bad configurations and inputs are thrown errors")
    func invalidInputsThrow() throws {
        var rng = RandomGenerator(seed: 0)
        #expect(throws: GANError.self) { try PGGANGenerator(resolution: 48, rng: &rng) }
        #expect(throws: GANError.self) { try PGGANDiscriminator(resolution: 16, divide: 1024, rng: &rng) }
        #expect(throws: GANError.self) { try PGGANDiscriminator(resolution: 16, divide: 0, rng: &rng) }
        #expect(throws: GANError.self) { try UpsamplingMode(name: "cubic") }
        let d = try Fixtures.discriminator(.stride)
        #expect(throws: GANError.self) { try d(Tensor.zeros([2, 3, 8, 8])) }
        #expect(throws: GANError.self) { try d(Tensor.zeros([2, 3, 16, 16]), classes: [0, 4]) }
        #expect(throws: GANError.self) { try d(Tensor.zeros([2, 3, 16, 16]), classes: [0]) }
        let g = try Fixtures.generator(.zeros, .zeros)
        #expect(throws: GANError.self) { try g(Tensor.zeros([2, 7])) }
        #expect(throws: GANError.self) { try indices(from: Tensor([0.5])) }
    }

    @Test("loading weights names the missing or mismatched parameter and changes nothing on failure")
    func loadWeightsErrors() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let d = try Fixtures.discriminator(.avg)
        for (name, p) in d.namedState where name != "layer3.bias" { try NPY.write(p.value, to: folder.appendingPathComponent(name + ".npy")) }
        var rng = RandomGenerator(seed: 9)
        let fresh = try PGGANDiscriminator(resolution: 16, divide: 8, labelSize: 3, rng: &rng)
        let before = fresh.parameters.map(\.value.scalars)
        #expect(throws: GANError.io("cannot load weights from \(folder.path): missing layer3.bias")) { try fresh.loadWeights(from: folder) }
        try NPY.write(Tensor.zeros([65]), to: folder.appendingPathComponent("layer3.bias.npy"))
        #expect(throws: GANError.io("cannot load weights from \(folder.path): wrong shape: layer3.bias is (64,), the file (65,)")) { try fresh.loadWeights(from: folder) }
        #expect(fresh.parameters.map(\.value.scalars) == before)
        try NPY.write(Tensor.full([], 1), to: folder.appendingPathComponent("lod.npy"))
        try NPY.write(d.parameter(named: "layer3.bias")!.value, to: folder.appendingPathComponent("layer3.bias.npy"))
        #expect(throws: GANError.self) { try fresh.loadWeights(from: folder) }  // lod 1 is progressive growing
        #expect(fresh.parameters.map(\.value.scalars) == before)
    }

    @Test("a frozen model records no parameter gradients; unfreezing restores them; copies are independent")
    func freezeAndCopy() throws {
        let d = try Fixtures.discriminator(.avg)
        let x = try ReferenceCase("pggan_discriminator_r16_avg_forward").input("x")
        d.freeze()
        #expect(!(try d(x).requiresGrad))
        d.unfreeze()
        try d(x).sum().backward()
        #expect(d.namedParameters.filter { $0.name.hasPrefix("layer") }.allSatisfy { $0.parameter.grad != nil })
        let twin = try d.copy()
        #expect(twin.parameters.map(\.value.scalars) == d.parameters.map(\.value.scalars))
        try twin.parameters[0].assign(Tensor.zeros(twin.parameters[0].shape))
        #expect(d.parameters[0].value.scalars != twin.parameters[0].value.scalars)
    }

    @Test("MLP: PyTorch names and init bounds, activations between layers, class selection")
    func mlp() throws {
        var rng = RandomGenerator(seed: 2)
        let m = try MLP(.init(inputSize: 5, outputSize: 4, hiddenCount: 1, width: 8, activation: .leakyRelu(0.2)), rng: &rng)
        #expect(m.namedParameters.map(\.name) == ["main.0.weight", "main.0.bias", "main.2.weight", "main.2.bias", "main.4.weight", "main.4.bias"])
        #expect(m.parameterCount == 5 * 8 + 8 + 8 * 8 + 8 + 8 * 4 + 4)
        let linears = m.main.layers.compactMap { $0 as? Linear }
        #expect(linears.count == 3)
        #expect(linears[0].weight.value.scalars.allSatisfy { Swift.abs($0) <= 1 / Float(5).squareRoot() })
        let x = Tensor.randn([3, 5], using: &rng)
        let all = try m(x)
        var manual = try linears[0](x).leakyRelu(0.2)
        manual = try linears[1](manual).leakyRelu(0.2)
        manual = try linears[2](manual)
        #expect(all.scalars == manual.scalars)
        let picked = try m(x, classes: [3, 0, 1])
        #expect(picked.shape == [3, 1])
        #expect(picked.scalars == [all.scalars[3], all.scalars[4], all.scalars[9]])
    }

    @Test("direct generator: Kaiming-normal images picked by index, differentiable")
    func directGenerator() throws {
        var rng = RandomGenerator(seed: 5)
        let g = try DirectGenerator(count: 20, resolution: 32, rng: &rng)
        let v = g.images.value.scalars
        let std = (v.map { Double($0) * Double($0) }.reduce(0, +) / Double(v.count)).squareRoot()
        #expect(Swift.abs(std - (2.0 / (3 * 32 * 32)).squareRoot()) < 0.02 * std)
        let picked = try g(Tensor([3, 3, 7]))
        #expect(picked.shape == [3, 3, 32, 32])
        #expect(Array(picked.scalars[0..<(3 * 32 * 32)]) == Array(v[(3 * 3 * 32 * 32)..<(4 * 3 * 32 * 32)]))
        try picked.sum().backward()
        let grad = try #require(g.images.grad)
        #expect(grad.scalars[3 * 3 * 32 * 32] == 2 && grad.scalars[7 * 3 * 32 * 32] == 1 && grad.scalars[0] == 0)
        #expect(throws: GANError.self) { try g(Tensor([20])) }
    }
}
