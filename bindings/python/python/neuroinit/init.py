"""braintools.init's classes, computed by neuroinit.

The names, parameters and calls are braintools.init 0.3's::

    import numpy as np, brainunit as u
    from neuroinit import init

    rng = np.random.default_rng(42)
    w = init.Normal(0.5 * u.nS, 0.1 * u.nS)(1000, rng=rng)      # a Quantity in nS
    w = init.Normal(0.5, 0.1, unit="nS")(1000, rng=7)           # an ndarray, in nS

What differs, on purpose:

- ``rng`` is a seed (an int), a ``numpy.random.Generator`` (one seed is drawn
  from it per call) or None (a seed is drawn from numpy's global state, so
  ``np.random.seed`` still fixes it). Each element is a pure function of the
  seed and its coordinates: the same seed gives the same array for any
  thread count, in Python as in the Rust library.
- ``Conditional`` calls ``condition_fn`` once, on all the indices (as
  braintools does), and draws both branches keyed by element.
- ``DistanceModulated`` takes ``min_weight`` (a floor), as the tutorial uses.
- A call takes ``threads=`` (else ``NEUROINIT_THREADS``, else all cores);
  the GIL is released while generating.
"""

import numbers

import numpy as np

from . import _neuroinit as _core
from . import _units
from ._units import ONE, expect, optional, split, wrap

__all__ = [
    "Initialization", "Constant", "ZeroInit", "Uniform", "Normal", "LogNormal", "Gamma",
    "Exponential", "TruncatedNormal", "Beta", "Weibull", "Mixture", "Conditional", "Scaled",
    "Clipped", "DistanceModulated", "VarianceScaling", "KaimingUniform", "KaimingNormal",
    "XavierUniform", "XavierNormal", "LecunUniform", "LecunNormal", "Orthogonal",
    "DeltaOrthogonal", "Identity", "DistanceProfile", "GaussianProfile", "ExponentialProfile",
    "PowerLawProfile", "LinearProfile", "StepProfile", "SigmoidProfile", "LogisticProfile",
    "DoGProfile", "BimodalProfile", "MexicanHatProfile", "seed_of",
]


def seed_of(rng):
    """The seed a call uses: ``rng`` itself if an int, one draw from a
    ``numpy.random.Generator`` or ``RandomState``, else one draw from
    numpy's global state."""
    if rng is None:
        return int(np.random.randint(0, 2**63 - 1, dtype=np.int64))
    if isinstance(rng, (bool, np.bool_)):
        raise TypeError(f"rng = {rng!r}: expected a seed or a numpy Generator")
    if isinstance(rng, numbers.Integral):
        if not 0 <= int(rng) < 2**64:
            raise ValueError(f"rng = {rng}: a seed is in [0, 2**64)")
        return int(rng)
    if isinstance(rng, np.random.Generator):
        # One raw 64-bit draw of its bit generator: the whole seed range,
        # at a seventh of the cost of rng.integers (0.5 µs against 3.5).
        return int(rng.bit_generator.random_raw())
    if isinstance(rng, np.random.RandomState):
        return int(rng.randint(0, 2**63 - 1, dtype=np.int64))
    raise TypeError(f"rng = {rng!r}: expected a seed or a numpy Generator")


def _shape(size):
    if type(size) is int and size >= 0:  # the common case, without the ABC check
        return (size,)
    if isinstance(size, numbers.Integral):
        shape = (int(size),)
    else:
        try:
            shape = tuple(int(s) for s in size)
        except TypeError:
            raise TypeError(f"size = {size!r}: expected an int or a tuple of ints") from None
    if any(s < 0 for s in shape):
        raise ValueError(f"size = {size!r}: sizes are >= 0")
    return shape


def _indices(x, param):
    a = np.asarray(x)
    if a.dtype.kind not in "iu":
        raise TypeError(f"{param}: expected integer indices, got dtype {a.dtype}")
    return np.ascontiguousarray(a.reshape(-1), dtype=np.int64)


