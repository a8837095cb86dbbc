//! A uniform cell grid over one population's positions: the spatial index
//! that hands the connector its candidate partners.
//!
//! Why a cell grid rather than a k-d tree (kiddo): for a radius query among
//! roughly uniform positions a grid visits a fixed, small set of cells and
//! reads each as a contiguous run of coordinates (the points are stored
//! sorted by cell, and a row of cells along axis 0 is one run), so the
//! distance loop streams through memory with no tree walk. Cells are a
//! third of the radius wide ([`CELLS_PER_RADIUS`]) and each query row of
//! cells is clipped to the circle's extent, so in 2-D about 1.5 points are
//! scanned per point inside the circle.

use std::ops::Range;

/// Cells per query radius along each axis. Measured on the sparse_spatial
/// workload (1e5 neurons, radius 150 µm, one thread, CPU seconds of the
/// whole connection call): 1.5 → 1.13, 2 → 1.00, 3 → 0.92, 4 → 1.01.
/// Finer cells scan fewer points outside the circle but pay more per run.
const CELLS_PER_RADIUS: f64 = 3.0;

/// At most this many cells per indexed point: sparse points in a large
/// box (or a tiny radius) would otherwise make the cell table dominate.
const MAX_CELLS_PER_POINT: f64 = 2.0;

/// Points of one population sorted by cell, with the table of where each
/// cell starts.
#[derive(Debug)]
pub(crate) struct Grid<const D: usize> {
    origin: [f64; D],
    cell: [f64; D],
    inv_cell: [f64; D],
    n: [usize; D],
    /// Periodic box lengths, when the positions wrap.
    period: Option<[f64; D]>,
    /// `start[c]..start[c + 1]` are the points of cell `c` (row-major with
    /// axis 0 fastest).
    start: Vec<usize>,
    /// Coordinates (metres) in cell order.
    coords: Vec<[f64; D]>,
    /// The population index of each point, in cell order; ascending within
    /// a cell.
    ids: Vec<u32>,
    /// The query radius plus a margin that absorbs rounding (see
    /// [`Grid::new`]).
    reach: f64,
}

