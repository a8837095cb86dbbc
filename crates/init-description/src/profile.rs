//! Distance profiles from tables such as
//! `{ type = "gaussian", sigma = "120 um", max_distance = "480 um" }`.

use neuroinit::uom::si::f64::{Length, ReciprocalLength};
use neuroinit::{
    BimodalProfile, BoxedProfile, ConstantProfile, DoGProfile, ExponentialProfile, GaussianProfile,
    InitError, LinearProfile, LogisticProfile, MexicanHatProfile, PowerLawProfile, Profile,
    ProfileDifference, ProfileProduct, ProfileQuotient, ProfileSum, SigmoidProfile, StepProfile,
};

use crate::error::DescriptionError;
use crate::init::init_error;
use crate::quantity::quantity;
use crate::table::{Ctx, Item, Table, as_number};
use toml::de::DeValue;

const MODIFIERS: &[&str] = &["type", "factor", "clip"];

const TYPES: &[(&str, &[&str])] = &[
    ("constant", &["value"]),
    ("gaussian", &["sigma", "max_distance"]),
    ("exponential", &["decay_constant", "max_distance"]),
    (
        "bimodal",
        &[
            "sigma1",
            "sigma2",
            "center1",
            "center2",
            "amplitude1",
            "amplitude2",
            "max_distance",
        ],
    ),
    (
        "dog",
        &[
            "sigma_center",
            "sigma_surround",
            "amplitude_center",
            "amplitude_surround",
            "max_distance",
        ],
    ),
    ("mexican_hat", &["sigma", "amplitude", "max_distance"]),
    ("linear", &["max_distance"]),
    ("step", &["threshold", "inside", "outside", "max_distance"]),
    ("power_law", &["exponent", "min_distance", "max_distance"]),
    ("logistic", &["growth_rate", "midpoint", "max_distance"]),
    ("sigmoid", &["midpoint", "slope", "max_distance"]),
    ("sum", &["terms"]),
    ("product", &["terms"]),
    ("difference", &["terms"]),
    ("quotient", &["terms"]),
];

fn len(t: &Table<'_, '_, '_, '_>, key: &str) -> Result<Length, DescriptionError> {
    quantity(t.ctx, key, t.req(key)?)
}

fn opt_len(t: &Table<'_, '_, '_, '_>, key: &str) -> Result<Option<Length>, DescriptionError> {
    t.get(key).map(|v| quantity(t.ctx, key, v)).transpose()
}

/// Apply `max_distance` when given.
fn cut<P>(
    t: &Table<'_, '_, '_, '_>,
    p: P,
    with: impl FnOnce(P, Length) -> Result<P, InitError>,
) -> Result<P, DescriptionError> {
    match opt_len(t, "max_distance")? {
        Some(m) => with(p, m).map_err(|e| init_error(t, e)),
        None => Ok(p),
    }
}

