"""The benchmark workloads from Python: the neuroinit package beside
braintools.init 0.3 (or NEST 3.10) in the same interpreter, taken in
turns so that both see the same machine.

Usage:
    python python_workloads.py braintools [ROUNDS]   # normal_fill, dm_dense, mixture3,
                                                     # conditional_ei, call overhead
    python python_workloads.py nest N THREADS [ROUNDS]   # sparse network of N neurons

The first needs braintools, brainunit and neuroinit installed in the
interpreter (the ~/.cache/ref-braintools venv of docs/PERFORMANCE.md plus
`pip install ./bindings/python`), the second nest-simulator and neuroinit.
Each workload is called once to warm up, then ROUNDS times (default 5) per
system, alternating; the line per system gives the median, and the ratio
line braintools' (or NEST's) median over ours. Both sides return what a
user gets: a brainunit Quantity (braintools' output type) or, for the
network, a scipy CSR matrix against NEST's connections in its kernel.
"""
import statistics
import sys
import time

import numpy as np


def timed(f):
    t = time.perf_counter()
    r = f()
    m = getattr(r, "mantissa", r)
    if hasattr(m, "block_until_ready"):
        m.block_until_ready()
    return time.perf_counter() - t


def compare(name, elements, systems, rounds):
    """systems: [(label, callable)], the reference first, ours last."""
    for _, f in systems:
        f()  # warm-up: imports, jit, thread pools
    times = {label: [] for label, _ in systems}
    for _ in range(rounds):
        for label, f in systems:
            times[label].append(timed(f))
    med = {label: statistics.median(ts) for label, ts in times.items()}
    for label, _ in systems:
        s = med[label]
        print(f"workload={name} n={elements} seconds={s:.4f} ns_per_element={s / elements * 1e9:.2f} "
              f"system={label} rounds={rounds} min={min(times[label]):.4f} max={max(times[label]):.4f}")
    ref, ours = systems[0][0], systems[-1][0]
    print(f"workload={name} ratio={med[ref] / med[ours]:.1f} ({ref} / {ours}, medians)")
    sys.stdout.flush()


def braintools_side(rounds):
    import brainunit as u
    from braintools import init as bt
    from neuroinit import init as ni

    rng = np.random.default_rng(0)
    n = 10_000_000
    normal = {m: m.Normal(0.5 * u.nS, 0.1 * u.nS) for m in (bt, ni)}
    compare("normal_fill", n, [(lib, lambda m=m: normal[m](n, rng=rng)) for lib, m in
                                (("braintools", bt), ("neuroinit", ni))], rounds)

    k = 5000
    pre = rng.uniform(0, 1000, (k, 2)) * u.um
    post = rng.uniform(0, 1000, (k, 2)) * u.um
    dm = {m: m.DistanceModulated(m.Normal(1.0 * u.nS, 0.2 * u.nS),
                                 m.GaussianProfile(sigma=100.0 * u.um)).clip(min_val=0.05 * u.nS)
          for m in (bt, ni)}
    compare("dm_dense", k * k, [(lib, lambda m=m: dm[m]((k, k), pre_positions=pre, post_positions=post,
                                                          rng=rng))
                                 for lib, m in (("braintools", bt), ("neuroinit", ni))], rounds)

    mix = {m: m.Mixture([m.Normal(0.5 * u.nS, 0.1 * u.nS), m.LogNormal(0.8 * u.nS, 0.3 * u.nS),
                         m.Gamma(shape=3.0, scale=0.2 * u.nS)], [0.5, 0.3, 0.2]) for m in (bt, ni)}
    compare("mixture3", n, [(lib, lambda m=m: mix[m](n, rng=rng)) for lib, m in
                             (("braintools", bt), ("neuroinit", ni))], rounds)

    idx = np.arange(n)
    cond = {m: m.Conditional(lambda i: i < int(0.8 * n),
                             m.TruncatedNormal(0.8 * u.nS, 0.2 * u.nS, 0.2 * u.nS, 2.0 * u.nS),
                             m.TruncatedNormal(2.5 * u.nS, 0.5 * u.nS, 1.0 * u.nS, 5.0 * u.nS))
            for m in (bt, ni)}
    compare("conditional_ei", n, [(lib, lambda m=m: cond[m](n, neuron_indices=idx, rng=rng))
                                  for lib, m in (("braintools", bt), ("neuroinit", ni))], rounds)

    # Call overhead: 1000 calls of a 1000-element draw per round, per call.
    calls = 1000
    plain = ni.Normal(0.5, 0.1, unit="nS")

    def many(f):
        return lambda: [f() for _ in range(calls)][-1]

    systems = [("braintools", many(lambda: normal[bt](1000, rng=rng))),
               ("neuroinit-ndarray", many(lambda: plain(1000, rng=rng))),
               ("neuroinit", many(lambda: normal[ni](1000, rng=rng)))]
    for f in (s[1] for s in systems):
        f()
    times = {label: [] for label, _ in systems}
    for _ in range(rounds):
        for label, f in systems:
            times[label].append(timed(f) / calls)
    for label, ts in times.items():
        print(f"workload=call_overhead_1000 system={label} us_per_call={statistics.median(ts) * 1e6:.1f}")
    q = [timed(lambda: u.Quantity(np.empty(1000), unit=u.nS)) for _ in range(1000)]
    print(f"workload=call_overhead_1000 system=brainunit-Quantity-alone "
          f"us_per_call={statistics.median(q) * 1e6:.1f}")