impl<const D: usize> Grid<D> {
    /// Index `n` points (`point(k)` gives the coordinates of point `k`)
    /// for queries of radius `radius` metres (`f64::INFINITY`: one cell,
    /// every query returns every point in index order).
    ///
    /// The caller guarantees `n <= u32::MAX` and finite coordinates.
    pub(crate) fn new<'p>(
        n: usize,
        point: impl Fn(usize) -> &'p [f64],
        radius: f64,
        period: Option<&[f64]>,
    ) -> Self {
        let period: Option<[f64; D]> = period.map(|p| {
            let mut a = [0.0f64; D];
            a.copy_from_slice(p);
            a
        });
        let coord = |k: usize| -> [f64; D] {
            let mut a = [0.0f64; D];
            a.copy_from_slice(point(k));
            a
        };
        // Extent: the periodic box, or the points' bounding box.
        let (origin, extent) = match period {
            Some(l) => ([0.0f64; D], l),
            None => {
                let mut lo = [f64::INFINITY; D];
                let mut hi = [f64::NEG_INFINITY; D];
                for k in 0..n {
                    let c = coord(k);
                    for a in 0..D {
                        lo[a] = lo[a].min(c[a]);
                        hi[a] = hi[a].max(c[a]);
                    }
                }
                if n == 0 {
                    lo = [0.0f64; D];
                    hi = [0.0f64; D];
                }
                let mut ext = [0.0f64; D];
                for a in 0..D {
                    ext[a] = hi[a] - lo[a];
                }
                (lo, ext)
            }
        };
        let scale: f64 = extent.iter().fold(0.0f64, |m, &e| m.max(e))
            + origin.iter().fold(0.0f64, |m, &o| m.max(o.abs()));
        // Candidates are tested with the exact distance afterwards, so the
        // grid only has to return a superset: widen the radius by far more
        // than the few ulps the cell arithmetic can be off.
        let span: f64 = radius + scale;
        let reach = span.mul_add(1e-9, radius);
        let (dims, target) = cell_counts(&extent, period.is_some(), radius, scale, n);
        let mut cell = [f64::INFINITY; D];
        let mut inv_cell = [0.0f64; D];
        for a in 0..D {
            // One open cell holds everything: every coordinate maps to it
            // (inverse width 0).
            let w = match period {
                // Spelled out: with `f64 / Initializer` overloads in scope,
                // rustc's trait solver recurses on the operator form here.
                Some(l) => std::ops::Div::<f64>::div(l[a], dims[a] as f64),
                None if dims[a] > 1 => target,
                None => f64::INFINITY,
            };
            if w.is_finite() && w > 0.0 {
                cell[a] = w;
                inv_cell[a] = w.recip();
            }
        }
        let mut stride = [1usize; D];
        for a in 1..D {
            stride[a] = stride[a - 1] * dims[a - 1];
        }
        let total = stride[D - 1] * dims[D - 1];
        let mut grid = Grid {
            origin,
            cell,
            inv_cell,
            n: dims,
            period,
            start: Vec::new(),
            coords: Vec::new(),
            ids: Vec::new(),
            reach,
        };
        // Counting sort by cell, stable in the point index.
        let cells: Vec<u32> = (0..n)
            .map(|k| {
                let c = coord(k);
                let mut idx = 0;
                for a in 0..D {
                    idx += grid.cell_of(a, c[a]) * stride[a];
                }
                idx as u32
            })
            .collect();
        let mut start = vec![0usize; total + 1];
        for &c in &cells {
            start[c as usize + 1] += 1;
        }
        for c in 0..total {
            start[c + 1] += start[c];
        }
        let mut next = start.clone();
        let mut coords = vec![[0.0f64; D]; n];
        let mut ids = vec![0u32; n];
        for (k, &c) in cells.iter().enumerate() {
            let slot = &mut next[c as usize];
            coords[*slot] = coord(k);
            ids[*slot] = k as u32;
            *slot += 1;
        }
        grid.start = start;
        grid.coords = coords;
        grid.ids = ids;
        grid
    }

    /// Number of cells.
    pub(crate) fn cells(&self) -> usize {
        self.start.len() - 1
    }

    /// Expected number of points a query visits, for uniform points.
    pub(crate) fn estimate(&self) -> f64 {
        if self.coords.is_empty() {
            return 0.0;
        }
        let mut cells = 1.0;
        let mut visited = 1.0;
        for a in 0..D {
            let n = self.n[a] as f64;
            cells *= n;
            visited *= if self.inv_cell[a] == 0.0 {
                n
            } else {
                (2.0 * self.reach * self.inv_cell[a] + 2.0).min(n)
            };
        }
        self.coords.len() as f64 / cells * visited
    }

    /// Coordinates of the indexed points, in cell order.
    #[inline]
    pub(crate) fn coords(&self) -> &[[f64; D]] {
        &self.coords
    }

    /// Give point `k` the id `names[k]` (the grid was built over a subset
    /// of a population, `names` ascending, so ids stay ascending within
    /// each cell).
    pub(crate) fn rename(&mut self, names: &[u32]) {
        for id in &mut self.ids {
            *id = names[*id as usize];
        }
    }

    /// Population indices of the indexed points, in cell order.
    #[inline]
    pub(crate) fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// The cell holding the point `q` (its first `D` coordinates), numbered
    /// row-major with axis 0 fastest: queries taken in this order visit
    /// neighbouring cells one after another, so their candidates are still
    /// in cache.
    pub(crate) fn cell_index(&self, q: &[f64]) -> usize {
        let mut idx = 0;
        let mut stride = 1;
        for (a, &x) in q[..D].iter().enumerate() {
            idx += self.cell_of(a, x) * stride;
            stride *= self.n[a];
        }
        idx
    }

    /// The cell of coordinate `x` along axis `a` (wrapped into the box when
    /// periodic; clamped to the grid in open space).
    #[inline]
    fn cell_of(&self, a: usize, x: f64) -> usize {
        let x = match self.period {
            Some(l) => x.rem_euclid(l[a]),
            None => x,
        };
        let c = ((x - self.origin[a]) * self.inv_cell[a]).floor();
        (c.max(0.0) as usize).min(self.n[a] - 1)
    }

    /// Call `f` with runs (ranges into [`Grid::coords`] / [`Grid::ids`])
    /// that together hold every indexed point within the grid's radius of
    /// `q`, each point exactly once (and possibly some farther ones).
    #[inline]
    pub(crate) fn for_each_run(&self, q: &[f64; D], mut f: impl FnMut(Range<usize>)) {
        if self.coords.is_empty() {
            return;
        }
        let mut q = *q;
        if let Some(l) = self.period {
            for a in 0..D {
                q[a] = q[a].rem_euclid(l[a]);
            }
        }
        // Ranges of (unwrapped) cell indices along axes 1..D, and the
        // distance from q to each cell's slab along that axis.
        let mut lo = [0i64; D];
        let mut hi = [0i64; D];
        let mut full = [false; D];
        for a in 0..D {
            let (l, h) = self.span(a, q[a], self.reach);
            if l > h {
                return;
            }
            lo[a] = l;
            hi[a] = h;
            full[a] = self.period.is_some() && h - l + 1 >= self.n[a] as i64;
            if full[a] {
                lo[a] = 0;
                hi[a] = self.n[a] as i64 - 1;
            }
        }
        let r2 = self.reach * self.reach;
        // Odometer over the outer axes.
        let mut idx = lo;
        loop {
            let mut gap2 = 0.0f64;
            let mut base = 0usize;
            let mut stride = 1usize;
            for a in 1..D {
                stride *= self.n[a - 1];
                let g = if full[a] {
                    0.0
                } else {
                    self.gap(a, q[a], idx[a])
                };
                gap2 += g * g;
                base += self.wrap(a, idx[a]) * stride;
            }
            if gap2 <= r2 {
                let hw = (r2 - gap2).sqrt();
                let (l0, h0) = if full[0] {
                    (0, self.n[0] as i64 - 1)
                } else {
                    self.span(0, q[0], hw)
                };
                if l0 <= h0 {
                    let n0 = self.n[0] as i64;
                    if self.period.is_some() && h0 - l0 + 1 >= n0 {
                        f(self.start[base]..self.start[base + self.n[0]]);
                    } else if self.period.is_some() {
                        let (a, b) = (l0.rem_euclid(n0) as usize, h0.rem_euclid(n0) as usize);
                        if a <= b {
                            f(self.start[base + a]..self.start[base + b + 1]);
                        } else {
                            f(self.start[base + a]..self.start[base + self.n[0]]);
                            f(self.start[base]..self.start[base + b + 1]);
                        }
                    } else {
                        f(self.start[base + l0 as usize]..self.start[base + h0 as usize + 1]);
                    }
                }
            }
            // Next outer cell.
            let mut a = 1;
            loop {
                if a >= D {
                    return;
                }
                if idx[a] < hi[a] {
                    idx[a] += 1;
                    break;
                }
                idx[a] = lo[a];
                a += 1;
            }
        }
    }

    /// Unwrapped cell indices along axis `a` that meet `[x − w, x + w]`;
    /// clamped to the grid in open space, where an empty result has
    /// `lo > hi`.
    #[inline]
    fn span(&self, a: usize, x: f64, w: f64) -> (i64, i64) {
        if self.inv_cell[a] == 0.0 {
            return (0, self.n[a] as i64 - 1);
        }
        let lo = ((x - w - self.origin[a]) * self.inv_cell[a]).floor();
        let hi = ((x + w - self.origin[a]) * self.inv_cell[a]).floor();
        // Clamp in f64 first: the values can be huge (or infinite when the
        // radius is).
        let n = self.n[a] as f64;
        match self.period {
            Some(_) => {
                let lo = lo.max(-2.0 * n);
                let hi = hi.min(3.0 * n);
                (lo as i64, hi as i64)
            }
            None => {
                let lo = lo.max(0.0);
                let hi = hi.min(n - 1.0);
                (lo as i64, hi as i64)
            }
        }
    }

    /// Distance from `x` to the slab of unwrapped cell `c` along axis `a`.
    #[inline]
    fn gap(&self, a: usize, x: f64, c: i64) -> f64 {
        if !self.cell[a].is_finite() {
            return 0.0;
        }
        let lo = self.origin[a] + c as f64 * self.cell[a];
        let hi = lo + self.cell[a];
        (lo - x).max(x - hi).max(0.0)
    }

    /// The stored index of unwrapped cell `c` along axis `a`.
    #[inline]
    fn wrap(&self, a: usize, c: i64) -> usize {
        c.rem_euclid(self.n[a] as i64) as usize
    }
}

