//! Candidates inside a [`Mask`] of any shape, from the cell grid over the
//! partner population: the grid is searched within the mask's reach around
//! its centre (the driver's position, plus the anchor and the shape's own
//! centre), and each point found is tested against the mask exactly.

use init_core::{Positions, euclidean};

use crate::error::Side;
use crate::grid::Grid;
use crate::mask::Mask;
use crate::space::{Candidates, Scratch};

/// The partner population's grid and how a candidate is tested.
pub(crate) struct MaskSpace<'p, 'a, const G: usize> {
    grid: Grid<G>,
    positions: &'p Positions<'a>,
    /// The side the grid indexes (the partners').
    pool: Side,
    mask: &'p Mask,
    /// +1 when the driver is the neuron the mask is centred on, −1 when the
    /// mask is centred on the partner (the tested vector is then
    /// `driver − partner`).
    sign: f64,
    /// The anchor plus the shape's centre: the search centre's offset from
    /// the mask's neuron.
    shift: [f64; G],
    period: Option<[f64; G]>,
}

impl<'p, 'a, const G: usize> MaskSpace<'p, 'a, G> {
    /// Index the `pool` side of `positions` for the `mask`, tested on the
    /// vector from the neuron the mask is centred on to its partner:
    /// `centred_on_driver` when that neuron is the query (the driver).
    ///
    /// The caller guarantees positions of `G` coordinates (and a mask of
    /// `G` dimensions, when it has any).
    pub(crate) fn new(
        positions: &'p Positions<'a>,
        pool: Side,
        mask: &'p Mask,
        centred_on_driver: bool,
        subset: Option<&[u32]>,
    ) -> Self {
        let n = subset.map_or(
            match pool {
                Side::Pre => positions.n_pre(),
                Side::Post => positions.n_post(),
            },
            <[u32]>::len,
        );
        let id = |k: usize| subset.map_or(k, |s| s[k] as usize);
        let period = positions.period().map(|p| {
            let mut a = [0.0; G];
            a.copy_from_slice(&p[..G]);
            a
        });
        let point = |k: usize| match pool {
            Side::Pre => positions.pre(id(k)),
            Side::Post => positions.post(id(k)),
        };
        let mut shift = [0.0; G];
        for (k, s) in shift.iter_mut().enumerate() {
            *s = mask.anchor().get(k).copied().unwrap_or(0.0) + mask.centre(k);
        }
        let mut grid = Grid::new(n, point, mask.reach(), period.as_ref().map(|p| &p[..]));
        if let Some(s) = subset {
            grid.rename(s);
        }
        MaskSpace {
            grid,
            positions,
            pool,
            mask,
            sign: if centred_on_driver { 1.0 } else { -1.0 },
            shift,
            period,
        }
    }
}

impl<const G: usize> Candidates for MaskSpace<'_, '_, G> {
    fn candidates(&self, q: usize, s: &mut Scratch) -> usize {
        let pos = self.positions;
        let driver = match self.pool {
            Side::Pre => pos.post(q),
            Side::Post => pos.pre(q),
        };
        let mut centre = [0.0; G];
        for k in 0..G {
            centre[k] = driver[k] + self.sign * self.shift[k];
        }
        let coords = self.grid.coords();
        let ids = self.grid.ids();
        let period = pos.period();
        let mut n = 0;
        self.grid.for_each_run(&centre, |run| {
            s.grow(n + run.len(), 0);
            for t in run {
                let partner = &coords[t];
                // The vector from the mask's neuron to its partner, taken to
                // the image nearest the mask's centre.
                let mut v = [0.0; G];
                for k in 0..G {
                    let mut x = self.sign * (partner[k] - driver[k]);
                    if let Some(l) = self.period {
                        let rel = x - self.shift[k];
                        x = rel - l[k] * (rel / l[k]).round() + self.shift[k];
                    }
                    v[k] = x;
                }
                if !self.mask.inside_si(&v) {
                    continue;
                }
                let j = ids[t];
                let d = match self.pool {
                    Side::Post => euclidean(driver, pos.post(j as usize), period),
                    Side::Pre => euclidean(pos.pre(j as usize), driver, period),
                };
                s.d[n] = d;
                s.j[n] = j;
                n += 1;
            }
        });
        n
    }
}

/// Every neuron of the partner side is a candidate (no mask), with its
/// distance when the populations have positions (0 otherwise).
pub(crate) struct Everyone<'p, 'a> {
    pub(crate) positions: Option<&'p Positions<'a>>,
    pub(crate) pool: Side,
    pub(crate) n_pool: usize,
    /// Only these (ascending local ids), when given.
    pub(crate) subset: Option<Vec<u32>>,
}

