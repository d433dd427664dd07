#!/usr/bin/env python3
"""spec against PyTorch on the testbed cases, each pair run back to back, in rounds.

The machines we measure on drift between fast and slow phases within minutes, so a ratio is only honest between
runs made close together. Each round runs every case once in PyTorch (scripts/bench_gan_torch.py --case) and once
in spec (scripts/bench's binary), in alternating order, and takes the ratio of their median iterations; the summary
gives each case's median ratio over the rounds.

Usage: python3 scripts/bench_vs_torch.py [--rounds 3] [--threads 2] [--spec-bench PATH] [CASE ...]
Needs torch in the Python that runs it, and a release build of spec-bench (scripts/bench builds one).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = ['gan_dtestbed_stride', 'gan_dtestbed_avg', 'gan_dtestbed_blurpool', 'gan_gtestbed_bilinear',
         'gan_gtestbed_zeros', 'gan_dtestbed_baboon128', 'gan_gtestbed_baboon128']


def run(command, env):
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f'{" ".join(command)} failed:\n{result.stdout}{result.stderr}')
    return result.stdout


def torch_ms(case, threads, env):
    out = run([sys.executable, os.path.join(HERE, 'bench_gan_torch.py'), '--threads', str(threads),
               '--iterations', '10', '--warmup', '2', '--case', case], env)
    return float(re.search(r'\(median ([0-9.]+) ms\)', out).group(1))


def spec_ms(case, binary, env):
    out = run([binary, case], env)
    return float(re.search(rf'^{case}: ([0-9.]+) ms', out, re.M).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--spec-bench', default=os.path.join(HERE, '..', '.build', 'release', 'spec-bench'))
    parser.add_argument('cases', nargs='*', default=CASES)
    args = parser.parse_args()
    if not os.access(args.spec_bench, os.X_OK):
        sys.exit(f'no spec-bench at {args.spec_bench}: run scripts/bench --list first, or pass --spec-bench')
    env = dict(os.environ, SPEC_THREADS=str(args.threads))
    # As scripts/bench does: OpenBLAS's Haswell kernels, unless the caller chose.
    if 'OPENBLAS_CORETYPE' not in env and 'avx2' in open('/proc/cpuinfo').read():
        env['OPENBLAS_CORETYPE'] = 'Haswell'
    ratios = {case: [] for case in args.cases}
    times = {case: ([], []) for case in args.cases}
    for r in range(args.rounds):
        for case in args.cases:
            if r % 2 == 0:
                torch, spec = torch_ms(case, args.threads, env), spec_ms(case, args.spec_bench, env)
            else:
                spec, torch = spec_ms(case, args.spec_bench, env), torch_ms(case, args.threads, env)
            ratios[case].append(spec / torch)
            times[case][0].append(spec)
            times[case][1].append(torch)
            print(f'round {r + 1} {case}: spec {spec:.1f} ms, PyTorch {torch:.1f} ms, ratio {spec / torch:.2f}', flush=True)
    print(f'{args.threads} threads, {args.rounds} rounds, medians:')
    for case in args.cases:
        rs = ratios[case]
        print(f'{case}: spec / PyTorch {statistics.median(rs):.2f} ({min(rs):.2f}–{max(rs):.2f}); '
              f'spec {statistics.median(times[case][0]):.1f} ms, PyTorch {statistics.median(times[case][1]):.1f} ms')


if __name__ == '__main__':
    main()
