#!/usr/bin/env python3
"""Re-runs one spec generator-testbed run in PyTorch from the same start, to tell spec's dynamics from the model's.

spec writes the run's data (data.npy) and latent codes (latents.npy) into its run folder; the generator's
initial weights come from `save_weights(model, DIR)` on a generator built with the same seed and settings. This
script loads all three into the reference generator of scripts/bench_gan_torch.py, trains it with the run's MSE
and Adam settings (config.json; whole-data batches, as spec's runs with batch = image count), and prints PyTorch's
loss next to spec's (losses.csv) at a few steps, plus PSNR and the output's standard deviation at the end.

Usage: python3 scripts/paper/generator_testbed_torch.py RUN_FOLDER WEIGHTS_DIR [--steps N]
Needs torch and numpy (not needed by spec itself). The comparison in docs/reproduction.md was made this way.
"""
import argparse
import csv
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from bench_gan_torch import Generator  # noqa: E402


def load_spec_weights(generator, folder, blocks):
    """spec's names are the reference's: layer0 … layer{2·blocks−1}, then output{blocks−1} for the image."""
    convs = list(generator.blocks)
    names = [f'layer{i}' for i in range(len(convs) - 1)] + [f'output{blocks - 1}']
    for conv, name in zip(convs, names):
        for part in ('weight', 'bias'):
            value = torch.from_numpy(np.load(os.path.join(folder, f'{name}.{part}.npy')))
            getattr(conv, part).data.copy_(value.reshape(getattr(conv, part).shape))


def psnr(prediction, target):
    """spec's psnr: both quantised to 8 bits, mean over images."""
    def q(x):
        return torch.round((x.clamp(-1, 1) + 1) * 127.5)
    mse = ((q(prediction) - q(target)) ** 2).flatten(1).mean(1)
    return float((10 * torch.log10(255 ** 2 / mse)).mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('run')
    parser.add_argument('weights')
    parser.add_argument('--steps', type=int, default=0, help='steps to train (default: the run\'s)')
    args = parser.parse_args()
    config = json.load(open(os.path.join(args.run, 'config.json')))
    model, settings = config['models']['generator'], config['generator_testbed']
    if settings['loss']['terms'] != ['mse']:
        sys.exit('only MSE runs can be re-run here')
    images = torch.from_numpy(np.load(os.path.join(args.run, 'data.npy'))).float()
    z = torch.from_numpy(np.load(os.path.join(args.run, 'latents.npy'))).float()
    if settings['batch'] != images.shape[0]:
        sys.exit('only runs whose batch is the whole data set can be re-run here (no shuffling to replay)')
    res = model['res']
    G = Generator(res, model['z_dim'], model['divide'], model['up'], model['padding'])
    load_spec_weights(G, args.weights, int(math.log2(res)) - 1)
    opt = torch.optim.Adam(G.parameters(), lr=float(settings['lr']), betas=(float(settings['beta1']), float(settings['beta2'])),
                           eps=float(settings['eps']))
    spec_loss = {int(r['step']): float(r['loss']) for r in csv.DictReader(open(os.path.join(args.run, 'losses.csv')))}
    steps = args.steps or config['steps']
    report = sorted({1, 2, 3, 5, 10, 50, 100, steps} | set(range(0, steps + 1, max(1, steps // 10))) - {0})
    print('step | PyTorch loss | spec loss')
    for step in range(1, steps + 1):
        opt.zero_grad()
        loss = ((G(z) - images) ** 2).mean()
        loss.backward()
        opt.step()
        if step in report:
            theirs = spec_loss.get(step)
            print(f'{step} | {loss.item():.6f} | ' + (f'{theirs:.6f}' if theirs is not None else '—'), flush=True)
    with torch.no_grad():
        out = G(z)
    print(f'after {steps} steps: PSNR {psnr(out, images):.2f} dB, output std {out.std():.4f}, data std {images.std():.4f}')


if __name__ == '__main__':
    main()
