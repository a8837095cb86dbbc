"""The package and the Rust library give the same numbers, bit for bit,
for the same seeds: the Rust example ``reference_draws`` writes the
benchmark workloads drawn small as ``.npy`` files, and the same models
built here from Python must equal them exactly (compared as bit patterns,
so -0.0 and NaN payloads count too).

The example's binary comes from ``cargo build --examples`` (``cargo test``
builds it); ``NEUROINIT_EXAMPLES`` names the folder holding it, by default
``target/debug/examples`` or ``target/release/examples`` of this checkout,
whichever is newer.
"""

import os
import pathlib
import subprocess

import numpy as np
import pytest

from neuroinit import init
from neuroinit.network import Network

ROOT = pathlib.Path(__file__).resolve().parents[3]


def _binary():
    name = "reference_draws" + (".exe" if os.name == "nt" else "")
    given = os.environ.get("NEUROINIT_EXAMPLES")
    dirs = [pathlib.Path(given)] if given else [ROOT / "target" / p / "examples"
                                                for p in ("debug", "release")]
    found = [d / name for d in dirs if (d / name).is_file()]
    assert found, (f"the Rust example {name} is not built (looked in "
                   f"{', '.join(map(str, dirs))}): run `cargo build --examples`")
    return max(found, key=lambda p: p.stat().st_mtime)


@pytest.fixture(scope="module")
def rust(tmp_path_factory):
    out = tmp_path_factory.mktemp("reference_draws")
    subprocess.run([str(_binary()), "--out", str(out)], check=True, capture_output=True)
    return lambda name: np.load(out / f"{name}.npy")


def same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape and a.dtype == b.dtype, (a.shape, a.dtype, b.shape, b.dtype)
    diff = a.view(np.uint64) != b.view(np.uint64) if a.dtype == np.float64 else a != b
    assert not diff.any(), f"{int(diff.sum())} of {a.size} differ, first at {np.argwhere(diff)[0]}"


def test_normal_fill(rust):
    same_bits(init.Normal(0.5, 0.1, unit="nS")(1000, rng=42), rust("normal_fill"))


def test_mixture3(rust):
    m = init.Mixture([init.Normal(0.5, 0.1, unit="nS"), init.LogNormal(0.8, 0.3, unit="nS"),
                      init.Gamma(3.0, 0.2, unit="nS")], [0.5, 0.3, 0.2])
    same_bits(m(10_000, rng=7), rust("mixture3"))
    same_bits(m(10_000, rng=7, threads=1), rust("mixture3"))


def test_conditional_ei(rust):
    c = init.Conditional(lambda i: i < 8000,
                         init.TruncatedNormal(0.8, 0.2, 0.2, 2.0, unit="nS"),
                         init.TruncatedNormal(2.5, 0.5, 1.0, 5.0, unit="nS"))
    same_bits(c(10_000, rng=9), rust("conditional_ei"))


def test_dm_dense_and_its_positions(rust):
    # The positions too: Uniform(0, 1000 µm) with seeds 3 + 1 and 3 + 2,
    # kept in metres as the Rust library holds them. (Positions written in
    # µm and read back are rounded twice, x / 1e-6 * 1e-6, which moves a
    # distance, and through exp() a weight, by a few ulps.)
    pos = init.Uniform(0.0, 1000.0 * 1e-6, unit="m")
    pre, post = pos((60, 2), rng=4), pos((60, 2), rng=5)
    same_bits(pre / 1e-6, rust("dm_pre"))
    same_bits(post / 1e-6, rust("dm_post"))
    dm = init.DistanceModulated(init.Normal(1.0, 0.2, unit="nS"),
                                init.GaussianProfile(sigma=100.0, unit="um")).clip(min_val=0.05)
    same_bits(dm((60, 60), rng=3, pre_positions=pre, post_positions=post, distance_unit="m"),
              rust("dm_dense"))


CORTEX = """
[network]
weight_unit = "nS"

[[population]]
name = "cortex"
size = 3000
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


def test_sparse_cortex_network(rust):
    side = 1000.0 * float(np.sqrt(3000 / 10_000))  # the workload's square, 0.01 neurons per µm²
    c = Network.parse(CORTEX.format(side=side)).generate(seed=5)
    w = c.weights
    indptr = rust("cortex_indptr")
    assert w.nnz == indptr[-1] > 0
    same_bits(w.indptr.astype(np.uint64), indptr)
    same_bits(w.indices.astype(np.uint32), rust("cortex_indices"))
    same_bits(w.data, rust("cortex_weights"))
