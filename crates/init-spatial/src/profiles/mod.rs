//! The ten built-in distance profiles, one file per family, with
//! braintools' parameters and defaults. Every length must be finite and
//! positive; the optional `max_distance` (on all but [`Linear`], whose
//! defining parameter it is) sets the value to 0 beyond it.

mod bimodal;
mod dog;
mod exponential;
mod gaussian;
mod linear;
mod logistic;
mod mexican_hat;
mod power_law;
mod step;

pub use bimodal::Bimodal;
pub use dog::DoG;
pub use exponential::Exponential;
pub use gaussian::Gaussian;
pub use linear::Linear;
pub use logistic::{Logistic, Sigmoid};
pub use mexican_hat::MexicanHat;
pub use power_law::PowerLaw;
pub use step::Step;
