//! Initializers (weights and delays) from tables such as
//! `{ type = "normal", mean = "0.4 nS", std = "0.08 nS", clip = { min = "0.02 nS" } }`.

use std::any::Any;

use neuroinit::ops::{Negated, Sum};
use neuroinit::uom::si::f64::{Time, Velocity};
use neuroinit::{
    Beta, BoxedInitializer, Constant, DistanceDelay, DistanceModulated, Exponential, Gamma,
    InitError, InitializerExt, LogNormal, Mixture, Normal, TruncatedNormal, Uniform, Weibull, Zero,
};

use crate::error::DescriptionError;
use crate::profile::profile;
use crate::quantity::{FileQuantity, quantity};
use crate::table::{Ctx, Item, Table, as_number};
use toml::de::DeValue;

/// The keys every initializer table may have besides its type's own.
const MODIFIERS: &[&str] = &["type", "add", "factor", "clip", "negate"];

/// The parameters of each type.
const TYPES: &[(&str, &[&str])] = &[
    ("constant", &["value"]),
    ("zero", &[]),
    ("normal", &["mean", "std"]),
    ("lognormal", &["mean", "std"]),
    ("uniform", &["low", "high"]),
    ("truncated_normal", &["mean", "std", "low", "high"]),
    ("gamma", &["shape", "scale"]),
    ("exponential", &["scale"]),
    ("beta", &["alpha", "beta", "low", "high"]),
    ("weibull", &["shape", "scale"]),
    ("mixture", &["distributions", "weights"]),
    ("distance_modulated", &["base", "profile", "min_weight"]),
    ("distance", &["d0", "velocity"]),
];

/// An InitError from a constructor, placed at the key it names when the
/// table has one.
pub(crate) fn init_error(t: &Table<'_, '_, '_, '_>, e: InitError) -> DescriptionError {
    let key = match &e {
        InitError::InvalidParameter { name, .. } => Some(*name),
        _ => None,
    }
    .filter(|k| t.get(k).is_some());
    match key {
        Some(k) => t.invalid(k, &e),
        None => t.ctx.invalid(&t.what, &t.span, &e),
    }
}

/// The quantity at `key` of `t`.
fn q<Q: FileQuantity>(t: &Table<'_, '_, '_, '_>, key: &str) -> Result<Q, DescriptionError> {
    quantity(t.ctx, key, t.req(key)?)
}

fn opt_q<Q: FileQuantity>(
    t: &Table<'_, '_, '_, '_>,
    key: &str,
) -> Result<Option<Q>, DescriptionError> {
    t.get(key).map(|v| quantity(t.ctx, key, v)).transpose()
}

