//! The example programs, run as a user runs them.
//!
//! 1. Every example in [`EXAMPLES`] runs at reduced size, exits with
//!    success and writes each of its figures as a PNG file (signature and
//!    IHDR checked), so that none can rot.
//! 2. The tutorial's sections 2–5 (`mixture`, `conditional`,
//!    `scaled_clipped`, `distance_modulated`) run at the tutorial's full
//!    sample sizes, and every statistic they print agrees with its exact
//!    value within sampling error — as does the tutorial's own printed
//!    value of the same statistic, one draw of the same experiment.
//!
//! The examples are the binaries that `cargo test` builds into
//! `target/<profile>/examples/`, found from this test's own path; the test
//! never calls cargo. `cargo test --test examples` alone does not build
//! them: run `cargo build --examples` first (the test says so when a binary
//! is missing or older than its source).
//!
//! # Tolerances
//!
//! A printed statistic `x` passes when `|x − E| ≤ 4·SE + r`, where `E` is
//! its exact expectation (closed-form moments of the distribution), `SE`
//! its asymptotic standard error at the tutorial's sample size, computed
//! from the exact moments (not estimated from the sample), and `r` half a
//! unit of the last printed digit (the values are printed rounded). The
//! tutorial's printed value must pass the same test. For a statistic that
//! is close to normally distributed, 4 SE is exceeded with probability
//! 6e-5; with about 90 checks in all the chance of a false alarm is under
//! 1%, and the seeds are fixed, so a pass is reproducible and a failure
//! points at a bug, not bad luck.
//!
//! Standard errors: a mean `σ/√n`; a (population) standard deviation
//! `√((μ₄ − σ⁴)/n) / 2σ`; a skewness and a coefficient of variation by the
//! delta method with the central moments up to the sixth; a count of
//! events of probability `p` in `n`, `√(np(1 − p))`; a ratio of two
//! independent means by the delta method. A mean over a distance band uses
//! the band's expected size `n·P(band)` (the realised size varies by a few
//! percent, which changes the SE by less).
//!
//! Minimum and maximum are not estimates of anything, so they are checked
//! for plausibility only, but exactly: the sample minimum has
//! `P(min ≤ x) = 1 − (1 − F(x))ⁿ`; a printed extreme passes when neither of
//! its tail probabilities is below 1e-4 (which also puts it in the
//! support).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use statrs::distribution::{Continuous, ContinuousCDF, Normal as StdNormal};

/// An example program and what quick runs of it must write.
struct Example {
    /// The name of `examples/<name>.rs`.
    name: &'static str,
    /// The arguments of each quick run (an example that writes figures
    /// also gets `--out DIR`).
    quick: &'static [&'static [&'static str]],
    /// PNG files it writes into `--out`.
    figures: &'static [&'static str],
    /// Data files it writes into `--out` (checked to be non-empty).
    files: &'static [&'static str],
}

/// Every example. To add one, add a row; `every_example_is_listed` fails
/// while an `examples/*.rs` file has none.
const EXAMPLES: &[Example] = &[
    Example {
        name: "quickstart",
        quick: &[&[]],
        figures: &[],
        files: &[],
    },
    Example {
        name: "mixture",
        quick: &[&["--scale", "0.1"]],
        figures: &[
            "mixture_two_components.png",
            "mixture_three_components.png",
            "mixture_mixed_types.png",
        ],
        files: &[],
    },
    Example {
        name: "conditional",
        quick: &[&["--scale", "0.1"]],
        figures: &["conditional_ei.png", "conditional_layers.png"],
        files: &[],
    },
    Example {
        name: "scaled_clipped",
        quick: &[&["--scale", "0.1"]],
        figures: &["scaled.png", "clipped.png"],
        files: &[],
    },
    Example {
        name: "distance_modulated",
        quick: &[&["--scale", "0.1"]],
        figures: &["distance_gaussian.png", "distance_profiles.png"],
        files: &[],
    },
    Example {
        name: "ei_network",
        quick: &[&["--neurons", "200"]],
        figures: &["ei_network.png"],
        files: &[],
    },
    Example {
        name: "cortical_microcircuit",
        quick: &[&["--neurons", "120"]],
        figures: &["cortical_microcircuit.png"],
        files: &["weights.npy", "positions.npy"],
    },
    Example {
        name: "sparse_cortex",
        quick: &[&["--neurons", "3000"]],
        figures: &[],
        files: &["sparse_cortex.npz"],
    },
    Example {
        name: "sparse_microcircuit",
        quick: &[&["--neurons", "3000"]],
        figures: &["sparse_microcircuit.png"],
        files: &["sparse_microcircuit.npz"],
    },
    Example {
        name: "potjans_diesmann",
        quick: &[&["--scale", "0.02"]],
        figures: &[],
        files: &["pd14.npz"],
    },
    Example {
        name: "reference_draws",
        quick: &[&[]],
        figures: &[],
        files: &[
            "normal_fill.npy",
            "mixture3.npy",
            "conditional_ei.npy",
            "dm_dense.npy",
            "dm_pre.npy",
            "dm_post.npy",
            "cortex_indptr.npy",
            "cortex_indices.npy",
            "cortex_weights.npy",
        ],
    },
    Example {
        name: "workloads",
        quick: &[
            &["normal_fill", "10000"],
            &["dm_dense", "100"],
            &["mixture3", "10000"],
            &["conditional_ei", "10000"],
            &["sparse_spatial", "3000"],
            &["floor_constant", "10000"],
            &["floor_uniform", "10000"],
            &["floor_exp", "10000"],
            &["pd14", "0.02"],
            &["sparse_network", "3000"],
            &["cortex_parts", "3000", "--parts", "4"],
        ],
        figures: &[],
        files: &[],
    },
];

// ---------------------------------------------------------------------------
// Running the examples

