/// Realistic scripts covering every construct, for round trips and as seeds for the mutation fuzzer.
enum ExampleScripts {
    static let discriminator = """
    #%% Does stride downsampling hurt the discriminator?
    seed(0)
    let data = toyset(res: 64, count: 10)
    let runs = {}
    for mode in ["avg", "stride", "blurpool"] {
      let d = pggan_discriminator(res: 64, down: mode, divide: 8, classes: data.count)
      runs[mode] = discriminator_testbed(d, data, steps: 2000, eval_every: 100)
    }
    #%% Spectra after training
    plot_spectrum(data, runs)
    """

    static let functions = """
    import "common.spec"
    fn lr_schedule(step, base = 1e-3, warmup = 10_000) {
      if step < warmup {
        return base * step / warmup
      } else if step > 2 * warmup and not finetune {
        return base * 0.5 ** ((step - warmup) / warmup)
      } else {
        return base
      }
    }
    let scale = fn (x, by = 2) { return x * by }
    let total = 0
    for i, x in enumerate([1, 2.5, -3]) {
      total += scale(x, by: i) ** 2 % 7
      if total >= 100 { break }
    }
    while total > 1 { total /= 2; continue }
    """

    static let tensors = """
    #%% tensors
    let x = randn([4, 3, 8, 8])
    let w = x[:, 0, ::2, 1:-1] @ eye(4)
    let spectrum = reduced_spectrum(x[0, 0])
    spectrum.bins[1:10:2] -= mean(spectrum.bins)
    save("out/run_\\(seed)_\\(format(step, digits: 3)).png", grid(x, cols: 4))
    let stats = {mean: x.mean(), "std dev": x.std(axis: [1, 2]), nested: {ok: true, none: nil}}
    print("loss \\("=") \\(stats["std dev"])\\t\\"done\\"\\n")
    #%% comparisons
    let ok = (a == b) != (c <= d) or e > f and not (g < h)
    let value = -(2 ** -1) + +3 - -4
    """

    static let multiline = """
    let g = pggan_generator(
      res: 64,
      latent: 512,
    )
    let loss = bce(d(real), ones) +
      bce(d(fake), zeros) +
      r1_weight * r1_penalty(d, real)
    let table = [
      {name: "a", value: 1},
      {name: "b", value: 2},
    ]
    apply(table, fn (row) {
      row.value *= 2
      return row
    })
    """

    static let all = [discriminator, functions, tensors, multiline]
}