def _lengths(x, param, unit=None):
    """Distances or positions in metres (Quantities; plain numbers in
    ``unit``)."""
    un = _units.resolve(unit, "distance_unit")
    if not _units.is_quantity(x) and un is None:
        raise TypeError(f"{param}: give a length quantity (e.g. d * u.um), or plain numbers "
                        "with distance_unit='um'")
    si, got = split(x, param, un, array=True)
    if got.kind != "length":
        raise TypeError(f"{param}: expected lengths, got {got.kind}")
    return np.ascontiguousarray(si, dtype=np.float64)


class _Call:
    """One call's arguments, as the tree of initializers needs them."""

    __slots__ = ("shape", "neuron_indices")

    def __init__(self, shape, neuron_indices):
        self.shape, self.neuron_indices = shape, neuron_indices


class Initialization:
    """The base class: call an instance for an array.

    ``init(size, rng=None, *, distances=None, pre_positions=None,
    post_positions=None, neuron_indices=None, post_indices=None,
    distance_unit=None, threads=None)``; ``size`` an int or a shape.
    """

    _unit = ONE

    # --- what subclasses provide ---------------------------------------
    def _build(self, call):
        """The core initializer for one call."""
        return self._core

    @property
    def _dynamic(self):
        """True when the core depends on the call (a Conditional inside)."""
        return False

    # --- calling --------------------------------------------------------
    def __call__(self, size, rng=None, *, distances=None, pre_positions=None,
                 post_positions=None, neuron_indices=None, post_indices=None,
                 periodic=None, distance_unit=None, threads=None, **unused):
        shape = _shape(size)
        seed = seed_of(rng)
        idx = None if neuron_indices is None else _indices(neuron_indices, "neuron_indices")
        kw = {}
        if distances is not None:
            d = _lengths(distances, "distances", distance_unit)
            kw["distances"] = d.reshape(shape) if d.size == int(np.prod(shape)) and d.ndim == 1 \
                and len(shape) > 1 else d
        if pre_positions is not None or post_positions is not None:
            if pre_positions is None or post_positions is None:
                raise ValueError("pre_positions and post_positions come together")
            p = _lengths(pre_positions, "pre_positions", distance_unit)
            q = _lengths(post_positions, "post_positions", distance_unit)
            kw["pre_positions"] = p.reshape(-1, 1) if p.ndim == 1 else p
            kw["post_positions"] = q.reshape(-1, 1) if q.ndim == 1 else q
            if periodic is not None:
                kw["period"] = [float(b) for b in _lengths(periodic, "periodic", distance_unit)]
        if post_indices is not None:
            _indices(post_indices, "post_indices")
        # The indices are condition_fn's (a Conditional decides in Python,
        # handing the core a mask): the core needs neither. Passing them
        # cost 11 ns per element of a 1e7-element call in their conversion.
        core = self._build(_Call(shape, idx))
        values = core.generate(list(shape), seed, self._unit.one, threads=threads, **kw)
        return wrap(values, self._unit)

    # --- arithmetic (braintools' operators and methods) -----------------
    def _binary(self, op, other, left=False):
        if isinstance(other, Initialization):
            a, b = (other, self) if left else (self, other)
        else:
            si, un = split(other, "operand")
            if not np.isfinite(si):
                raise ValueError(f"operand = {other!r}: a constant in an initializer expression "
                                 "must be finite")
            c = Constant._of(si, un)
            a, b = (c, self) if left else (self, c)
        return _Binary(op, a, b)

    def __add__(self, other):
        return self._binary("+", other)

    def __radd__(self, other):
        return self._binary("+", other, left=True)

    def __sub__(self, other):
        return self._binary("-", other)

    def __rsub__(self, other):
        return self._binary("-", other, left=True)

    def __mul__(self, other):
        return self._binary("*", other)

    def __rmul__(self, other):
        return self._binary("*", other, left=True)

    def __truediv__(self, other):
        return self._binary("/", other)

    def __rtruediv__(self, other):
        return self._binary("/", other, left=True)

    def __neg__(self):
        return _Negated(self)

    def add(self, value):
        """``self + value``."""
        return self + value

    def subtract(self, value):
        """``self - value``."""
        return self - value

    def multiply(self, value):
        """``self * value``."""
        return self * value

    def divide(self, value):
        """``self / value``."""
        return self / value

    def clip(self, min_val=None, max_val=None):
        """Clamp to ``[min_val, max_val]`` (either may be None)."""
        return Clipped(self, min_val=min_val, max_val=max_val)

    def apply(self, func):
        """``func`` on the generated array (once per call, vectorised)."""
        return _Apply(self, func)

    def __or__(self, func):
        if isinstance(func, Initialization) or not callable(func):
            raise TypeError("init | f: f is a function of the generated array")
        return _Apply(self, func)

    def value_bounds(self):
        """``(lo, hi)`` bounding every value (in the output unit), or None."""
        b = self._build(_Call((0,), None)).value_bounds()
        return None if b is None else (b[0] / self._unit.one, b[1] / self._unit.one)


