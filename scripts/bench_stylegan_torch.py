#!/usr/bin/env python3
"""PyTorch timing of the StyleGAN testbed iterations that spec-bench times, for a same-machine comparison.

Cases (Sources/spec-bench/GANCases.swift, Sources/SpecLang/Runs/TestbedBenchmarks.swift):
  gan_gtestbed_stylegan2  generator testbed, StyleGAN2 generator (res 64, z 64, channels / 8), batch 10
  gan_gtestbed_stylegan3  generator testbed, StyleGAN3-T generator (res 64, z 64, channels / 8), batch 10
  gan_dtestbed_stylegan2  discriminator testbed, StyleGAN2 discriminator (res 64, channels / 8, 8 classes), batch 8

The networks are the frequency_bias reference's SG2Generator / SG2Discriminator / SG3Generator, written here from
their description (shared/reference/stylegan/README.md) and from spec's Swift implementation, in plain PyTorch ops:
modulated convolutions as one grouped convolution per batch ("fused", the default: the reference's and spec's
formulation) or as a shared-weight convolution between per-sample input and output scales ("split": the same
function, equal to 1e-15 in float64, but its float32 rounding puts a few StyleGAN3 parameter gradients just outside
the golden tolerances, so --check fails with it); FIR resampling (upfirdn2d) as depthwise (transposed) convolutions
in channels-last layout with one separable 1-D filter per axis; StyleGAN3's filtered leaky ReLU as FIR up (the
activation gain folded into the filter), leaky ReLU, clamp, FIR down. `--check` proves they are the reference's
networks: it loads the golden weights and inputs and compares every output the golden data holds within its
tolerances (with the --modconv formulation given), then builds the timed networks at the bench sizes.

The steps mirror spec's shipped testbed steps (Sources/SpecLang/Runs/TestbedSteps.swift) with the settings of
Sources/SpecGAN/Testbeds/TestbedSettings.swift:
  generator testbed: loss = MSE(G(z), x), Adam(lr 1e-3, betas (0, 0.99), eps 1e-8); StyleGAN2 noise is fresh
    N(0, 1) per call (noise_mode 'random'), as the testbeds call G(z).
  discriminator testbed: a direct generator (one trainable image per class), class-conditional D (one-hot class
    input to the projection mapping), real pass BCE(D(x, c), 1) + 10 * R1 (mean over the batch of |dSum D/dx|^2,
    double backward), one backward into D; fake pass BCE(D(detach(G(c)), c), 0) into D; Adam step of D
    (lr 1e-3, betas (0, 0.99), eps 1e-8); G step BCE(D(G(c), c), 1) into G only (Adam lr 1e-2, betas (0, 0.99));
    EMA of G with beta 0.999.

Usage:
  python3 scripts/bench_stylegan_torch.py [CASE ...] [--iterations 20] [--warmup 3] [--threads 2]
                                          [--modconv fused|split] [--in-process]
  python3 scripts/bench_stylegan_torch.py --check [--reference DIR] [--modconv fused|split]
Prints ms per iteration (median, min-max) and per part, and each case's peak RSS (every case runs in a process of
its own unless --in-process; the RSS right after importing torch is printed too, since it is a large part of it).
"""
import argparse
import copy
import json
import math
import os
import resource
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SQRT2 = math.sqrt(2)
CASES = ['gan_gtestbed_stylegan2', 'gan_gtestbed_stylegan3', 'gan_dtestbed_stylegan2']
DEFAULT_REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'reference', 'stylegan')
if not os.path.isdir(DEFAULT_REFERENCE):
    DEFAULT_REFERENCE = '/work/shared/reference/stylegan'

# How modulated convolutions run: 'fused' (one grouped convolution, per-sample weights) or 'split' (input scaled by
# the styles, one convolution with the shared weight, output scaled by the demodulation factors).
MODCONV = {'mode': 'fused'}


# ---------------------------------------------------------------------------------------------------------------
# FIR resampling (upfirdn2d) with one 1-D filter applied along both axes

def _crop_or_pad_pass(conv, x, weight, stride, lead, trail, axis):
    """One transposed-convolution pass along `axis` (2 rows, 3 columns), then `lead`/`trail` samples added (zeros)
    or removed at the ends; an equal removal at both ends is the transposed convolution's own padding."""
    crop = max(0, min(-lead, -trail))
    lead, trail = lead + crop, trail + crop
    if axis == 2:
        y = conv(x, weight, stride=(stride, 1), padding=(crop, 0), groups=x.shape[1])
        return F.pad(y, (0, 0, lead, trail)) if lead or trail else y
    y = conv(x, weight, stride=(1, stride), padding=(0, crop), groups=x.shape[1])
    return F.pad(y, (lead, trail, 0, 0)) if lead or trail else y


def upfirdn2d(x, f, up=1, down=1, padding=(0, 0, 0, 0), gain=1.0):
    """StyleGAN's upfirdn2d on (N, C, H, W) with the separable filter f (1-D, the same along both axes): insert up-1
    zeros after every sample, pad (x0, x1, y0, y1) (negative crops), convolve with f (a true convolution) times
    `gain` overall, keep every down-th sample. Upsampling runs as a depthwise transposed convolution (no zeros are
    multiplied), downsampling as a depthwise strided convolution, both in channels-last layout."""
    c, k = x.shape[1], f.numel()
    x0, x1, y0, y1 = padding
    x = x.contiguous(memory_format=torch.channels_last)  # oneDNN's depthwise convolutions run best on NHWC
    g = float(gain) ** 0.5  # per axis
    if up > 1:
        w = (f * g).to(x.dtype)
        wy, wx = w.view(1, 1, k, 1).expand(c, 1, k, 1), w.view(1, 1, 1, k).expand(c, 1, 1, k)
        x = _crop_or_pad_pass(F.conv_transpose2d, x, wy, up, y0 - k + 1, y1 + up - k, 2)
        x = _crop_or_pad_pass(F.conv_transpose2d, x, wx, up, x0 - k + 1, x1 + up - k, 3)
        x = x[:, :, ::down, ::down] if down > 1 else x
    else:
        w = (f.flip(0) * g).to(x.dtype)
        wy, wx = w.view(1, 1, k, 1).expand(c, 1, k, 1), w.view(1, 1, 1, k).expand(c, 1, 1, k)
        if y0 == y1 and y0 >= 0 and x0 == x1 and x0 >= 0:
            x = F.conv2d(x, wy, stride=(down, 1), padding=(y0, 0), groups=c)
            x = F.conv2d(x, wx, stride=(1, down), padding=(0, x0), groups=c)
        else:
            x = F.pad(x, (x0, x1, y0, y1))
            x = F.conv2d(x, wy, stride=(down, 1), groups=c)
            x = F.conv2d(x, wx, stride=(1, down), groups=c)
    return x