/// The initializer `item` describes, producing quantities of type `Q`:
/// a quantity string (a constant) or a table with a `type`.
pub(crate) fn initializer<Q: FileQuantity>(
    ctx: Ctx<'_, '_>,
    what: &str,
    item: &Item<'_>,
) -> Result<BoxedInitializer<Q>, DescriptionError> {
    if let DeValue::String(_) = item.get_ref() {
        let v: Q = quantity(ctx, what, item)?;
        return Constant::new(v)
            .map(|c| c.boxed())
            .map_err(|e| ctx.invalid(what, &item.span(), e));
    }
    let t = Table::new(ctx, what, item)?;
    let ty = t.str("type")?;
    let Some((_, params)) = TYPES.iter().find(|(name, _)| *name == ty) else {
        let names: Vec<&str> = TYPES.iter().map(|(n, _)| *n).collect();
        return Err(t.invalid(
            "type",
            format_args!(
                "unknown distribution \"{ty}\" (expected one of: {})",
                names.join(", ")
            ),
        ));
    };
    let allowed: Vec<&str> = params.iter().chain(MODIFIERS).copied().collect();
    t.fields(&allowed)?;
    let e = |err: InitError| init_error(&t, err);
    let base: BoxedInitializer<Q> = match ty {
        "constant" => Constant::new(q::<Q>(&t, "value")?).map_err(e)?.boxed(),
        "zero" => Zero::<Q>::new().boxed(),
        "normal" => Normal::new(q::<Q>(&t, "mean")?, q(&t, "std")?)
            .map_err(e)?
            .boxed(),
        "lognormal" => LogNormal::new(q::<Q>(&t, "mean")?, q(&t, "std")?)
            .map_err(e)?
            .boxed(),
        "uniform" => Uniform::new(q::<Q>(&t, "low")?, q(&t, "high")?)
            .map_err(e)?
            .boxed(),
        "truncated_normal" => TruncatedNormal::new(
            q::<Q>(&t, "mean")?,
            q(&t, "std")?,
            opt_q(&t, "low")?,
            opt_q(&t, "high")?,
        )
        .map_err(e)?
        .boxed(),
        "gamma" => Gamma::new(t.number("shape")?, q::<Q>(&t, "scale")?)
            .map_err(e)?
            .boxed(),
        "exponential" => Exponential::new(q::<Q>(&t, "scale")?).map_err(e)?.boxed(),
        "beta" => Beta::new(
            t.number("alpha")?,
            t.number("beta")?,
            q::<Q>(&t, "low")?,
            q(&t, "high")?,
        )
        .map_err(e)?
        .boxed(),
        "weibull" => Weibull::new(t.number("shape")?, q::<Q>(&t, "scale")?)
            .map_err(e)?
            .boxed(),
        "mixture" => {
            let parts = t.array("distributions")?;
            let components = parts
                .iter()
                .enumerate()
                .map(|(k, p)| initializer::<Q>(ctx, &format!("distributions[{k}]"), p))
                .collect::<Result<Vec<_>, _>>()?;
            let weights = t
                .array("weights")?
                .iter()
                .map(|w| as_number(ctx, "weights", w))
                .collect::<Result<Vec<_>, _>>()?;
            Mixture::new(components, &weights).map_err(e)?.boxed()
        }
        "distance_modulated" => {
            let base = initializer::<Q>(ctx, "base", t.req("base")?)?;
            let p = profile(ctx, "profile", t.req("profile")?)?;
            let dm = DistanceModulated::new(base, p);
            match opt_q::<Q>(&t, "min_weight")? {
                Some(w) => dm.with_min_weight(w).map_err(e)?.boxed(),
                None => dm.boxed(),
            }
        }
        "distance" => {
            let dd = DistanceDelay::new(q::<Time>(&t, "d0")?, q::<Velocity>(&t, "velocity")?)
                .map_err(e)?;
            let boxed: BoxedInitializer<Time> = dd.boxed();
            let any: Box<dyn Any> = Box::new(boxed);
            *any.downcast::<BoxedInitializer<Q>>().map_err(|_| {
                t.invalid(
                    "type",
                    format_args!(
                        "a \"distance\" delay gives times; `{what}` must be {}",
                        Q::KIND.described()
                    ),
                )
            })?
        }
        _ => unreachable!("every name in TYPES has a branch"),
    };
    modifiers(&t, base)
}

/// `add`, then `factor`, then `clip`, then `negate`: the order a model is
/// usually written in (jitter on a mean, a global factor, biological
/// bounds, the sign of an inhibitory source).
fn modifiers<Q: FileQuantity>(
    t: &Table<'_, '_, '_, '_>,
    mut init: BoxedInitializer<Q>,
) -> Result<BoxedInitializer<Q>, DescriptionError> {
    if let Some(add) = t.get("add") {
        let other = initializer::<Q>(t.ctx, "add", add)?;
        init = Sum::new(init, other).boxed();
    }
    if let Some(f) = t.opt_number("factor")? {
        init = init
            .scaled(f)
            .map_err(|err| t.invalid("factor", err))?
            .boxed();
    }
    if let Some(c) = t.opt_table("clip")? {
        c.fields(&["min", "max"])?;
        let (min, max) = (opt_q::<Q>(&c, "min")?, opt_q::<Q>(&c, "max")?);
        init = init
            .clip(min, max)
            .map_err(|err| init_error(&c, err))?
            .boxed();
    }
    if t.opt_bool("negate")? == Some(true) {
        init = Negated::new(init).boxed();
    }
    Ok(init)
}
