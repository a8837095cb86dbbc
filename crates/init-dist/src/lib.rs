//! # init-dist — base distributions
//!
//! Each distribution is an [`init_core::Initializer`] whose parameters and
//! output share one `uom` quantity type (or plain `f64`); shape parameters
//! (Gamma's `k`, Beta's `α`, `β`, Weibull's `k`) are plain numbers. Every
//! constructor validates its parameters as `SEMANTICS.md` states and
//! returns [`init_core::InitError::InvalidParameter`] naming the parameter.
//!
//! Samplers come from `rand_distr` where it has them; each element draws
//! from its own keyed stream, so results do not depend on thread count.
#![warn(missing_docs)]

mod normal;

pub use normal::Normal;

#[cfg(test)]
mod tests {
    //! Helpers shared by the distribution tests.
    use init_core::{Generate, Initializer, Value};
    use uom::si::electrical_conductance::nanosiemens;
    use uom::si::f64::ElectricalConductance;

    /// A conductance in nS.
    pub fn ns(v: f64) -> ElectricalConductance {
        ElectricalConductance::new::<nanosiemens>(v)
    }

    /// `n` draws of `init` with `seed`, as plain numbers in nS (in the SI
    /// value ×1e9 for conductances, unchanged for `f64`).
    pub fn draws<I>(init: &I, n: usize, seed: u64) -> Vec<f64>
    where
        I: Initializer<Output = ElectricalConductance>,
    {
        let a = init.generate(n, seed).expect("valid shape");
        a.iter().map(|v| v.si() * 1e9).collect()
    }
}