class _Static(Initialization):
    """A node whose core is built once, at construction."""

    def __init__(self, core, unit):
        self._core, self._unit = core, unit


def _kind_product(op, a, b):
    ka, kb = a._unit.kind, b._unit.kind
    if op in "+-":
        if ka != kb:
            raise TypeError(f"cannot {'add' if op == '+' else 'subtract'} {kb} and {ka} "
                            f"({b._unit.name}, {a._unit.name})")
        return a._unit
    if op == "*":
        if ka == "1":
            return b._unit
        if kb == "1":
            return a._unit
        raise TypeError(f"a product of {ka} and {kb} is not a quantity neuroinit handles")
    if kb == "1":
        return a._unit
    if ka == kb:
        return ONE
    raise TypeError(f"a quotient of {ka} by {kb} is not a quantity neuroinit handles")


class _Binary(Initialization):
    def __init__(self, op, a, b):
        self._op, self._a, self._b = op, a, b
        self._unit = _kind_product(op, a, b)
        if not self._dynamic:
            self._core = self._build(None)

    @property
    def _dynamic(self):
        return self._a._dynamic or self._b._dynamic

    def _build(self, call):
        if call is not None and not self._dynamic:
            return self._core
        return self._a._build(call).binary(self._op, self._b._build(call), self._unit.kind)

    def __repr__(self):
        return f"({self._a!r} {self._op} {self._b!r})"


class _Negated(Initialization):
    def __init__(self, a):
        self._a, self._unit = a, a._unit

    @property
    def _dynamic(self):
        return self._a._dynamic

    def _build(self, call):
        return self._a._build(call).negated()


class _Apply(Initialization):
    """A Python function on the output: not part of the core, so it sits
    at the top of a tree (inside a composite it would be per element)."""

    def __init__(self, base, func):
        self._base, self._func, self._unit = base, func, base._unit

    def __call__(self, size, rng=None, **kw):
        return self._func(self._base(size, rng=rng, **kw))

    def _build(self, call):
        raise TypeError("an .apply()/| initializer cannot be nested inside another one: "
                        "apply the function to the result instead")


# --- distributions -------------------------------------------------------

def _unit_of(unit, named):
    """The output unit: ``unit=`` if given, else the first quantity's."""
    un = _units.resolve(unit)
    if un is not None:
        return un
    for name, v in named.items():
        if v is not None and _units.is_quantity(v):
            return _units.of_brainunit(v.unit, name)
    return ONE


def _params(unit, **named):
    """Each parameter in SI, all of one dimension; returns (si dict, Unit)."""
    out_unit = _unit_of(unit, named)
    given = _units.resolve(unit)
    si = {}
    for name, v in named.items():
        if v is None:
            si[name] = None
            continue
        si[name], _ = expect(v, out_unit.kind, name,
                             given if given is not None and not _units.is_quantity(v) else None)
    return si, out_unit


class Constant(_Static):
    """Every element is ``value``."""

    def __init__(self, value, unit=None):
        si, un = _params(unit, value=value)
        super().__init__(_core.constant(un.kind, si["value"]), un)
        self.value = value

    @classmethod
    def _of(cls, si, unit):
        c = cls.__new__(cls)
        _Static.__init__(c, _core.constant(unit.kind, si), unit)
        return c

    def __repr__(self):
        return f"Constant({self.value!r})"