/// `target/<profile>`: this test runs as `target/<profile>/deps/examples-<hash>`.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.parent()
        .and_then(Path::parent)
        .expect("the test binary lives in target/<profile>/deps")
        .to_path_buf()
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn modified(p: &Path) -> SystemTime {
    std::fs::metadata(p)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The example's binary, refusing one that is missing or stale.
///
/// Stale: one of its sources (listed in its dep-info file `<name>.d`,
/// library crates included) changed after the example was built but before
/// this test binary was — `cargo test --test examples` after a library
/// change rebuilds the test and not the examples. A source changed after
/// this test was built is ignored: it makes every binary of the run stale
/// alike (someone editing the tree during a long `cargo test`), and
/// `cargo test` rebuilds both. (So an edit of only an example followed by
/// `cargo test --test examples`, which rebuilds neither, goes unnoticed.)
fn binary(name: &str) -> PathBuf {
    let bin = profile_dir()
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let hint = "`cargo test` builds the examples; `cargo test --test examples` alone \
                does not: run `cargo build --examples` first";
    assert!(
        bin.is_file(),
        "example binary {} not found: {hint}",
        bin.display()
    );
    let built = modified(&bin);
    let tested = modified(&std::env::current_exe().expect("the test binary's path"));
    let dep_info = profile_dir().join("examples").join(format!("{name}.d"));
    if let Ok(deps) = std::fs::read_to_string(&dep_info) {
        let sources = deps.split_once(": ").map_or("", |(_, list)| list);
        for src in sources.split_whitespace().map(Path::new) {
            let Ok(changed) = std::fs::metadata(src).and_then(|m| m.modified()) else {
                continue;
            };
            assert!(
                !(changed > built && changed <= tested),
                "{} is older than {}: {hint}",
                bin.display(),
                src.display()
            );
        }
    }
    bin
}

/// A fresh, empty folder under the target directory (one per process, so
/// that concurrent test runs do not collide).
fn fresh_dir(tag: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("examples")
        .join(format!("{tag}-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove an old output folder");
    }
    std::fs::create_dir_all(&dir).expect("create the output folder");
    dir
}

/// Run an example with `args` (and `--out out` if it writes files); its
/// standard output.
fn run(example: &Example, args: &[&str], out: &Path) -> String {
    let name = example.name;
    let mut cmd = Command::new(binary(name));
    cmd.args(args);
    if !example.figures.is_empty() || !example.files.is_empty() {
        cmd.arg("--out").arg(out);
    }
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run example {name}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "example {name} {args:?} failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Width and height of a PNG file, after checking its signature and that
/// its first chunk is IHDR.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("figure {} missing: {e}", path.display()));
    assert!(
        bytes.len() > 33,
        "{} is too short for a PNG",
        path.display()
    );
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} lacks the PNG signature",
        path.display()
    );
    assert_eq!(
        &bytes[12..16],
        b"IHDR",
        "{}: first chunk is not IHDR",
        path.display()
    );
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
    (be(16), be(20))
}

fn assert_figures(example: &Example, out: &Path) {
    for fig in example.figures {
        let (w, h) = png_size(&out.join(fig));
        // Every figure is several panels of a few hundred pixels each.
        assert!(
            (400..=4000).contains(&w) && (300..=4000).contains(&h),
            "{}/{fig}: implausible size {w} × {h}",
            example.name
        );
    }
    for file in example.files {
        let len = std::fs::metadata(out.join(file)).map_or(0, |m| m.len());
        assert!(len > 0, "{}/{file}: missing or empty", example.name);
    }
}

#[test]
fn every_example_runs_small_and_writes_its_figures() {
    std::thread::scope(|s| {
        for ex in EXAMPLES {
            for (k, args) in ex.quick.iter().enumerate() {
                s.spawn(move || {
                    let out = fresh_dir(&format!("quick-{}-{k}", ex.name));
                    run(ex, args, &out);
                    assert_figures(ex, &out);
                    // Kept for inspection only when the run fails.
                    let _ = std::fs::remove_dir_all(&out);
                });
            }
        }
    });
}

/// weights.npy and positions.npy, as the cortical microcircuit writes
/// them, read by numpy (a reader other than the writer): shape, dtype, the
/// sum the example printed at full precision, a zero diagonal, inhibitory
/// rows non-positive and excitatory rows non-negative, positions in the
/// 600 µm square.
#[test]
fn cortical_microcircuit_files_are_read_by_numpy() {
    let ex = EXAMPLES
        .iter()
        .find(|e| e.name == "cortical_microcircuit")
        .expect("listed");
    let out = fresh_dir("npy");
    let n = 90;
    let stdout = run(ex, &["--neurons", &n.to_string()], &out);
    let checksum: f64 = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Checksum (sum of all weights, nS): "))
        .expect("the example prints its checksum")
        .parse()
        .expect("a number");
    // Excitatory rows: the tutorial's int(0.35 n) + int(0.30 n).
    let n_exc = (0.35 * n as f64) as usize + (0.30 * n as f64) as usize;
    let code = format!(
        "import numpy as np\n\
         w = np.load(r'{w}'); p = np.load(r'{p}')\n\
         print(w.shape, w.dtype, p.shape, p.dtype)\n\
         print(repr(float(w.sum())))\n\
         print(bool((np.diag(w) == 0).all()), bool((w[:{e}] >= 0).all()), bool((w[{e}:] <= 0).all()))\n\
         print(bool(p.min() >= 0), bool(p.max() <= 600))\n",
        w = out.join("weights.npy").display(),
        p = out.join("positions.npy").display(),
        e = n_exc,
    );
    let py = init_testkit::run_python(&code);
    let lines: Vec<&str> = py.lines().collect();
    assert_eq!(lines[0], format!("({n}, {n}) float64 ({n}, 2) float64"));
    let sum: f64 = lines[1].parse().expect("numpy printed a float");
    // numpy sums pairwise, we summed in order: equal to rounding.
    assert!(
        (sum - checksum).abs() <= 1e-12 * checksum.abs().max(1.0),
        "numpy reads sum {sum}, the example wrote {checksum}"
    );
    assert_eq!(lines[2], "True True True", "diagonal / signs of rows");
    assert_eq!(lines[3], "True True", "positions inside the square");
}

