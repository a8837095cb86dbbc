//! Statistics for neuroinit's tests: one place for the KS test, the
//! chi-square test, moment checks against exact values, and a helper to run
//! code in a rayon pool of a given size.
//!
//! Every check states its tolerance in its name and docs: KS and chi-square
//! reject at p < 1e-3 (with fixed seeds, a pass is reproducible and a
//! failure means the sampler is wrong, not unlucky: with a correct sampler
//! each check fails for one seed in a thousand, and the seeds are fixed);
//! moments at 4 standard errors.
// No unsafe code. `forbid` outside tests only: ndarray's `s!` macro, which
// tests use, expands to an `allow(unsafe_code)` that `forbid` rejects.
#![cfg_attr(not(test), forbid(unsafe_code))]
#![cfg_attr(test, deny(unsafe_code))]
#![warn(missing_docs)]

use statrs::distribution::{ChiSquared, ContinuousCDF};

/// Rejection threshold of the distribution tests.
pub const P_REJECT: f64 = 1e-3;

/// One-sample Kolmogorov–Smirnov test of `samples` against `cdf`.
///
/// Returns (D, p) with the asymptotic Kolmogorov p-value and Stephens'
/// small-sample correction λ = (√n + 0.12 + 0.11/√n)·D (Stephens 1970;
/// Numerical Recipes §14.3), accurate for n ≥ 35.
pub fn ks(samples: &[f64], cdf: impl Fn(f64) -> f64) -> (f64, f64) {
    let mut xs = samples.to_vec();
    xs.sort_by(f64::total_cmp);
    let n = xs.len() as f64;
    let mut d: f64 = 0.0;
    for (i, &x) in xs.iter().enumerate() {
        let f = cdf(x);
        d = d.max(f - i as f64 / n).max((i + 1) as f64 / n - f);
    }
    let sn = n.sqrt();
    (d, kolmogorov_q((sn + 0.12 + 0.11 / sn) * d))
}

/// Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²), the Kolmogorov survival
/// function.
pub fn kolmogorov_q(lambda: f64) -> f64 {
    if lambda < 1e-3 {
        return 1.0;
    }
    let mut sum = 0.0;
    let mut sign = 1.0;
    for k in 1..=200 {
        let term = sign * (-2.0 * (k * k) as f64 * lambda * lambda).exp();
        sum += term;
        if term.abs() < 1e-16 * sum.abs() {
            break;
        }
        sign = -sign;
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

/// Assert that `samples` follow `cdf` (KS, reject at p < 1e-3).
#[track_caller]
pub fn assert_ks(label: &str, samples: &[f64], cdf: impl Fn(f64) -> f64) {
    let (d, p) = ks(samples, cdf);
    assert!(
        p >= P_REJECT,
        "{label}: KS rejects (D = {d:.5}, p = {p:.2e}, n = {})",
        samples.len()
    );
}

/// Pearson chi-square p-value of `observed` counts against `expected`
/// counts, with `constraints` degrees of freedom removed (1 when the
/// expected counts were scaled to the observed total).
pub fn chi_square_p(observed: &[f64], expected: &[f64], constraints: usize) -> f64 {
    assert_eq!(observed.len(), expected.len());
    let stat: f64 = observed
        .iter()
        .zip(expected)
        .map(|(o, e)| (o - e) * (o - e) / e)
        .sum();
    let dof = (observed.len() - constraints) as f64;
    let dist = ChiSquared::new(dof).expect("at least one degree of freedom");
    1.0 - dist.cdf(stat)
}

/// Assert a chi-square goodness of fit (reject at p < 1e-3).
#[track_caller]
pub fn assert_chi_square(label: &str, observed: &[f64], expected: &[f64], constraints: usize) {
    let p = chi_square_p(observed, expected, constraints);
    assert!(
        p >= P_REJECT,
        "{label}: chi-square rejects (p = {p:.2e}); observed {observed:?}, expected {expected:?}"
    );
}

/// Sample mean and population standard deviation.
pub fn mean_std(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n;
    (m, v.sqrt())
}

/// Assert that the sample mean and standard deviation of `xs` are within 4
/// standard errors of the exact `mean` and `std`.
///
/// SE(mean) = σ/√n with the exact σ; SE(std) ≈ √((m₄ − σ⁴)/n) / (2σ), the
/// delta-method error of the sample standard deviation, with the fourth
/// central moment m₄ estimated from the sample.
#[track_caller]
pub fn assert_moments(label: &str, xs: &[f64], mean: f64, std: f64) {
    let n = xs.len() as f64;
    let (m, s) = mean_std(xs);
    let se_mean = std / n.sqrt();
    assert!(
        (m - mean).abs() <= 4.0 * se_mean,
        "{label}: mean {m:e} vs exact {mean:e} ({:.2} SE)",
        (m - mean) / se_mean
    );
    let m4 = xs.iter().map(|x| (x - m).powi(4)).sum::<f64>() / n;
    let se_std = ((m4 - std.powi(4)).max(0.0) / n).sqrt() / (2.0 * std);
    assert!(
        (s - std).abs() <= 4.0 * se_std,
        "{label}: std {s:e} vs exact {std:e} ({:.2} SE)",
        (s - std) / se_std
    );
}

/// Run `f` inside a rayon pool of `threads` threads.
pub fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a rayon pool builds in tests")
        .install(f)
}

/// A Python interpreter with numpy and scipy, for tests whose files must be
/// read back by a reader other than the writer.
///
/// `$NEUROINIT_PYTHON` if set (CI sets it, with every package the tests
/// use installed); otherwise the virtual environment `target/pyenv` of
/// this workspace, created on first use with `python3 -m venv` and `pip
/// install numpy scipy` (PyPI is reachable from every machine this project
/// runs on). Creation is serialised by a lock directory so parallel tests
/// build it once. Panics with the command's output when Python or pip
/// fails: the test must fail, not skip.
pub fn python() -> std::path::PathBuf {
    python_with(&[])
}

/// [`python()`] with the PyPI packages `extra` installed as well (once per
/// set, remembered by a marker file in the environment).
pub fn python_with(extra: &[&str]) -> std::path::PathBuf {
    use std::path::PathBuf;
    use std::process::Command;
    if let Some(p) = std::env::var_os("NEUROINIT_PYTHON") {
        return PathBuf::from(p);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let venv = root.join("pyenv");
    let py = venv.join("bin/python");
    let ready = venv.join(".ready");
    let extra_ready = venv.join(format!(".ready-{}", extra.join("-")));
    let done = || ready.exists() && (extra.is_empty() || extra_ready.exists());
    if done() {
        return py;
    }
    std::fs::create_dir_all(&root).expect("target/ is writable");
    let lock = root.join("pyenv.lock");
    // Spin on an atomic mkdir: the first test installs, the others wait.
    let start = std::time::Instant::now();
    while std::fs::create_dir(&lock).is_err() {
        if done() {
            return py;
        }
        assert!(
            start.elapsed().as_secs() < 900,
            "waited 15 min for {} (remove it if stale)",
            lock.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    let run = |cmd: &mut Command| {
        let out = cmd.output().expect("python3 runs");
        if !out.status.success() {
            let _ = std::fs::remove_dir(&lock);
            panic!(
                "{cmd:?} failed:\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    };
    if !ready.exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        run(Command::new(&py).args(["-m", "pip", "install", "-q", "numpy", "scipy"]));
        std::fs::write(&ready, b"numpy scipy\n").expect("target/ is writable");
    }
    if !extra.is_empty() && !extra_ready.exists() {
        run(Command::new(&py)
            .args(["-m", "pip", "install", "-q"])
            .args(extra));
        std::fs::write(&extra_ready, extra.join(" ")).expect("target/ is writable");
    }
    let _ = std::fs::remove_dir(&lock);
    py
}

/// Run `code` with [`python()`] and return its standard output; panics with
/// both streams if the script fails.
pub fn run_python(code: &str) -> String {
    run_python_with(&[], code)
}

/// [`run_python`] with the packages `extra` (see [`python_with`]).
pub fn run_python_with(extra: &[&str], code: &str) -> String {
    let out = std::process::Command::new(python_with(extra))
        .arg("-c")
        .arg(code)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A test's scratch directory under the system's temporary directory,
/// removed when dropped: tests that write networks leave gigabytes
/// otherwise, and CI machines share their disk.
///
/// ```
/// let dir = init_testkit::Scratch::new("doc");
/// std::fs::write(dir.join("a"), b"x").unwrap();
/// let path = dir.to_path_buf();
/// drop(dir);
/// assert!(!path.exists());
/// ```
pub struct Scratch(std::path::PathBuf);

impl Scratch {
    /// A fresh, empty directory named for `name` and this process.
    pub fn new(name: &str) -> Scratch {
        let d = std::env::temp_dir().join(format!("neuroinit-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("create the scratch directory");
        Scratch(d)
    }
}

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::path::Path> for Scratch {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ks_accepts_the_truth_and_rejects_a_shift() {
        // Evenly spaced quantiles of U(0, 1): D = 1/(2n), p ≈ 1.
        let xs: Vec<f64> = (0..1000).map(|i| (i as f64 + 0.5) / 1000.0).collect();
        let (d, p) = ks(&xs, |x| x.clamp(0.0, 1.0));
        assert!((d - 0.0005).abs() < 1e-12 && p > 0.99);
        // Shifted by 0.1: D = 0.1 − 0.0005, p tiny.
        let (_, p) = ks(&xs, |x| (x - 0.1).clamp(0.0, 1.0));
        assert!(p < 1e-6);
        // Q_KS(1.36) ≈ 0.049 (the 5% critical value).
        assert!((kolmogorov_q(1.358) - 0.05).abs() < 1e-3);
    }

    #[test]
    fn chi_square_known_values() {
        // Perfect fit: p = 1; a 3-sigma-per-cell misfit: p tiny.
        assert!(chi_square_p(&[100.0, 100.0], &[100.0, 100.0], 1) > 0.999);
        assert!(chi_square_p(&[130.0, 70.0], &[100.0, 100.0], 1) < 1e-3);
    }
}
