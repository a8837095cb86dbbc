//! [`Mask`]: the region around a neuron where its partners may be, as NEST
//! offers them (circular and spherical, rectangular and box, doughnut,
//! elliptical and ellipsoidal), each with an anchor.
//!
//! A mask is tested on the displacement from the neuron it is centred on
//! (the *driver*) to a candidate partner: `inside(partner − driver −
//! anchor)`, the displacement wrapped to its nearest image in a periodic
//! space. Which neuron drives depends on the rule, as in NEST: the source
//! for pairwise Bernoulli and a fixed out-degree, the target for a fixed
//! in-degree.

use init_core::{InitError, Value};
use uom::si::f64::Length;

/// The shape of a [`Mask`], in its own frame (centred at its origin
/// before the anchor shifts it).
#[derive(Clone, Debug, PartialEq)]
enum Shape {
    /// `|p| <= r`, in any number of dimensions.
    Ball { radius: f64 },
    /// `inner < |p| <= outer`.
    Doughnut { inner: f64, outer: f64 },
    /// `lower <= R(p − c) + c <= upper` with `c` the box's centre and `R`
    /// the inverse of the box's rotation.
    Box { lower: Vec<f64>, upper: Vec<f64> },
    /// `Σ (2 u_k / axis_k)² <= 1`, `u = R p` (full axis lengths).
    Ellipse { axes: Vec<f64> },
}

/// Where a neuron's partners may be; see the module documentation.
///
/// ```
/// use init_network::Mask;
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let l = |v| Length::new::<um>(v);
/// let disc = Mask::circular(l(150.0))?;
/// assert!(disc.contains(&[l(100.0), l(100.0)]) && !disc.contains(&[l(150.0), l(1.0)]));
/// // A 200 × 50 µm strip ahead of the driver, turned by 90°.
/// let strip = Mask::rectangular(&[l(0.0), l(-25.0)], &[l(200.0), l(25.0)])?.with_azimuth(90.0)?;
/// assert!(strip.contains(&[l(100.0), l(100.0)]));
/// let ring = Mask::doughnut(l(50.0), l(100.0))?.with_anchor(&[l(10.0), l(0.0)])?;
/// assert!(ring.contains(&[l(90.0), l(0.0)]) && !ring.contains(&[l(10.0), l(0.0)]));
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct Mask {
    shape: Shape,
    /// Dimensions the shape needs (`None`: any).
    dims: Option<usize>,
    /// Azimuth (about z, from +x toward +y) and polar (tilt of the z axis
    /// toward +x) angles, radians.
    azimuth: f64,
    polar: f64,
    anchor: Vec<f64>,
}

fn positive(name: &'static str, l: Length) -> Result<f64, InitError> {
    init_core::check::positive(name, l)
}

fn point(name: &'static str, p: &[Length]) -> Result<Vec<f64>, InitError> {
    p.iter()
        .map(|l| init_core::check::finite(name, *l))
        .collect()
}

impl Mask {
    fn of(shape: Shape, dims: Option<usize>) -> Mask {
        Mask {
            shape,
            dims,
            azimuth: 0.0,
            polar: 0.0,
            anchor: Vec::new(),
        }
    }

    /// The disc (2-D), ball (3-D) or segment (1-D) of `radius`, boundary
    /// included (NEST's `circular` and `spherical`). Errors: `radius` not
    /// finite or not > 0.
    pub fn circular(radius: Length) -> Result<Self, InitError> {
        Ok(Self::of(
            Shape::Ball {
                radius: positive("radius", radius)?,
            },
            None,
        ))
    }

    /// The ball of `radius` in 3-D: [`Mask::circular`] under NEST's other
    /// name, for 3-D positions only.
    pub fn spherical(radius: Length) -> Result<Self, InitError> {
        let mut m = Self::circular(radius)?;
        m.dims = Some(3);
        Ok(m)
    }

    /// The ring `inner < |p| <= outer` (2-D). Errors: a radius not finite
    /// or not > 0, or `inner >= outer`.
    pub fn doughnut(inner: Length, outer: Length) -> Result<Self, InitError> {
        let (i, o) = (
            positive("inner_radius", inner)?,
            positive("outer_radius", outer)?,
        );
        if i >= o {
            return Err(InitError::invalid_value(
                "outer_radius",
                outer,
                "must be greater than `inner_radius`",
            ));
        }
        Ok(Self::of(Shape::Doughnut { inner: i, outer: o }, Some(2)))
    }