#[test]
fn every_example_is_listed() {
    let dir = manifest_dir().join("examples");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("examples/") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_stem().and_then(|s| s.to_str()).expect("a name");
            if !EXAMPLES.iter().any(|e| e.name == name) {
                missing.push(format!("examples/{name}.rs"));
            }
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "no row in EXAMPLES (tests/examples.rs) for {}",
        missing.join(", ")
    );
}

/// Run an example at full size (also checking its figures); its output.
fn full_run(name: &str) -> Printout {
    let ex = EXAMPLES
        .iter()
        .find(|e| e.name == name)
        .expect("a listed example");
    let out = fresh_dir(&format!("full-{name}"));
    let stdout = run(ex, &[], &out);
    assert_figures(ex, &out);
    // Kept for inspection only when the run fails.
    let _ = std::fs::remove_dir_all(&out);
    Printout(stdout)
}

// ---------------------------------------------------------------------------
// Reading what the examples print

/// A printed number and half a unit of its last digit.
#[derive(Clone, Copy, Debug)]
struct Printed {
    value: f64,
    rounding: f64,
}

impl Printed {
    fn parse(s: &str) -> Printed {
        let decimals = s.split_once('.').map_or(0, |(_, f)| f.len());
        Printed {
            value: s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}")),
            rounding: 0.5 * 10f64.powi(-(decimals as i32)),
        }
    }
}

/// The numbers in `s`, in order (`-` counts as a sign only before a digit
/// and not after a letter or digit).
fn numbers(s: &str) -> Vec<Printed> {
    let chars: Vec<char> = s.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let sign = chars[i] == '-'
            && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
            && (i == 0 || !chars[i - 1].is_alphanumeric());
        if chars[i].is_ascii_digit() || sign {
            let start = i;
            i += 1;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (chars[i] == '.' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())))
            {
                i += 1;
            }
            found.push(Printed::parse(&chars[start..i].iter().collect::<String>()));
        } else {
            i += 1;
        }
    }
    found
}

/// An example's standard output.
struct Printout(String);

impl Printout {
    /// The line starting (after indentation) with `label` that first
    /// follows the line containing `section`.
    fn line(&self, section: &str, label: &str) -> &str {
        let mut lines = self.0.lines().skip_while(|l| !l.contains(section));
        assert!(
            lines.next().is_some(),
            "no section {section:?} in:\n{}",
            self.0
        );
        lines
            .map(str::trim_start)
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no line {label:?} after {section:?} in:\n{}", self.0))
    }

    /// The numbers after `label` on that line.
    fn numbers(&self, section: &str, label: &str) -> Vec<Printed> {
        numbers(&self.line(section, label)[label.len()..])
    }

    /// The single number after `label`.
    fn number(&self, section: &str, label: &str) -> Printed {
        let v = self.numbers(section, label);
        assert_eq!(v.len(), 1, "{section:?} / {label:?}: expected one number");
        v[0]
    }
}

// ---------------------------------------------------------------------------
// Exact distributions and the standard errors of their statistics

/// The standard normal distribution.
fn z() -> StdNormal {
    StdNormal::new(0.0, 1.0).expect("the standard normal")
}

/// Raw moments `E[Xᵏ]`, k = 0..=6.
type Raw = [f64; 7];

