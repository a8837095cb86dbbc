//! [`Sign`]: whether a neuron excites or inhibits its targets.

/// Whether a population's neurons excite or inhibit their targets.
///
/// What it does depends on who reads it: a dense `Circuit` negates the
/// weights of an inhibitory population's rows (the tutorial's convention:
/// its rules give magnitudes); a network records it for the simulator and
/// the summaries (SONATA's `ei` column) and leaves the weights as its
/// projections draw them (negative currents in current-based models,
/// positive conductances in conductance-based ones).
///
/// ```
/// use init_core::Sign;
///
/// assert_eq!(Sign::Inhibitory.letter(), "i");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sign {
    /// Excitatory neurons.
    Excitatory,
    /// Inhibitory neurons.
    Inhibitory,
}

impl Sign {
    /// `"e"` or `"i"`, as SONATA node types and BMTK write it.
    pub fn letter(self) -> &'static str {
        match self {
            Sign::Excitatory => "e",
            Sign::Inhibitory => "i",
        }
    }
}
