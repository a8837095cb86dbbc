//! The ten built-in distance profiles, one file per family, with
//! braintools' parameters and defaults. Every length must be finite and
//! positive; the optional `max_distance` (on all but [`LinearProfile`], whose
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

pub use bimodal::BimodalProfile;
pub use dog::DoGProfile;
pub use exponential::ExponentialProfile;
pub use gaussian::GaussianProfile;
pub use linear::LinearProfile;
pub use logistic::{LogisticProfile, SigmoidProfile};
pub use mexican_hat::MexicanHatProfile;
pub use power_law::PowerLawProfile;
pub use step::StepProfile;
