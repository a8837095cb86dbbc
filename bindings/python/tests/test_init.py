"""The package's behaviour: classes, operators, units, errors, seeds,
threads and zero-copy outputs. Statistical checks use fixed seeds and
4 standard errors (a correct sampler fails one in ~16 000)."""

import numpy as np
import pytest

from neuroinit import init
from neuroinit.network import Network

u = pytest.importorskip("brainunit")


def within_4se(x, mean, std):
    se = std / np.sqrt(x.size)
    assert abs(x.mean() - mean) < 4 * se, (x.mean(), mean, se)


def test_normal_in_nS_is_a_quantity_with_the_right_moments():
    w = init.Normal(0.5 * u.nS, 0.1 * u.nS)(200_000, rng=np.random.default_rng(1))
    assert isinstance(w, u.Quantity) and w.unit == u.nS
    within_4se(np.asarray(w.mantissa), 0.5, 0.1)


def test_plain_numbers_with_a_unit_name_give_an_ndarray():
    w = init.Normal(0.5, 0.1, unit="nS")(1000, rng=3)
    assert isinstance(w, np.ndarray) and w.dtype == np.float64
    q = init.Normal(0.5 * u.nS, 0.1 * u.nS)(1000, rng=3)
    assert np.array_equal(w, np.asarray(q.mantissa))


def test_same_seed_same_numbers_for_any_thread_count():
    m = init.Mixture([init.Normal(0.5 * u.nS, 0.1 * u.nS), init.LogNormal(0.8 * u.nS, 0.3 * u.nS),
                      init.Gamma(shape=3.0, scale=0.2 * u.nS)], [0.5, 0.3, 0.2])
    a = np.asarray(m(100_000, rng=9, threads=1).mantissa)
    b = np.asarray(m(100_000, rng=9, threads=2).mantissa)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, np.asarray(m(100_000, rng=10).mantissa))


def test_a_generator_rng_gives_a_new_seed_per_call_and_is_reproducible():
    n = init.Normal(0.0, 1.0)
    r1, r2 = np.random.default_rng(5), np.random.default_rng(5)
    a, b = n(10, rng=r1), n(10, rng=r1)
    assert not np.array_equal(a, b)
    assert np.array_equal(a, n(10, rng=r2))


def test_conditional_calls_condition_fn_once_vectorised():
    calls = []

    def is_exc(i):
        calls.append(i.shape)
        return i < 800

    c = init.Conditional(is_exc, init.Constant(1.0 * u.nS), init.Constant(2.0 * u.nS))
    w = np.asarray(c(1000, neuron_indices=np.arange(1000), rng=0).mantissa)
    assert calls == [(1000,)]
    assert (w[:800] == 1.0).all() and (w[800:] == 2.0).all()


def test_operators_and_clip():
    base = init.Normal(1.0 * u.nS, 0.2 * u.nS)
    w = np.asarray((base * 2.0 + 0.5 * u.nS)(1000, rng=4).mantissa)
    within_4se(w, 2.5, 0.4)
    c = np.asarray(base.clip(0.9 * u.nS, 1.1 * u.nS)(10_000, rng=1).mantissa)
    assert c.min() >= 0.9 and c.max() <= 1.1
    neg = np.asarray((-base)(1000, rng=4).mantissa)
    assert neg.mean() < 0


def test_distance_modulated_with_floor_and_profiles():
    dm = init.DistanceModulated(init.Normal(1.0 * u.nS, 0.2 * u.nS),
                                init.GaussianProfile(sigma=100.0 * u.um), min_weight=0.05 * u.nS)
    d = np.linspace(0, 300, 1000) * u.um
    w = np.asarray(dm(1000, distances=d, rng=2).mantissa)
    assert w.min() >= 0.05
    g = init.GaussianProfile(sigma=100.0 * u.um)
    assert np.allclose(g.probability(np.array([0.0, 100.0]) * u.um), [1.0, np.exp(-0.5)])
    s = 0.7 * g + 0.3 * init.ExponentialProfile(decay_constant=150.0 * u.um)
    assert np.isclose(s(np.array([0.0]) * u.um)[0], 1.0)


