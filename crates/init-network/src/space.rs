//! Candidate partners of a neuron: the grid over the other population, the
//! mask radius, and the exact distance of every candidate.

use init_core::{Positions, euclidean};

use crate::error::Side;
use crate::grid::Grid;

/// Coordinates of a point with no coordinates (positions with 0 axes):
/// the grid puts every point at the origin.
static ORIGIN: [f64; 3] = [0.0; 3];

/// Buffers of one task: candidate distances, partner indices, and their
/// probabilities.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) d: Vec<f64>,
    pub(crate) j: Vec<u32>,
    pub(crate) p: Vec<f64>,
    /// Buffer of [`crate::rules`]' column sort.
    pub(crate) sort: Vec<u32>,
    /// Distances of one grid run.
    pub(crate) run: Vec<f64>,
}

impl Scratch {
    /// Room for `total` gathered candidates and a grid run of `run`.
    #[inline]
    pub(crate) fn grow(&mut self, total: usize, run: usize) {
        if self.d.len() < total {
            self.d.resize(total, 0.0);
            self.j.resize(total, 0);
        }
        if self.run.len() < run {
            self.run.resize(run, 0.0);
        }
    }
}

/// A source of candidate partners: for a query neuron `q` (of the side not
/// indexed), fills `s.d[..n]` with exact distances (`Positions::distance`,
/// pre then post) and `s.j[..n]` with the candidates' indices, and
/// returns `n`.
pub(crate) trait Candidates: Sync {
    /// The candidates of `q`; see the trait.
    fn candidates(&self, q: usize, s: &mut Scratch) -> usize;

    /// A key under which queries taken in ascending order share their
    /// candidates in cache (a grid cell); 0 when there is none.
    fn locality(&self, _q: usize) -> u64 {
        0
    }

    /// Candidates per query, about (to size tasks), and the grid's cells.
    fn workload(&self) -> (f64, usize) {
        (1.0, 0)
    }
}

impl<const G: usize> Candidates for Space<'_, '_, G> {
    #[inline]
    fn candidates(&self, q: usize, s: &mut Scratch) -> usize {
        Space::candidates(self, q, s)
    }

    fn locality(&self, q: usize) -> u64 {
        self.query_cell(q)
    }

    fn workload(&self) -> (f64, usize) {
        (self.candidates_per_query(), self.cells())
    }
}

/// The indexed population, the mask, and how a candidate's distance is
/// computed.
///
/// `G` is the number of axes the grid indexes: all of them for positions
/// of 1 to 3 coordinates; the first 3 otherwise (a point within the radius
/// in all axes is within it in the first three, so the grid still returns a
/// superset), with the distance then read from the positions themselves
/// (as it is for positions of 0 coordinates, all at distance 0).
pub(crate) struct Space<'p, 'a, const G: usize> {
    grid: Grid<G>,
    positions: &'p Positions<'a>,
    /// Which population the grid indexes (the candidates' side).
    indexed: Side,
    radius: f64,
    /// The positions have more than `G` coordinates.
    wide: bool,
}

impl<'p, 'a, const G: usize> Space<'p, 'a, G> {
    /// Index the `indexed` population of `positions` for queries of
    /// `radius` metres (`f64::INFINITY`: no mask).
    pub(crate) fn new(positions: &'p Positions<'a>, indexed: Side, radius: f64) -> Self {
        Self::of(positions, indexed, radius, None)
    }

    /// [`Space::new`] indexing only the neurons `subset` (ascending local
    /// ids) of the indexed side: the candidates of a part that owns them.
    pub(crate) fn of(
        positions: &'p Positions<'a>,
        indexed: Side,
        radius: f64,
        subset: Option<&[u32]>,
    ) -> Self {
        let all = match indexed {
            Side::Pre => positions.n_pre(),
            Side::Post => positions.n_post(),
        };
        let n = subset.map_or(all, <[u32]>::len);
        let id = |k: usize| subset.map_or(k, |s| s[k] as usize);
        let dims = positions.dims();
        let period = positions.period().filter(|_| dims >= G).map(|p| &p[..G]);
        let point = |k: usize| {
            if dims < G {
                return &ORIGIN[..G];
            }
            match indexed {
                Side::Pre => &positions.pre(id(k))[..G],
                Side::Post => &positions.post(id(k))[..G],
            }
        };
        let mut grid = Grid::new(n, point, radius, period);
        if let Some(s) = subset {
            grid.rename(s);
        }
        Space {
            grid,
            positions,
            indexed,
            radius,
            wide: dims != G,
        }
    }

