//! Small plotting helpers for the tutorial examples (plotters, PNG).
//!
//! The font ships in `assets/fonts` (DejaVu Sans, free licence beside it):
//! a fresh machine has no system font plotters could count on.
//!
//! Every chart function draws one panel of a [`figure`]; its title may span
//! several lines (split at `'\n'`, as matplotlib titles do).

use std::error::Error;
use std::path::Path;
use std::sync::Once;

use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};

/// Result type of the helpers.
pub type PlotResult<T = ()> = Result<T, Box<dyn Error>>;

/// A panel of a figure.
pub type Panel<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

static FONT: Once = Once::new();

fn ensure_font() {
    FONT.call_once(|| {
        let bytes: &'static [u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
        for style in [FontStyle::Normal, FontStyle::Bold] {
            // The bundled font is a valid TrueType file; a failure here would
            // only mean labels are not drawn, which the caller's PNG check
            // would not hide, so it is reported rather than fatal.
            if register_font("sans-serif", style, bytes).is_err() {
                eprintln!("warning: could not register the bundled font");
            }
        }
    });
}

/// Tutorial colours.
pub const RED: RGBColor = RGBColor(214, 39, 40);
/// Tutorial colours.
pub const BLUE: RGBColor = RGBColor(31, 119, 180);
/// Tutorial colours.
pub const GREEN: RGBColor = RGBColor(44, 160, 44);
/// Tutorial colours.
pub const ORANGE: RGBColor = RGBColor(255, 127, 14);
/// Tutorial colours.
pub const PURPLE: RGBColor = RGBColor(148, 103, 189);
/// Tutorial colours.
pub const DARK_RED: RGBColor = RGBColor(139, 0, 0);
/// Tutorial colours.
pub const GREY: RGBColor = RGBColor(128, 128, 128);
/// A cycle of colours for series.
pub const CYCLE: [RGBColor; 6] = [BLUE, ORANGE, GREEN, RED, PURPLE, GREY];

/// A chart with f64 axes on a panel.
type Chart<'a, 'b> =
    ChartContext<'a, BitMapBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Title font size of a panel.
const TITLE: u32 = 18;

/// A figure of `rows × cols` panels written to `path` when `f` returns.
pub fn figure(
    path: &Path,
    size: (u32, u32),
    title: &str,
    rows: usize,
    cols: usize,
    f: impl FnOnce(&[Panel<'_>]) -> PlotResult,
) -> PlotResult {
    ensure_font();
    let root = BitMapBackend::new(path, size).into_drawing_area();
    root.fill(&WHITE)?;
    let body = if title.is_empty() {
        root.clone()
    } else {
        root.titled(title, ("sans-serif", 24))?
    };
    let panels = body.split_evenly((rows, cols));
    f(&panels)?;
    root.present()?;
    Ok(())
}

/// A figure whose layout the caller makes: `f` receives the area below
/// the title (split it with `split_vertically`, `split_evenly`, ...).
pub fn figure_with(
    path: &Path,
    size: (u32, u32),
    title: &str,
    f: impl FnOnce(&Panel<'_>) -> PlotResult,
) -> PlotResult {
    ensure_font();
    let root = BitMapBackend::new(path, size).into_drawing_area();
    root.fill(&WHITE)?;
    let body = if title.is_empty() {
        root.clone()
    } else {
        root.titled(title, ("sans-serif", 24))?
    };
    f(&body)?;
    root.present()?;
    Ok(())
}

/// One labelled series of values.
pub struct Series<'a> {
    /// Legend label (`""`: none).
    pub label: &'a str,
    /// The values.
    pub values: &'a [f64],
    /// Colour.
    pub color: RGBColor,
}

/// A labelled set of points of a scatter plot: (legend label or `""`,
/// points, colour).
pub type Points<'a> = (&'a str, &'a [(f64, f64)], RGBColor);

/// A labelled line of a line plot: (legend label, points, colour).
pub type Line<'a> = (&'a str, Vec<(f64, f64)>, RGBColor);

/// A dashed reference line across a chart (matplotlib's `axvline` /
/// `axhline`).
#[derive(Clone, Copy)]
pub struct Guide<'a> {
    /// Where it crosses its axis.
    pub at: f64,
    /// Vertical (at an x value) or horizontal (at a y value).
    pub vertical: bool,
    /// Legend label (`""`: none).
    pub label: &'a str,
    /// Colour.
    pub color: RGBColor,
}