class ZeroInit(_Static):
    """Zeros, of ``unit``'s dimension."""

    def __init__(self, unit=None):
        un = _units.resolve(unit) or ONE
        super().__init__(_core.zero(un.kind), un)


class Uniform(_Static):
    """Uniform on ``[low, high)``."""

    def __init__(self, low, high, unit=None):
        si, un = _params(unit, low=low, high=high)
        super().__init__(_core.uniform(un.kind, si["low"], si["high"]), un)


class Normal(_Static):
    """Normal(mean, std)."""

    def __init__(self, mean, std, unit=None):
        si, un = _params(unit, mean=mean, std=std)
        super().__init__(_core.normal(un.kind, si["mean"], si["std"]), un)
        self.mean, self.std = mean, std

    def __repr__(self):
        return f"Normal(mean={self.mean!r}, std={self.std!r})"


class LogNormal(_Static):
    """Log-normal whose samples have ``mean`` and ``std``."""

    def __init__(self, mean, std, unit=None):
        si, un = _params(unit, mean=mean, std=std)
        super().__init__(_core.lognormal(un.kind, si["mean"], si["std"]), un)


class Gamma(_Static):
    """Gamma(shape, scale)."""

    def __init__(self, shape, scale, unit=None):
        si, un = _params(unit, scale=scale)
        k = expect(shape, "1", "shape")[0]
        super().__init__(_core.gamma(un.kind, k, si["scale"]), un)


class Exponential(_Static):
    """Exponential with mean ``scale``."""

    def __init__(self, scale, unit=None):
        si, un = _params(unit, scale=scale)
        super().__init__(_core.exponential(un.kind, si["scale"]), un)


class TruncatedNormal(_Static):
    """Normal(mean, std) restricted to ``[low, high]`` (None: open)."""

    def __init__(self, mean, std, low=None, high=None, unit=None):
        si, un = _params(unit, mean=mean, std=std, low=low, high=high)
        super().__init__(_core.truncated_normal(un.kind, si["mean"], si["std"], si["low"],
                                                si["high"]), un)


class Beta(_Static):
    """Beta(alpha, beta) on ``[low, high]``."""

    def __init__(self, alpha, beta, low, high, unit=None):
        si, un = _params(unit, low=low, high=high)
        a, b = expect(alpha, "1", "alpha")[0], expect(beta, "1", "beta")[0]
        super().__init__(_core.beta(un.kind, a, b, si["low"], si["high"]), un)


class Weibull(_Static):
    """Weibull(shape, scale)."""

    def __init__(self, shape, scale, unit=None):
        si, un = _params(unit, scale=scale)
        k = expect(shape, "1", "shape")[0]
        super().__init__(_core.weibull(un.kind, k, si["scale"]), un)


# --- composites ------------------------------------------------------------

def _init_arg(x, param):
    if not isinstance(x, Initialization):
        raise TypeError(f"{param}: expected an initializer, got {type(x).__name__}")
    return x


class Mixture(Initialization):
    """Each element from one of ``distributions``, chosen with ``weights``
    (equal when None)."""

    def __init__(self, distributions, weights=None):
        self.distributions = [_init_arg(d, "distributions") for d in distributions]
        if not self.distributions:
            raise ValueError("distributions: a mixture needs at least one")
        n = len(self.distributions)
        self.weights = [1.0 / n] * n if weights is None else [float(w) for w in weights]
        self._unit = self.distributions[0]._unit
        for d in self.distributions[1:]:
            if d._unit.kind != self._unit.kind:
                raise TypeError(f"distributions: one is {self._unit.kind}, another {d._unit.kind}")
        if not self._dynamic:
            self._core = self._build(None)

    @property
    def _dynamic(self):
        return any(d._dynamic for d in self.distributions)

    def _build(self, call):
        if call is not None and not self._dynamic:
            return self._core
        return _core.mixture([d._build(call) for d in self.distributions], self.weights)


