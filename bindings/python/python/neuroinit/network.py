"""Networks from a description file, as ``scipy.sparse`` matrices.

::

    from neuroinit.network import Network
    net = Network.load("sparse_cortex.toml")       # or Network.parse(text)
    c = net.generate(seed=42, threads=2)
    c.weights          # scipy.sparse.csr_array, row = presynaptic neuron, in c.weight_unit
    c.delays           # ndarray beside c.weights.data, in c.delay_unit (None without delays)
    pre, post, w, d = c.edges()   # for nest.Connect(pre, post, "one_to_one", ...)

The description format is the ``neuroinit`` command's (docs/NETWORK_FILE.md).
The weight array and the column indices are the generator's own buffers,
handed to scipy without a copy (int32 indices while the network fits).
"""

from collections import namedtuple

import numpy as np

from . import _neuroinit as _core

__all__ = ["Network", "Connectivity", "Projection"]

Projection = namedtuple("Projection", "pre post rule synapses")


class Connectivity:
    """One generated network."""

    def __init__(self, raw, weight_unit, delay_unit):
        import scipy.sparse

        n = raw["neurons"]
        self.weights = scipy.sparse.csr_array(
            (raw["weights"], raw["indices"], raw["indptr"]), shape=(n, n), copy=False)
        self.delays = raw["delays"]
        self.weight_unit, self.delay_unit = weight_unit, delay_unit
        self.populations = {name: range(start, start + size)
                            for name, start, size in raw["populations"]}
        self.projections = [Projection(*p) for p in raw["projections"]]

    @property
    def neurons(self):
        return self.weights.shape[0]

    @property
    def synapses(self):
        return self.weights.nnz

    def edges(self):
        """``(pre, post, weight, delay)`` arrays, one entry per synapse."""
        w = self.weights
        pre = np.repeat(np.arange(w.shape[0], dtype=w.indices.dtype), np.diff(w.indptr))
        return pre, w.indices, w.data, self.delays

    def __repr__(self):
        return (f"Connectivity({self.neurons} neurons, {self.synapses} synapses, "
                f"weights in {self.weight_unit}, delays in {self.delay_unit})")


class Network:
    """A network description: populations, projections, rules, weights and
    delays."""

    def __init__(self, core):
        self._core = core

    @classmethod
    def parse(cls, text, name="<string>"):
        """From the text of a description."""
        return cls(_core.Network.parse(text, name))

    @classmethod
    def load(cls, path):
        """From a description file."""
        return cls(_core.Network.load(str(path)))

    @property
    def neurons(self):
        return self._core.neurons

    def generate(self, seed=None, threads=None):
        """The network for ``seed`` (default: the description's, else 0)."""
        if seed is None:
            seed = self._core.seed if self._core.seed is not None else 0
        raw = self._core.generate(int(seed), threads)
        return Connectivity(raw, self._core.weight_unit[0], self._core.delay_unit[0])
