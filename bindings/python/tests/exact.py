"""Exact moments of the tutorial's distributions, and the standard errors
of the statistics the tutorial prints, for test_tutorial.py.

A printed statistic ``x`` passes when ``|x - E| <= 4 SE + r``: ``E`` its
exact expectation (closed-form moments), ``SE`` its asymptotic standard
error at the sample size, computed from the exact moments (never from the
sample), and ``r`` half a unit of the last printed digit. For a statistic
that is close to normal, 4 SE is exceeded with probability 6e-5; with
about 80 checks the chance of a false alarm is under 1 %, and the seeds
are fixed, so a pass is reproducible and a failure points at a bug.

Samples need not be identically distributed: a distance-modulated weight
``max(B * f(d), floor)`` has its own distribution at each distance, known
exactly once the distances are. Every statistic is therefore computed
from per-element raw moments ``E[X_i^k]``, k = 0..6 (an array of shape
``(7, n)``; an i.i.d. sample broadcasts one column):

- mean: ``E = mean(mu_i)``, ``SE = sqrt(sum var_i) / n``;
- (population) std: ``s^2 = mean((x_i - m)^2)`` has expectation
  ``mean(E[(X_i - mu)^2])`` (``mu`` the overall mean; the O(1/n) bias from
  estimating it is far below the SE) and variance
  ``sum Var[(X_i - mu)^2] / n^2``; ``SE(s) = SE(s^2) / 2s``. For an
  i.i.d. sample these are the textbook ``sigma`` and
  ``sqrt((mu4 - sigma^4) / n) / 2 sigma``;
- skewness (i.i.d.), by the delta method with central moments up to the
  sixth; a count of events of probability p, ``sqrt(n p (1 - p))``; a
  ratio of independent means, by the delta method.

Minimum and maximum estimate nothing; they are checked for plausibility,
exactly: ``P(min <= x) = 1 - (1 - F(x))^n``, and a printed extreme passes
when neither tail probability is below 1e-4.
"""

import re
from dataclasses import dataclass
from math import comb

import numpy as np
from scipy import special

K = 7  # raw moments 0..6


def _phi(x):
    return np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)


def _edge(x, j):
    """x^j phi(x), 0 at +-inf."""
    x = np.asarray(x, dtype=float)
    fin = np.isfinite(x)
    xs = np.where(fin, x, 0.0)
    return np.where(fin, xs**j * _phi(xs), 0.0)


def _partial_std_normal(a, b):
    """int_a^b z^j phi(z) dz, j = 0..6, by I_j = (j-1) I_{j-2} + a^{j-1} phi(a) - b^{j-1} phi(b)."""
    a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
    # The mass from the nearer tail (no cancellation far out).
    mass = np.where(a > 0, special.ndtr(-a) - special.ndtr(-b), special.ndtr(b) - special.ndtr(a))
    i = [mass, _edge(a, 0) - _edge(b, 0)]
    for j in range(2, K):
        i.append((j - 1) * i[j - 2] + _edge(a, j - 1) - _edge(b, j - 1))
    return np.array(i)


def partial_normal(m, s, lo, hi):
    """E[X^k; lo <= X <= hi] for X ~ N(m, s^2), s > 0 (arrays broadcast)."""
    m, s = np.asarray(m, float), np.asarray(s, float)
    i = _partial_std_normal((lo - m) / s, (hi - m) / s)
    return np.array([sum(comb(k, j) * m ** (k - j) * s**j * i[j] for j in range(k + 1))
                     for k in range(K)])


def point_mass(x):
    x = np.asarray(x, float)
    return np.array([x**k for k in range(K)])


class Dist:
    def raw(self):
        raise NotImplementedError

    def cdf(self, x):
        raise NotImplementedError(f"no CDF needed for {self!r}")


@dataclass
class Normal(Dist):
    m: float
    s: float

    def raw(self):
        return partial_normal(self.m, self.s, -np.inf, np.inf)

    def cdf(self, x):
        return special.ndtr((x - self.m) / self.s)


@dataclass
class LogNormal(Dist):
    """Mean and std of the samples (linear space), as braintools takes them."""
    mean: float
    std: float

    def _log(self):
        s2 = np.log1p((self.std / self.mean) ** 2)
        return np.log(self.mean) - s2 / 2, s2

    def raw(self):
        mu, s2 = self._log()
        return np.array([np.exp(k * mu + k * k * s2 / 2) for k in range(K)])

    def cdf(self, x):
        mu, s2 = self._log()
        return np.where(x > 0, special.ndtr((np.log(np.maximum(x, 1e-300)) - mu) / np.sqrt(s2)), 0.0)