class Conditional(Initialization):
    """``true_dist`` where ``condition_fn(neuron_indices)`` holds, else
    ``false_dist``; ``condition_fn`` is called once per call, on every
    element's index (``arange`` of the element count when no
    ``neuron_indices`` are given), and returns one bool per element."""

    def __init__(self, condition_fn, true_dist, false_dist):
        if not callable(condition_fn):
            raise TypeError("condition_fn: expected a function of the index array")
        self.condition_fn = condition_fn
        self.true_dist = _init_arg(true_dist, "true_dist")
        self.false_dist = _init_arg(false_dist, "false_dist")
        if self.true_dist._unit.kind != self.false_dist._unit.kind:
            raise TypeError(f"false_dist: {self.false_dist._unit.kind}, but true_dist is "
                            f"{self.true_dist._unit.kind}")
        self._unit = self.true_dist._unit

    @property
    def _dynamic(self):
        return True

    def _build(self, call):
        if call is None:
            raise TypeError("a Conditional is decided per call")
        n = int(np.prod(call.shape)) if call.shape else 1
        idx = call.neuron_indices if call.neuron_indices is not None else np.arange(n)
        cond = np.asarray(self.condition_fn(idx)).reshape(-1)
        if cond.dtype != np.bool_:
            cond = cond.astype(bool)
        if cond.shape[0] != n:
            raise ValueError(f"condition_fn must return a boolean array with one entry per "
                             f"element ({n}), got {cond.shape[0]}")
        return _core.conditional("flat", np.ascontiguousarray(cond), self.true_dist._build(call),
                                 self.false_dist._build(call))


class Scaled(Initialization):
    """``base_dist * scale_factor`` (a number, or a quantity)."""

    def __init__(self, base_dist, scale_factor):
        self.base_dist = _init_arg(base_dist, "base_dist")
        if _units.is_quantity(scale_factor):
            self._inner = self.base_dist * scale_factor
            self._unit = self._inner._unit
        else:
            self._inner = None
            self._factor = expect(scale_factor, "1", "scale_factor")[0]
            self._unit = self.base_dist._unit
        if not self._dynamic:
            self._core = self._build(None)

    @property
    def _dynamic(self):
        return self.base_dist._dynamic

    def _build(self, call):
        if call is not None and not self._dynamic:
            return self._core
        if self._inner is not None:
            return self._inner._build(call)
        return self.base_dist._build(call).scaled(self._factor)


class Clipped(Initialization):
    """``base_dist`` clamped to ``[min_val, max_val]`` (either may be None).
    On a DistanceModulated the bounds stay inside it (its floor)."""

    def __init__(self, base_dist, min_val=None, max_val=None):
        self.base_dist = _init_arg(base_dist, "base_dist")
        self._unit = self.base_dist._unit
        kind = self._unit.kind
        self._min = optional(min_val, kind, "min_val", self._unit)
        self._max = optional(max_val, kind, "max_val", self._unit)
        if not self._dynamic:
            self._core = self._build(None)

    @property
    def _dynamic(self):
        return self.base_dist._dynamic

    def _build(self, call):
        if call is not None and not self._dynamic:
            return self._core
        return self.base_dist._build(call).clip(self._min, self._max)


class DistanceModulated(Initialization):
    """``base_dist`` times ``distance_profile(d)`` at each element's
    distance (``distances=``, or ``pre_positions=`` and ``post_positions=``
    in the call); ``min_weight`` floors the result."""

    def __init__(self, base_dist, distance_profile, min_weight=None):
        self.base_dist = _init_arg(base_dist, "base_dist")
        if not isinstance(distance_profile, DistanceProfile):
            raise TypeError("distance_profile: expected a DistanceProfile")
        self.distance_profile = distance_profile
        self._unit = self.base_dist._unit
        self._floor = optional(min_weight, self._unit.kind, "min_weight", self._unit)
        if not self._dynamic:
            self._core = self._build(None)

    @property
    def _dynamic(self):
        return self.base_dist._dynamic

    def _build(self, call):
        if call is not None and not self._dynamic:
            return self._core
        return _core.distance_modulated(self.base_dist._build(call),
                                        self.distance_profile._core, self._floor)


# --- rate and deep-learning models -----------------------------------------