# ---------------------------------------------------------------------------------------------------------------
# Shared StyleGAN pieces

def normalize_2nd_moment(x, eps=1e-8):
    return x * (x.square().mean(dim=1, keepdim=True) + eps).rsqrt()


def bias_act(x, b, lrelu, gain=1.0, clamp=None):
    """x + b (per channel), leaky ReLU (0.2) or linear, times gain, clamped to +-clamp."""
    if b is not None:
        x = x + (b.view(1, -1, 1, 1) if x.dim() == 4 else b)
    if lrelu:
        x = F.leaky_relu(x, 0.2)
    if gain != 1:
        x = x * gain
    if clamp is not None:
        x = F.hardtanh(x, -clamp, clamp)  # clamp with a one-kernel backward
    return x


class Dense(nn.Module):
    """StyleGAN's FullyConnectedLayer: weight N(0, 1) / lr, used as weight * lr / sqrt(in), bias * lr."""

    def __init__(self, cin, cout, lrelu=False, lr=1.0, bias_init=0.0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(cout, cin) / lr)
        self.bias = nn.Parameter(torch.full([cout], float(bias_init)))
        self.wgain, self.bgain, self.lrelu = lr / math.sqrt(cin), lr, lrelu

    def forward(self, x):
        b = self.bias * self.bgain if self.bgain != 1 else self.bias
        x = torch.addmm(b, x, (self.weight * self.wgain).t())
        return F.leaky_relu(x, 0.2) * SQRT2 if self.lrelu else x


class Mapping(nn.Module):
    """The mapping network: z normalised, a class input embedded and normalised, then `layers` lrelu FC layers with
    lr multiplier 0.01; broadcast to num_ws rows (generators) or not (the discriminator's cmap)."""

    def __init__(self, z_dim, c_dim, w_dim, num_ws, layers, keeps_average):
        super().__init__()
        self.z_dim, self.c_dim, self.num_ws, self.layers = z_dim, c_dim, num_ws, layers
        if c_dim > 0:
            self.embed = Dense(c_dim, w_dim)
        sizes = [z_dim + (w_dim if c_dim > 0 else 0)] + [w_dim] * layers
        for i in range(layers):
            setattr(self, f'fc{i}', Dense(sizes[i], sizes[i + 1], lrelu=True, lr=0.01))
        if keeps_average:
            self.register_buffer('w_avg', torch.zeros([w_dim]))

    def forward(self, z=None, c=None):
        parts = []
        if self.z_dim > 0:
            parts.append(normalize_2nd_moment(z))
        if self.c_dim > 0:
            parts.append(normalize_2nd_moment(self.embed(c)))
        x = parts[0] if len(parts) == 1 else torch.cat(parts, dim=1)
        for i in range(self.layers):
            x = getattr(self, f'fc{i}')(x)
        return x if self.num_ws is None else x.unsqueeze(1).expand(-1, self.num_ws, -1)


def modulated_conv(x, weight, styles, demodulate, up=1, padding=0, resample=None, input_gain=None):
    """A modulated convolution: the weight (O, I, k, k) scaled per sample by styles (N, I), demodulated to unit norm
    per output channel when asked, times input_gain; stride-2 transposed convolution then the FIR filter
    `resample` (1-D, gain 4, padding 1) when up = 2. Returns (N, O, H', W')."""
    n, i = styles.shape
    o, k = weight.shape[0], weight.shape[-1]
    if MODCONV['mode'] == 'fused':
        w = weight.unsqueeze(0) * styles.view(n, 1, i, 1, 1)
        if demodulate:
            w = w * (w.square().sum(dim=[2, 3, 4]) + 1e-8).rsqrt().view(n, o, 1, 1, 1)
        if input_gain is not None:
            w = w * input_gain
        xg = x.reshape(1, n * i, x.shape[2], x.shape[3])
        if up == 1:
            y = F.conv2d(xg, w.reshape(n * o, i, k, k), padding=padding, groups=n)
        else:
            y = F.conv_transpose2d(xg, w.transpose(1, 2).reshape(n * i, o, k, k), stride=up, groups=n)
            y = upfirdn2d(y, resample, padding=(padding,) * 4, gain=up * up)
        return y.reshape(n, o, y.shape[2], y.shape[3])
    # split: conv(x * s, W) * d, with d = rsqrt(sum over (i, kh, kw) of (W s)^2 + 1e-8) = rsqrt(s^2 @ sum_k W^2)
    xs = x * styles.view(n, i, 1, 1)
    if up == 1:
        y = F.conv2d(xs, weight, padding=padding)
    else:
        y = F.conv_transpose2d(xs, weight.transpose(0, 1), stride=up)
        y = upfirdn2d(y, resample, padding=(padding,) * 4, gain=up * up)
    scale = None
    if demodulate:
        scale = (styles.square() @ weight.square().sum(dim=[2, 3]).t() + 1e-8).rsqrt()
    if input_gain is not None:
        scale = input_gain if scale is None else scale * input_gain
    if scale is None:
        return y
    return y * (scale.view(n, o, 1, 1) if torch.is_tensor(scale) and scale.dim() == 2 else scale)


# 1-D factor of StyleGAN2's resample filter [1, 3, 3, 1] / 8 (the 4x4 buffer is its outer product).
SG2_FILTER = torch.tensor([1., 3., 3., 1.]) / 8


# ---------------------------------------------------------------------------------------------------------------
# StyleGAN2 generator