def test_dense_matrix_from_positions():
    rng = np.random.default_rng(0)
    pre, post = rng.uniform(0, 1000, (50, 2)) * u.um, rng.uniform(0, 1000, (40, 2)) * u.um
    dm = init.DistanceModulated(init.Normal(1.0 * u.nS, 0.2 * u.nS),
                                init.GaussianProfile(sigma=100.0 * u.um)).clip(min_val=0.05 * u.nS)
    w = dm((50, 40), pre_positions=pre, post_positions=post, rng=1)
    assert w.shape == (50, 40) and np.asarray(w.mantissa).min() >= 0.05


def test_errors_name_the_parameter():
    with pytest.raises(TypeError, match="std"):
        init.Normal(0.5 * u.nS, 0.1 * u.pA)
    with pytest.raises(ValueError, match="std"):
        init.Normal(0.5 * u.nS, -0.1 * u.nS)
    with pytest.raises(TypeError, match="scale"):
        init.Gamma(3.0, 0.2 * u.mV * u.mV)
    with pytest.raises(ValueError, match="weights"):
        init.Mixture([init.Normal(0.0, 1.0), init.Normal(1.0, 1.0)], [0.5, 0.6])
    with pytest.raises(ValueError, match="unit"):
        init.Normal(0.5, 0.1, unit="parsec")
    with pytest.raises(ValueError, match="distances"):
        init.DistanceModulated(init.Normal(1.0, 0.1), init.GaussianProfile(100.0 * u.um))(3)


def test_output_owns_the_rust_buffer():
    w = init.Normal(0.5, 0.1, unit="nS")(1000, rng=1)
    assert w.base is not None and not isinstance(w.base, np.ndarray)


def test_network_csr_shares_the_generated_buffers():
    text = """
[network]
weight_unit = "nS"
seed = 3

[[population]]
name = "E"
size = 400
sign = "excitatory"

[[population]]
name = "I"
size = 100
sign = "inhibitory"

[[projection]]
pre = "E"
post = "I"
rule = "pairwise_bernoulli"
p = 0.1
weights = { type = "normal", mean = "1 nS", std = "0.1 nS" }
delays = "1.5 ms"
"""
    c = Network.parse(text).generate()
    w = c.weights
    assert w.shape == (500, 500) and w.indices.dtype == np.int32
    assert w.nnz == c.delays.size and (c.delays == 1.5).all()
    # The connection fraction of 40 000 Bernoulli(0.1) pairs, within 4 SE.
    assert abs(w.nnz / 40_000 - 0.1) < 4 * np.sqrt(0.1 * 0.9 / 40_000)
    assert w.data.base is not None and w.indices.base is not None
    assert np.array_equal(c.weights.toarray(), Network.parse(text).generate(threads=1).weights.toarray())
    pre, post, wt, d = c.edges()
    assert (pre < 400).all() and (post >= 400).all() and len(wt) == len(d)