@dataclass
class Gamma(Dist):
    shape: float
    scale: float

    def raw(self):
        return np.array([np.prod([self.scale * (self.shape + i) for i in range(k)]) for k in range(K)])


@dataclass
class Truncated(Dist):
    """N(m, s^2) conditioned on [lo, hi]."""
    m: float
    s: float
    lo: float
    hi: float

    def raw(self):
        p = partial_normal(self.m, self.s, self.lo, self.hi)
        return p / p[0]

    def cdf(self, x):
        a, b = special.ndtr((self.lo - self.m) / self.s), special.ndtr((self.hi - self.m) / self.s)
        return np.clip((special.ndtr((x - self.m) / self.s) - a) / (b - a), 0.0, 1.0)


@dataclass
class Clipped(Dist):
    """N(m, s^2) clamped to [lo, hi] (either may be infinite); m, s may be
    arrays (one distribution per element), s >= 0."""
    m: object
    s: object
    lo: float = -np.inf
    hi: float = np.inf

    def raw(self):
        m, s = np.broadcast_arrays(np.asarray(self.m, float), np.asarray(self.s, float))
        sp = np.where(s > 0, s, 1.0)
        r = partial_normal(m, sp, self.lo, self.hi)
        below, above = special.ndtr((self.lo - m) / sp), special.ndtr(-(self.hi - m) / sp)
        for k in range(K):
            if np.isfinite(self.lo):
                r[k] = r[k] + below * self.lo**k
            if np.isfinite(self.hi):
                r[k] = r[k] + above * self.hi**k
        return np.where(s > 0, r, point_mass(np.clip(m, self.lo, self.hi)))


@dataclass
class Mixture(Dist):
    parts: list  # (weight, Dist)

    def raw(self):
        return sum(w * d.raw() for w, d in self.parts)

    def cdf(self, x):
        return sum(w * d.cdf(x) for w, d in self.parts)


@dataclass
class FlooredLogNormal(Dist):
    """max(c L, floor) with L ~ LogNormal(mean, std) (linear-space
    parameters), c >= 0 an array (one distribution per element), floor > 0.

    E[(cL)^k; cL > f] = c^k exp(k mu + k^2 s2 / 2) Phi((mu + k s2 - ln(f/c)) / s)."""
    c: object
    mean: float
    std: float
    floor: float

    def raw(self):
        c = np.asarray(self.c, float)
        mu, s2 = LogNormal(self.mean, self.std)._log()
        s = np.sqrt(s2)
        cp = np.where(c > 0, c, 1.0)
        t = np.log(self.floor / cp)
        above = np.array([cp**k * np.exp(k * mu + k * k * s2 / 2) * special.ndtr((mu + k * s2 - t) / s)
                          for k in range(K)])
        below = special.ndtr((t - mu) / s)
        r = above + np.array([below * self.floor**k for k in range(K)])
        return np.where(c > 0, r, point_mass(np.full_like(c, self.floor)))


def modulated_normal(m, s, profile_values, floor):
    """max(B f, floor), B ~ N(m, s^2): clamped N(f m, |f| s)."""
    f = np.asarray(profile_values, float)
    return Clipped(f * m, np.abs(f) * s, floor, np.inf)


def raw_of(dists):
    """Per-element raw moments (7, n) of several distributions, concatenated."""
    cols = []
    for d, n in dists:
        r = np.asarray(d.raw(), float)
        cols.append(np.broadcast_to(r.reshape(K, -1), (K, n)) if r.ndim == 1 or r.shape[1] == 1
                    else r)
    return np.concatenate(cols, axis=1)


# --- statistics --------------------------------------------------------------

@dataclass
class Exact:
    value: float
    se: float


def _central(raw, c):
    """E[(X - c)^k], k = 0..6, per element."""
    return np.array([sum(comb(k, j) * raw[j] * (-c) ** (k - j) for j in range(k + 1))
                     for k in range(K)])


def _columns(raw, n=None):
    """Raw moments as (7, n): one column per element (an i.i.d. sample's
    single column repeated n times)."""
    r = np.asarray(raw, float)
    r = r[:, None] if r.ndim == 1 else r
    return np.broadcast_to(r, (K, n)) if n is not None and r.shape[1] == 1 else r


def mean_stat(raw, n=None):
    r = _columns(raw, n)
    n = r.shape[1]
    mu = r[1]
    return Exact(mu.mean(), np.sqrt((r[2] - mu**2).sum()) / n)


def std_stat(raw, n=None):
    r = _columns(raw, n)
    n = r.shape[1]
    c = _central(r, r[1].mean())
    s = np.sqrt(c[2].mean())
    se_s2 = np.sqrt((c[4] - c[2] ** 2).sum()) / n
    return Exact(s, se_s2 / (2 * s) if s > 0 else 0.0)