def _with_unit(core, unit):
    """A dimensionless core times one of ``unit`` (``x * unit``)."""
    un = _units.resolve(unit)
    if un is None or un.kind == "1":
        return _Static(core, ONE)
    one = _Static(_core.constant(un.kind, un.one), un)
    return _Binary("*", _Static(core, ONE), one)


class _Wrapped(Initialization):
    def __init__(self, inner):
        self._inner = inner
        self._unit = inner._unit
        self._core = inner._build(None)


class VarianceScaling(_Wrapped):
    """Variance ``scale / fan`` (``mode``), drawn from ``distribution``."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="normal", unit=None):
        super().__init__(_with_unit(_core.variance_scaling(float(scale), mode, distribution),
                                    unit))


class KaimingUniform(_Wrapped):
    """He uniform: variance 2 / fan for ReLU (2 / (1 + slope²) for leaky)."""

    _distribution = "uniform"

    def __init__(self, scale=None, mode="fan_in", nonlinearity="relu", negative_slope=0.01,
                 unit=None):
        if scale is not None:
            core = _core.variance_scaling(float(scale), mode, self._distribution)
        else:
            core = _core.kaiming(self._distribution, nonlinearity, float(negative_slope), mode)
        super().__init__(_with_unit(core, unit))


class KaimingNormal(KaimingUniform):
    """He normal: variance 2 / fan for ReLU (2 / (1 + slope²) for leaky)."""

    _distribution = "normal"


class XavierUniform(_Wrapped):
    """Glorot uniform: variance ``scale`` / fan_avg."""

    _mode, _distribution = "fan_avg", "uniform"

    def __init__(self, scale=1.0, unit=None):
        super().__init__(_with_unit(_core.variance_scaling(float(scale), self._mode,
                                                           self._distribution), unit))


class XavierNormal(XavierUniform):
    """Glorot normal: variance ``scale`` / fan_avg."""

    _mode, _distribution = "fan_avg", "normal"


class LecunUniform(XavierUniform):
    """LeCun uniform: variance ``scale`` / fan_in."""

    _mode, _distribution = "fan_in", "uniform"


class LecunNormal(XavierUniform):
    """LeCun normal: variance ``scale`` / fan_in."""

    _mode, _distribution = "fan_in", "normal"


class Identity(_Wrapped):
    """``scale`` times the identity matrix."""

    def __init__(self, scale=1.0, unit=None):
        super().__init__(_with_unit(_core.identity(float(scale)), unit))


class Orthogonal(Initialization):
    """A (semi-)orthogonal matrix times ``scale``; whole arrays only."""

    _delta = False

    def __init__(self, scale=1.0, unit=None):
        self.scale = float(scale)
        self._unit = _units.resolve(unit) or ONE

    def __call__(self, size, rng=None, *, threads=None, **unused):
        values = _core.orthogonal(list(_shape(size)), seed_of(rng), self.scale, self._delta,
                                  threads)
        return wrap(values, self._unit)

    def _build(self, call):
        raise TypeError(f"{type(self).__name__} is drawn as a whole array: it cannot be "
                        "part of another initializer")

    def _binary(self, op, other, left=False):
        raise TypeError(f"{type(self).__name__} is drawn as a whole array: no arithmetic on it")


class DeltaOrthogonal(Orthogonal):
    """Orthogonal at the centre of a convolution kernel, zero elsewhere."""

    _delta = True


# --- distance profiles -----------------------------------------------------

class DistanceProfile:
    """A function of distance: ``probability(d)``, ``weight_scaling(d)`` and
    ``profile(d)`` give its values; profiles combine with ``+ - * /`` (with
    each other and with numbers) and ``.clip()``."""

    _length = None  # the unit plain-number distances are read in

    def _values(self, distances):
        un = self._length
        if _units.is_quantity(distances):
            d, got = split(distances, "distances", array=True)
            if got.kind != "length":
                raise TypeError(f"distances: expected lengths, got {got.kind}")
        else:
            d = np.asarray(distances, dtype=np.float64) * (un.one if un is not None else 1.0)
        d = np.ascontiguousarray(d, dtype=np.float64)
        v = self._core.values(d)
        return v

    def probability(self, distances):
        """The profile's value at each distance."""
        return self._values(distances)

    def weight_scaling(self, distances):
        """The profile's value at each distance."""
        return self._values(distances)

    def __call__(self, distances):
        return self._values(distances)

    def value_bounds(self):
        """``(lo, hi)`` bounding every value, or None."""
        return self._core.value_bounds()

    def _combine(self, op, other, left=False):
        p = DistanceProfile.__new__(DistanceProfile)
        p._length = self._length
        if isinstance(other, DistanceProfile):
            a, b = (other, self) if left else (self, other)
            p._core = a._core.binary(op, b._core)
        else:
            c = expect(other, "1", "operand")[0]
            p._core = self._core.with_number(op, c, left)
        return p

    def __add__(self, o):
        return self._combine("+", o)

    def __radd__(self, o):
        return self._combine("+", o, True)

    def __sub__(self, o):
        return self._combine("-", o)

    def __rsub__(self, o):
        return self._combine("-", o, True)

    def __mul__(self, o):
        return self._combine("*", o)

    def __rmul__(self, o):
        return self._combine("*", o, True)

    def __truediv__(self, o):
        return self._combine("/", o)

    def __rtruediv__(self, o):
        return self._combine("/", o, True)

    def clip(self, min_val=None, max_val=None):
        """Values clamped to ``[min_val, max_val]``."""
        p = DistanceProfile.__new__(DistanceProfile)
        p._length = self._length
        lo = None if min_val is None else expect(min_val, "1", "min_val")[0]
        hi = None if max_val is None else expect(max_val, "1", "max_val")[0]
        p._core = self._core.clip(lo, hi)
        return p


