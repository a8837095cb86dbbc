"""neuroinit: connectivity for spiking networks, fast, deterministic and
unit-checked, in braintools.init's language.

- ``neuroinit.init``: braintools.init's distributions, composites,
  distance profiles and rate-model initializers (``from neuroinit import
  init``, then the tutorial's code as it is).
- ``neuroinit.network``: networks of populations and projections from a
  description (TOML, as the ``neuroinit`` command reads), generated into a
  ``scipy.sparse.csr_array`` of weights with the delays beside it.

The numbers are those of the Rust library for the same seed, bit for bit.
"""

from . import init, network
from ._neuroinit import __version__

__all__ = ["init", "network", "__version__"]