impl<'a> Guide<'a> {
    /// A vertical line at `x`.
    pub fn v(x: f64, label: &'a str, color: RGBColor) -> Self {
        Guide {
            at: x,
            vertical: true,
            label,
            color,
        }
    }

    /// A horizontal line at `y`.
    pub fn h(y: f64, label: &'a str, color: RGBColor) -> Self {
        Guide {
            at: y,
            vertical: false,
            label,
            color,
        }
    }
}

/// Data range of `values` with 3% padding ((0, 1) if there are none).
fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = extent(values);
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi <= lo {
        return (lo - 0.5, hi + 0.5);
    }
    let pad = 0.03 * (hi - lo);
    (lo - pad, hi + pad)
}

/// Smallest and largest finite value (±∞ if there are none).
fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    (lo, hi)
}

/// Draw `title` (one line per `'\n'`) centred at the top of `area`; returns
/// the area below it.
fn titled<'a>(area: &Panel<'a>, title: &str) -> PlotResult<Panel<'a>> {
    if title.is_empty() {
        return Ok(area.clone());
    }
    let font = ("sans-serif", TITLE).into_font();
    let style = TextStyle::from(font.clone());
    let (w, _) = area.dim_in_pixel();
    let mut y = 8;
    for line in title.lines() {
        let (tw, _) = area.estimate_text_size(line, &style)?;
        let x = (w as i32 - tw as i32) / 2;
        area.draw(&Text::new(line.to_string(), (x, y), font.clone()))?;
        y += TITLE as i32 + 5;
    }
    Ok(area.split_vertically(y + 2).1)
}

/// Draw `title` over the whole of `area` and a colour bar for `cmap` on
/// [lo, hi] (labelled `label`) at its right; returns the area left for the
/// chart, to be drawn with an empty title.
pub fn with_colorbar<'a>(
    area: &Panel<'a>,
    title: &str,
    label: &str,
    (lo, hi): (f64, f64),
    cmap: fn(f64) -> RGBColor,
) -> PlotResult<Panel<'a>> {
    let body = titled(area, title)?;
    let (w, _) = body.dim_in_pixel();
    let (main, bar) = body.split_horizontally(w as i32 - 110);
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, hi + 0.5)
    };
    // Drawn in pixels: the bar spans exactly the plotting height of a chart
    // beside it with `margin(12)` and `x_label_area_size(40)`. (plotters'
    // own axis on so narrow an area misplaces its labels.)
    let (_, h) = bar.dim_in_pixel();
    let (top, bottom) = (12, h as i32 - 52);
    let y_of = |v: f64| bottom - ((v - lo) / (hi - lo) * (bottom - top) as f64).round() as i32;
    let steps = 120;
    for k in 0..steps {
        let (a, b) = (k as f64 / steps as f64, (k + 1) as f64 / steps as f64);
        let (ya, yb) = (y_of(lo + a * (hi - lo)), y_of(lo + b * (hi - lo)));
        bar.draw(&Rectangle::new(
            [(8, yb), (26, ya)],
            cmap((a + b) / 2.0).filled(),
        ))?;
    }
    bar.draw(&Rectangle::new(
        [(8, top), (26, bottom)],
        BLACK.stroke_width(1),
    ))?;
    let tick_style =
        TextStyle::from(("sans-serif", 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    for v in ticks(lo, hi) {
        let y = y_of(v);
        bar.draw(&PathElement::new(vec![(26, y), (30, y)], BLACK))?;
        bar.draw(&Text::new(format!("{v}"), (33, y), tick_style.clone()))?;
    }
    let desc = TextStyle::from(
        ("sans-serif", 13)
            .into_font()
            .transform(FontTransform::Rotate270),
    )
    .pos(Pos::new(HPos::Center, VPos::Center));
    bar.draw(&Text::new(
        label.to_string(),
        (84, (top + bottom) / 2),
        desc,
    ))?;
    Ok(main)
}

/// An axis label without float noise or trailing zeros (`90`, not
/// `90.0`; `0.3`, not `0.30000000000000004`).
fn tidy(v: &f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Round tick values in [lo, hi]: steps of 1, 2 or 5 × 10ᵏ, about five.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let raw = (hi - lo) / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * mag);
    let (first, last) = ((lo / step).ceil() as i64, (hi / step).floor() as i64);
    // Rounded to the step's decimals: 0.30000000000000004 prints as 0.3.
    let unit = 10f64.powi((-step.log10().floor()).max(0.0) as i32);
    (first..=last)
        .map(|k| (k as f64 * step * unit).round() / unit)
        .collect()
}

