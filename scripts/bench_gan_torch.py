#!/usr/bin/env python3
"""PyTorch timing of the two testbed steps that SpecGAN's GANBenchmarks times, for a same-machine comparison.

The networks are the frequency_bias reference's PGGAN generator and discriminator (full resolution, lod 0),
rewritten minimally: equalised learning rate (weights N(0, 1), scaled by gain/sqrt(fan_in) in every forward),
LeakyReLU(0.2), pixel norm, minibatch std, the up/down-sampling and padding modes. Shapes and steps follow the
testbeds: discriminator testbed (resolution 64, channels / 8, batch 10, a direct generator, R1 weight 10, Adam
betas (0, 0.99)) and generator testbed (z 64, resolution 64, channels / 8, batch 10, MSE, Adam), and both at
notebooks 4 and 5's baboon settings (one 128x128 image; blurpool; bilinear with reflect padding).

Usage: python3 scripts/bench_gan_torch.py [--iterations 20] [--warmup 3] [--threads N] [--case NAME ...]
Prints mean ms per step (D step, G step, EMA), the whole iteration's mean and median, per configuration, and the
peak RSS. Case names are spec-bench's (gan_dtestbed_stride, ..., gan_gtestbed_baboon128); scripts/bench_vs_torch
runs each next to spec's.
"""
import argparse
import copy
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def nf(res, divide):
    return min(16384 // res, 512) // divide


def up(x, mode):
    if mode == 'bilinear':
        return F.interpolate(x, scale_factor=2, mode='bilinear', align_corners=False)
    if mode == 'nearest':
        return F.interpolate(x, scale_factor=2, mode='nearest')
    if mode == 'zeros':
        uph = torch.stack([x, torch.zeros_like(x)], dim=-1).flatten(-2, -1)
        return torch.stack([uph, torch.zeros_like(uph)], dim=-2).flatten(-3, -2)
    if mode == 'shuffle':
        return F.pixel_shuffle(x, 2)
    raise ValueError(mode)


def down(x, mode):
    if mode == 'avg':
        return F.avg_pool2d(x, 2)
    if mode == 'stride':
        return x[..., ::2, ::2]
    if mode == 'blurpool':
        f = torch.tensor([[1, 3, 1], [3, 9, 3], [1, 3, 1]], dtype=x.dtype) / 25.
        x = F.pad(x, (1, 1, 1, 1), mode='reflect')
        c = x.shape[1]
        x = F.conv2d(x, f.view(1, 1, 3, 3).repeat(c, 1, 1, 1), groups=c)
        return F.avg_pool2d(x, 2)
    raise ValueError(mode)


def pixel_norm(x):
    return x / torch.sqrt(torch.mean(x ** 2, dim=1, keepdim=True) + 1e-8)


def minibatch_std(x, group_size=16):
    g = min(group_size, x.shape[0])
    y = x.view(g, -1, *x.shape[1:])
    y = torch.sqrt(torch.mean((y - y.mean(dim=0, keepdim=True)) ** 2, dim=0) + 1e-8)
    y = y.mean(dim=[1, 2, 3], keepdim=True).repeat(g, 1, x.shape[2], x.shape[3])
    return torch.cat([x, y], dim=1)


class Conv(nn.Module):
    """Equalised-lr conv block: [pixel norm] [mbstd] [up] conv [lrelu] [down]."""

    def __init__(self, cin, cout, k, pad, padding_mode='zeros', gain=math.sqrt(2), act=True,
                 norm=False, mbstd=False, upsample=None, downsample=None):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(cout, cin + (1 if mbstd else 0), k, k))
        self.bias = nn.Parameter(torch.zeros(cout))
        self.wscale = gain / math.sqrt((cin + (1 if mbstd else 0)) * k * k)
        self.pad, self.padding_mode, self.act = pad, padding_mode, act
        self.norm, self.mbstd, self.upsample, self.downsample = norm, mbstd, upsample, downsample

    def forward(self, x):
        if self.norm:
            x = pixel_norm(x)
        if self.mbstd:
            x = minibatch_std(x)
        if self.upsample:
            x = up(x, self.upsample)
        pad = self.pad
        if self.padding_mode != 'zeros' and pad > 0:
            x = F.pad(x, (pad,) * 4, mode=self.padding_mode)
            pad = 0
        x = F.conv2d(x, self.weight * self.wscale, self.bias, padding=pad)
        if self.act:
            x = F.leaky_relu(x, 0.2)
        if self.downsample:
            x = down(x, self.downsample)
        return x