def sg2_channels(res, divide):
    return min(32768 // divide // res, 512 // divide)


class SG2Layer(nn.Module):
    """conv0 / conv1: affine styles, modulated + demodulated 3x3 conv (up 2 for conv0), noise * strength, bias,
    lrelu * sqrt 2, clamp 256."""

    def __init__(self, cin, cout, w_dim, res, up):
        super().__init__()
        self.affine = Dense(w_dim, cin, bias_init=1)
        self.weight = nn.Parameter(torch.randn(cout, cin, 3, 3))
        self.bias = nn.Parameter(torch.zeros(cout))
        self.noise_strength = nn.Parameter(torch.zeros([]))
        self.register_buffer('noise_const', torch.randn(res, res))
        self.register_buffer('resample_filter', torch.outer(SG2_FILTER, SG2_FILTER))
        self.res, self.up = res, up

    def forward(self, x, w, noise):
        y = modulated_conv(x, self.weight, self.affine(w), True, up=self.up, padding=1, resample=SG2_FILTER)
        if noise == 'random':
            y = y + torch.randn(x.shape[0], 1, self.res, self.res) * self.noise_strength
        elif noise == 'const':
            y = y + self.noise_const * self.noise_strength
        elif noise is not None and noise != 'none':  # a list of recorded draws, consumed in order
            y = y + noise.pop(0) * self.noise_strength
        return bias_act(y, self.bias, True, SQRT2, 256)


class SG2ToRGB(nn.Module):
    def __init__(self, cin, img_channels, w_dim):
        super().__init__()
        self.affine = Dense(w_dim, cin, bias_init=1)
        self.weight = nn.Parameter(torch.randn(img_channels, cin, 1, 1))
        self.bias = nn.Parameter(torch.zeros(img_channels))
        self.wgain = 1 / math.sqrt(cin)

    def forward(self, x, w):
        y = modulated_conv(x, self.weight, self.affine(w) * self.wgain, False)
        return bias_act(y, self.bias, False, 1, 256)


class SG2Block(nn.Module):
    def __init__(self, cin, cout, w_dim, res, img_channels):
        super().__init__()
        if cin == 0:
            self.const = nn.Parameter(torch.randn(cout, res, res))
        else:
            self.conv0 = SG2Layer(cin, cout, w_dim, res, up=2)
        self.conv1 = SG2Layer(cout, cout, w_dim, res, up=1)
        self.torgb = SG2ToRGB(cout, img_channels, w_dim)
        self.register_buffer('resample_filter', torch.outer(SG2_FILTER, SG2_FILTER))
        self.first = cin == 0
        self.num_ws = 2 if self.first else 3

    def forward(self, x, img, ws, noise):
        if self.first:
            x = self.const.unsqueeze(0).expand(ws.shape[0], -1, -1, -1)
            rest = ws.unbind(1)
        else:
            rest = ws.unbind(1)
            x = self.conv0(x, rest[0], noise)
            rest = rest[1:]
        x = self.conv1(x, rest[0], noise)
        y = self.torgb(x, rest[1])
        if img is None:
            return x, y
        # upsample2d: zeros inserted, padding (2, 1, 2, 1), the 4x4 filter times 4
        return x, upfirdn2d(img, SG2_FILTER, up=2, padding=(2, 1, 2, 1), gain=4) + y


class SG2Generator(nn.Module):
    def __init__(self, resolution, z_dim=64, divide=8, img_channels=3):
        super().__init__()
        self.w_dim = 512 // divide
        blocks, res = [], 4
        while res <= resolution:
            blocks.append((f'b{res}', SG2Block(0 if res == 4 else sg2_channels(res // 2, divide), sg2_channels(res, divide),
                                               self.w_dim, res, img_channels)))
            res *= 2
        self.synthesis = nn.Module()
        for name, b in blocks:
            setattr(self.synthesis, name, b)
        self.block_names = [name for name, _ in blocks]
        self.num_ws = sum(b.num_ws for _, b in blocks) - (len(blocks) - 1)
        self.mapping = Mapping(z_dim, 0, self.w_dim, self.num_ws, 8, keeps_average=True)

    def synthesize(self, ws, noise='random', activations=None):
        x = img = None
        offset = 0
        if isinstance(noise, list):
            noise = list(noise)
        for name in self.block_names:
            block = getattr(self.synthesis, name)
            x, img = block(x, img, ws[:, offset:offset + block.num_ws], noise)
            if activations is not None:
                activations[name] = (x, img)
            offset += block.num_ws - 1
        return img

    def forward(self, z, noise='random'):
        return self.synthesize(self.mapping(z), noise)


# ---------------------------------------------------------------------------------------------------------------
# StyleGAN2 discriminator

class SG2Conv(nn.Module):
    """Conv2dLayer: weight / sqrt(in k k), FIR x2 down when asked, bias, lrelu * sqrt 2 or linear, times gain,
    clamp 256 * gain."""

    def __init__(self, cin, cout, k, bias=True, lrelu=True, down=1, clamped=True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(cout, cin, k, k))
        self.bias = nn.Parameter(torch.zeros(cout)) if bias else None
        self.register_buffer('resample_filter', torch.outer(SG2_FILTER, SG2_FILTER))
        self.wgain, self.k, self.lrelu, self.down, self.clamped = 1 / math.sqrt(cin * k * k), k, lrelu, down, clamped

    def forward(self, x, gain=1.0):
        w = self.weight * self.wgain
        if self.down == 1:
            y = F.conv2d(x, w, padding=self.k // 2)
        elif self.k == 1:  # filter with padding 1 and keep every second pixel, then the 1x1 conv
            y = F.conv2d(upfirdn2d(x, SG2_FILTER, down=2, padding=(1, 1, 1, 1)), w)
        else:  # pad k//2 + 1, filter, stride-2 conv
            p = self.k // 2 + 1
            y = F.conv2d(upfirdn2d(x, SG2_FILTER, padding=(p, p, p, p)), w, stride=2)
        return bias_act(y, self.bias, self.lrelu, (SQRT2 if self.lrelu else 1) * gain, 256 * gain if self.clamped else None)


class SG2DBlock(nn.Module):
    def __init__(self, cin, tmp, cout, img_channels):
        super().__init__()
        if cin == 0:
            self.fromrgb = SG2Conv(img_channels, tmp, 1)
        self.conv0 = SG2Conv(tmp, tmp, 3)
        self.conv1 = SG2Conv(tmp, cout, 3, down=2)
        self.skip = SG2Conv(tmp, cout, 1, bias=False, lrelu=False, down=2, clamped=False)
        self.register_buffer('resample_filter', torch.outer(SG2_FILTER, SG2_FILTER))
        self.first = cin == 0

    def forward(self, x):
        if self.first:
            x = self.fromrgb(x)
        g = math.sqrt(0.5)
        return self.skip(x, gain=g) + self.conv1(self.conv0(x), gain=g)


def minibatch_std(x, group_size=4):
    n, c, h, w = x.shape
    g = min(group_size, n)
    y = x.reshape(g, -1, c, h, w)
    y = (y - y.mean(dim=0)).square().mean(dim=0)
    y = (y + 1e-8).sqrt().mean(dim=[1, 2, 3])             # (M,)
    y = y.view(-1, 1, 1, 1).repeat(g, 1, h, w)
    return torch.cat([x, y], dim=1)


class SG2Discriminator(nn.Module):
    """Resnet blocks b{res} ... b8, epilogue b4 (minibatch std, 3x3 conv, fc, out), projection on cmap =
    mapping(class input) / sqrt(cmap_dim). The class input is (N, classes): the class index as one number for one
    class (the reference's call), one-hot rows otherwise (spec's reading for several classes)."""

    def __init__(self, resolution, divide=8, classes=1, img_channels=3):
        super().__init__()
        ch = lambda r: sg2_channels(r, divide)
        res = resolution
        self.block_names = []
        while res > 4:
            setattr(self, f'b{res}', SG2DBlock(0 if res == resolution else ch(res), ch(res), ch(res // 2), img_channels))
            self.block_names.append(f'b{res}')
            res //= 2
        c4 = ch(4)
        self.b4 = nn.Module()
        self.b4.conv = SG2Conv(c4 + 1, c4, 3)
        self.b4.fc = Dense(c4 * 16, c4, lrelu=True)
        self.b4.out = Dense(c4, c4)
        self.mapping = Mapping(0, classes, c4, None, 8, keeps_average=False)
        self.classes, self.cmap_dim = classes, c4

    def class_input(self, c):
        if self.classes == 1:
            return c.to(torch.float32).view(-1, 1)
        return F.one_hot(c, self.classes).to(torch.float32)

    def forward(self, x, c_input, activations=None):
        for name in self.block_names:
            x = getattr(self, name)(x)
            if activations is not None:
                activations[name] = x
        x = self.b4.conv(minibatch_std(x))
        x = self.b4.out(self.b4.fc(x.flatten(1)))
        cmap = self.mapping(None, c_input)
        if activations is not None:
            activations['cmap'] = cmap
        return (x * cmap).sum(dim=1, keepdim=True) * (1 / math.sqrt(self.cmap_dim))


# ---------------------------------------------------------------------------------------------------------------
# StyleGAN3-T generator

def sg3_schedule(resolution, img_channels=3, channel_base=32768, channel_max=512, num_layers=14, critical=2,
                 first_cutoff=2.0, first_stopband=2 ** 2.1, last_stopband_rel=2 ** 0.3, margin=10, filter_size=6,
                 lrelu_up=2, conv_kernel=3):
    """The layer table of StyleGAN3-T's synthesis network (as Sources/SpecGAN/Models/StyleGAN3/StyleGAN3Schedule.swift
    computes it): cutoffs and stopbands in geometric progression, power-of-two sampling rates, 10-pixel margins."""
    r = float(resolution)
    last_cutoff = r / 2
    last_stopband = last_cutoff * last_stopband_rel
    exps = [min(i / (num_layers - critical), 1.0) for i in range(num_layers + 1)]
    cutoffs = [first_cutoff * (last_cutoff / first_cutoff) ** e for e in exps]
    stopbands = [first_stopband * (last_stopband / first_stopband) ** e for e in exps]
    rates = [2.0 ** math.ceil(math.log2(min(s * 2, r))) for s in stopbands]
    half_widths = [max(s, rt / 2) - c for s, rt, c in zip(stopbands, rates, cutoffs)]
    sizes = [int(rt) + margin * 2 for rt in rates]
    sizes[-1] = sizes[-2] = resolution
    channels = [int(np.rint(min((channel_base / 2) / c, channel_max))) for c in cutoffs]
    channels[-1] = img_channels
    layers = []
    for i in range(num_layers + 1):
        p = max(i - 1, 0)
        torgb = i == num_layers
        tmp = max(rates[p], rates[i]) * (1 if torgb else lrelu_up)
        up, down = int(round(tmp / rates[p])), int(round(tmp / rates[i]))
        up_taps = filter_size * up if up > 1 and not torgb else 1
        down_taps = filter_size * down if down > 1 and not torgb else 1
        k = 1 if torgb else conv_kernel
        total = (sizes[i] - 1) * down + 1 - (sizes[p] + k - 1) * up + up_taps + down_taps - 2
        lo = (total + up) // 2
        layers.append(dict(name=f'L{i}_{sizes[i]}_{channels[i]}', is_torgb=torgb, is_critically_sampled=i >= num_layers - critical,
                           in_channels=channels[p], out_channels=channels[i], in_size=sizes[p], out_size=sizes[i],
                           in_sampling_rate=rates[p], out_sampling_rate=rates[i], tmp_sampling_rate=tmp,
                           in_cutoff=cutoffs[p], out_cutoff=cutoffs[i], in_half_width=half_widths[p], out_half_width=half_widths[i],
                           conv_kernel=k, up_factor=up, down_factor=down, up_taps=up_taps, down_taps=down_taps,
                           padding=[lo, total - lo, lo, total - lo]))
    return dict(channels=channels[0], size=sizes[0], sampling_rate=rates[0], bandwidth=cutoffs[0]), layers


def lowpass_filter(taps, cutoff, width, fs):
    """scipy.signal.firwin(taps, cutoff, width=width, fs=fs) (Kaiser window, unit gain at DC), float64; None for 1 tap."""
    if taps == 1:
        return None
    nyq = fs / 2
    atten = 2.285 * (taps - 1) * math.pi * (width / nyq) + 7.95
    beta = 0.1102 * (atten - 8.7) if atten > 50 else 0.5842 * (atten - 21) ** 0.4 + 0.07886 * (atten - 21) if atten > 21 else 0.0
    c = cutoff / nyq
    m = np.arange(taps) - 0.5 * (taps - 1)
    h = c * np.sinc(c * m) * np.kaiser(taps, beta)
    return h / h.sum()


def filtered_lrelu(x, fu, fd, b, up, down, padding, gain, slope, clamp):
    """StyleGAN3's filtered leaky ReLU: x + b, FIR up (gain up^2, padding (x0, x1, y0, y1)), leaky ReLU times gain,
    clamp, FIR down. The positive gain is folded into the up filter (lrelu(g u) = g lrelu(u))."""
    x = x + b.view(1, -1, 1, 1)
    if fu is not None or up > 1 or any(padding):
        x = upfirdn2d(x, fu if fu is not None else torch.ones(1), up=up, padding=padding, gain=up * up * gain)
    elif gain != 1:
        x = x * gain
    if slope != 1:
        x = F.leaky_relu(x, slope)
    if clamp is not None:
        x = F.hardtanh(x, -clamp, clamp)  # clamp with a one-kernel backward
    if fd is not None or down > 1:
        x = upfirdn2d(x, fd if fd is not None else torch.ones(1), down=down)
    return x


class SG3Input(nn.Module):
    """Fourier features: fixed random frequencies in the band and phases, rotated and translated per sample by
    affine(w), damped out of band, sampled on the grid with its margin, mixed by weight / sqrt(C)."""

    def __init__(self, w_dim, channels, size, sampling_rate, bandwidth):
        super().__init__()
        self.channels, self.size, self.sampling_rate, self.bandwidth = channels, size, float(sampling_rate), float(bandwidth)
        freqs = torch.randn(channels, 2)
        radii = freqs.square().sum(dim=1, keepdim=True).sqrt()
        freqs = freqs / (radii * radii.square().exp().pow(0.25)) * bandwidth
        self.weight = nn.Parameter(torch.randn(channels, channels))
        self.affine = Dense(w_dim, 4)
        with torch.no_grad():
            self.affine.weight.zero_()
            self.affine.bias.copy_(torch.tensor([1., 0., 0., 0.]))
        self.register_buffer('transform', torch.eye(3))
        self.register_buffer('freqs', freqs)
        self.register_buffer('phases', torch.rand(channels) - 0.5)
        g = (0.5 * size / sampling_rate) * ((2 * torch.arange(size, dtype=torch.float32) + 1) / size - 1)
        self.register_buffer('grid_1d', g, persistent=False)

    def steps(self, w):
        n = w.shape[0]
        t_raw = self.affine(w)
        t = t_raw / t_raw[:, :2].norm(dim=1, keepdim=True)
        rc, rs, tx, ty = t.unbind(1)
        zero, one = torch.zeros_like(rc), torch.ones_like(rc)
        m_r = torch.stack([rc, -rs, zero, rs, rc, zero, zero, zero, one], dim=1).view(n, 3, 3)
        m_t = torch.stack([one, zero, -tx, zero, one, -ty, zero, zero, one], dim=1).view(n, 3, 3)
        transforms = m_r @ m_t @ self.transform.unsqueeze(0)
        phases = self.phases.unsqueeze(0) + (self.freqs.unsqueeze(0) @ transforms[:, :2, 2:]).squeeze(2)
        freqs = self.freqs.unsqueeze(0) @ transforms[:, :2, :2]                       # (N, C, 2)
        amplitudes = (1 - (freqs.norm(dim=2) - self.bandwidth) / (self.sampling_rate / 2 - self.bandwidth)).clamp(0, 1)
        gx, gy = self.grid_1d.view(1, 1, 1, -1), self.grid_1d.view(1, 1, -1, 1)
        phase = gx * freqs[:, :, 0, None, None] + gy * freqs[:, :, 1, None, None] + phases[:, :, None, None]
        features = torch.sin(phase * (2 * math.pi)) * amplitudes[:, :, None, None]     # (N, C, H, W)
        y = F.conv2d(features, (self.weight * (1 / math.sqrt(self.channels))).view(self.channels, self.channels, 1, 1))
        return dict(t_raw=t_raw, t_normalised=t, transforms=transforms, freqs_transformed=freqs, phases_transformed=phases,
                    amplitudes=amplitudes, features=features, y=y)

    def forward(self, w):
        return self.steps(w)['y']


class SG3Layer(nn.Module):
    def __init__(self, spec, w_dim):
        super().__init__()
        s = self.spec = spec
        self.affine = Dense(w_dim, s['in_channels'], bias_init=1)
        k = s['conv_kernel']
        self.weight = nn.Parameter(torch.randn(s['out_channels'], s['in_channels'], k, k))
        self.bias = nn.Parameter(torch.zeros(s['out_channels']))
        self.register_buffer('magnitude_ema', torch.ones([]))
        fu = lowpass_filter(s['up_taps'], s['in_cutoff'], 2 * s['in_half_width'], s['tmp_sampling_rate'])
        fd = lowpass_filter(s['down_taps'], s['out_cutoff'], 2 * s['out_half_width'], s['tmp_sampling_rate'])
        self.register_buffer('up_filter', None if fu is None else torch.tensor(fu, dtype=torch.float32))
        self.register_buffer('down_filter', None if fd is None else torch.tensor(fd, dtype=torch.float32))

    def modconv(self, x, styles):
        s = self.spec
        demod = not s['is_torgb']
        w = self.weight
        if s['is_torgb']:
            styles = styles * (1 / math.sqrt(s['in_channels'] * s['conv_kernel'] ** 2))
        else:
            w = w * w.square().mean(dim=[1, 2, 3], keepdim=True).rsqrt()
            styles = styles * styles.square().mean().rsqrt()
        return modulated_conv(x, w, styles, demod, padding=s['conv_kernel'] - 1, input_gain=self.magnitude_ema.rsqrt())

    def forward(self, x, w):
        s = self.spec
        y = self.modconv(x, self.affine(w))
        return filtered_lrelu(y, self.up_filter, self.down_filter, self.bias, s['up_factor'], s['down_factor'], s['padding'],
                              1.0 if s['is_torgb'] else SQRT2, 1.0 if s['is_torgb'] else 0.2, 256.0)


class SG3Generator(nn.Module):
    def __init__(self, resolution, z_dim=64, divide=8, img_channels=3):
        super().__init__()
        w_dim = 512 // divide
        inp, layers = sg3_schedule(resolution, img_channels, channel_base=32768 // divide, channel_max=512 // divide)
        self.layer_specs = layers
        self.num_ws = len(layers) + 1
        self.mapping = Mapping(z_dim, 0, w_dim, self.num_ws, 2, keeps_average=True)
        self.synthesis = nn.Module()
        self.synthesis.input = SG3Input(w_dim, inp['channels'], inp['size'], inp['sampling_rate'], inp['bandwidth'])
        for spec in layers:
            setattr(self.synthesis, spec['name'], SG3Layer(spec, w_dim))

    def synthesize(self, ws, activations=None):
        ws = ws.unbind(1)
        x = self.synthesis.input(ws[0])
        if activations is not None:
            activations['input'] = x
        for spec, w in zip(self.layer_specs, ws[1:]):
            x = getattr(self.synthesis, spec['name'])(x, w)
            if activations is not None:
                activations[spec['name']] = x
        return x * 0.25

    def forward(self, z, noise=None):
        return self.synthesize(self.mapping(z))


# ---------------------------------------------------------------------------------------------------------------
# The testbed iterations

class DirectGenerator(nn.Module):
    def __init__(self, n, res):
        super().__init__()
        self.imgs = nn.Parameter(torch.randn(n, 3, res, res) * math.sqrt(2 / (3 * res * res)))

    def forward(self, idx):
        return self.imgs[idx]


def adam(params, lr):
    return torch.optim.Adam(params, lr=lr, betas=(0., 0.99), eps=1e-8, foreach=True)


def generator_testbed(kind, res=64, z_dim=64, divide=8, batch=10):
    G = (SG2Generator if kind == 'stylegan2' else SG3Generator)(res, z_dim, divide)
    opt = adam(G.parameters(), 1e-3)
    z = torch.randn(batch, z_dim)
    target = torch.rand(batch, 3, res, res) * 2 - 1

    def step():
        idx = torch.randperm(batch)  # one batch per epoch, reshuffled
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(G(z[idx]), target[idx])
        loss.backward()
        opt.step()
        return loss.item()

    return G, [('step', step)]


def set_requires_grad(params, flag):
    for p in params:
        p.requires_grad_(flag)


def discriminator_testbed(res=64, divide=8, batch=8, r1_weight=10.0, ema_beta=0.999):
    D = SG2Discriminator(res, divide, classes=batch)
    G = DirectGenerator(batch, res)
    G_ema = copy.deepcopy(G).requires_grad_(False)
    d_params, g_params = list(D.parameters()), list(G.parameters())
    d_opt, g_opt = adam(d_params, 1e-3), adam(g_params, 1e-2)
    images = torch.rand(batch, 3, res, res) * 2 - 1
    state = {}

    def d_step():
        idx = torch.randperm(batch)
        c = D.class_input(idx)
        state['idx'], state['c'] = idx, c
        d_opt.zero_grad(set_to_none=True)
        # real: BCE to 1 plus the weighted R1 penalty (double backward), one backward into D
        x = images[idx].requires_grad_()
        d_real = D(x, c)
        loss_real = F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real))
        (grad,) = torch.autograd.grad(d_real.sum(), x, create_graph=True)
        r1 = r1_weight * grad.square().sum(dim=[1, 2, 3]).mean()
        torch.autograd.backward(loss_real + r1, inputs=d_params)
        # fake: the generator's images without gradient, BCE to 0, into D
        with torch.no_grad():
            fake = G(idx)
        d_fake = D(fake, c)
        loss_fake = F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake))
        loss_fake.backward()
        d_opt.step()
        return loss_real.item() + loss_fake.item(), r1.item()

    def g_step():
        idx, c = state['idx'], state['c']
        set_requires_grad(d_params, False)
        g_opt.zero_grad(set_to_none=True)
        d = D(G(idx), c)
        loss = F.binary_cross_entropy_with_logits(d, torch.ones_like(d))
        loss.backward()
        g_opt.step()
        set_requires_grad(d_params, True)
        return loss.item()

    def ema():
        with torch.no_grad():
            for p_ema, p in zip(G_ema.parameters(), G.parameters()):
                p_ema.lerp_(p, 1 - ema_beta)

    return D, [('D step', d_step), ('G step', g_step), ('EMA', ema)]


def build(case):
    if case == 'gan_gtestbed_stylegan2':
        return generator_testbed('stylegan2')
    if case == 'gan_gtestbed_stylegan3':
        return generator_testbed('stylegan3')
    if case == 'gan_dtestbed_stylegan2':
        return discriminator_testbed()
    raise SystemExit(f'unknown case {case}; cases: {", ".join(CASES)}')


def rss_mb():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2 ** 20


def run_case(case, iterations, warmup):
    torch.manual_seed(0)
    base = rss_mb()
    model, parts = build(case)
    n_params = sum(p.numel() for p in model.parameters())
    for _ in range(warmup):
        for _, f in parts:
            f()
    times = {name: [] for name, _ in parts}
    totals = []
    for _ in range(iterations):
        total = 0.0
        for name, f in parts:
            t0 = time.perf_counter()
            f()
            dt = time.perf_counter() - t0
            times[name].append(dt)
            total += dt
        totals.append(total)
    ms = lambda v: 1000 * float(np.median(v))
    detail = '' if len(parts) == 1 else ' [' + ', '.join(f'{k} {ms(v):.1f}' for k, v in times.items()) + ']'
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f'{case}: {ms(totals):.1f} ms ({1000 * min(totals):.1f}–{1000 * max(totals):.1f}, {iterations} runs){detail}, '
          f'peak RSS {peak:.0f} MB (after import {base:.0f} MB), {n_params} parameters, modconv {MODCONV["mode"]}', flush=True)


# ---------------------------------------------------------------------------------------------------------------
# --check: the networks against the reference's golden data

class Checker:
    def __init__(self, root):
        self.root = root
        with open(os.path.join(root, 'MANIFEST.json')) as f:
            self.cases = {c['name']: c for c in json.load(f)['cases']}
        self.failures = []
        self.count = 0

    def npy(self, rel):
        return torch.from_numpy(np.load(os.path.join(self.root, rel)))

    def input(self, case, key):
        return self.npy(self.cases[case]['inputs'][key]['file'])

    def params(self, case, key='params'):
        entry = self.cases[case]['inputs'][key]
        d = os.path.join(self.root, entry['dir'])
        return {name[:-4]: torch.from_numpy(np.load(os.path.join(d, name))) for name in sorted(os.listdir(d)) if name.endswith('.npy')}

    def _one(self, label, actual, golden, tol):
        actual = actual.detach().to(torch.float64).reshape(golden.shape)
        golden = golden.to(torch.float64)
        diff = (actual - golden).abs()
        bound = tol['atol'] + tol['rtol'] * golden.abs()
        ok = bool((diff <= bound).all())
        rel = (diff.max() / golden.abs().max().clamp_min(1e-30)).item() if diff.numel() else 0.0
        used = (diff / bound).max().item() if diff.numel() else 0.0  # the largest share of the tolerance used
        self.count += 1
        if not ok:
            self.failures.append(label)
        return ok, diff.max().item() if diff.numel() else 0.0, rel, used

    def compare(self, case, key, actual, label=''):
        """actual: a tensor, or a dict name -> tensor for a folder of gradients (per-parameter tolerances)."""
        c = self.cases[case]
        out = c['outputs'][key]
        name = f'{case}{label} {key}'
        if 'dir' in out:
            per = c['tolerance'].get(f'{key}_per_param', {})
            worst_abs, worst_rel, worst_used, bad = 0.0, 0.0, 0.0, []
            for pname, entry in out['files'].items():
                if pname not in actual:
                    bad.append(f'{pname} missing')
                    self.failures.append(f'{name}/{pname} missing')
                    continue
                ok, a, r, u = self._one(f'{name}/{pname}', actual[pname], self.npy(entry['file']), per.get(pname, c['tolerance'][key]))
                worst_abs, worst_rel, worst_used = max(worst_abs, a), max(worst_rel, r), max(worst_used, u)
                if not ok:
                    bad.append(pname)
            extra = sorted(set(actual) - set(out['files']))
            status = 'ok' if not bad else 'FAIL ' + ', '.join(bad)
            print(f'  {name}: {len(out["files"])} parameters, max abs err {worst_abs:.2e}, relative to max|golden| {worst_rel:.2e}, '
                  f'{100 * worst_used:.0f}% of the per-parameter tolerances {status}' + (f' (not in golden: {extra})' if extra else ''))
            return
        tol = c['tolerance'][key]
        ok, a, r, u = self._one(name, actual, self.npy(out['file']), tol)
        print(f'  {name}: max abs err {a:.2e}, relative to max|golden| {r:.2e}, {100 * u:.0f}% of the tolerance '
              f'(rtol {tol["rtol"]:g}, atol {tol["atol"]:g}) {"ok" if ok else "FAIL"}')


def load_state(module, params):
    """Every golden entry into the module's parameter or buffer of the same name; both name sets must agree."""
    own = dict(module.named_parameters())
    own.update({k: v for k, v in module.named_buffers() if v is not None and k.split('.')[-1] != 'grid_1d'})
    missing = sorted(set(own) - set(params))
    extra = sorted(set(params) - set(own))
    if missing or extra:
        raise SystemExit(f'state mismatch: missing {missing}, unexpected {extra}')
    with torch.no_grad():
        for name, t in params.items():
            if own[name].shape != t.shape:
                raise SystemExit(f'{name}: shape {tuple(t.shape)}, ours {tuple(own[name].shape)}')
            own[name].copy_(t)
    f2 = torch.outer(SG2_FILTER, SG2_FILTER)
    for name, t in params.items():
        if name.endswith('resample_filter') and not torch.allclose(t, f2, atol=1e-7):
            raise SystemExit(f'{name} is not the [1, 3, 3, 1] filter')


def grads(module):
    return {n: (p.grad if p.grad is not None else torch.zeros_like(p)) for n, p in module.named_parameters()}


def check_sg2_generator(ck):
    case = 'sg2_generator_r16_mapping'
    G = SG2Generator(16, 64, 8)
    load_state(G, ck.params(case))
    z = ck.input(case, 'z')
    with torch.no_grad():
        ws = G.mapping(z)
        ck.compare(case, 'ws', ws)
        acts = {}
        img = G.synthesize(ws, 'const', acts)
        case = 'sg2_generator_r16_synthesis_const'
        ck.compare(case, 'image', img)
        for b, (x, im) in acts.items():
            ck.compare(case, f'activation_{b}_x', x)
            ck.compare(case, f'activation_{b}_img', im)
        case = 'sg2_generator_r16_testbed_call_random_noise'
        order = ['synthesis.b4.conv1', 'synthesis.b8.conv0', 'synthesis.b8.conv1', 'synthesis.b16.conv0', 'synthesis.b16.conv1']
        d = os.path.join(ck.root, ck.cases[case]['inputs']['noise_draws']['dir'])
        draws = [torch.from_numpy(np.load(os.path.join(d, f'{name}.npy'))) for name in order]
        ck.compare(case, 'image', G.synthesize(ws, draws))
        case = 'sg2_synthesis_block_b8_r16_steps'
        x, im = G.synthesis.b8(ck.input(case, 'x'), ck.input(case, 'img'), ck.input(case, 'ws'), 'const')
        ck.compare(case, 'x_out', x)
        ck.compare(case, 'img_out', im)
    case = 'sg2_generator_r16_mse_grads'
    G.zero_grad(set_to_none=True)
    loss = F.mse_loss(G.synthesize(G.mapping(z), 'const'), ck.input(case, 'mse_target'))
    loss.backward()
    ck.compare(case, 'mse_loss', loss)
    ck.compare(case, 'grad_params', grads(G))


def check_sg2_discriminator(ck):
    case = 'sg2_discriminator_r16_forward'
    D = SG2Discriminator(16, 8, classes=1)
    load_state(D, ck.params(case))
    x, c = ck.input(case, 'x'), ck.input(case, 'c')
    with torch.no_grad():
        acts = {}
        ck.compare(case, 'logits', D(x, D.class_input(c), acts))
        ck.compare(case, 'activation_b16', acts['b16'])
        ck.compare(case, 'activation_b8', acts['b8'])
        ck.compare(case, 'activation_cmap', acts['cmap'])
        ck.compare(case, 'logits_c_int', D(x, D.class_input(ck.input(case, 'c_int'))))
        ck.compare(case, 'logits_N1', D(ck.input(case, 'x_N1'), D.class_input(ck.input(case, 'c_N1'))))
    case = 'sg2_discriminator_r16_r1'
    # (a) the unweighted R1 and its parameter gradients (double backward)
    xr = x.clone().requires_grad_()
    d_out = D(xr, D.class_input(c))
    ck.compare(case, 'd_out', d_out)
    (g,) = torch.autograd.grad(d_out.sum(), xr, create_graph=True)
    ck.compare(case, 'grad_x_of_dout_sum', g)
    reg = g.square().sum(dim=[1, 2, 3])
    ck.compare(case, 'reg_per_sample', reg)
    ck.compare(case, 'reg_mean', reg.mean())
    D.zero_grad(set_to_none=True)
    torch.autograd.backward(reg.mean(), inputs=list(D.parameters()))
    ck.compare(case, 'grad_params', grads(D))
    # (b) the real half of the timed D step: BCE(D(x), 1) + 10 R1 in one backward into D's parameters
    D.zero_grad(set_to_none=True)
    xr = x.clone().requires_grad_()
    d_real = D(xr, D.class_input(c))
    loss_real = F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real))
    (g,) = torch.autograd.grad(d_real.sum(), xr, create_graph=True)
    r1 = 10.0 * g.square().sum(dim=[1, 2, 3]).mean()
    torch.autograd.backward(loss_real + r1, inputs=list(D.parameters()))
    ck.compare(case, 'dloss_real', loss_real)
    ck.compare(case, 'reg_times_reg_param', r1)
    ck.compare(case, 'grad_params_testbed_real_step', grads(D))