/// Draw the guides of a chart and register their legend entries.
fn draw_guides(
    chart: &mut Chart<'_, '_>,
    guides: &[Guide<'_>],
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> PlotResult {
    for g in guides {
        let pts = if g.vertical {
            vec![(g.at, y0), (g.at, y1)]
        } else {
            vec![(x0, g.at), (x1, g.at)]
        };
        let color = g.color;
        let s = chart.draw_series(DashedLineSeries::new(pts, 6, 4, color.stroke_width(2)))?;
        if !g.label.is_empty() {
            s.label(g.label).legend(move |(lx, ly)| {
                PathElement::new(vec![(lx, ly), (lx + 14, ly)], color.stroke_width(2))
            });
        }
    }
    Ok(())
}

/// Draw the legend box of a chart.
fn legend<'a, 'b: 'a>(chart: &mut Chart<'a, 'b>, at: SeriesLabelPosition) -> PlotResult {
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(at)
        .draw()?;
    Ok(())
}

/// Overlaid histograms (counts, or densities when `density`), with guides
/// (`Guide::v` for matplotlib's `axvline`).
pub fn histogram(
    area: &Panel<'_>,
    title: &str,
    xlabel: &str,
    series: &[Series<'_>],
    bins: usize,
    density: bool,
    guides: &[Guide<'_>],
) -> PlotResult {
    let (lo, hi) = range(
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .chain(guides.iter().filter(|g| g.vertical).map(|g| g.at)),
    );
    // Each series has `bins` bins over its own range, as matplotlib's
    // `hist(values, bins=n)` per call: (start, width, heights).
    let hists: Vec<(f64, f64, Vec<f64>)> = series
        .iter()
        .map(|s| {
            let (a, b) = extent(s.values.iter().copied());
            let (a, b) = if b > a { (a, b) } else { (lo, hi) };
            let width = (b - a) / bins as f64;
            let mut h = vec![0.0; bins];
            for &v in s.values.iter().filter(|v| v.is_finite()) {
                let k = (((v - a) / width) as usize).min(bins - 1);
                h[k] += 1.0;
            }
            if density {
                let n = s.values.len().max(1) as f64;
                h.iter_mut().for_each(|c| *c /= n * width);
            }
            (a, width, h)
        })
        .collect();
    let top = hists
        .iter()
        .flat_map(|h| h.2.iter())
        .copied()
        .fold(0.0, f64::max)
        * 1.08;
    let top = top.max(1e-12);
    let body = titled(area, title)?;
    let mut chart = ChartBuilder::on(&body)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(lo..hi, 0.0..top)?;
    chart
        .configure_mesh()
        .x_label_formatter(&tidy)
        .y_label_formatter(&tidy)
        .x_desc(xlabel)
        .y_desc(if density { "Density" } else { "Count" })
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    for (s, (start, width, h)) in series.iter().zip(&hists) {
        let (color, start, width) = (s.color, *start, *width);
        let drawn = chart.draw_series(h.iter().enumerate().map(|(i, &c)| {
            let x0 = start + i as f64 * width;
            Rectangle::new([(x0, 0.0), (x0 + width, c)], color.mix(0.55).filled())
        }))?;
        if !s.label.is_empty() {
            drawn.label(s.label).legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled())
            });
        }
    }
    draw_guides(&mut chart, guides, (lo, hi), (0.0, top))?;
    if series.iter().any(|s| !s.label.is_empty()) || guides.iter().any(|g| !g.label.is_empty()) {
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    }
    Ok(())
}