/// Cells per axis, and the cell width they were made for: about
/// `radius / CELLS_PER_RADIUS`, widened until there are at most
/// [`MAX_CELLS_PER_POINT`] cells per point.
fn cell_counts<const D: usize>(
    extent: &[f64; D],
    periodic: bool,
    radius: f64,
    scale: f64,
    n: usize,
) -> ([usize; D], f64) {
    let mut target: f64 = if radius.is_finite() {
        radius / CELLS_PER_RADIUS
    } else {
        f64::INFINITY
    };
    let cap = (MAX_CELLS_PER_POINT * n as f64).max(1.0);
    let mut dims;
    loop {
        dims = [1usize; D];
        for a in 0..D {
            let cells = if target > 0.0 {
                extent[a] / target
            } else {
                cap
            };
            // Periodic: whole cells tile the box (cell >= target);
            // open space: cells cover [origin, origin + extent].
            let cells = if periodic {
                cells.floor()
            } else {
                cells.floor() + 1.0
            };
            dims[a] = cells.clamp(1.0, cap) as usize;
        }
        let total: f64 = dims.iter().map(|&d| d as f64).product();
        if total <= cap {
            break;
        }
        let grow = (total / cap).powf(1.0 / D as f64) * 1.01;
        target = if target > 0.0 {
            target * grow
        } else {
            scale.max(f64::MIN_POSITIVE) / cap
        };
    }
    (dims, target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use init_core::euclidean;

    /// A small deterministic scatter of points (a scrambled lattice).
    fn scatter<const D: usize>(n: usize, side: f64) -> Vec<[f64; D]> {
        (0..n)
            .map(|k| {
                let mut p = [0.0f64; D];
                for (a, x) in p.iter_mut().enumerate() {
                    let h = (k as u64 + 1)
                        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                        .rotate_left(17 * a as u32 + 5)
                        .wrapping_mul(0xbf58_476d_1ce4_e5b9);
                    *x = (h >> 11) as f64 / (1u64 << 53) as f64 * side;
                }
                p
            })
            .collect()
    }

    /// Every point within the radius is returned exactly once, for open and
    /// periodic grids in 1, 2 and 3 dimensions, including radii wider than
    /// half the box.
    fn exact_cover<const D: usize>(radius: f64, period: Option<[f64; D]>) {
        let pts = scatter::<D>(700, 100.0);
        let queries = scatter::<D>(60, 130.0);
        let grid = Grid::<D>::new(
            pts.len(),
            |k| &pts[k][..],
            radius,
            period.as_ref().map(|p| &p[..]),
        );
        for q in &queries {
            let mut seen = vec![0u32; pts.len()];
            grid.for_each_run(q, |r| {
                for t in r {
                    seen[grid.ids()[t] as usize] += 1;
                }
            });
            for (k, p) in pts.iter().enumerate() {
                assert!(seen[k] <= 1, "point {k} returned {} times", seen[k]);
                let d = euclidean(q, p, period.as_ref().map(|p| &p[..]));
                if d <= radius {
                    assert_eq!(
                        seen[k], 1,
                        "point {k} at distance {d} missed (radius {radius})"
                    );
                }
            }
        }
    }

    #[test]
    fn open_grids_return_every_point_within_the_radius_once() {
        for r in [0.0, 3.0, 17.0, 60.0, 500.0, f64::INFINITY] {
            exact_cover::<1>(r, None);
            exact_cover::<2>(r, None);
            exact_cover::<3>(r, None);
        }
    }

    #[test]
    fn periodic_grids_return_every_point_within_the_radius_once() {
        for r in [0.0, 3.0, 17.0, 45.0, 60.0, 500.0, f64::INFINITY] {
            exact_cover::<1>(r, Some([100.0]));
            exact_cover::<2>(r, Some([100.0, 80.0]));
            exact_cover::<3>(r, Some([100.0, 80.0, 120.0]));
        }
    }

    #[test]
    fn infinite_radius_is_one_cell_in_index_order() {
        let pts = scatter::<2>(50, 10.0);
        let grid = Grid::<2>::new(pts.len(), |k| &pts[k][..], f64::INFINITY, None);
        let mut runs = Vec::new();
        grid.for_each_run(&[3.0, 4.0], |r| runs.push(r));
        assert_eq!(runs, vec![0..50]);
        assert!(
            grid.ids()
                .iter()
                .enumerate()
                .all(|(k, &id)| id as usize == k)
        );
    }

    #[test]
    fn empty_and_coincident_points() {
        let none: Vec<[f64; 2]> = Vec::new();
        let grid = Grid::<2>::new(0, |k| &none[k][..], 5.0, None);
        grid.for_each_run(&[0.0, 0.0], |_| panic!("no runs in an empty grid"));
        let same = [[1.0, 1.0]; 10];
        let grid = Grid::<2>::new(10, |k| &same[k][..], 0.5, None);
        let mut n = 0;
        grid.for_each_run(&[1.0, 1.0], |r| n += r.len());
        assert_eq!(n, 10);
    }
}