    /// Cells of the grid.
    pub(crate) fn cells(&self) -> usize {
        self.grid.cells()
    }

    /// Estimated candidates per query (for task sizing).
    pub(crate) fn candidates_per_query(&self) -> f64 {
        self.grid.estimate()
    }

    /// The grid cell of neuron `q` of the query side: the order in which
    /// queries share cached candidates.
    pub(crate) fn query_cell(&self, q: usize) -> u64 {
        let query = match self.indexed {
            Side::Post => self.positions.pre(q),
            Side::Pre => self.positions.post(q),
        };
        if query.len() < G {
            return 0;
        }
        self.grid.cell_index(query) as u64
    }

    /// The candidates of neuron `q` of the other (query) side within the
    /// radius: fills `s.d[..n]` with exact distances (computed by
    /// [`euclidean`] on (pre, post), the function of
    /// [`Positions::distance`], so they equal the dense path's bit for bit)
    /// and `s.j[..n]` with the candidates' indices, in grid order. Returns
    /// `n`.
    pub(crate) fn candidates(&self, q: usize, s: &mut Scratch) -> usize {
        let pos = self.positions;
        let coords = self.grid.coords();
        let ids = self.grid.ids();
        let query = match self.indexed {
            Side::Post => pos.pre(q),
            Side::Pre => pos.post(q),
        };
        let mut a = [0.0; G];
        if query.len() >= G {
            a.copy_from_slice(&query[..G]);
        }
        let period = pos.period();
        match (self.wide, self.indexed, period) {
            (false, _, None) => self.gather_open(&a, s),
            (false, Side::Post, Some(_)) => {
                self.gather(&a, s, |t| euclidean(&a, &coords[t], period))
            }
            (false, Side::Pre, Some(_)) => {
                self.gather(&a, s, |t| euclidean(&coords[t], &a, period))
            }
            (true, Side::Post, _) => self.gather(&a, s, |t| pos.distance(q, ids[t] as usize)),
            (true, Side::Pre, _) => self.gather(&a, s, |t| pos.distance(ids[t] as usize, q)),
        }
    }

    /// [`Space::gather`] for positions in open space, where the distance
    /// is `sqrt` of a sum of squares: runs are filtered on the sum (no
    /// square root for the candidates outside, about half), and the root
    /// of the survivors' sums is taken in one contiguous pass, which
    /// vectorises.
    ///
    /// The sum is [`euclidean`]'s own, term for term in the same order
    /// (`euclidean` starts from `0.0`, and `0.0 + x == x` for a square
    /// `x`), so the distance is its result bit for bit; a unit test checks
    /// this against [`Positions::distance`].
    #[inline(always)]
    fn gather_open(&self, a: &[f64; G], s: &mut Scratch) -> usize {
        let coords = self.grid.coords();
        let ids = self.grid.ids();
        let r = self.radius;
        // Every sum whose root is <= r is below this bound (the root is
        // correctly rounded and monotonic); the exact test follows.
        let r2 = r * r * (1.0 + 1e-12);
        let mut n = 0;
        self.grid.for_each_run(a, |run| {
            let len = run.len();
            s.grow(n + len, len);
            let sums = &mut s.run[..len];
            for (x, c) in sums.iter_mut().zip(&coords[run.clone()]) {
                let mut sum = 0.0;
                for k in 0..G {
                    let t = a[k] - c[k];
                    sum += t * t;
                }
                *x = sum;
            }
            let d = &mut s.d[n..n + len];
            let j = &mut s.j[n..n + len];
            let mut m = 0;
            for (&x, &id) in sums.iter().zip(&ids[run]) {
                d[m] = x;
                j[m] = id;
                m += usize::from(x <= r2);
            }
            n += m;
        });
        let mut outside = false;
        for x in &mut s.d[..n] {
            *x = x.sqrt();
            outside |= *x > r;
        }
        if outside {
            let mut m = 0;
            for k in 0..n {
                let keep = s.d[k] <= r;
                s.d[m] = s.d[k];
                s.j[m] = s.j[k];
                m += usize::from(keep);
            }
            n = m;
        }
        n
    }