/// Scatter plot of labelled series of points. With `color_by = Some((values,
/// label))` each point takes the viridis colour of its value (one value per
/// point, series after series) and a colour bar labelled `label` is drawn;
/// otherwise each series has its colour.
pub fn scatter(
    area: &Panel<'_>,
    title: &str,
    xlabel: &str,
    ylabel: &str,
    series: &[Points<'_>],
    color_by: Option<(&[f64], &str)>,
    guides: &[Guide<'_>],
) -> PlotResult {
    let (x0, x1) = range(
        series
            .iter()
            .flat_map(|s| s.1.iter().map(|p| p.0))
            .chain(guides.iter().filter(|g| g.vertical).map(|g| g.at)),
    );
    let (y0, y1) = range(
        series
            .iter()
            .flat_map(|s| s.1.iter().map(|p| p.1))
            .chain(guides.iter().filter(|g| !g.vertical).map(|g| g.at)),
    );
    let (cmin, cmax) = color_by.map_or((0.0, 1.0), |(c, _)| extent(c.iter().copied()));
    let body = match color_by {
        Some((_, label)) => with_colorbar(area, title, label, (cmin, cmax), viridis)?,
        None => titled(area, title)?,
    };
    let mut chart = ChartBuilder::on(&body)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .x_label_formatter(&tidy)
        .y_label_formatter(&tidy)
        .x_desc(xlabel)
        .y_desc(ylabel)
        .draw()?;
    let mut offset = 0;
    for (label, pts, color) in series {
        let color = *color;
        let start = offset;
        let s = chart.draw_series(pts.iter().enumerate().map(|(i, &p)| {
            let c = match color_by {
                Some((v, _)) => viridis((v[start + i] - cmin) / (cmax - cmin)),
                None => color,
            };
            Circle::new(p, 2, c.mix(0.6).filled())
        }))?;
        offset += pts.len();
        if !label.is_empty() {
            s.label(*label)
                .legend(move |(x, y)| Circle::new((x + 6, y), 4, color.filled()));
        }
    }
    draw_guides(&mut chart, guides, (x0, x1), (y0, y1))?;
    if series.iter().any(|s| !s.0.is_empty()) || guides.iter().any(|g| !g.label.is_empty()) {
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    }
    Ok(())
}

/// Line plot of several series of (x, y), with a marker at each point.
pub fn lines(
    area: &Panel<'_>,
    title: &str,
    xlabel: &str,
    ylabel: &str,
    series: &[Line<'_>],
) -> PlotResult {
    let (x0, x1) = range(series.iter().flat_map(|s| s.1.iter().map(|p| p.0)));
    let (y0, y1) = range(series.iter().flat_map(|s| s.1.iter().map(|p| p.1)));
    let body = titled(area, title)?;
    let mut chart = ChartBuilder::on(&body)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .x_label_formatter(&tidy)
        .y_label_formatter(&tidy)
        .x_desc(xlabel)
        .y_desc(ylabel)
        .draw()?;
    for (label, pts, color) in series {
        let color = *color;
        chart
            .draw_series(LineSeries::new(pts.iter().copied(), color.stroke_width(2)))?
            .label(*label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 14, y)], color.stroke_width(2))
            });
        chart.draw_series(pts.iter().map(|&p| Circle::new(p, 4, color.filled())))?;
    }
    // Lines of this kind rise to the right: the legend goes top left.
    legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