    /// The rectangle `lower_left <= p <= upper_right` (2-D, boundary
    /// included). Errors: corners not of 2 finite coordinates, or not
    /// strictly ordered.
    pub fn rectangular(lower_left: &[Length], upper_right: &[Length]) -> Result<Self, InitError> {
        Self::boxed(lower_left, upper_right, 2)
    }

    /// The box `lower_left <= p <= upper_right` (3-D).
    pub fn cuboid(lower_left: &[Length], upper_right: &[Length]) -> Result<Self, InitError> {
        Self::boxed(lower_left, upper_right, 3)
    }

    fn boxed(ll: &[Length], ur: &[Length], dims: usize) -> Result<Self, InitError> {
        if ll.len() != dims || ur.len() != dims {
            return Err(InitError::ShapeMismatch {
                what: "mask corners (lower_left, upper_right)",
                expected: vec![dims, dims],
                found: vec![ll.len(), ur.len()],
            });
        }
        let (lower, upper) = (point("lower_left", ll)?, point("upper_right", ur)?);
        if let Some(k) = (0..dims).find(|&k| lower[k] >= upper[k]) {
            return Err(InitError::invalid(
                "upper_right",
                format_args!("{} at axis {k}", ur[k].describe()),
                "must be strictly greater than `lower_left` on every axis",
            ));
        }
        Ok(Self::of(Shape::Box { lower, upper }, Some(dims)))
    }

    /// The ellipse of full axis lengths `major` (along the azimuth) and
    /// `minor` (2-D). Errors: an axis not finite or not > 0, or
    /// `major < minor`.
    pub fn elliptical(major: Length, minor: Length) -> Result<Self, InitError> {
        let (a, b) = (
            positive("major_axis", major)?,
            positive("minor_axis", minor)?,
        );
        if a < b {
            return Err(InitError::invalid_value(
                "major_axis",
                major,
                "must be at least `minor_axis`",
            ));
        }
        Ok(Self::of(Shape::Ellipse { axes: vec![a, b] }, Some(2)))
    }

    /// The ellipsoid of full axis lengths `major`, `minor` and `polar`
    /// (3-D). Errors: as [`Mask::elliptical`], or `polar` not finite or
    /// not > 0.
    pub fn ellipsoidal(major: Length, minor: Length, polar: Length) -> Result<Self, InitError> {
        let mut m = Self::elliptical(major, minor)?;
        let c = positive("polar_axis", polar)?;
        if let Shape::Ellipse { axes } = &mut m.shape {
            axes.push(c);
        }
        m.dims = Some(3);
        Ok(m)
    }

    /// Turn the mask by `degrees` about the z axis, counter-clockwise from
    /// +x toward +y (a box about its own centre). Errors: not finite, or a
    /// shape that rotation does not change (a disc, a ring).
    pub fn with_azimuth(mut self, degrees: f64) -> Result<Self, InitError> {
        self.azimuth = self.angle("azimuth_angle", degrees)?;
        Ok(self)
    }

    /// Tilt a 3-D mask's z axis toward +x by `degrees` (before the
    /// azimuth). Errors: not finite, or a mask that is not 3-D box or
    /// ellipsoid.
    pub fn with_polar_angle(mut self, degrees: f64) -> Result<Self, InitError> {
        if self.dims != Some(3) {
            return Err(InitError::invalid(
                "polar_angle",
                degrees,
                "only a 3-D mask (cuboid, ellipsoidal) has a polar angle",
            ));
        }
        self.polar = self.angle("polar_angle", degrees)?;
        Ok(self)
    }

    fn angle(&self, name: &'static str, degrees: f64) -> Result<f64, InitError> {
        if !degrees.is_finite() {
            return Err(InitError::invalid(name, degrees, "must be finite"));
        }
        if matches!(self.shape, Shape::Ball { .. } | Shape::Doughnut { .. }) {
            return Err(InitError::invalid(
                name,
                degrees,
                "a disc, a ball or a ring is the same turned: give no angle",
            ));
        }
        Ok(degrees.to_radians())
    }