SPARSE = """
[network]
weight_unit = "nS"
seed = 1

[[population]]
name = "cortex"
size = {n}
layout = {{ type = "uniform", lower = ["0 um", "0 um"], upper = ["{side!r} um", "{side!r} um"] }}

[[projection]]
pre = "cortex"
post = "cortex"
rule = "pairwise_bernoulli"
p = {{ type = "gaussian", sigma = "50 um" }}
mask = {{ type = "circular", radius = "150 um" }}
weights = {{ type = "normal", mean = "1 nS", std = "0.2 nS" }}
autapses = false
"""


def nest_side(n, threads, rounds):
    import nest
    from neuroinit.network import Network

    nest.set_verbosity("M_ERROR")
    side = 1000.0 * float(np.sqrt(n / 10_000))
    rng = np.random.default_rng(0)
    pos = rng.uniform(0, side, (n, 2)).tolist()
    net = Network.parse(SPARSE.format(n=n, side=side))
    synapses = {}

    def nest_connect():
        # A fresh kernel and layer each time; only Connect is timed.
        nest.ResetKernel()
        nest.local_num_threads = threads
        nest.rng_seed = 1
        layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.free(
            pos=pos, extent=[side, side], edge_wrap=False))
        t = time.perf_counter()
        nest.Connect(layer, layer,
                     {"rule": "pairwise_bernoulli",
                      "p": nest.spatial_distributions.gaussian(nest.spatial.distance, std=50.0),
                      "mask": {"circular": {"radius": 150.0}}, "allow_autapses": False},
                     {"weight": nest.random.normal(mean=1.0, std=0.2)})
        s = time.perf_counter() - t
        synapses["nest"] = nest.num_connections
        return s

    def ours():
        t = time.perf_counter()
        c = net.generate(threads=threads)
        s = time.perf_counter() - t
        synapses["neuroinit"] = c.weights.nnz
        return s

    nest_connect(), ours()
    times = {"nest": [], "neuroinit": []}
    for _ in range(rounds):
        times["nest"].append(nest_connect())
        times["neuroinit"].append(ours())
    med = {k: statistics.median(v) for k, v in times.items()}
    for k in ("nest", "neuroinit"):
        print(f"workload=sparse_network n={n} elements={synapses[k]} seconds={med[k]:.4f} "
              f"ns_per_element={med[k] / synapses[k] * 1e9:.2f} threads={threads} system={k} "
              f"rounds={rounds}")
    print(f"workload=sparse_network ratio={med['nest'] / med['neuroinit']:.1f} (nest / neuroinit, medians)")


if __name__ == "__main__":
    if sys.argv[1] == "braintools":
        braintools_side(int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    elif sys.argv[1] == "nest":
        nest_side(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 5)
    else:
        raise SystemExit(__doc__)
