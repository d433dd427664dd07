import SpecGAN
import SpecSyntax

/// The training steps of the paper's two testbeds, written in spec and shipped inside spec. `source(name)` shows
/// them, so a user can copy one, change it and pass it as `step:`. Each is `fn (tb, batch)`: `tb` is the testbed
/// record (models, optimisers, settings, and any `extra:` entries), `batch` the iteration's batch; it returns a
/// record of losses, which the run logs under their keys.
enum TestbedSteps {
    static let sources: [(name: String, text: String)] = [("discriminator_step", discriminator), ("generator_step", generator)]

    static func source(named name: String) -> String? { sources.first { $0.name == name }?.text }

    static let discriminator = #"""
# One iteration of the paper's discriminator testbed, as the reference runs it.
# tb: d (the discriminator, called d(x, classes)), g (one trainable image per class, g(classes)), g_ema (its EMA copy,
#     which evaluations use), d_opt (Adam over d, and the spectral discriminator when there is one), g_opt (Adam over g),
#     spectral (a spectral discriminator or nil), r1 (the R1 weight), ema (the EMA decay).
# batch: x (real images), c (their classes: each image is its own class).

# D's logits of each sample's class, with the spectral discriminator's appended below them.
fn discriminator_logits(tb, x, c) {
  if tb.spectral == nil { return tb.d(x, c) }
  return cat([tb.d(x, c), tb.spectral(x, c)], axis: 0)
}

# Each pass back-propagates its loss into one optimiser's parameters and returns numbers, so its graph ends with
# it and only one graph is alive at a time.

# Real images: BCE to 1 plus the weighted R1 penalty (double backward), into D.
fn real_pass(tb, batch) {
  let x = requires_grad(batch.x)
  let d_real = discriminator_logits(tb, x, batch.c)
  let loss = bce_with_logits(d_real, 1)
  let r1 = tb.r1 * r1_penalty(d_real, x)
  backward(loss + r1, tb.d_opt)
  return {loss: item(loss), r1: item(r1)}
}

# The generator's images, without gradient into them: BCE to 0, into D.
fn fake_pass(tb, batch) {
  return backward(bce_with_logits(discriminator_logits(tb, detach(tb.g(batch.c)), batch.c), 0), tb.d_opt)
}

# The generator's images through the discriminator: BCE to 1, into the images.
fn generator_pass(tb, batch) {
  return backward(bce_with_logits(discriminator_logits(tb, tb.g(batch.c), batch.c), 1), tb.g_opt)
}

fn discriminator_step(tb, batch) {
  zero_grad(tb.d_opt)
  let real = real_pass(tb, batch)
  let fake = fake_pass(tb, batch)
  step(tb.d_opt)
  zero_grad(tb.g_opt)
  let g_loss = generator_pass(tb, batch)
  step(tb.g_opt)
  # The evaluated images trail the trained ones.
  ema(tb.g_ema, tb.g, beta: tb.ema)
  return {d_loss: real.loss + fake, r1: real.r1, g_loss: g_loss}
}
"""#

    static let generator = #"""
# One iteration of the paper's generator testbed, as the reference runs it.
# tb: g (the generator, called g(z)), opt (Adam over g), loss (the criterion's weights, e.g. {mse: 1} or
#     {mse: 1, spectrum: 0.1}: MSE of the pixels and MSE of the log reduced spectra).
# batch: z (the batch's fixed latent codes), x (its images), i (their indices in the data set).
fn generator_step(tb, batch) {
  let made = tb.g(batch.z)
  let loss = nil
  for name in tb.loss {
    let term = nil
    if name == "mse" { term = mse(made, batch.x) } else { term = log_spectrum_loss(made, batch.x) }
    if tb.loss[name] != 1 or len(tb.loss) > 1 { term = term * tb.loss[name] }
    if loss == nil { loss = term } else { loss = loss + term }
  }
  step(tb.opt, loss)
  return {loss: loss}
}
"""#
}

extension Interpreter {
    /// A shipped step as a function value, defined in a scope of its own (the session's names stay untouched).
    func shippedStep(_ name: String) throws -> Value {
        if let cached = shippedSteps[name] { return cached }
        guard let text = TestbedSteps.source(named: name) else { throw RunError.setup("no shipped step named '\(name)'") }
        let program = try Parser.parseProgram(SourceFile(name: "<\(name)>", text: text))
        let scope = Scope(parent: nil)
        for stmt in program.statements { _ = try execute(stmt, in: scope) }
        guard let value = scope.lookup(name) else { throw RunError.setup("the shipped source does not define '\(name)'") }
        shippedSteps[name] = value
        return value
    }
}