def check_sg3(ck):
    table = json.load(open(os.path.join(ck.root, 'sg3_gen_r32', 'layer_table.json')))
    inp, layers = sg3_schedule(32, 3, channel_base=32768 // 8, channel_max=512 // 8)
    bad = []
    for ours, theirs in zip(layers, table['layers']):
        for k, v in ours.items():
            t = theirs['padding_x0_x1_y0_y1' if k == 'padding' else k]
            if (abs(v - t) > 1e-9 * max(1, abs(t))) if isinstance(v, float) else v != t:
                bad.append(f'{ours["name"]}.{k}: {v} vs {t}')
    if len(layers) != len(table['layers']) or inp != table['synthesis.input'] or bad:
        ck.failures.append('sg3 layer table')
    ck.count += 1
    print(f'  sg3 layer table (res 32): {len(layers)} layers {"ok" if not bad else "FAIL " + "; ".join(bad)}')

    case = 'sg3_lowpass_filters_r32'
    filters = {}
    for s in layers:
        for kind, taps, cut, hw in [('up_filter', s['up_taps'], s['in_cutoff'], s['in_half_width']),
                                    ('down_filter', s['down_taps'], s['out_cutoff'], s['out_half_width'])]:
            f = lowpass_filter(taps, cut, 2 * hw, s['tmp_sampling_rate'])
            if f is not None:
                filters[f'synthesis.{s["name"]}.{kind}'] = torch.tensor(f, dtype=torch.float32)
    ck.compare(case, 'filters', filters)

    case = 'sg3_generator_r32_forward'
    G = SG3Generator(32, 64, 8)
    load_state(G, ck.params(case))
    z = ck.input(case, 'z')
    with torch.no_grad():
        ws = G.mapping(z)
        ck.compare(case, 'ws', ws)
        acts = {}
        ck.compare(case, 'image', G.synthesize(ws, acts))
        for key in ['input', 'L5_52_64', 'L13_32_64']:
            ck.compare(case, f'activation_{key}_sample0', acts[key][:1])
    case = 'sg3_generator_r32_mse_grads'
    G.zero_grad(set_to_none=True)
    loss = F.mse_loss(G(z), ck.input(case, 'mse_target'))
    loss.backward()
    ck.compare(case, 'mse_loss', loss)
    ck.compare(case, 'grad_params', grads(G))

    spec_by_name = {s['name']: s for s in layers}
    for name in ['L0_36_64', 'L5_52_64', 'L13_32_64', 'L14_32_3', 'L0_36_64_clamp0.5']:
        case = f'sg3_filtered_lrelu_r32_{name}'
        s = spec_by_name[name.split('_clamp')[0]]
        clamp = 0.5 if 'clamp' in name else 256.0
        ins = ck.cases[case]['inputs']
        fu = ck.input(case, 'fu') if 'fu' in ins else None
        fd = ck.input(case, 'fd') if 'fd' in ins else None
        gain, slope = (1.0, 1.0) if s['is_torgb'] else (SQRT2, 0.2)
        x, b = ck.input(case, 'x').requires_grad_(), ck.input(case, 'b').requires_grad_()
        y = filtered_lrelu(x, fu, fd, b, s['up_factor'], s['down_factor'], s['padding'], gain, slope, clamp)
        y.backward(ck.input(case, 'grad_output'))
        with torch.no_grad():  # the intermediate steps, unfused, with the same resampling code
            u = x + b.view(1, -1, 1, 1)
            if fu is not None:
                u = upfirdn2d(u, fu, up=s['up_factor'], padding=s['padding'], gain=s['up_factor'] ** 2)
            ck.compare(case, 'upsampled', u)
            ck.compare(case, 'activated', (F.leaky_relu(u, slope) * gain).clamp(-clamp, clamp))
        ck.compare(case, 'y', y)
        ck.compare(case, 'grad_x', x.grad)
        ck.compare(case, 'grad_b', b.grad)

    case = 'sg3_synthesis_layer_r32_L5_52_64_c4'
    cons = ck.cases[case]['constructor']
    s = sg3_schedule(32, 3, channel_base=32768 // 8, channel_max=512 // 8)[1][5]
    s = dict(s, in_channels=cons['in_channels'], out_channels=cons['out_channels'])
    L = SG3Layer(s, cons['w_dim'])
    load_state(L, ck.params(case))
    x, w = ck.input(case, 'x').requires_grad_(), ck.input(case, 'w')
    styles = L.affine(w)
    ck.compare(case, 'styles', styles)
    ck.compare(case, 'modconv', L.modconv(x, styles))
    y = L(x, w)
    ck.compare(case, 'y', y)
    y.backward(ck.input(case, 'grad_output'))
    ck.compare(case, 'grad_x', x.grad)
    ck.compare(case, 'grad_params', grads(L))

    case = 'sg3_synthesis_input_r32_c4'
    cons = ck.cases[case]['constructor']
    M = SG3Input(cons['w_dim'], cons['channels'], cons['size'], cons['sampling_rate'], cons['bandwidth'])
    load_state(M, ck.params(case))
    with torch.no_grad():
        st = M.steps(ck.input(case, 'w'))
        for key in ['t_raw', 't_normalised', 'transforms', 'freqs_transformed', 'phases_transformed', 'amplitudes']:
            ck.compare(case, key, st[key])
        g = M.grid_1d
        ck.compare(case, 'grid', torch.stack([g.view(1, -1).expand(len(g), -1), g.view(-1, 1).expand(-1, len(g))], dim=-1).unsqueeze(0))
        ck.compare(case, 'fourier_features', st['features'].permute(0, 2, 3, 1))
        ck.compare(case, 'y', st['y'])


def check_bench_shapes(ck):
    """The timed networks at the bench sizes build and give the testbeds' shapes."""
    with torch.no_grad():
        shapes = {
            'SG2Generator(64, z 64, /8)': tuple(SG2Generator(64, 64, 8)(torch.randn(2, 64)).shape),
            'SG3Generator(64, z 64, /8)': tuple(SG3Generator(64, 64, 8)(torch.randn(2, 64)).shape),
        }
        D = SG2Discriminator(64, 8, classes=8)
        shapes['SG2Discriminator(64, /8, 8 classes)'] = tuple(D(torch.randn(8, 3, 64, 64), D.class_input(torch.arange(8))).shape)
    expected = [(2, 3, 64, 64), (2, 3, 64, 64), (8, 1)]
    for (name, shape), want in zip(shapes.items(), expected):
        ck.count += 1
        if shape != want:
            ck.failures.append(f'{name} shape')
        print(f'  bench network {name}: output {shape} {"ok" if shape == want else f"FAIL, expected {want}"}')


def check(root):
    ck = Checker(root)
    print(f'golden data: {os.path.abspath(root)}; modulated convolutions: {MODCONV["mode"]}')
    print('StyleGAN2 generator:')
    check_sg2_generator(ck)
    print('StyleGAN3 generator:')
    check_sg3(ck)
    print('StyleGAN2 discriminator:')
    check_sg2_discriminator(ck)
    print('bench sizes:')
    check_bench_shapes(ck)
    if ck.failures:
        print(f'CHECK FAILED: {len(ck.failures)} of {ck.count} comparisons out of tolerance: {", ".join(ck.failures)}')
        sys.exit(1)
    print(f'check passed: {ck.count} comparisons within the golden tolerances')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('cases', nargs='*', help=f'cases to time (default all: {", ".join(CASES)})')
    parser.add_argument('--iterations', type=int, default=20)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--threads', type=int, default=2, help='torch threads (default 2)')
    parser.add_argument('--modconv', choices=['fused', 'split'], default='fused',
                        help='modulated convolutions as one grouped conv with per-sample weights (fused, default: the reference\'s '
                             'and spec\'s formulation) or a shared-weight conv between per-sample scales (split)')
    parser.add_argument('--in-process', action='store_true', help='time all cases in this process (peak RSS is then the largest)')
    parser.add_argument('--check', action='store_true', help='compare the networks with the golden data and exit')
    parser.add_argument('--reference', default=DEFAULT_REFERENCE, help='folder of the StyleGAN golden data (MANIFEST.json)')
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    MODCONV['mode'] = args.modconv
    if args.check:
        torch.manual_seed(0)
        check(args.reference)
        return
    cases = args.cases or CASES
    for c in cases:
        if c not in CASES:
            parser.error(f'unknown case {c}; cases: {", ".join(CASES)}')
    if len(cases) == 1 or args.in_process:
        if not os.environ.get('BENCH_STYLEGAN_CHILD'):
            print(f'torch {torch.__version__}, {torch.get_num_threads()} threads', flush=True)
        for c in cases:
            run_case(c, args.iterations, args.warmup)
        return
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads; each case in a process of its own', flush=True)
    for c in cases:
        cmd = [sys.executable, os.path.abspath(__file__), c, '--iterations', str(args.iterations), '--warmup', str(args.warmup),
               '--threads', str(args.threads), '--modconv', args.modconv]
        subprocess.run(cmd, check=True, env=dict(os.environ, BENCH_STYLEGAN_CHILD='1'))


if __name__ == '__main__':
    main()
