//! Where neurons are ([`Layout`]) and which pairs a projection considers
//! ([`Mask`]), from tables.

use std::path::Path;

use neuroinit::ndarray::Array2;
use neuroinit::uom::si::f64::Length;
use neuroinit::{Layout, Mask, Value};

use crate::error::DescriptionError;
use crate::init::init_error;
use crate::quantity::{Kind, quantity, unit};
use crate::table::{Ctx, Item, Table, as_count};

/// A point or corner: an array of 1 to 3 lengths.
pub(crate) fn point(t: &Table<'_, '_, '_, '_>, key: &str) -> Result<Vec<Length>, DescriptionError> {
    point_of(t.ctx, key, t.req(key)?)
}

pub(crate) fn point_of(
    ctx: Ctx<'_, '_>,
    key: &str,
    item: &Item<'_>,
) -> Result<Vec<Length>, DescriptionError> {
    let items = crate::table::as_array(ctx, key, item)?;
    if items.is_empty() || items.len() > 3 {
        return Err(ctx.invalid(
            key,
            &item.span(),
            format_args!("needs 1 to 3 coordinates, found {}", items.len()),
        ));
    }
    items.iter().map(|v| quantity(ctx, key, v)).collect()
}

/// The layout `item` describes.
pub(crate) fn layout(
    ctx: Ctx<'_, '_>,
    item: &Item<'_>,
    base_dir: Option<&Path>,
) -> Result<Layout, DescriptionError> {
    let t = Table::new(ctx, "layout", item)?;
    let ty = t.str("type")?;
    let e = |err| init_error(&t, err);
    match ty {
        "uniform" => {
            t.fields(&["type", "lower", "upper"])?;
            Layout::uniform(&point(&t, "lower")?, &point(&t, "upper")?).map_err(e)
        }
        "grid" => {
            t.fields(&["type", "shape", "lower", "upper"])?;
            let shape = t
                .array("shape")?
                .iter()
                .map(|v| as_count(ctx, "shape", v).map(|n| n as usize))
                .collect::<Result<Vec<_>, _>>()?;
            Layout::grid(&shape, &point(&t, "lower")?, &point(&t, "upper")?).map_err(e)
        }
        "slab" => {
            t.fields(&["type", "lower", "upper", "top", "bottom"])?;
            Layout::slab(
                &point(&t, "lower")?,
                &point(&t, "upper")?,
                quantity(ctx, "top", t.req("top")?)?,
                quantity(ctx, "bottom", t.req("bottom")?)?,
            )
            .map_err(e)
        }
        "file" => {
            t.fields(&["type", "path", "unit"])?;
            let path = t.str("path")?;
            let unit_name = t.str("unit")?;
            let factor = match unit(unit_name) {
                Some((Kind::Length, f)) => f,
                _ => {
                    return Err(t.invalid(
                        "unit",
                        format_args!("\"{unit_name}\" is not a length unit (\"um\", \"mm\", ...)"),
                    ));
                }
            };
            let full = base_dir.map_or_else(|| Path::new(path).to_path_buf(), |d| d.join(path));
            let raw: Array2<f64> = neuroinit_npy::read(&full).map_err(|why| {
                t.invalid(
                    "path",
                    format_args!(
                        "cannot read {} as an N × D array of f64: {why}",
                        full.display()
                    ),
                )
            })?;
            let positions = raw.mapv(|x| Length::from_si(x * factor));
            Layout::given(&positions).map_err(e)
        }
        other => Err(t.invalid(
            "type",
            format_args!("unknown layout \"{other}\" (expected one of: file, grid, slab, uniform)"),
        )),
    }
}

/// Reading positions from `.npy`.
mod neuroinit_npy {
    use neuroinit::ndarray::Array2;
    use std::path::Path;

    pub(crate) fn read(path: &Path) -> Result<Array2<f64>, String> {
        let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        ndarray_npy::ReadNpyExt::read_npy(file)
            .map_err(|e: ndarray_npy::ReadNpyError| e.to_string())
    }
}

/// The mask `item` describes (NEST's shapes and parameter names).
pub(crate) fn mask(ctx: Ctx<'_, '_>, item: &Item<'_>) -> Result<Mask, DescriptionError> {
    let t = Table::new(ctx, "mask", item)?;
    let ty = t.str("type")?;
    let common = ["type", "anchor", "azimuth_angle", "polar_angle"];
    let own: &[&str] = match ty {
        "circular" | "spherical" => &["radius"],
        "doughnut" => &["inner_radius", "outer_radius"],
        "rectangular" | "cuboid" => &["lower_left", "upper_right"],
        "elliptical" => &["major_axis", "minor_axis"],
        "ellipsoidal" => &["major_axis", "minor_axis", "polar_axis"],
        other => {
            return Err(t.invalid(
                "type",
                format_args!(
                    "unknown mask \"{other}\" (expected one of: circular, cuboid, doughnut, elliptical, ellipsoidal, rectangular, spherical)"
                ),
            ));
        }
    };
    let allowed: Vec<&str> = own.iter().chain(common.iter()).copied().collect();
    t.fields(&allowed)?;
    let e = |err| init_error(&t, err);
    let len = |key: &str| -> Result<Length, DescriptionError> { quantity(ctx, key, t.req(key)?) };
    let mut m = match ty {
        "circular" => Mask::circular(len("radius")?),
        "spherical" => Mask::spherical(len("radius")?),
        "doughnut" => Mask::doughnut(len("inner_radius")?, len("outer_radius")?),
        "rectangular" => Mask::rectangular(&point(&t, "lower_left")?, &point(&t, "upper_right")?),
        "cuboid" => Mask::cuboid(&point(&t, "lower_left")?, &point(&t, "upper_right")?),
        "elliptical" => Mask::elliptical(len("major_axis")?, len("minor_axis")?),
        _ => Mask::ellipsoidal(len("major_axis")?, len("minor_axis")?, len("polar_axis")?),
    }
    .map_err(e)?;
    if let Some(deg) = t.opt_number("polar_angle")? {
        m = m.with_polar_angle(deg).map_err(e)?;
    }
    if let Some(deg) = t.opt_number("azimuth_angle")? {
        m = m.with_azimuth(deg).map_err(e)?;
    }
    if t.get("anchor").is_some() {
        m = m.with_anchor(&point(&t, "anchor")?).map_err(e)?;
    }
    Ok(m)
}