/// The profile `item` describes: a number (a constant) or a table with a
/// `type`.
pub(crate) fn profile(
    ctx: Ctx<'_, '_>,
    what: &str,
    item: &Item<'_>,
) -> Result<BoxedProfile, DescriptionError> {
    if matches!(item.get_ref(), DeValue::Integer(_) | DeValue::Float(_)) {
        let v = as_number(ctx, what, item)?;
        return ConstantProfile::new(v)
            .map(Profile::boxed)
            .map_err(|e| ctx.invalid(what, &item.span(), e));
    }
    let t = Table::new(ctx, what, item)?;
    let ty = t.str("type")?;
    let Some((_, params)) = TYPES.iter().find(|(n, _)| *n == ty) else {
        let names: Vec<&str> = TYPES.iter().map(|(n, _)| *n).collect();
        return Err(t.invalid(
            "type",
            format_args!(
                "unknown profile \"{ty}\" (expected one of: {})",
                names.join(", ")
            ),
        ));
    };
    let allowed: Vec<&str> = params.iter().chain(MODIFIERS).copied().collect();
    t.fields(&allowed)?;
    let e = |err: InitError| init_error(&t, err);
    let num = |key: &str, default: f64| -> Result<f64, DescriptionError> {
        Ok(t.opt_number(key)?.unwrap_or(default))
    };
    let base: BoxedProfile = match ty {
        "constant" => ConstantProfile::new(t.number("value")?).map_err(e)?.boxed(),
        "gaussian" => cut(
            &t,
            GaussianProfile::new(len(&t, "sigma")?).map_err(e)?,
            |p, m| p.with_max_distance(m),
        )?
        .boxed(),
        "exponential" => cut(
            &t,
            ExponentialProfile::new(len(&t, "decay_constant")?).map_err(e)?,
            |p, m| p.with_max_distance(m),
        )?
        .boxed(),
        "bimodal" => {
            let mut p = BimodalProfile::new(len(&t, "sigma1")?, len(&t, "sigma2")?).map_err(e)?;
            if t.get("center1").is_some() || t.get("center2").is_some() {
                let (c1, c2) = (p.centers().0, p.centers().1);
                p = p
                    .with_centers(
                        opt_len(&t, "center1")?.unwrap_or(c1),
                        opt_len(&t, "center2")?.unwrap_or(c2),
                    )
                    .map_err(e)?;
            }
            if t.get("amplitude1").is_some() || t.get("amplitude2").is_some() {
                let (a1, a2) = p.amplitudes();
                p = p
                    .with_amplitudes(num("amplitude1", a1)?, num("amplitude2", a2)?)
                    .map_err(e)?;
            }
            cut(&t, p, |p, m| p.with_max_distance(m))?.boxed()
        }
        "dog" => {
            let mut p =
                DoGProfile::new(len(&t, "sigma_center")?, len(&t, "sigma_surround")?).map_err(e)?;
            if t.get("amplitude_center").is_some() || t.get("amplitude_surround").is_some() {
                let (a1, a2) = p.amplitudes();
                p = p
                    .with_amplitudes(num("amplitude_center", a1)?, num("amplitude_surround", a2)?)
                    .map_err(e)?;
            }
            cut(&t, p, |p, m| p.with_max_distance(m))?.boxed()
        }
        "mexican_hat" => {
            let mut p = MexicanHatProfile::new(len(&t, "sigma")?).map_err(e)?;
            if let Some(a) = t.opt_number("amplitude")? {
                p = p.with_amplitude(a).map_err(e)?;
            }
            cut(&t, p, |p, m| p.with_max_distance(m))?.boxed()
        }
        "linear" => LinearProfile::new(len(&t, "max_distance")?)
            .map_err(e)?
            .boxed(),
        "step" => {
            let mut p = StepProfile::new(len(&t, "threshold")?).map_err(e)?;
            if t.get("inside").is_some() || t.get("outside").is_some() {
                let (i, o) = p.levels();
                p = p
                    .with_levels(num("inside", i)?, num("outside", o)?)
                    .map_err(e)?;
            }
            cut(&t, p, |p, m| p.with_max_distance(m))?.boxed()
        }
        "power_law" => {
            let mut p = PowerLawProfile::new(t.number("exponent")?).map_err(e)?;
            if let Some(d0) = opt_len(&t, "min_distance")? {
                p = p.with_min_distance(d0).map_err(e)?;
            }
            cut(&t, p, |p, m| p.with_max_distance(m))?.boxed()
        }
        "logistic" => {
            let rate: ReciprocalLength = quantity(t.ctx, "growth_rate", t.req("growth_rate")?)?;
            let p = LogisticProfile::new(rate, len(&t, "midpoint")?).map_err(e)?;
            cut(&t, p, |p, m| p.with_max_distance(m))?.boxed()
        }
        "sigmoid" => {
            let mut p = SigmoidProfile::new(len(&t, "midpoint")?).map_err(e)?;
            if let Some(s) = t.get("slope") {
                let s: ReciprocalLength = quantity(t.ctx, "slope", s)?;
                p = p.with_slope(s).map_err(e)?;
            }
            cut(&t, p, |p, m| p.with_max_distance(m))?.boxed()
        }
        "sum" | "product" | "difference" | "quotient" => {
            let items = t.array("terms")?;
            let binary = matches!(ty, "difference" | "quotient");
            if items.len() < 2 || (binary && items.len() != 2) {
                return Err(t.invalid(
                    "terms",
                    format_args!(
                        "a {ty} takes {} profiles, found {}",
                        if binary { "exactly 2" } else { "at least 2" },
                        items.len()
                    ),
                ));
            }
            let mut terms = items
                .iter()
                .enumerate()
                .map(|(k, v)| profile(ctx, &format!("terms[{k}]"), v))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter();
            let first = terms.next().expect("at least 2 terms");
            terms.fold(first, |acc, p| match ty {
                "sum" => ProfileSum::new(acc, p).boxed(),
                "product" => ProfileProduct::new(acc, p).boxed(),
                "difference" => ProfileDifference::new(acc, p).boxed(),
                _ => ProfileQuotient::new(acc, p).boxed(),
            })
        }
        _ => unreachable!("every name in TYPES has a branch"),
    };
    let mut p = base;
    if let Some(f) = t.opt_number("factor")? {
        let c = ConstantProfile::new(f).map_err(|err| t.invalid("factor", err))?;
        p = ProfileProduct::new(p, c).boxed();
    }
    if let Some(c) = t.opt_table("clip")? {
        c.fields(&["min", "max"])?;
        let (min, max) = (c.opt_number("min")?, c.opt_number("max")?);
        p = p.clip(min, max).map_err(|err| init_error(&c, err))?.boxed();
    }
    Ok(p)
}