    /// Scan the grid's runs near `a`, keeping candidates with distance
    /// `<= radius`.
    ///
    /// Two passes per run: the distances first, with no dependence between
    /// iterations (so the square roots vectorise and overlap), then a
    /// branch-free compaction (every candidate is written, the write
    /// position advances only for those inside). In one pass, each write
    /// position would wait for the previous square root.
    #[inline(always)]
    fn gather(&self, a: &[f64; G], s: &mut Scratch, dist: impl Fn(usize) -> f64) -> usize {
        let ids = self.grid.ids();
        let r = self.radius;
        let mut n = 0;
        self.grid.for_each_run(a, |run| {
            let len = run.len();
            s.grow(n + len, len);
            let dr = &mut s.run[..len];
            for (x, t) in dr.iter_mut().zip(run.clone()) {
                *x = dist(t);
            }
            let d = &mut s.d[n..n + len];
            let j = &mut s.j[n..n + len];
            let mut m = 0;
            for (&x, &id) in dr.iter().zip(&ids[run]) {
                d[m] = x;
                j[m] = id;
                m += usize::from(x <= r);
            }
            n += m;
        });
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use init_core::ndarray::Array2;
    use uom::si::f64::Length;
    use uom::si::length::micrometer;

    /// A deterministic scatter of `n` points with `dims` coordinates in
    /// [0, side) µm.
    fn scatter(n: usize, dims: usize, side: f64, salt: u64) -> Array2<Length> {
        let key = init_core::Seed::new(salt).key();
        Array2::from_shape_fn((n, dims), |(i, k)| {
            Length::new::<micrometer>(side * key.stream((i * dims + k) as u64).uniform())
        })
    }

    /// Every candidate's distance is `Positions::distance` bit for bit, and
    /// the candidates are exactly the pairs within the radius, for each
    /// path (open, periodic, more than three axes, grid on either side).
    fn check<const G: usize>(dims: usize, periodic: bool, radius_um: f64) {
        let pre = scatter(150, dims, 100.0, 1);
        let post = scatter(170, dims, 100.0, 2);
        let mut pos = Positions::new(&pre, &post).unwrap();
        if periodic {
            pos = pos
                .periodic(&vec![Length::new::<micrometer>(100.0); dims])
                .unwrap();
        }
        let r = radius_um * 1e-6;
        let mut s = Scratch::default();
        for side in [Side::Post, Side::Pre] {
            let space = Space::<G>::new(&pos, side, r);
            let (nq, nc) = match side {
                Side::Post => (pos.n_pre(), pos.n_post()),
                Side::Pre => (pos.n_post(), pos.n_pre()),
            };
            for q in 0..nq {
                let n = space.candidates(q, &mut s);
                let mut got: Vec<(u32, u64)> = (0..n).map(|k| (s.j[k], s.d[k].to_bits())).collect();
                got.sort_unstable();
                let want: Vec<(u32, u64)> = (0..nc)
                    .filter_map(|c| {
                        let d = match side {
                            Side::Post => pos.distance(q, c),
                            Side::Pre => pos.distance(c, q),
                        };
                        (d <= r).then_some((c as u32, d.to_bits()))
                    })
                    .collect();
                assert_eq!(
                    got, want,
                    "dims {dims}, periodic {periodic}, {side} grid, query {q}"
                );
            }
        }
    }

    #[test]
    fn candidates_are_the_pairs_within_the_radius_with_exact_distances() {
        for r in [0.0, 7.5, 20.0, 70.0] {
            check::<1>(1, false, r);
            check::<2>(2, false, r);
            check::<3>(3, false, r);
            check::<1>(1, true, r);
            check::<2>(2, true, r);
            check::<3>(3, true, r);
            check::<3>(4, false, r);
            check::<3>(5, true, r);
        }
        check::<1>(0, false, 1.0);
    }
}
