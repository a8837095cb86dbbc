"""Quantities in, quantities out.

A parameter is a brainunit ``Quantity`` (when brainunit is installed) or a
plain number with an explicit ``unit=`` (a name such as ``"nS"``, or a
brainunit unit). Either way it is converted to SI as the Rust library's
units convert it: ``value * one``, where ``one`` is the SI value of one of
the unit as the Rust unit of that name holds it. So the numbers handed to
the core are the ones a Rust program would build, bit for bit, and the
values that come back (divided by ``one`` in the core) are the ones the
Rust API's ``values_in(unit)`` gives.
"""

import numpy as np

from . import _neuroinit as _core

try:  # brainunit is optional: without it, plain numbers and unit="nS".
    import brainunit as _bu
except ImportError:  # pragma: no cover - exercised where brainunit is absent
    _bu = None

# The symbol of each dimension's SI unit, and the SI prefixes by power of
# ten: a brainunit unit of dimension K and scale s is named prefix(s) +
# symbol(K) in the core's table ("nS", "um", "/um", "mm/s").
_SYMBOL = {"conductance": "S", "current": "A", "potential": "V", "length": "m",
           "time": "s", "velocity": "m/s", "per_length": "/m"}
_PREFIX = {-12: "p", -9: "n", -6: "u", -3: "m", -2: "c", 0: ""}
_DIMS = None


class Unit:
    """A unit: its name, its dimension (``"1"`` for none), the SI value of
    one of it, and the brainunit unit when the quantity came from one."""

    __slots__ = ("name", "kind", "one", "brainunit")

    def __init__(self, name, kind, one, brainunit=None):
        self.name, self.kind, self.one, self.brainunit = name, kind, one, brainunit

    def __repr__(self):
        return f"Unit({self.name!r}, {self.kind})"


ONE = Unit("1", "1", 1.0)


def _dims():
    global _DIMS
    if _DIMS is None:
        u = _bu
        _DIMS = {
            "conductance": u.siemens.dim,
            "current": u.amp.dim,
            "potential": u.volt.dim,
            "length": u.meter.dim,
            "time": u.second.dim,
            "velocity": u.get_unit(1.0 * u.meter / u.second).dim,
            "per_length": u.get_unit(1.0 / u.meter).dim,
        }
    return _DIMS


def is_quantity(x):
    return _bu is not None and isinstance(x, _bu.Quantity)


def named(name, param="unit"):
    """The unit called ``name`` ("nS", "um", "ms", ...)."""
    found = _core.unit(name)
    if found is None:
        raise ValueError(f"{param} = {name!r}: not a unit neuroinit knows "
                         "(nS, pS, uS, mS, S, pA, nA, uA, mA, A, mV, uV, V, "
                         "nm, um, mm, cm, m, us, ms, s, m/s, mm/s, um/s, /um, /mm, /cm, /m)")
    kind, one = found
    return Unit(name, kind, one)


def of_brainunit(unit, param):
    """Our `Unit` for a brainunit unit."""
    if unit.dim == _bu.UNITLESS.dim:
        return Unit("1", "1", 1.0, None)
    for kind, dim in _dims().items():
        if unit.dim == dim:
            break
    else:
        raise TypeError(f"{param}: a quantity in {unit} has a dimension neuroinit does not "
                        "handle (conductance, current, potential, length, time, velocity, "
                        "per length)")
    prefix = _PREFIX.get(unit.scale) if unit.base == 10.0 and unit.factor == 1.0 else None
    if prefix is not None:
        name = "/" + prefix + "m" if kind == "per_length" else prefix + _SYMBOL[kind]
        found = _core.unit(name)
        if found is not None:
            return Unit(name, kind, found[1], unit)
    base = {"conductance": _bu.siemens, "current": _bu.amp, "potential": _bu.volt,
            "length": _bu.meter, "time": _bu.second}.get(kind)
    one = float(_bu.Quantity(1.0, unit=unit).to_decimal(base)) if base is not None else None
    if one is None:
        raise TypeError(f"{param}: use a unit neuroinit names for {kind}, not {unit}")
    return Unit(str(unit), kind, one, unit)


def resolve(unit, param="unit"):
    """``unit=``: None, a name, or a brainunit unit."""
    if unit is None:
        return None
    if isinstance(unit, Unit):
        return unit
    if isinstance(unit, str):
        return named(unit, param)
    if _bu is not None and isinstance(unit, _bu.Unit):
        return of_brainunit(unit, param)
    raise TypeError(f"{param} = {unit!r}: give a unit name such as 'nS' or a brainunit unit")


def split(x, param, unit=None, array=False):
    """``(si, Unit)`` of a parameter: a Quantity, or a number in ``unit``
    (dimensionless without one)."""
    if is_quantity(x):
        un = of_brainunit(x.unit, param)
        m = np.asarray(x.mantissa, dtype=np.float64)
        return (m * un.one if array else float(m) * un.one), un
    if isinstance(x, Unit):
        raise TypeError(f"{param}: a unit alone is not a value")
    try:
        m = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{param} = {x!r}: expected a number or a quantity") from None
    if not array and m.ndim != 0:
        raise TypeError(f"{param}: expected one value, got an array of shape {m.shape}")
    un = unit if unit is not None else ONE
    return (m * un.one if array else float(m) * un.one), un


def expect(x, kind, param, unit=None, array=False):
    """`split`, refusing a dimension other than ``kind``."""
    si, un = split(x, param, unit, array)
    if un.kind != kind:
        want = "dimensionless" if kind == "1" else f"a {kind.replace('_', ' ')}"
        got = "a plain number" if un.kind == "1" else f"a {un.kind.replace('_', ' ')} ({un.name})"
        hint = " (pass unit=... or a brainunit quantity)" if un.kind == "1" else ""
        raise TypeError(f"{param}: expected {want}, got {got}{hint}")
    return si, un


def optional(x, kind, param, unit=None):
    return None if x is None else expect(x, kind, param, unit)[0]


def wrap(values, unit):
    """Values in ``unit`` as the caller expects them: a Quantity when the
    unit came from brainunit, else the array."""
    if unit.brainunit is not None and _bu is not None:
        return _bu.Quantity(values, unit=unit.brainunit)
    return values