fn binomial(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

/// A distance profile: distance in µm to a factor.
type Profile = fn(f64) -> f64;

/// The distributions of the tutorial's sections 2–5.
#[derive(Clone, Debug)]
enum Dist {
    Normal(f64, f64),
    /// Mean and std of the samples (linear space), as the library takes them.
    LogNormal(f64, f64),
    /// Shape k, scale θ.
    Gamma(f64, f64),
    /// N(mean, std²) conditioned on [low, high].
    Truncated(f64, f64, f64, f64),
    /// N(mean, std²) clamped to [low, high] (either may be infinite).
    Clipped(f64, f64, f64, f64),
    /// (weight, component).
    Mixture(Vec<(f64, Dist)>),
    /// `max(B · profile(d), floor)` with `B ~ N(mean, std²)` and `d`
    /// uniform on [a, b]: (mean, std, floor, profile, (a, b), breakpoints
    /// where the profile is not smooth).
    Modulated(f64, f64, f64, Profile, (f64, f64), Vec<f64>),
}

/// `∫ zʲ φ(z) dz` over [α, β], j = 0..=6 (partial moments of the standard
/// normal, by the recurrence `Iⱼ = (j−1) Iⱼ₋₂ + αʲ⁻¹φ(α) − βʲ⁻¹φ(β)`).
fn partial_std_normal(alpha: f64, beta: f64) -> Raw {
    let n = z();
    // αʲ φ(α), 0 at ±∞.
    let edge = |x: f64, j: i32| {
        if x.is_finite() {
            x.powi(j) * n.pdf(x)
        } else {
            0.0
        }
    };
    // Mass in the tails computed from the nearer tail (no cancellation).
    let mass = if alpha > 0.0 {
        n.sf(alpha) - n.sf(beta)
    } else {
        n.cdf(beta) - n.cdf(alpha)
    };
    let mut i = [0.0; 7];
    i[0] = mass;
    i[1] = edge(alpha, 0) - edge(beta, 0);
    for j in 2..7 {
        i[j] = (j - 1) as f64 * i[j - 2] + edge(alpha, j as i32 - 1) - edge(beta, j as i32 - 1);
    }
    i
}

/// `E[Xᵏ; low ≤ X ≤ high]` for X ~ N(m, s²), s > 0.
fn partial_normal(m: f64, s: f64, low: f64, high: f64) -> Raw {
    let i = partial_std_normal((low - m) / s, (high - m) / s);
    let mut r = [0.0; 7];
    for (k, rk) in r.iter_mut().enumerate() {
        *rk = (0..=k)
            .map(|j| binomial(k, j) * m.powi((k - j) as i32) * s.powi(j as i32) * i[j])
            .sum();
    }
    r
}

fn point_mass(x: f64) -> Raw {
    std::array::from_fn(|k| x.powi(k as i32))
}

/// Composite Simpson rule on [a, b] split at `breaks`, 2000 panels per
/// piece; the integrands are smooth on each piece, so the quadrature error
/// is far below the statistical tolerances.
fn simpson(a: f64, b: f64, breaks: &[f64], f: impl Fn(f64) -> Raw) -> Raw {
    let mut points = vec![a];
    points.extend(breaks.iter().copied().filter(|&x| x > a && x < b));
    points.push(b);
    let mut total = [0.0; 7];
    for w in points.windows(2) {
        let (lo, hi, n) = (w[0], w[1], 2000);
        let h = (hi - lo) / n as f64;
        for k in 0..=n {
            let weight = if k == 0 || k == n {
                1.0
            } else if k % 2 == 1 {
                4.0
            } else {
                2.0
            };
            let v = f(lo + k as f64 * h);
            for (t, x) in total.iter_mut().zip(v) {
                *t += weight * x * h / 3.0;
            }
        }
    }
    total
}

impl Dist {
    fn raw(&self) -> Raw {
        match *self {
            Dist::Normal(m, s) => partial_normal(m, s, f64::NEG_INFINITY, f64::INFINITY),
            Dist::LogNormal(mean, std) => {
                let s2 = (1.0 + (std / mean).powi(2)).ln();
                let mu = mean.ln() - s2 / 2.0;
                std::array::from_fn(|k| (k as f64 * mu + (k * k) as f64 * s2 / 2.0).exp())
            }
            Dist::Gamma(shape, scale) => {
                std::array::from_fn(|k| (0..k).map(|i| scale * (shape + i as f64)).product())
            }
            Dist::Truncated(m, s, lo, hi) => {
                let p = partial_normal(m, s, lo, hi);
                p.map(|x| x / p[0])
            }
            Dist::Clipped(m, s, lo, hi) => {
                if s == 0.0 {
                    return point_mass(m.clamp(lo, hi));
                }
                let n = z();
                let mut r = partial_normal(m, s, lo, hi);
                let (below, above) = (n.cdf((lo - m) / s), n.sf((hi - m) / s));
                for (k, rk) in r.iter_mut().enumerate() {
                    if below > 0.0 {
                        *rk += below * lo.powi(k as i32);
                    }
                    if above > 0.0 {
                        *rk += above * hi.powi(k as i32);
                    }
                }
                r
            }
            Dist::Mixture(ref parts) => {
                let mut r = [0.0; 7];
                for (w, d) in parts {
                    for (rk, x) in r.iter_mut().zip(d.raw()) {
                        *rk += w * x;
                    }
                }
                r
            }
            Dist::Modulated(m, s, floor, profile, (a, b), ref breaks) => {
                let at = |d: f64| {
                    let c = profile(d);
                    if c == 0.0 {
                        // A zero profile gives weight 0, then the floor.
                        point_mass(floor.max(0.0))
                    } else {
                        Dist::Clipped(c * m, c * s, floor, f64::INFINITY).raw()
                    }
                };
                simpson(a, b, breaks, at).map(|x| x / (b - a))
            }
        }
    }

    fn cdf(&self, x: f64) -> f64 {
        let n = z();
        match *self {
            Dist::Normal(m, s) => n.cdf((x - m) / s),
            Dist::LogNormal(mean, std) => {
                let s2 = (1.0 + (std / mean).powi(2)).ln();
                let mu = mean.ln() - s2 / 2.0;
                if x <= 0.0 {
                    0.0
                } else {
                    n.cdf((x.ln() - mu) / s2.sqrt())
                }
            }
            Dist::Truncated(m, s, lo, hi) => {
                let (a, b) = (n.cdf((lo - m) / s), n.cdf((hi - m) / s));
                ((n.cdf((x - m) / s) - a) / (b - a)).clamp(0.0, 1.0)
            }
            Dist::Mixture(ref parts) => parts.iter().map(|(w, d)| w * d.cdf(x)).sum(),
            ref other => unimplemented!("no CDF needed for {other:?}"),
        }
    }

    /// Mean and the central moments μ₂..μ₆.
    fn moments(&self) -> Moments {
        let r = self.raw();
        let mean = r[1];
        let central = |k: usize| -> f64 {
            (0..=k)
                .map(|j| binomial(k, j) * r[j] * (-mean).powi((k - j) as i32))
                .sum()
        };
        Moments {
            mean,
            mu: std::array::from_fn(|k| if k < 2 { 0.0 } else { central(k) }),
        }
    }
}

/// A distribution's mean and central moments (`mu[k]` = μₖ, k = 2..=6).
struct Moments {
    mean: f64,
    mu: [f64; 7],
}

/// A statistic's exact expectation and standard error at sample size n.
#[derive(Clone, Copy, Debug)]
struct Exact {
    value: f64,
    se: f64,
}

impl Moments {
    fn std(&self) -> f64 {
        self.mu[2].sqrt()
    }

    fn mean_stat(&self, n: f64) -> Exact {
        Exact {
            value: self.mean,
            se: (self.mu[2] / n).sqrt(),
        }
    }

    fn std_stat(&self, n: f64) -> Exact {
        let s = self.std();
        Exact {
            value: s,
            se: ((self.mu[4] - self.mu[2].powi(2)) / n).sqrt() / (2.0 * s),
        }
    }

    /// g = m₃/m₂^{3/2}: with Var m₂ = (μ₄ − μ₂²)/n, Var m₃ = (μ₆ − μ₃² −
    /// 6μ₄μ₂ + 9μ₂³)/n, Cov(m₂, m₃) = (μ₅ − 4μ₃μ₂)/n and the gradient
    /// (−3/2 μ₃ μ₂^{−5/2}, μ₂^{−3/2}).
    fn skewness_stat(&self, n: f64) -> Exact {
        let [_, _, m2, m3, m4, m5, m6] = self.mu;
        let var_m2 = (m4 - m2 * m2) / n;
        let var_m3 = (m6 - m3 * m3 - 6.0 * m4 * m2 + 9.0 * m2.powi(3)) / n;
        let cov = (m5 - 4.0 * m3 * m2) / n;
        let (d2, d3) = (-1.5 * m3 * m2.powf(-2.5), m2.powf(-1.5));
        Exact {
            value: m3 / m2.powf(1.5),
            se: (d2 * d2 * var_m2 + d3 * d3 * var_m3 + 2.0 * d2 * d3 * cov).sqrt(),
        }
    }

    /// CV = s/m: Var m = μ₂/n, Var s = (μ₄ − μ₂²)/(4μ₂n), Cov(m, s) =
    /// μ₃/(2σn), gradient (−σ/μ², 1/μ).
    fn cv_stat(&self, n: f64) -> Exact {
        let (m, s) = (self.mean, self.std());
        let var_m = self.mu[2] / n;
        let var_s = (self.mu[4] - self.mu[2].powi(2)) / (4.0 * self.mu[2] * n);
        let cov = self.mu[3] / (2.0 * s * n);
        let (dm, ds) = (-s / (m * m), 1.0 / m);
        Exact {
            value: s / m,
            se: (dm * dm * var_m + ds * ds * var_s + 2.0 * dm * ds * cov).sqrt(),
        }
    }
}

/// A count of events of probability `p` among `n`.
fn count_stat(p: f64, n: f64) -> Exact {
    Exact {
        value: n * p,
        se: (n * p * (1.0 - p)).sqrt(),
    }
}

/// The ratio of two independent sample means of sizes `nb`, `na`: b/a.
fn ratio_stat(b: &Moments, nb: f64, a: &Moments, na: f64) -> Exact {
    let r = b.mean / a.mean;
    let rel = b.mu[2] / nb / b.mean.powi(2) + a.mu[2] / na / a.mean.powi(2);
    Exact {
        value: r,
        se: r * rel.sqrt(),
    }
}

// ---------------------------------------------------------------------------
// Comparing

/// Collects the comparisons of one example and fails at the end, after a
/// table of all of them (printed with `--nocapture`).
struct Report {
    example: &'static str,
    table: String,
    failures: Vec<String>,
}

impl Report {
    fn new(example: &'static str) -> Self {
        let mut table = String::new();
        let _ = writeln!(
            table,
            "{example}: statistic | ours | tutorial | exact ± SE | ours in SE | tutorial in SE"
        );
        Report {
            example,
            table,
            failures: Vec::new(),
        }
    }

    /// Ours and the tutorial's (if it prints one) within 4 SE (+ rounding)
    /// of the exact value.
    fn stat(&mut self, what: &str, ours: Printed, tutorial: Option<&str>, exact: Exact) {
        let z = |p: Printed| (p.value - exact.value) / exact.se;
        let ok = |p: Printed| (p.value - exact.value).abs() <= 4.0 * exact.se + p.rounding;
        let tut = tutorial.map(Printed::parse);
        let _ = writeln!(
            self.table,
            "  {what} | {} | {} | {:.4} ± {:.4} | {:+.2} | {}",
            ours.value,
            tutorial.unwrap_or("-"),
            exact.value,
            exact.se,
            z(ours),
            tut.map_or("-".into(), |t| format!("{:+.2}", z(t)))
        );
        if !ok(ours) {
            self.failures.push(format!(
                "{what}: ours {} vs exact {:.5} ± {:.5} ({:+.2} SE)",
                ours.value,
                exact.value,
                exact.se,
                z(ours)
            ));
        }
        if let Some(t) = tut.filter(|&t| !ok(t)) {
            self.failures.push(format!(
                "{what}: the tutorial's {} vs exact {:.5} ± {:.5} ({:+.2} SE)",
                t.value,
                exact.value,
                exact.se,
                z(t)
            ));
        }
    }

    /// A printed minimum (`is_min`) or maximum of `n` draws from `dist`,
    /// ours and the tutorial's, plausible at the 1e-4 level on each side.
    fn extreme(
        &mut self,
        what: &str,
        ours: Printed,
        tutorial: Option<&str>,
        dist: &Dist,
        n: f64,
        is_min: bool,
    ) {
        // P(X <= x)^n and 1 − (1 − P(X <= x))^n without cancellation.
        let all_below = |x: f64| (n * dist.cdf(x).ln()).exp();
        let some_below = |x: f64| -(n * (-dist.cdf(x)).ln_1p()).exp_m1();
        // (P(extreme ≤ x + r), P(extreme ≥ x − r)): the rounding in the
        // value's favour.
        let tails = |p: Printed| {
            let (hi, lo) = (p.value + p.rounding, p.value - p.rounding);
            if is_min {
                (some_below(hi), 1.0 - some_below(lo))
            } else {
                (all_below(hi), 1.0 - all_below(lo))
            }
        };
        for (who, p) in [
            ("ours", Some(ours)),
            ("the tutorial's", tutorial.map(Printed::parse)),
        ] {
            let Some(p) = p else { continue };
            let (below, above) = tails(p);
            let _ = writeln!(
                self.table,
                "  {what} ({who}) | {} | P(≤) = {below:.2e}, P(≥) = {above:.2e}",
                p.value
            );
            if below < 1e-4 || above < 1e-4 {
                self.failures.push(format!(
                    "{what}: {who} {} is implausible for the {} of {n} draws \
                     (P(≤) = {below:.2e}, P(≥) = {above:.2e})",
                    p.value,
                    if is_min { "minimum" } else { "maximum" }
                ));
            }
        }
    }

    /// A condition that must hold exactly.
    fn holds(&mut self, what: &str, ok: bool) {
        let _ = writeln!(self.table, "  {what} | {ok}");
        if !ok {
            self.failures.push(what.to_string());
        }
    }

    fn finish(self) {
        println!("{}", self.table);
        assert!(
            self.failures.is_empty(),
            "{}: {} statistic(s) off:\n  {}\n\n{}",
            self.example,
            self.failures.len(),
            self.failures.join("\n  "),
            self.table
        );
    }
}

/// Mean, std and range of a printed block: lines `Mean:`, `Std:`, `Range:`.
fn block(r: &mut Report, out: &Printout, section: &str, dist: &Dist, n: f64, tutorial: [&str; 4]) {
    let m = dist.moments();
    let name = section.trim_end_matches(':');
    r.stat(
        &format!("{name} mean"),
        out.number(section, "Mean:"),
        Some(tutorial[0]),
        m.mean_stat(n),
    );
    r.stat(
        &format!("{name} std"),
        out.number(section, "Std:"),
        Some(tutorial[1]),
        m.std_stat(n),
    );
    let range = out.numbers(section, "Range:");
    assert_eq!(range.len(), 2, "{section} Range: two numbers");
    r.extreme(
        &format!("{name} min"),
        range[0],
        Some(tutorial[2]),
        dist,
        n,
        true,
    );
    r.extreme(
        &format!("{name} max"),
        range[1],
        Some(tutorial[3]),
        dist,
        n,
        false,
    );
}

// ---------------------------------------------------------------------------
// The tutorial's sections

#[test]
fn mixture_statistics_agree_with_exact_values_and_the_tutorial() {
    let out = full_run("mixture");
    let mut r = Report::new("mixture");

    // Two components against a single normal, 2000 samples each.
    let two = Dist::Mixture(vec![
        (0.7, Dist::Normal(0.3, 0.05)),
        (0.3, Dist::Normal(1.2, 0.2)),
    ]);
    block(
        &mut r,
        &out,
        "Mixture Distribution:",
        &two,
        2000.0,
        ["0.579", "0.431", "0.15", "1.77"],
    );
    block(
        &mut r,
        &out,
        "Single Distribution:",
        &Dist::Normal(0.6, 0.4),
        2000.0,
        ["0.604", "0.403", "-1.16", "1.98"],
    );

    // Three components, 3000 samples, classified by thresholds.
    let three = Dist::Mixture(vec![
        (0.5, Dist::Normal(0.2, 0.03)),
        (0.35, Dist::Normal(0.6, 0.08)),
        (0.15, Dist::Normal(1.5, 0.25)),
    ]);
    let n = 3000.0;
    let (p_weak, p_strong) = (three.cdf(0.4), 1.0 - three.cdf(1.0));
    let section = "Synapse classification:";
    let mut total = 0.0;
    for (label, p, tut) in [
        ("Weak (< 0.4 nS):", p_weak, ["1483", "49.4"]),
        (
            "Medium (0.4-1.0 nS):",
            1.0 - p_weak - p_strong,
            ["1075", "35.8"],
        ),
        ("Strong (> 1.0 nS):", p_strong, ["442", "14.7"]),
    ] {
        let v = out.numbers(section, label);
        assert_eq!(v.len(), 2, "{label} count and percentage");
        let what = label.trim_end_matches(':');
        r.stat(
            &format!("{what} count"),
            v[0],
            Some(tut[0]),
            count_stat(p, n),
        );
        let pct = count_stat(p, n);
        r.stat(
            &format!("{what} %"),
            v[1],
            Some(tut[1]),
            Exact {
                value: 100.0 * pct.value / n,
                se: 100.0 * pct.se / n,
            },
        );
        r.holds(
            &format!("{what}: % = 100 · count / n"),
            (v[1].value - 100.0 * v[0].value / n).abs() <= v[1].rounding + 1e-9,
        );
        total += v[0].value;
    }
    r.holds("the classes add up to 3000", total == n);

    // Normal + LogNormal + Gamma: the skewness of 3000 samples.
    let mixed = Dist::Mixture(vec![
        (0.5, Dist::Normal(0.5, 0.1)),
        (0.3, Dist::LogNormal(0.8, 0.3)),
        (0.2, Dist::Gamma(3.0, 0.2)),
    ]);
    r.stat(
        "mixed types skewness",
        out.number("Mixing distribution types", "Skewness:"),
        Some("1.61"),
        mixed.moments().skewness_stat(3000.0),
    );
    r.finish();
}

#[test]
fn conditional_statistics_agree_with_exact_values_and_the_tutorial() {
    let out = full_run("conditional");
    let mut r = Report::new("conditional");

    // E/I: neurons 0..800 excitatory, 800..1000 inhibitory.
    let exc = Dist::Truncated(0.8, 0.2, 0.2, 2.0).moments();
    let inh = Dist::Truncated(2.5, 0.5, 1.0, 5.0).moments();
    for (section, m, n, tut) in [
        (
            "Excitatory neurons (n=800):",
            &exc,
            800.0,
            ["0.806", "0.197"],
        ),
        (
            "Inhibitory neurons (n=200):",
            &inh,
            200.0,
            ["2.527", "0.497"],
        ),
    ] {
        let name = section.trim_end_matches(':');
        r.stat(
            &format!("{name} mean"),
            out.number(section, "Mean:"),
            Some(tut[0]),
            m.mean_stat(n),
        );
        r.stat(
            &format!("{name} std"),
            out.number(section, "Std:"),
            Some(tut[1]),
            m.std_stat(n),
        );
    }
    r.stat(
        "inhibitory / excitatory mean",
        out.number("Inhibitory neurons", "Inhibitory synapses are ~"),
        Some("3.1"),
        ratio_stat(&inh, 200.0, &exc, 800.0),
    );

    // Layers (the tutorial shows these in a figure only).
    let section = "Layer statistics:";
    for (label, dist, n) in [
        ("2/3 ", Dist::Normal(0.6, 0.15), 400.0),
        ("4 ", Dist::Truncated(0.8, 0.1, 0.5, 1.2), 200.0),
        ("5 ", Dist::LogNormal(1.2, 0.4), 400.0),
    ] {
        let v = out.numbers(section, label);
        assert_eq!(v.len(), 5, "layer {label}: N, mean, std, min, max");
        let m = dist.moments();
        let name = format!("layer {}", label.trim());
        r.holds(&format!("{name} N = {n}"), v[0].value == n);
        r.stat(&format!("{name} mean"), v[1], None, m.mean_stat(n));
        r.stat(&format!("{name} std"), v[2], None, m.std_stat(n));
        r.extreme(&format!("{name} min"), v[3], None, &dist, n, true);
        r.extreme(&format!("{name} max"), v[4], None, &dist, n, false);
    }
    r.finish();
}

#[test]
fn scaled_clipped_statistics_agree_with_exact_values_and_the_tutorial() {
    let out = full_run("scaled_clipped");
    let mut r = Report::new("scaled_clipped");

    // N(1, 0.2) scaled: N(f, 0.2 f), 1000 samples each (figure only in the
    // tutorial).
    for f in [0.5, 1.0, 1.5, 2.0] {
        let v = out.numbers("Scaled distributions", &format!("×{f:.1}:"));
        assert_eq!(v.len(), 3, "×{f}: mean, std, CV");
        let m = Dist::Normal(f, 0.2 * f).moments();
        r.stat(&format!("×{f} mean"), v[0], None, m.mean_stat(1000.0));
        r.stat(&format!("×{f} std"), v[1], None, m.std_stat(1000.0));
        r.stat(&format!("×{f} CV"), v[2], None, m.cv_stat(1000.0));
    }

    // N(0.5, 0.3) clipped, 2000 samples each (the panel titles).
    let (inf, n) = (f64::INFINITY, 2000.0);
    let section = "Clipped distributions";
    for (label, dist) in [
        ("Base:", Dist::Normal(0.5, 0.3)),
        ("Min Clipped:", Dist::Clipped(0.5, 0.3, 0.2, inf)),
        ("Max Clipped:", Dist::Clipped(0.5, 0.3, -inf, 0.8)),
        (
            "Both Clipped [0.2, 0.8]:",
            Dist::Clipped(0.5, 0.3, 0.2, 0.8),
        ),
    ] {
        let line = out.line(section, label);
        // The numbers after "Mean=" (the base's title has μ and σ before).
        let v = numbers(&line[line.find("Mean=").expect("Mean=")..]);
        assert_eq!(v.len(), 2, "{label}: mean and std");
        let m = dist.moments();
        let name = label.trim_end_matches(':');
        r.stat(&format!("{name} mean"), v[0], None, m.mean_stat(n));
        r.stat(&format!("{name} std"), v[1], None, m.std_stat(n));
    }

    let section = "Clipping effects:";
    let v = out.numbers(section, "Base:");
    assert_eq!(v.len(), 4, "Base: below, 0.2, above, 0.8");
    let tail = z().cdf(-1.0); // P(X < 0.2) = P(X > 0.8) = Φ(−1)
    r.stat("base values < 0.2", v[0], Some("298"), count_stat(tail, n));
    r.stat("base values > 0.8", v[2], Some("355"), count_stat(tail, n));
    r.holds(
        "Both clipped: All values in [0.2, 0.8]",
        out.line(section, "Both clipped:") == "Both clipped: All values in [0.2, 0.8]",
    );
    let v = out.numbers(section, "Clipping reduces variance:");
    assert_eq!(v.len(), 2, "std before and after");
    r.stat(
        "std before clipping",
        v[0],
        Some("0.308"),
        Dist::Normal(0.5, 0.3).moments().std_stat(n),
    );
    r.stat(
        "std after clipping",
        v[1],
        Some("0.216"),
        Dist::Clipped(0.5, 0.3, 0.2, 0.8).moments().std_stat(n),
    );
    r.finish();
}

/// Gaussian profile, σ = 100 µm.
fn gaussian(d: f64) -> f64 {
    (-d * d / (2.0 * 100.0 * 100.0)).exp()
}

/// Exponential profile, λ = 100 µm.
fn exponential(d: f64) -> f64 {
    (-d / 100.0).exp()
}

/// Difference of Gaussians, σc = 50 µm, σs = 150 µm, Ac = 1, As = 0.3,
/// floored at 0.
fn dog(d: f64) -> f64 {
    let g = |s: f64| (-d * d / (2.0 * s * s)).exp();
    (g(50.0) - 0.3 * g(150.0)).max(0.0)
}

/// Where the difference of Gaussians reaches 0: d² = 2 ln(Ac/As) / (1/σc² − 1/σs²).
fn dog_zero() -> f64 {
    (2.0 * (1.0f64 / 0.3).ln() / (1.0 / 2500.0 - 1.0 / 22500.0)).sqrt()
}

/// Step at 100 µm: 1 inside (d ≤ 100), 0.2 outside.
fn step(d: f64) -> f64 {
    if d <= 100.0 { 1.0 } else { 0.2 }
}

#[test]
fn distance_modulated_statistics_agree_with_exact_values_and_the_tutorial() {
    let out = full_run("distance_modulated");
    let mut r = Report::new("distance_modulated");

    // Base N(1, 0.2) × Gaussian(100 µm), floor 0.05; d ~ U[0, 300) µm;
    // 1000 connections. A band [a, b] of distances holds n·(b − a)/300 of
    // them on average.
    let section = "Distance modulation effects:";
    let n = 1000.0;
    let band = |a: f64, b: f64| Dist::Modulated(1.0, 0.2, 0.05, gaussian, (a, b), vec![]);
    r.stat(
        "unmodulated mean",
        out.number(section, "Unmodulated mean:"),
        Some("0.998"),
        Dist::Normal(1.0, 0.2).moments().mean_stat(n),
    );
    for (label, a, b, tut) in [
        ("Modulated mean:", 0.0, 300.0, "0.433"),
        ("Close connections (< 50 μm) mean:", 0.0, 50.0, "0.966"),
        ("Far connections (> 200 μm) mean:", 200.0, 300.0, "0.065"),
    ] {
        r.stat(
            label.trim_end_matches(':'),
            out.number(section, label),
            Some(tut),
            band(a, b).moments().mean_stat(n * (b - a) / 300.0),
        );
    }

    // Base N(1, 0.15), floor 0.05, four profiles; d ~ U[0, 250) µm; 800
    // connections (figure only in the tutorial).
    let section = "Mean weight by profile";
    let profiles: [(&str, Profile, Vec<f64>); 4] = [
        ("Gaussian:", gaussian, vec![]),
        ("Exponential:", exponential, vec![]),
        ("DoG:", dog, vec![dog_zero()]),
        ("Step:", step, vec![100.0]),
    ];
    for (label, profile, breaks) in profiles {
        let dist = Dist::Modulated(1.0, 0.15, 0.05, profile, (0.0, 250.0), breaks);
        r.stat(
            &format!("{} profile mean", label.trim_end_matches(':')),
            out.number(section, label),
            None,
            dist.moments().mean_stat(800.0),
        );
    }
    r.finish();
}

// ---------------------------------------------------------------------------
// The exact formulas themselves

#[test]
fn exact_moments_match_known_values() {
    let close = |a: f64, b: f64, what: &str| {
        assert!(
            (a - b).abs() <= 1e-9 * b.abs().max(1.0),
            "{what}: {a} vs {b}"
        );
    };
    // Normal: μ₄ = 3σ⁴, μ₆ = 15σ⁶, odd central moments 0.
    let m = Dist::Normal(0.6, 0.4).moments();
    close(m.mean, 0.6, "normal mean");
    close(m.mu[2], 0.16, "normal var");
    close(m.mu[3], 0.0, "normal μ3");
    close(m.mu[4], 3.0 * 0.4f64.powi(4), "normal μ4");
    close(m.mu[6], 15.0 * 0.4f64.powi(6), "normal μ6");
    // LogNormal and Gamma: the mean and std they are built from; the
    // gamma's skewness 2/√k.
    let m = Dist::LogNormal(1.2, 0.4).moments();
    close(m.mean, 1.2, "lognormal mean");
    close(m.std(), 0.4, "lognormal std");
    let m = Dist::Gamma(3.0, 0.2).moments();
    close(m.mean, 0.6, "gamma mean");
    close(m.std(), 3f64.sqrt() * 0.2, "gamma std");
    close(
        m.skewness_stat(1.0).value,
        2.0 / 3f64.sqrt(),
        "gamma skewness",
    );
    // Mixture mean and variance: Σwμ and Σw(σ² + μ²) − mean².
    let m = Dist::Mixture(vec![
        (0.7, Dist::Normal(0.3, 0.05)),
        (0.3, Dist::Normal(1.2, 0.2)),
    ])
    .moments();
    close(m.mean, 0.57, "mixture mean");
    close(
        m.mu[2],
        0.7 * (0.0025 + 0.09) + 0.3 * (0.04 + 1.44) - 0.57 * 0.57,
        "mixture var",
    );
    // Truncated to [μ − σ, μ + σ]: mean μ, variance σ²(1 − 2φ(1)/(2Φ(1) − 1)).
    let m = Dist::Truncated(0.8, 0.2, 0.6, 1.0).moments();
    let n = z();
    close(m.mean, 0.8, "symmetric truncation mean");
    close(
        m.mu[2],
        0.04 * (1.0 - 2.0 * n.pdf(1.0) / (2.0 * n.cdf(1.0) - 1.0)),
        "symmetric truncation var",
    );
    // Clipped below at the mean: E[max(X, μ)] = μ + σ·E[max(Z, 0)] = μ + σφ(0).
    close(
        Dist::Clipped(0.5, 0.3, 0.5, f64::INFINITY).moments().mean,
        0.5 + 0.3 * n.pdf(0.0),
        "clip at the mean",
    );
    // Clipping with bounds far out changes nothing.
    let m = Dist::Clipped(0.5, 0.3, -10.0, 10.0).moments();
    close(m.mu[4], 3.0 * 0.3f64.powi(4), "wide clip μ4");
    // A constant profile of 1 with no effective floor is the base itself.
    let m = Dist::Modulated(1.0, 0.2, -100.0, |_| 1.0, (0.0, 300.0), vec![]).moments();
    close(m.mean, 1.0, "flat modulation mean");
    close(m.mu[2], 0.04, "flat modulation var");
    // The difference of Gaussians is 0 exactly at its computed zero.
    assert!(dog(dog_zero() - 1e-6) > 0.0 && dog(dog_zero() + 1e-6) == 0.0);
}

#[test]
fn numbers_are_read_as_printed() {
    let v = numbers("Range: [-0.76, 1.82] nS, 1e (49.0%) x-1 ~3.1× 0.4-1.0");
    let values: Vec<f64> = v.iter().map(|p| p.value).collect();
    assert_eq!(values, [-0.76, 1.82, 1.0, 49.0, 1.0, 3.1, 0.4, 1.0]);
    assert_eq!(v[0].rounding, 0.005);
    assert_eq!(v[3].rounding, 0.05);
    assert_eq!(v[2].rounding, 0.5);
}
