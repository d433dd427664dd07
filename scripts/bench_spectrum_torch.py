#!/usr/bin/env python3
"""PyTorch counterpart of the spectrum benchmark (Sources/spec-bench/SpectrumCases.swift).

Times the same three cases on the CPU: the reduced spectrum of 1000 images of 64x64 and of 100 of 256x256, and
the spectrum statistics of 10 RGB images of 64x64. Inputs are uniform in [-1, 1] (float32); each case runs once
to warm up, then `--repetitions` times; the median and best times are reported in milliseconds.

The reduced spectrum follows the reference's algorithm (autonomousvision/frequency_bias, utils/spectrum.py):
complex FFT, power, Nyquist row and column duplicated for even sizes, quadrants rolled, then the radial profile
from radii sorted once, a float64 cumulative sum and its differences at the bin boundaries. With
`--reference DIR` (a checkout of that repository) the reference's own `get_spectrum` is timed instead.

Exit status 2 when PyTorch is not installed. Usage:
    python3 scripts/bench_spectrum_torch.py [--threads 2] [--repetitions 20] [--json] [--reference DIR]
"""
import argparse
import json
import statistics
import sys
import time

try:
    import torch
except ImportError:
    print("bench_spectrum_torch: PyTorch is not installed", file=sys.stderr)
    sys.exit(2)


def reduced_spectrum(images, normalize=False):
    """Reduced spectra (N, L) in float64 of square images (N, H, H), as the reference computes them."""
    n, h, w = images.shape
    if h != w:
        raise ValueError(f"square images needed, got {h}x{w}")
    freq = torch.fft.fftn(torch.complex(images, torch.zeros_like(images)), dim=(1, 2),
                          norm="ortho" if normalize else "backward")
    power = freq.real ** 2 + freq.imag ** 2
    if h % 2 == 0:
        # The Nyquist row and column appear twice, so the grid becomes odd and DC can sit at its centre.
        k = h // 2
        power = torch.cat([power[:, :k + 1], power[:, k:k + 1], power[:, k + 1:]], dim=1)
        power = torch.cat([power[:, :, :k + 1], power[:, :, k:k + 1], power[:, :, k + 1:]], dim=2)
    s = power.shape[1]
    power = power.roll((s // 2, s // 2), dims=(1, 2))
    return radial_profile(power)


def radial_profile(power):
    """Mean of power (N, S, S), S odd, over rings of integer radius around the centre, summed in float64."""
    s = power.shape[1]
    ys, xs = torch.meshgrid(torch.arange(s), torch.arange(s), indexing="ij")
    centre = (s - 1) / 2.0
    radius = torch.stack([xs - centre, ys - centre]).norm(2, 0).flatten()
    sorted_radius, order = radius.sort()
    values = power.flatten(-2, -1)[..., order]
    bins = sorted_radius.long()
    # Last position of every bin in the sorted order.
    last = torch.cat([torch.where(bins[1:] != bins[:-1])[0], torch.tensor([s * s - 1])])
    counts = torch.diff(torch.cat([torch.tensor([-1]), last]))
    cumulative = values.cumsum(-1, dtype=torch.float64)
    sums = torch.cat([cumulative[:, last[:1]], cumulative[:, last[1:]] - cumulative[:, last[:-1]]], dim=1)
    return sums / counts


def spectrum_statistics(images, spectrum):
    """Per-bin mean and sample std over images (N, C, H, W) of the channel-mean spectra."""
    spectra = spectrum(images.flatten(0, 1)).unflatten(0, images.shape[:2]).mean(dim=1)
    return spectra.mean(dim=0), spectra.std(dim=0)


def time_case(body, repetitions):
    body()
    times = []
    for _ in range(max(1, repetitions)):
        start = time.perf_counter()
        body()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times), min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print one JSON list instead of a table")
    parser.add_argument("--reference", metavar="DIR", help="time the reference's own get_spectrum from DIR")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    spectrum = reduced_spectrum
    if args.reference:
        sys.path.insert(0, args.reference)
        from utils.spectrum import get_spectrum
        spectrum = get_spectrum

    generator = torch.Generator().manual_seed(0)

    def uniform(*shape):
        return torch.rand(*shape, generator=generator) * 2 - 1

    small, large, rgb = uniform(1000, 64, 64), uniform(100, 256, 256), uniform(10, 3, 64, 64)
    cases = [
        ("reduced spectrum, 1000 images 64×64", lambda: spectrum(small)),
        ("reduced spectrum, 100 images 256×256", lambda: spectrum(large)),
        ("spectrum statistics, 10 RGB images 64×64", lambda: spectrum_statistics(rgb, spectrum)),
    ]
    results = []
    with torch.no_grad():
        for name, body in cases:
            median, best = time_case(body, args.repetitions)
            results.append({"name": name, "median_ms": median, "best_ms": best})
    if args.json:
        print(json.dumps({"torch": torch.__version__, "threads": args.threads, "results": results}))
    else:
        print(f"PyTorch {torch.__version__}, {args.threads} threads")
        for r in results:
            print(f"{r['name']:<44} median {r['median_ms']:9.3f} ms   best {r['best_ms']:9.3f} ms")


if __name__ == "__main__":
    main()
