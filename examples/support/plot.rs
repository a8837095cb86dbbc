//! Small plotting helpers for the tutorial examples (plotters, PNG).
//!
//! The font ships in `assets/fonts` (DejaVu Sans, free licence beside it):
//! a fresh machine has no system font plotters could count on.

use std::error::Error;
use std::path::Path;
use std::sync::Once;

use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::prelude::*;
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

/// One labelled series of values.
pub struct Series<'a> {
    /// Legend label.
    pub label: &'a str,
    /// The values.
    pub values: &'a [f64],
    /// Colour.
    pub color: RGBColor,
}

fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi <= lo {
        return (lo - 0.5, hi + 0.5);
    }
    let pad = 0.03 * (hi - lo);
    (lo - pad, hi + pad)
}

/// Overlaid histograms (counts, or densities when `density`), with dashed
/// vertical markers at `marks` (x, label, colour).
pub fn histogram(
    area: &Panel<'_>,
    title: &str,
    xlabel: &str,
    series: &[Series<'_>],
    bins: usize,
    density: bool,
    marks: &[(f64, &str, RGBColor)],
) -> PlotResult {
    let (lo, hi) = range(series.iter().flat_map(|s| s.values.iter().copied()));
    let width = (hi - lo) / bins as f64;
    let hists: Vec<Vec<f64>> = series
        .iter()
        .map(|s| {
            let mut h = vec![0.0; bins];
            for &v in s.values.iter().filter(|v| v.is_finite()) {
                let b = (((v - lo) / width) as usize).min(bins - 1);
                h[b] += 1.0;
            }
            if density {
                let n = s.values.len().max(1) as f64;
                h.iter_mut().for_each(|c| *c /= n * width);
            }
            h
        })
        .collect();
    let top = hists.iter().flatten().copied().fold(0.0, f64::max) * 1.08;
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(lo..hi, 0.0..top.max(1e-12))?;
    chart
        .configure_mesh()
        .x_desc(xlabel)
        .y_desc(if density { "Density" } else { "Count" })
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    for (s, h) in series.iter().zip(&hists) {
        let color = s.color;
        chart
            .draw_series(h.iter().enumerate().map(|(i, &c)| {
                let x0 = lo + i as f64 * width;
                Rectangle::new([(x0, 0.0), (x0 + width, c)], color.mix(0.55).filled())
            }))?
            .label(s.label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
    }
    for &(x, label, color) in marks {
        chart
            .draw_series(DashedLineSeries::new(
                vec![(x, 0.0), (x, top)],
                6,
                4,
                color.stroke_width(2),
            ))?
            .label(label)
            .legend(move |(lx, ly)| PathElement::new(vec![(lx, ly), (lx + 14, ly)], color.stroke_width(2)));
    }
    if series.len() > 1 || !marks.is_empty() {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()?;
    }
    Ok(())
}

/// Scatter plot; points coloured by `color_by` (viridis) when given, else
/// by each series' colour.
pub fn scatter(
    area: &Panel<'_>,
    title: &str,
    xlabel: &str,
    ylabel: &str,
    series: &[(&str, &[(f64, f64)], RGBColor)],
    color_by: Option<&[f64]>,
    hlines: &[(f64, &str, RGBColor)],
) -> PlotResult {
    let (x0, x1) = range(series.iter().flat_map(|s| s.1.iter().map(|p| p.0)));
    let (y0, y1) = range(
        series
            .iter()
            .flat_map(|s| s.1.iter().map(|p| p.1))
            .chain(hlines.iter().map(|h| h.0)),
    );
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart.configure_mesh().x_desc(xlabel).y_desc(ylabel).draw()?;
    let (cmin, cmax) = color_by.map_or((0.0, 1.0), |c| range(c.iter().copied()));
    for (label, pts, color) in series {
        let color = *color;
        let s = chart.draw_series(pts.iter().enumerate().map(|(i, &p)| {
            let c = match color_by {
                Some(v) => viridis((v[i] - cmin) / (cmax - cmin)),
                None => color,
            };
            Circle::new(p, 2, c.mix(0.6).filled())
        }))?;
        if !label.is_empty() {
            s.label(*label)
                .legend(move |(x, y)| Circle::new((x + 6, y), 4, color.filled()));
        }
    }
    for &(y, label, color) in hlines {
        chart
            .draw_series(DashedLineSeries::new(vec![(x0, y), (x1, y)], 6, 4, color.stroke_width(2)))?
            .label(label)
            .legend(move |(lx, ly)| PathElement::new(vec![(lx, ly), (lx + 14, ly)], color.stroke_width(2)));
    }
    if series.iter().any(|s| !s.0.is_empty()) || !hlines.is_empty() {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
    }
    Ok(())
}

/// Line plot of several series of (x, y).
pub fn lines(
    area: &Panel<'_>,
    title: &str,
    xlabel: &str,
    ylabel: &str,
    series: &[(&str, Vec<(f64, f64)>, RGBColor)],
) -> PlotResult {
    let (x0, x1) = range(series.iter().flat_map(|s| s.1.iter().map(|p| p.0)));
    let (y0, y1) = range(series.iter().flat_map(|s| s.1.iter().map(|p| p.1)));
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart.configure_mesh().x_desc(xlabel).y_desc(ylabel).draw()?;
    for (label, pts, color) in series {
        let color = *color;
        chart
            .draw_series(LineSeries::new(pts.iter().copied(), color.stroke_width(2)))?
            .label(*label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], color.stroke_width(2)));
        chart.draw_series(pts.iter().map(|&p| Circle::new(p, 4, color.filled())))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}

/// Box plots (median, quartiles, 1.5 IQR whiskers) of labelled groups.
pub fn boxplot(area: &Panel<'_>, title: &str, ylabel: &str, groups: &[(&str, &[f64])]) -> PlotResult {
    let quart = |v: &[f64]| {
        let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
        s.sort_by(f64::total_cmp);
        let q = |p: f64| {
            let pos = p * (s.len().max(1) - 1) as f64;
            let (l, h) = (pos.floor() as usize, pos.ceil() as usize);
            s.get(l).copied().unwrap_or(0.0) + (s.get(h).copied().unwrap_or(0.0) - s.get(l).copied().unwrap_or(0.0)) * (pos - l as f64)
        };
        let (q1, q2, q3) = (q(0.25), q(0.5), q(0.75));
        let iqr = q3 - q1;
        let lo = s.iter().copied().find(|&x| x >= q1 - 1.5 * iqr).unwrap_or(q1);
        let hi = s.iter().rev().copied().find(|&x| x <= q3 + 1.5 * iqr).unwrap_or(q3);
        (lo, q1, q2, q3, hi)
    };
    let (y0, y1) = range(groups.iter().flat_map(|g| g.1.iter().copied()));
    let n = groups.len();
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(0.0..n as f64, y0..y1)?;
    chart
        .configure_mesh()
        .y_desc(ylabel)
        .disable_x_mesh()
        .x_labels(0)
        .draw()?;
    let (_, label_y) = range([y0, y1].into_iter());
    chart.draw_series(groups.iter().enumerate().map(|(i, g)| {
        Text::new(
            g.0.to_string(),
            (i as f64 + 0.38, y0 + 0.03 * (label_y - y0)),
            ("sans-serif", 15),
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
    }
    Ok(())
}

/// A matrix as an image with a diverging red–blue colour map on
/// [vmin, vmax] (row 0 at the top, like matplotlib's imshow).
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
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(0.0..cols as f64, rows as f64..0.0)?;
    chart.configure_mesh().disable_mesh().x_desc(xlabel).y_desc(ylabel).draw()?;
    chart.draw_series(m.indexed_iter().map(|((i, j), &v)| {
        let t = ((v - vmin) / (vmax - vmin)).clamp(0.0, 1.0);
        Rectangle::new([(j as f64, i as f64), (j as f64 + 1.0, i as f64 + 1.0)], rdbu(t).filled())
    }))?;
    Ok(())
}

/// A text table (first row as header).
pub fn table(area: &Panel<'_>, title: &str, rows: &[Vec<String>]) -> PlotResult {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(title.to_string(), (w as i32 / 2 - 8 * title.len() as i32 / 2, 10), ("sans-serif", 18)))?;
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(1).max(1);
    let cw = (w as i32 - 20) / cols as i32;
    let rh = ((h as i32 - 50) / rows.len().max(1) as i32).min(34);
    for (i, r) in rows.iter().enumerate() {
        let y = 45 + i as i32 * rh;
        if i == 0 {
            area.draw(&Rectangle::new([(10, y - 4), (w as i32 - 10, y + rh - 8)], RGBColor(225, 225, 225).filled()))?;
        }
        for (j, cell) in r.iter().enumerate() {
            area.draw(&Text::new(cell.clone(), (14 + j as i32 * cw, y), ("sans-serif", 15)))?;
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
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let x = t * (stops.len() - 1) as f64;
    let i = (x.floor() as usize).min(stops.len() - 2);
    let f = x - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}
