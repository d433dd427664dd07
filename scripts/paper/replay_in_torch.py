#!/usr/bin/env python3
"""Re-runs a spec testbed run in PyTorch from the same start, to tell spec's numerics from the model's behaviour.

spec writes a run's data (data.npy), its settings (config.json), its losses (losses.csv) and the evaluated images
of iteration 0 (samples/samples_00000000.npy) into the run folder. The trainable models' initial weights come
from `save_weights(model, DIR)` on a model built with the same seed and settings just before the testbed call.
This script loads them into the reference networks of scripts/bench_gan_torch.py, runs the same iterations, and
prints PyTorch's losses next to spec's.

- generator testbed: PGGAN generator, the run's latents (latents.npy), MSE, Adam.
- discriminator testbed: PGGAN discriminator (its weights in DIR) against the run's direct generator (its
  initial images are the iteration-0 samples); BCE + R1, Adam for both, EMA. Only runs without a spectral
  discriminator.
Both need batch = the number of images (every batch is the whole data set, so the data order cannot matter).

GAN training amplifies rounding differences (Adam's first steps are nearly sign steps), so a discriminator-testbed
replay drifts apart after a few steps; `--float64` shows how far PyTorch drifts from its own float32 run.

Usage: python3 scripts/paper/replay_in_torch.py RUN_FOLDER WEIGHTS_DIR [--steps N] [--float64]
Needs torch and numpy (spec itself never does). docs/reproduction.md reports what it showed.
"""
import argparse
import copy
import csv
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from bench_gan_torch import (DirectGenerator, Discriminator, Generator, discriminator_steps,  # noqa: E402
                             generator_step)


def load(path):
    return torch.from_numpy(np.load(path)).to(torch.get_default_dtype())


def load_weights(layers, names, folder):
    """spec saves each parameter under the reference's name (layer3.weight.npy …)."""
    for layer, name in zip(layers, names):
        for part in ('weight', 'bias'):
            getattr(layer, part).data.copy_(load(os.path.join(folder, f'{name}.{part}.npy')).reshape(getattr(layer, part).shape))


def psnr(prediction, target):
    """spec's psnr: both quantised to 8 bits, mean over images."""
    def q(x):
        return torch.round((x.clamp(-1, 1) + 1) * 127.5)
    mse = ((q(prediction) - q(target)) ** 2).flatten(1).mean(1)
    return float((10 * torch.log10(255 ** 2 / mse)).mean())


def adam(params, lr, s):
    return torch.optim.Adam(params, lr=float(lr), betas=(float(s['beta1']), float(s['beta2'])), eps=float(s['eps']))


def generator_testbed(run, config, weights, images):
    model, s = config['models']['generator'], config['generator_testbed']
    if s['loss']['terms'] != ['mse']:
        sys.exit('only MSE generator runs can be replayed')
    G = Generator(model['res'], model['z_dim'], model['divide'], model['up'], model['padding'])
    blocks = list(G.blocks)
    load_weights(blocks, [f'layer{i}' for i in range(len(blocks) - 1)] + [f'output{int(math.log2(model["res"])) - 2}'], weights)
    z = load(os.path.join(run, 'latents.npy'))
    opt = adam(G.parameters(), s['lr'], s)

    def step():
        return {'loss': generator_step(G, z, images, opt)}

    def evaluated():
        with torch.no_grad():
            return G(z)
    return step, evaluated


def discriminator_testbed(run, config, weights, images):
    model, s = config['models']['discriminator'], config['discriminator_testbed']
    if 'spectral' in config['models']:
        sys.exit('runs with a spectral discriminator cannot be replayed here')
    if model['kind'] != 'pggan_discriminator':
        sys.exit('only PGGAN discriminators can be replayed here')
    D = Discriminator(model['res'], model['divide'], model['down'], model['padding'], label_size=model['label_size'])
    layers = list(D.blocks)
    load_weights([D.input0] + layers, ['input0'] + [f'layer{i}' for i in range(len(layers))], weights)
    G = DirectGenerator(images.shape[0], model['res'])
    G.imgs.data.copy_(load(os.path.join(run, 'samples', 'samples_00000000.npy')))
    G_test = copy.deepcopy(G)
    d_opt, g_opt = adam(D.parameters(), s['lr_d'], s), adam(G.parameters(), s['lr_g'], s)
    d_step, g_step, ema = discriminator_steps(D, G, G_test, images, torch.arange(images.shape[0]), d_opt, g_opt,
                                              r1_weight=float(s['r1']), ema_beta=float(s['ema']))

    def step():
        d_loss, r1 = d_step()
        g_loss = g_step()
        ema()
        return {'d_loss': d_loss, 'r1': r1, 'g_loss': g_loss}

    def evaluated():
        return G_test.imgs.detach()
    return step, evaluated


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('run')
    parser.add_argument('weights')
    parser.add_argument('--steps', type=int, default=0, help="steps to run (default: the run's)")
    parser.add_argument('--float64', action='store_true',
                        help='compute in double precision: how far float32 rounding alone moves the run')
    args = parser.parse_args()
    if args.float64:
        torch.set_default_dtype(torch.float64)
    config = json.load(open(os.path.join(args.run, 'config.json')))
    images = load(os.path.join(args.run, 'data.npy'))
    kind = config['testbed']
    if config[kind]['batch'] != images.shape[0]:
        sys.exit('only runs whose batch is the whole data set can be replayed')
    torch.manual_seed(0)
    step, evaluated = {'generator_testbed': generator_testbed,
                       'discriminator_testbed': discriminator_testbed}[kind](args.run, config, args.weights, images)
    spec = {int(r['step']): r for r in csv.DictReader(open(os.path.join(args.run, 'losses.csv')))}
    steps = args.steps or config['steps']
    report = sorted({1, 2, 3, 5, 10, 50, 100} | set(range(0, steps + 1, max(1, steps // 10))) - {0})
    report = [n for n in report if n <= steps]
    for n in range(1, steps + 1):
        losses = step()
        if n in report:
            cells = [f'{name} {value:.6f} / ' + (f'{float(spec[n][name]):.6f}' if n in spec else '—')
                     for name, value in losses.items()]
            print(f'step {n}: ' + ', '.join(cells) + '  (PyTorch / spec)', flush=True)
    print(f'after {steps} steps, PyTorch: PSNR {psnr(evaluated(), images):.2f} dB')


if __name__ == '__main__':
    main()