    /// Centre the mask at the driver's position plus `anchor`. Errors: a
    /// non-finite coordinate, or another number of coordinates than the
    /// mask's dimensions.
    pub fn with_anchor(mut self, anchor: &[Length]) -> Result<Self, InitError> {
        if let Some(d) = self.dims {
            if anchor.len() != d {
                return Err(InitError::ShapeMismatch {
                    what: "mask anchor",
                    expected: vec![d],
                    found: vec![anchor.len()],
                });
            }
        }
        self.anchor = point("anchor", anchor)?;
        Ok(self)
    }

    /// The dimensions the mask is made for (`None`: any, a disc or ball).
    pub fn dims(&self) -> Option<usize> {
        self.dims
    }

    /// The anchor, in metres (empty: none).
    pub(crate) fn anchor(&self) -> &[f64] {
        &self.anchor
    }

    /// A disc without an anchor: the mask is a distance radius, and the
    /// candidates are exactly the partners within it.
    pub(crate) fn plain_radius(&self) -> Option<f64> {
        match self.shape {
            Shape::Ball { radius } if self.anchor.iter().all(|&a| a == 0.0) => Some(radius),
            _ => None,
        }
    }

    /// The centre of the shape in its own frame (a box's middle; 0
    /// otherwise), at axis `k`.
    pub(crate) fn centre(&self, k: usize) -> f64 {
        match &self.shape {
            Shape::Box { lower, upper } => 0.5 * (lower[k] + upper[k]),
            _ => 0.0,
        }
    }

    /// A radius about [`Mask::centre`] (plus the anchor) that holds the
    /// whole mask, with a margin for rounding.
    pub(crate) fn reach(&self) -> f64 {
        let r = match &self.shape {
            Shape::Ball { radius } => *radius,
            Shape::Doughnut { outer, .. } => *outer,
            Shape::Box { lower, upper } => lower
                .iter()
                .zip(upper)
                .map(|(a, b)| 0.5 * (b - a))
                .map(|h| h * h)
                .sum::<f64>()
                .sqrt(),
            Shape::Ellipse { axes } => 0.5 * axes.iter().copied().fold(0.0, f64::max),
        };
        r * (1.0 + 1e-9)
    }

    /// The mask's extent along each of `dims` axes (for the check against a
    /// periodic box): twice the reach.
    pub(crate) fn width(&self) -> f64 {
        2.0 * self.reach()
    }

    /// Whether the displacement `p` (partner − driver, metres, already
    /// wrapped to the nearest image of `p − anchor − centre`) is inside.
    #[inline]
    pub(crate) fn inside_si(&self, p: &[f64]) -> bool {
        let d = p.len();
        let mut q = [0.0f64; 3];
        for (k, x) in q.iter_mut().enumerate().take(d.min(3)) {
            *x = p[k] - self.anchor.get(k).copied().unwrap_or(0.0);
        }
        let q = &mut q[..d.min(3)];
        match &self.shape {
            // Lengths, not squares, compared with the radii: a disc then
            // holds what `distance <= radius` holds (NEST's test, and the
            // grid's for a plain radius), to the last bit.
            Shape::Ball { radius } => norm2(q).sqrt() <= *radius,
            Shape::Doughnut { inner, outer } => {
                let r = norm2(q).sqrt();
                r > *inner && r <= *outer
            }
            Shape::Box { lower, upper } => {
                let turned = self.azimuth != 0.0 || self.polar != 0.0;
                if turned {
                    for (k, x) in q.iter_mut().enumerate() {
                        *x -= 0.5 * (lower[k] + upper[k]);
                    }
                    self.unrotate(q);
                    for (k, x) in q.iter_mut().enumerate() {
                        *x += 0.5 * (lower[k] + upper[k]);
                    }
                }
                let eps = if turned { 1e-12 } else { 0.0 };
                q.iter()
                    .zip(lower.iter().zip(upper))
                    .all(|(&x, (&lo, &hi))| x >= lo - eps && x <= hi + eps)
            }
            Shape::Ellipse { axes } => {
                self.unrotate(q);
                q.iter()
                    .zip(axes)
                    .map(|(&u, &a)| {
                        let t = 2.0 * u / a;
                        t * t
                    })
                    .sum::<f64>()
                    <= 1.0
            }
        }
    }