def skewness_stat(raw, n):
    c = _central(np.asarray(raw, float), raw[1])
    _, _, m2, m3, m4, m5, m6 = c
    var_m2 = (m4 - m2 * m2) / n
    var_m3 = (m6 - m3 * m3 - 6 * m4 * m2 + 9 * m2**3) / n
    cov = (m5 - 4 * m3 * m2) / n
    d2, d3 = -1.5 * m3 * m2**-2.5, m2**-1.5
    return Exact(m3 / m2**1.5, np.sqrt(d2 * d2 * var_m2 + d3 * d3 * var_m3 + 2 * d2 * d3 * cov))


def count_stat(p, n):
    return Exact(n * p, np.sqrt(n * p * (1 - p)))


def ratio_stat(b, a):
    """b/a for two independent sample means (Exact each)."""
    r = b.value / a.value
    return Exact(r, abs(r) * np.sqrt((b.se / b.value) ** 2 + (a.se / a.value) ** 2))


# --- reading what was printed ----------------------------------------------

@dataclass
class Printed:
    value: float
    rounding: float


_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")


def numbers(text):
    """The numbers in ``text``, each with half a unit of its last digit."""
    out = []
    for s in _NUMBER.findall(text):
        decimals = len(s.split(".")[1]) if "." in s else 0
        out.append(Printed(float(s), 0.5 * 10.0**-decimals))
    return out


def line_after(text, section, label):
    """The numbers after ``label`` on the first line starting with it
    (after indentation) that follows the line containing ``section``."""
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if section in l), None)
    assert start is not None, f"no section {section!r} in:\n{text}"
    for l in lines[start + 1:]:
        if l.strip().startswith(label):
            return numbers(l.strip()[len(label):])
    raise AssertionError(f"no line {label!r} after {section!r} in:\n{text}")


class Report:
    """Collects the comparisons of one section; fails at the end with a
    table of all of them."""

    def __init__(self, name):
        self.name = name
        self.rows = [f"{name}: statistic | ours | tutorial | exact +- SE | ours in SE | tutorial in SE"]
        self.failures = []

    def stat(self, what, ours, exact, tutorial=None):
        if not isinstance(ours, Printed):
            ours = Printed(float(ours), 0.0)
        tut = numbers(tutorial)[0] if tutorial is not None else None

        def z(p):
            return (p.value - exact.value) / exact.se if exact.se > 0 else float("nan")

        def ok(p):
            return abs(p.value - exact.value) <= 4 * exact.se + p.rounding + 1e-12

        self.rows.append(f"  {what} | {ours.value} | {tutorial or '-'} | {exact.value:.5f} +- "
                         f"{exact.se:.5f} | {z(ours):+.2f} | {'-' if tut is None else f'{z(tut):+.2f}'}")
        for who, p in (("ours", ours), ("the tutorial's", tut)):
            if p is not None and not ok(p):
                self.failures.append(f"{what}: {who} {p.value} vs exact {exact.value:.5f} +- "
                                     f"{exact.se:.5f} ({z(p):+.2f} SE)")

    def extreme(self, what, ours, dist, n, is_min, tutorial=None):
        """A printed minimum or maximum of n draws from dist, plausible at
        the 1e-4 level on each side (the rounding in the value's favour)."""
        def all_below(x):
            return np.exp(n * np.log(dist.cdf(x)))

        def some_below(x):
            return -np.expm1(n * np.log1p(-dist.cdf(x)))

        for who, p in (("ours", ours), ("the tutorial's", numbers(tutorial)[0] if tutorial else None)):
            if p is None:
                continue
            hi, lo = p.value + p.rounding, p.value - p.rounding
            below, above = (some_below(hi), 1 - some_below(lo)) if is_min else \
                (all_below(hi), 1 - all_below(lo))
            self.rows.append(f"  {what} ({who}) | {p.value} | P(<=) = {below:.2e}, P(>=) = {above:.2e}")
            if below < 1e-4 or above < 1e-4:
                self.failures.append(f"{what}: {who} {p.value} is implausible for the "
                                     f"{'minimum' if is_min else 'maximum'} of {n} draws "
                                     f"(P(<=) = {below:.2e}, P(>=) = {above:.2e})")

    def holds(self, what, ok):
        self.rows.append(f"  {what} | {bool(ok)}")
        if not ok:
            self.failures.append(what)

    def finish(self):
        table = "\n".join(self.rows)
        print(table)
        assert not self.failures, (f"{self.name}: {len(self.failures)} statistic(s) off:\n  "
                                   + "\n  ".join(self.failures) + "\n\n" + table)