def _length(x, param, unit=None):
    """A length parameter in metres, and its unit."""
    return expect(x, "length", param, unit)


class _Profile(DistanceProfile):
    def _set(self, core, first):
        self._core = core
        self._length = _units.of_brainunit(first.unit, "distance") \
            if _units.is_quantity(first) else None


def _unit_arg(unit):
    un = _units.resolve(unit, "unit")
    if un is not None and un.kind != "length":
        raise TypeError(f"unit = {unit!r}: a profile's unit is a length")
    return un


def _opt_len(x, param, unit):
    return None if x is None else _length(x, param, unit)[0]


class GaussianProfile(_Profile):
    """exp(−d² / 2σ²), zero beyond ``max_distance``."""

    def __init__(self, sigma, max_distance=None, unit=None):
        un = _unit_arg(unit)
        self._set(_core.gaussian_profile(_length(sigma, "sigma", un)[0],
                                         _opt_len(max_distance, "max_distance", un)), sigma)
        self._length = self._length or un


class ExponentialProfile(_Profile):
    """exp(−d / decay_constant), zero beyond ``max_distance``."""

    def __init__(self, decay_constant, max_distance=None, unit=None):
        un = _unit_arg(unit)
        self._set(_core.exponential_profile(_length(decay_constant, "decay_constant", un)[0],
                                            _opt_len(max_distance, "max_distance", un)),
                  decay_constant)
        self._length = self._length or un


class PowerLawProfile(_Profile):
    """d^(−exponent), with ``min_distance`` and ``max_distance``."""

    def __init__(self, exponent, min_distance=None, max_distance=None, unit=None):
        un = _unit_arg(unit)
        self._set(_core.power_law_profile(expect(exponent, "1", "exponent")[0],
                                          _opt_len(min_distance, "min_distance", un),
                                          _opt_len(max_distance, "max_distance", un)),
                  min_distance if min_distance is not None else max_distance)
        self._length = self._length or un


class LinearProfile(_Profile):
    """max(0, 1 − d / max_distance)."""

    def __init__(self, max_distance, unit=None):
        un = _unit_arg(unit)
        self._set(_core.linear_profile(_length(max_distance, "max_distance", un)[0]),
                  max_distance)
        self._length = self._length or un