impl Candidates for Everyone<'_, '_> {
    fn candidates(&self, q: usize, s: &mut Scratch) -> usize {
        let n = self.subset.as_ref().map_or(self.n_pool, Vec::len);
        s.grow(n, 0);
        for k in 0..n {
            let j = self.subset.as_ref().map_or(k, |s| s[k] as usize);
            s.j[k] = j as u32;
            s.d[k] = match (self.positions, self.pool) {
                (None, _) => 0.0,
                (Some(p), Side::Post) => p.distance(q, j),
                (Some(p), Side::Pre) => p.distance(j, q),
            };
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use init_core::ndarray::Array2;
    use uom::si::f64::Length;
    use uom::si::length::micrometer;

    fn l(v: f64) -> Length {
        Length::new::<micrometer>(v)
    }

    fn scatter(n: usize, side: f64, salt: u64) -> Array2<Length> {
        let key = init_core::Seed::new(salt).key();
        Array2::from_shape_fn((n, 2), |(i, k)| {
            l(side * key.stream((i * 2 + k) as u64).uniform())
        })
    }

    /// The grid's candidates are exactly the brute-force set of partners
    /// whose vector passes the mask, for every shape, with anchors and
    /// rotations, in open and periodic space, centred on either side.
    #[test]
    fn candidates_are_the_brute_force_set() {
        let masks = [
            Mask::circular(l(15.0))
                .unwrap()
                .with_anchor(&[l(10.0), l(-5.0)])
                .unwrap(),
            Mask::doughnut(l(5.0), l(20.0)).unwrap(),
            Mask::rectangular(&[l(0.0), l(-4.0)], &[l(30.0), l(4.0)])
                .unwrap()
                .with_azimuth(60.0)
                .unwrap(),
            Mask::elliptical(l(40.0), l(10.0))
                .unwrap()
                .with_azimuth(-30.0)
                .unwrap()
                .with_anchor(&[l(0.0), l(12.0)])
                .unwrap(),
        ];
        let (pre, post) = (scatter(120, 100.0, 1), scatter(140, 100.0, 2));
        for periodic in [false, true] {
            let mut pos = Positions::new(&pre, &post).unwrap();
            if periodic {
                pos = pos.periodic(&[l(100.0), l(100.0)]).unwrap();
            }
            let wrap = |x: f64, shift: f64| {
                if periodic {
                    let rel = x - shift;
                    rel - 100e-6 * (rel / 100e-6).round() + shift
                } else {
                    x
                }
            };
            for m in &masks {
                let shift = [
                    m.anchor().first().copied().unwrap_or(0.0) + m.centre(0),
                    m.anchor().get(1).copied().unwrap_or(0.0) + m.centre(1),
                ];
                for (pool, centred) in [(Side::Post, true), (Side::Pre, false), (Side::Pre, true)] {
                    let space = MaskSpace::<2>::new(&pos, pool, m, centred, None);
                    let sign = if centred { 1.0 } else { -1.0 };
                    let (nq, np) = match pool {
                        Side::Post => (pos.n_pre(), pos.n_post()),
                        Side::Pre => (pos.n_post(), pos.n_pre()),
                    };
                    let mut s = Scratch::default();
                    for q in 0..nq {
                        let n = space.candidates(q, &mut s);
                        let mut got: Vec<u32> = s.j[..n].to_vec();
                        got.sort_unstable();
                        let driver = match pool {
                            Side::Post => pos.pre(q),
                            Side::Pre => pos.post(q),
                        };
                        let want: Vec<u32> = (0..np)
                            .filter(|&j| {
                                let partner = match pool {
                                    Side::Post => pos.post(j),
                                    Side::Pre => pos.pre(j),
                                };
                                let v = [
                                    wrap(sign * (partner[0] - driver[0]), shift[0]),
                                    wrap(sign * (partner[1] - driver[1]), shift[1]),
                                ];
                                m.inside_si(&v)
                            })
                            .map(|j| j as u32)
                            .collect();
                        assert_eq!(
                            got, want,
                            "{m:?} periodic {periodic} {pool} {centred} q {q}"
                        );
                        for k in 0..n {
                            let j = s.j[k] as usize;
                            let d = match pool {
                                Side::Post => pos.distance(q, j),
                                Side::Pre => pos.distance(j, q),
                            };
                            assert_eq!(s.d[k].to_bits(), d.to_bits());
                        }
                    }
                }
            }
        }
    }
}