/// One smooth curve y(x) from y = 0 up (a distance profile), optionally
/// with the area under it shaded (matplotlib's `fill_between`).
pub fn curve(
    area: &Panel<'_>,
    title: &str,
    xlabel: &str,
    ylabel: &str,
    pts: &[(f64, f64)],
    color: RGBColor,
    fill: bool,
) -> PlotResult {
    let (x0, x1) = extent(pts.iter().map(|p| p.0));
    let (x0, x1) = if x1 > x0 { (x0, x1) } else { (0.0, 1.0) };
    let (_, y1) = range(pts.iter().map(|p| p.1).chain([0.0]));
    let body = titled(area, title)?;
    let mut chart = ChartBuilder::on(&body)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(x0..x1, 0.0..y1)?;
    chart
        .configure_mesh()
        .x_label_formatter(&tidy)
        .y_label_formatter(&tidy)
        .x_desc(xlabel)
        .y_desc(ylabel)
        .draw()?;
    if fill {
        let mut poly = pts.to_vec();
        poly.push((x1, 0.0));
        poly.push((x0, 0.0));
        chart.draw_series([Polygon::new(poly, color.mix(0.3).filled())])?;
    }
    chart.draw_series(LineSeries::new(pts.iter().copied(), color.stroke_width(2)))?;
    Ok(())
}

/// Box plots (median, quartiles, 1.5 IQR whiskers) of labelled groups.
pub fn boxplot(
    area: &Panel<'_>,
    title: &str,
    ylabel: &str,
    groups: &[(&str, &[f64])],
) -> PlotResult {
    let quart = |v: &[f64]| {
        let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
        s.sort_by(f64::total_cmp);
        let at = |i: usize| s.get(i).copied().unwrap_or(0.0);
        let q = |p: f64| {
            let pos = p * (s.len().max(1) - 1) as f64;
            let (l, h) = (pos.floor() as usize, pos.ceil() as usize);
            at(l) + (at(h) - at(l)) * (pos - l as f64)
        };
        let (q1, q2, q3) = (q(0.25), q(0.5), q(0.75));
        let iqr = q3 - q1;
        let lo = s
            .iter()
            .copied()
            .find(|&x| x >= q1 - 1.5 * iqr)
            .unwrap_or(q1);
        let hi = s
            .iter()
            .rev()
            .copied()
            .find(|&x| x <= q3 + 1.5 * iqr)
            .unwrap_or(q3);
        (lo, q1, q2, q3, hi)
    };
    let (y0, y1) = range(groups.iter().flat_map(|g| g.1.iter().copied()));
    // Room below the data for the group labels.
    let y0 = y0 - 0.08 * (y1 - y0);
    let n = groups.len();
    let body = titled(area, title)?;
    let mut chart = ChartBuilder::on(&body)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(0.0..n as f64, y0..y1)?;
    chart
        .configure_mesh()
        .x_label_formatter(&tidy)
        .y_label_formatter(&tidy)
        .y_desc(ylabel)
        .disable_x_mesh()
        .x_labels(0)
        .draw()?;
    let label_style =
        TextStyle::from(("sans-serif", 15).into_font()).pos(Pos::new(HPos::Center, VPos::Center));
    chart.draw_series(groups.iter().enumerate().map(|(i, g)| {
        Text::new(
            g.0.to_string(),
            (i as f64 + 0.5, y0 + 0.04 * (y1 - y0)),
            label_style.clone(),
        )
    }))?;
    for (i, (_, v)) in groups.iter().enumerate() {
        let (lo, q1, q2, q3, hi) = quart(v);
        let c = i as f64 + 0.5;
        let color = CYCLE[i % CYCLE.len()];
        chart.draw_series([
            Rectangle::new([(c - 0.25, q1), (c + 0.25, q3)], color.mix(0.4).filled()),
            Rectangle::new([(c - 0.25, q1), (c + 0.25, q3)], BLACK.stroke_width(1)),
        ])?;
        chart.draw_series([
            PathElement::new(vec![(c - 0.25, q2), (c + 0.25, q2)], BLACK.stroke_width(2)),
            PathElement::new(vec![(c, q3), (c, hi)], BLACK.stroke_width(1)),
            PathElement::new(vec![(c, q1), (c, lo)], BLACK.stroke_width(1)),
            PathElement::new(vec![(c - 0.1, hi), (c + 0.1, hi)], BLACK.stroke_width(1)),
            PathElement::new(vec![(c - 0.1, lo), (c + 0.1, lo)], BLACK.stroke_width(1)),
        ])?;
        // Points beyond the whiskers (matplotlib's fliers).
        chart.draw_series(
            v.iter()
                .filter(|&&x| x < lo || x > hi)
                .map(|&x| Circle::new((c, x), 3, BLACK.stroke_width(1))),
        )?;
    }
    Ok(())
}