def test_a_1e8_element_draw_allocates_its_output_once():
    """Zero copy, by memory: a 1e8-element call (0.8 GB of float64) raises
    the peak RSS by about 0.8 GB; a copy anywhere between Rust and the
    returned array (or the Quantity around it) would make it 1.6 GB. The
    bound, 1.2 GB, is halfway. Run in a fresh interpreter so that the peak
    is this call's."""
    import subprocess
    import sys
    code = """
import resource, numpy as np, brainunit as u
from neuroinit import init
n = init.Normal(0.5 * u.nS, 0.1 * u.nS)
n(10, rng=0)  # imports and thread pool in place before the baseline
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
w = n(100_000_000, rng=1)
assert isinstance(w, u.Quantity) and np.asarray(w.mantissa).dtype == np.float64
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((peak - base) * 1024 / 1e9)
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    grew_gb = float(out.stdout.split()[-1])  # ru_maxrss is in KiB on Linux
    assert 0.7 < grew_gb < 1.2, f"the peak RSS grew by {grew_gb:.2f} GB for 0.8 GB of output"


def _mean_within_4se(x, mean, var):
    se = np.sqrt(var / x.size)
    assert abs(x.mean() - mean) < 4 * se, (x.mean(), mean, se)


@pytest.mark.parametrize("make, mean, var", [
    (lambda: init.Uniform(0.2 * u.nS, 0.6 * u.nS), 0.4, 0.4**2 / 12),
    (lambda: init.Exponential(0.3 * u.nS), 0.3, 0.09),
    (lambda: init.Beta(2.0, 5.0, 0.0 * u.nS, 1.0 * u.nS), 2 / 7, 10 / (49 * 8)),
    (lambda: init.Weibull(2.0, 1.0 * u.nS), 0.8862269254527580, 1 - 0.8862269254527580**2),
])
def test_the_other_distributions_have_their_moments(make, mean, var):
    """100 000 draws each (4 SE of the mean, fixed seed)."""
    w = make()(100_000, rng=11)
    assert isinstance(w, u.Quantity) and w.unit == u.nS
    _mean_within_4se(np.asarray(w.mantissa), mean, var)


def test_zero_init_is_zero():
    w = init.ZeroInit(unit="nS")(50, rng=0)
    assert (w == 0).all() and w.dtype == np.float64


@pytest.mark.parametrize("make, var", [
    (lambda: init.KaimingNormal(), 2 / 400),
    (lambda: init.KaimingUniform(), 2 / 400),
    (lambda: init.XavierNormal(), 2 / 900),
    (lambda: init.XavierUniform(), 2 / 900),
    (lambda: init.LecunNormal(), 1 / 400),
    (lambda: init.LecunUniform(), 1 / 400),
    (lambda: init.VarianceScaling(scale=3.0, mode="fan_avg", distribution="uniform"), 3 / 450),
])
def test_variance_scaling_family_has_its_variance(make, var):
    """Shape (400, 500): fan_in 400, fan_out 500. The sample variance of
    2e5 draws within 4 SE, the SE a normal's (sqrt(2/n) var), which bounds
    the uniform's and the truncated normal's (lighter tails)."""
    w = np.asarray(make()((400, 500), rng=3))
    assert w.shape == (400, 500)
    assert abs(w.mean()) < 4 * np.sqrt(var / w.size)
    assert abs(w.var() - var) < 4 * var * np.sqrt(2 / w.size), (w.var(), var)


def test_identity_and_orthogonal():
    assert np.array_equal(np.asarray(init.Identity(scale=2.0)((4, 4))), 2 * np.eye(4))
    q = np.asarray(init.Orthogonal(scale=1.5)((64, 64), rng=2))
    assert np.allclose(q @ q.T, 2.25 * np.eye(64), atol=1e-10)
    # (out, in, kernel...): the kernel axes last, the orthogonal matrix at their centre.
    d = np.asarray(init.DeltaOrthogonal()((16, 16, 3, 3), rng=2))
    centre = d[:, :, 1, 1]
    assert np.allclose(centre @ centre.T, np.eye(16), atol=1e-10)
    assert np.count_nonzero(d) == np.count_nonzero(centre)


def test_the_other_profiles_are_their_formulas():
    d = np.array([0.0, 10.0, 50.0, 100.0, 150.0, 300.0])
    cases = [
        (init.PowerLawProfile(exponent=1.5, min_distance=10.0 * u.um), (np.maximum(d, 10.0) / 10.0) ** -1.5),
        (init.LinearProfile(max_distance=200.0 * u.um), np.maximum(0.0, 1 - d / 200.0)),
        (init.SigmoidProfile(midpoint=100.0 * u.um, slope=0.05), 1 / (1 + np.exp(0.05 * (d - 100.0)))),
        (init.LogisticProfile(growth_rate=0.1, midpoint=120.0 * u.um), 1 / (1 + np.exp(0.1 * (d - 120.0)))),
        (init.MexicanHatProfile(sigma=80.0 * u.um, amplitude=0.9),
         np.maximum(0.0, 0.9 * (1 - (d / 80.0) ** 2) * np.exp(-(d / 80.0) ** 2 / 2))),
    ]
    for profile, expected in cases:
        got = np.asarray(profile.probability(d * u.um))
        assert np.allclose(got, expected, rtol=1e-12, atol=1e-15), (type(profile).__name__, got, expected)