class Dense(nn.Module):
    def __init__(self, cin, cout, gain=math.sqrt(2), act=True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(cout, cin))
        self.bias = nn.Parameter(torch.zeros(cout))
        self.wscale, self.act = gain / math.sqrt(cin), act

    def forward(self, x):
        x = F.linear(x.flatten(1), self.weight * self.wscale, self.bias)
        return F.leaky_relu(x, 0.2) if self.act else x


class Discriminator(nn.Module):
    def __init__(self, res, divide, down_mode, padding_mode='zeros', label_size=0):
        super().__init__()
        self.input0 = Conv(3, nf(res, divide), 1, 0)
        blocks, r = [], res
        while r > 4:
            blocks.append(Conv(nf(r, divide), nf(r, divide), 3, 1, padding_mode))
            blocks.append(Conv(nf(r, divide), nf(r // 2, divide), 3, 1, padding_mode, downsample=down_mode))
            r //= 2
        blocks.append(Conv(nf(4, divide), nf(4, divide), 3, 1, padding_mode, mbstd=True))
        blocks.append(Dense(nf(4, divide) * 16, nf(2, divide)))
        blocks.append(Dense(nf(2, divide), 1 + label_size, gain=1, act=False))
        self.blocks = nn.Sequential(*blocks)

    def forward(self, x, c=None):
        x = self.blocks(self.input0(x))
        return x if c is None else x[range(len(c)), c].unsqueeze(1)


class Generator(nn.Module):
    def __init__(self, res, z_dim, divide, up_mode, padding_mode='zeros'):
        super().__init__()
        blocks, r, last = [], 4, res
        while r <= res:
            mult = 4 if up_mode == 'shuffle' and r != last else 1
            if r == 4:
                blocks.append(Conv(z_dim, nf(4, divide), 4, 3, norm=True))
            else:
                blocks.append(Conv(nf(r // 2, divide), nf(r, divide), 3, 1, padding_mode, norm=True, upsample=up_mode))
            blocks.append(Conv(nf(r, divide), nf(r, divide) * mult, 3, 1, padding_mode, norm=True))
            r *= 2
        blocks.append(Conv(nf(res, divide), 3, 1, 0, gain=1, act=False, norm=True))
        self.blocks = nn.Sequential(*blocks)
        self.z_dim = z_dim

    def forward(self, z):
        return self.blocks(pixel_norm(z).view(z.shape[0], self.z_dim, 1, 1))


class DirectGenerator(nn.Module):
    def __init__(self, n, res):
        super().__init__()
        imgs = torch.empty(n, 3, res, res)
        nn.init.kaiming_normal_(imgs)
        self.imgs = nn.Parameter(imgs)

    def forward(self, idx):
        return self.imgs[idx]


def toggle_grad(model, flag):
    for p in model.parameters():
        p.requires_grad_(flag)


def discriminator_steps(D, G, G_test, images, classes, d_opt, g_opt, r1_weight=10., ema_beta=0.999):
    """The discriminator testbed's three parts as the reference runs them; the D and G steps return their losses."""
    bce = nn.BCEWithLogitsLoss()

    def d_step():
        toggle_grad(G, False)
        toggle_grad(D, True)
        d_opt.zero_grad()
        x = images.clone().requires_grad_()
        d_real = D(x, classes)
        loss_real = bce(d_real, torch.ones_like(d_real))
        loss_real.backward(retain_graph=True)
        grad = torch.autograd.grad(d_real.sum(), x, create_graph=True)[0]
        r1 = r1_weight * grad.pow(2).flatten(1).sum(1).mean()
        r1.backward()
        with torch.no_grad():
            fake = G(classes)
        fake.requires_grad_()
        d_fake = D(fake, classes)
        loss_fake = bce(d_fake, torch.zeros_like(d_fake))
        loss_fake.backward()
        d_opt.step()
        toggle_grad(D, False)
        return loss_real.item() + loss_fake.item(), r1.item()

    def g_step():
        toggle_grad(G, True)
        toggle_grad(D, False)
        g_opt.zero_grad()
        d_fake = D(G(classes), classes)
        loss = bce(d_fake, torch.ones_like(d_fake))
        loss.backward()
        g_opt.step()
        return loss.item()

    def ema():
        with torch.no_grad():
            src = dict(G.named_parameters())
            for name, p in G_test.named_parameters():
                p.copy_(ema_beta * p + (1 - ema_beta) * src[name])

    return d_step, g_step, ema


def generator_step(G, z, target, opt):
    """One generator-testbed iteration (MSE, Adam); returns the loss."""
    opt.zero_grad()
    loss = F.mse_loss(G(z), target)
    loss.backward()
    opt.step()
    return loss.item()


def discriminator_testbed(down_mode, res=64, divide=8, batch=10):
    D = Discriminator(res, divide, down_mode, label_size=batch - 1)
    G = DirectGenerator(batch, res)
    G_test = copy.deepcopy(G)
    d_opt = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0., 0.99), eps=1e-8)
    g_opt = torch.optim.Adam(G.parameters(), lr=1e-2, betas=(0., 0.99), eps=1e-8)
    images = torch.rand(batch, 3, res, res) * 2 - 1
    d_step, g_step, ema = discriminator_steps(D, G, G_test, images, torch.arange(batch), d_opt, g_opt)
    return [('D step', d_step), ('G step', g_step), ('EMA', ema)]


def generator_testbed(up_mode, res=64, z_dim=64, divide=8, batch=10, padding_mode='zeros'):
    G = Generator(res, z_dim, divide, up_mode, padding_mode)
    opt = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0., 0.99), eps=1e-8)
    z = torch.randn(batch, z_dim)
    target = torch.rand(batch, 3, res, res) * 2 - 1
    return [('step', lambda: generator_step(G, z, target, opt))]


def time_parts(parts, iterations, warmup):
    for _ in range(warmup):
        for _, f in parts:
            f()
    totals = {name: 0.0 for name, _ in parts}
    whole = []
    for _ in range(iterations):
        iteration = 0.0
        for name, f in parts:
            t0 = time.perf_counter()
            f()
            elapsed = time.perf_counter() - t0
            totals[name] += elapsed
            iteration += elapsed
        whole.append(1000 * iteration)
    return {name: 1000 * t / iterations for name, t in totals.items()}, sorted(whole)[len(whole) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--iterations', type=int, default=20)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--threads', type=int, default=0, help='torch threads (0: PyTorch default)')
    parser.add_argument('--case', nargs='*', default=None, help="spec-bench case names to run (default: all)")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads')
    def discriminator(label, parts):
        ms, median = time_parts(parts, args.iterations, args.warmup)
        detail = ', '.join(f'{k} {v:.1f} ms' for k, v in ms.items())
        print(f'discriminator testbed {label}: {detail}, iteration {sum(ms.values()):.1f} ms (median {median:.1f} ms)')

    def generator(label, parts):
        ms, median = time_parts(parts, args.iterations, args.warmup)
        print(f'generator testbed {label}: {ms["step"]:.1f} ms/iteration (median {median:.1f} ms)')

    cases = {f'gan_dtestbed_{mode}': (discriminator, mode, lambda mode=mode: discriminator_testbed(mode))
             for mode in ['stride', 'avg', 'blurpool']}
    cases.update({f'gan_gtestbed_{mode}': (generator, mode, lambda mode=mode: generator_testbed(mode))
                  for mode in ['bilinear', 'zeros']})
    # The baboon configurations of notebooks 4 and 5: one 128x128 image.
    cases['gan_dtestbed_baboon128'] = (discriminator, 'baboon128 (blurpool)',
                                       lambda: discriminator_testbed('blurpool', res=128, batch=1))
    cases['gan_gtestbed_baboon128'] = (generator, 'baboon128 (bilinear, reflect)',
                                       lambda: generator_testbed('bilinear', res=128, batch=1, padding_mode='reflect'))
    unknown = [name for name in args.case or [] if name not in cases]
    if unknown:
        parser.error(f'unknown case {", ".join(unknown)}; cases: {", ".join(cases)}')
    for name in args.case or cases:
        report, label, build = cases[name]
        report(label, build())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f'peak RSS {peak:.0f} MB')


if __name__ == '__main__':
    main()