/// A matrix as an image with a diverging red–blue colour map on
/// [vmin, vmax] (row 0 at the top, like matplotlib's imshow). For a colour
/// bar, draw it on the area [`with_colorbar`] returns (with `rdbu`).
pub fn heatmap(
    area: &Panel<'_>,
    title: &str,
    xlabel: &str,
    ylabel: &str,
    m: ArrayView2<'_, f64>,
    vmin: f64,
    vmax: f64,
) -> PlotResult {
    let (rows, cols) = m.dim();
    let body = titled(area, title)?;
    let mut chart = ChartBuilder::on(&body)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(0.0..cols as f64, rows as f64..0.0)?;
    chart
        .configure_mesh()
        .x_label_formatter(&tidy)
        .y_label_formatter(&tidy)
        .disable_mesh()
        .x_desc(xlabel)
        .y_desc(ylabel)
        .draw()?;
    chart.draw_series(m.indexed_iter().map(|((i, j), &v)| {
        let t = ((v - vmin) / (vmax - vmin)).clamp(0.0, 1.0);
        Rectangle::new(
            [(j as f64, i as f64), (j as f64 + 1.0, i as f64 + 1.0)],
            rdbu(t).filled(),
        )
    }))?;
    Ok(())
}

/// A text table (first row as header), columns as wide as `area` allows.
pub fn table(area: &Panel<'_>, title: &str, rows: &[Vec<String>]) -> PlotResult {
    let body = titled(area, title)?;
    let (w, h) = body.dim_in_pixel();
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(1).max(1);
    let cw = (w as i32 - 20) / cols as i32;
    let rh = ((h as i32 - 20) / rows.len().max(1) as i32).min(34);
    for (i, r) in rows.iter().enumerate() {
        let y = 10 + i as i32 * rh;
        if i == 0 {
            body.draw(&Rectangle::new(
                [(10, y - 4), (w as i32 - 10, y + rh - 8)],
                RGBColor(225, 225, 225).filled(),
            ))?;
        }
        for (j, cell) in r.iter().enumerate() {
            body.draw(&Text::new(
                cell.clone(),
                (14 + j as i32 * cw, y),
                ("sans-serif", 15),
            ))?;
        }
    }
    Ok(())
}

/// Viridis colour map (5-stop piecewise-linear approximation), t in [0, 1].
pub fn viridis(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    ramp(&STOPS, t)
}

/// Red–blue diverging map (matplotlib's RdBu_r shape): 0 blue, 0.5 white, 1 red.
pub fn rdbu(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (5.0, 48.0, 97.0),
        (67.0, 147.0, 195.0),
        (247.0, 247.0, 247.0),
        (214.0, 96.0, 77.0),
        (103.0, 0.0, 31.0),
    ];
    ramp(&STOPS, t)
}

fn ramp(stops: &[(f64, f64, f64)], t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (stops.len() - 1) as f64;
    let i = (x.floor() as usize).min(stops.len() - 2);
    let f = x - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}