    /// From world to mask frame: the inverse of the mask's rotation
    /// (`R_z(azimuth)·R_y(polar)`, NEST's composition).
    fn unrotate(&self, q: &mut [f64]) {
        if q.len() < 2 || (self.azimuth == 0.0 && self.polar == 0.0) {
            return;
        }
        let (sa, ca) = self.azimuth.sin_cos();
        let (x, y) = (q[0], q[1]);
        // R_z(−azimuth)
        q[0] = x * ca + y * sa;
        q[1] = -x * sa + y * ca;
        if q.len() == 3 && self.polar != 0.0 {
            let (sp, cp) = self.polar.sin_cos();
            let (x, z) = (q[0], q[2]);
            // R_y(−polar)
            q[0] = x * cp - z * sp;
            q[2] = x * sp + z * cp;
        }
    }

    /// Whether the displacement `p` (partner − driver) is inside, in open
    /// space.
    pub fn contains(&self, p: &[Length]) -> bool {
        let v: Vec<f64> = p.iter().map(|l| l.value).collect();
        self.inside_si(&v)
    }
}

#[inline]
fn norm2(q: &[f64]) -> f64 {
    q.iter().map(|x| x * x).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use uom::si::length::micrometer;

    fn l(v: f64) -> Length {
        Length::new::<micrometer>(v)
    }

    fn at(m: &Mask, p: &[f64]) -> bool {
        let v: Vec<Length> = p.iter().map(|&x| l(x)).collect();
        m.contains(&v)
    }

    #[test]
    fn boundaries_are_nests() {
        let c = Mask::circular(l(10.0)).unwrap();
        assert!(at(&c, &[10.0, 0.0]) && at(&c, &[0.0, -10.0]) && at(&c, &[6.0, 7.9]));
        assert!(!at(&c, &[10.0, 0.01]) && !at(&c, &[6.0, 8.01]));
        assert!(at(&c, &[0.0, 0.0, 10.0]), "a ball in 3-D");
        let d = Mask::doughnut(l(5.0), l(10.0)).unwrap();
        assert!(!at(&d, &[5.0, 0.0]) && at(&d, &[5.01, 0.0]) && at(&d, &[0.0, 10.0]));
        assert!(!at(&d, &[0.0, 0.0]) && !at(&d, &[10.01, 0.0]));
        let r = Mask::rectangular(&[l(-1.0), l(-2.0)], &[l(3.0), l(4.0)]).unwrap();
        assert!(at(&r, &[-1.0, -2.0]) && at(&r, &[3.0, 4.0]) && !at(&r, &[3.01, 0.0]));
        let e = Mask::elliptical(l(20.0), l(10.0)).unwrap();
        assert!(at(&e, &[10.0, 0.0]) && at(&e, &[0.0, 5.0]) && !at(&e, &[0.0, 5.01]));
        assert!(!at(&e, &[8.0, 4.0]), "(0.8)² + (0.8)² > 1");
        let s = Mask::ellipsoidal(l(20.0), l(10.0), l(4.0)).unwrap();
        assert!(at(&s, &[0.0, 0.0, 2.0]) && !at(&s, &[0.0, 0.0, 2.01]));
        let b = Mask::cuboid(&[l(0.0); 3], &[l(1.0), l(2.0), l(3.0)]).unwrap();
        assert!(at(&b, &[1.0, 2.0, 3.0]) && !at(&b, &[1.0, 2.0, 3.01]));
    }

    #[test]
    fn rotations_turn_counter_clockwise_about_the_shapes_centre() {
        // Major axis along +y after 90°.
        let e = Mask::elliptical(l(20.0), l(4.0))
            .unwrap()
            .with_azimuth(90.0)
            .unwrap();
        assert!(at(&e, &[0.0, 9.9]) && !at(&e, &[9.9, 0.0]));
        // A box from x 0..10, y −1..1, turned 90° about its centre (5, 0):
        // it now spans x 4..6, y −5..5.
        let b = Mask::rectangular(&[l(0.0), l(-1.0)], &[l(10.0), l(1.0)])
            .unwrap()
            .with_azimuth(90.0)
            .unwrap();
        assert!(at(&b, &[5.0, 4.9]) && at(&b, &[4.1, -4.9]) && !at(&b, &[9.0, 0.0]));
        // 45°: the ellipse's major axis along the diagonal.
        let d = Mask::elliptical(l(20.0), l(2.0))
            .unwrap()
            .with_azimuth(45.0)
            .unwrap();
        assert!(at(&d, &[6.0, 6.0]) && !at(&d, &[6.0, -6.0]));
        // Polar: the ellipsoid's polar (z) axis tilted 90° toward +x lies
        // along x.
        let p = Mask::ellipsoidal(l(4.0), l(4.0), l(40.0))
            .unwrap()
            .with_polar_angle(90.0)
            .unwrap();
        assert!(at(&p, &[19.0, 0.0, 0.0]) && !at(&p, &[0.0, 0.0, 19.0]));
    }

    #[test]
    fn anchors_move_the_centre() {
        let m = Mask::circular(l(1.0))
            .unwrap()
            .with_anchor(&[l(10.0), l(0.0)])
            .unwrap();
        assert!(at(&m, &[10.5, 0.0]) && !at(&m, &[0.0, 0.0]));
        assert_eq!(m.plain_radius(), None);
        assert_eq!(Mask::circular(l(1.0)).unwrap().plain_radius(), Some(1e-6));
    }

    #[test]
    fn reach_holds_every_shape() {
        let shapes = [
            Mask::circular(l(7.0)).unwrap(),
            Mask::doughnut(l(2.0), l(7.0)).unwrap(),
            Mask::rectangular(&[l(-3.0), l(1.0)], &[l(5.0), l(2.0)])
                .unwrap()
                .with_azimuth(30.0)
                .unwrap(),
            Mask::elliptical(l(14.0), l(3.0))
                .unwrap()
                .with_azimuth(77.0)
                .unwrap(),
        ];
        for m in &shapes {
            let (r, c) = (m.reach(), [m.centre(0), m.centre(1)]);
            for i in -100..=100 {
                for j in -100..=100 {
                    let p = [c[0] + i as f64 * 0.1e-6, c[1] + j as f64 * 0.1e-6];
                    let far = ((p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)).sqrt() > r;
                    assert!(!(far && m.inside_si(&p)), "{m:?} at {p:?}");
                }
            }
        }
    }

    #[test]
    fn invalid_masks_are_typed_errors() {
        let name = |r: Result<Mask, InitError>| match r {
            Err(InitError::InvalidParameter { name, .. }) => name,
            Err(InitError::ShapeMismatch { what, .. }) => what,
            other => panic!("{other:?}"),
        };
        assert_eq!(name(Mask::circular(l(0.0))), "radius");
        assert_eq!(name(Mask::circular(l(f64::NAN))), "radius");
        assert_eq!(name(Mask::doughnut(l(5.0), l(5.0))), "outer_radius");
        assert_eq!(name(Mask::elliptical(l(1.0), l(2.0))), "major_axis");
        assert_eq!(
            name(Mask::rectangular(&[l(0.0), l(0.0)], &[l(1.0), l(0.0)])),
            "upper_right"
        );
        assert_eq!(
            name(Mask::rectangular(&[l(0.0)], &[l(1.0)])),
            "mask corners (lower_left, upper_right)"
        );
        assert_eq!(
            name(Mask::circular(l(1.0)).unwrap().with_azimuth(10.0)),
            "azimuth_angle"
        );
        assert_eq!(
            name(
                Mask::elliptical(l(2.0), l(1.0))
                    .unwrap()
                    .with_polar_angle(10.0)
            ),
            "polar_angle"
        );
        assert_eq!(
            name(
                Mask::elliptical(l(2.0), l(1.0))
                    .unwrap()
                    .with_azimuth(f64::NAN)
            ),
            "azimuth_angle"
        );
        assert_eq!(
            name(
                Mask::doughnut(l(1.0), l(2.0))
                    .unwrap()
                    .with_anchor(&[l(1.0)])
            ),
            "mask anchor"
        );
    }
}