class StepProfile(_Profile):
    """``inside_prob`` up to ``threshold``, ``outside_prob`` beyond."""

    def __init__(self, threshold, inside_prob=1.0, outside_prob=0.0, max_distance=None,
                 unit=None):
        un = _unit_arg(unit)
        self._set(_core.step_profile(_length(threshold, "threshold", un)[0],
                                     expect(inside_prob, "1", "inside_prob")[0],
                                     expect(outside_prob, "1", "outside_prob")[0],
                                     _opt_len(max_distance, "max_distance", un)), threshold)
        self._length = self._length or un


def _per_length(rate, param, midpoint_unit):
    """A rate per length: a quantity, or a number per the midpoint's unit
    (braintools' convention)."""
    if _units.is_quantity(rate):
        return expect(rate, "per_length", param)[0]
    r = expect(rate, "1", param)[0]
    if midpoint_unit is None:
        raise TypeError(f"{param}: a plain number is per the midpoint's unit; give the midpoint "
                        "as a quantity or pass unit='um'")
    per = _core.unit("/" + midpoint_unit.name)
    return r * per[1] if per is not None else r / midpoint_unit.one


class SigmoidProfile(_Profile):
    """1 / (1 + exp(slope · (d − midpoint))); ``slope`` per the midpoint's
    unit (or a per-length quantity)."""

    def __init__(self, midpoint, slope=0.05, max_distance=None, unit=None):
        un = _unit_arg(unit)
        mid, mu = _length(midpoint, "midpoint", un)
        self._set(_core.sigmoid_profile(mid, _per_length(slope, "slope", mu),
                                        _opt_len(max_distance, "max_distance", un)), midpoint)
        self._length = self._length or un


class LogisticProfile(_Profile):
    """1 / (1 + exp(growth_rate · (d − midpoint))); ``growth_rate`` per the
    midpoint's unit (or a per-length quantity)."""

    def __init__(self, growth_rate, midpoint, max_distance=None, unit=None):
        un = _unit_arg(unit)
        mid, mu = _length(midpoint, "midpoint", un)
        self._set(_core.logistic_profile(_per_length(growth_rate, "growth_rate", mu), mid,
                                         _opt_len(max_distance, "max_distance", un)), midpoint)
        self._length = self._length or un


class DoGProfile(_Profile):
    """Difference of Gaussians: centre minus surround."""

    def __init__(self, sigma_center, sigma_surround, amplitude_center=1.0,
                 amplitude_surround=0.5, max_distance=None, unit=None):
        un = _unit_arg(unit)
        self._set(_core.dog_profile(_length(sigma_center, "sigma_center", un)[0],
                                    _length(sigma_surround, "sigma_surround", un)[0],
                                    expect(amplitude_center, "1", "amplitude_center")[0],
                                    expect(amplitude_surround, "1", "amplitude_surround")[0],
                                    _opt_len(max_distance, "max_distance", un)), sigma_center)
        self._length = self._length or un


class BimodalProfile(_Profile):
    """Two Gaussians, at ``center1`` and ``center2``."""

    def __init__(self, sigma1, sigma2, center1=None, center2=None, amplitude1=1.0,
                 amplitude2=1.0, max_distance=None, unit=None):
        un = _unit_arg(unit)
        s1, u1 = _length(sigma1, "sigma1", un)
        c1 = 0.0 if center1 is None else _length(center1, "center1", un)[0]
        c2 = 0.0 if center2 is None else _length(center2, "center2", un)[0]
        self._set(_core.bimodal_profile(s1, _length(sigma2, "sigma2", un)[0], c1, c2,
                                        expect(amplitude1, "1", "amplitude1")[0],
                                        expect(amplitude2, "1", "amplitude2")[0],
                                        _opt_len(max_distance, "max_distance", un)), sigma1)
        self._length = self._length or un


class MexicanHatProfile(_Profile):
    """(1 − d²/σ²) · exp(−d² / 2σ²) times ``amplitude``."""

    def __init__(self, sigma, amplitude=1.0, max_distance=None, unit=None):
        un = _unit_arg(unit)
        self._set(_core.mexican_hat_profile(_length(sigma, "sigma", un)[0],
                                            expect(amplitude, "1", "amplitude")[0],
                                            _opt_len(max_distance, "max_distance", un)), sigma)
        self._length = self._length or un
