//! `neuroinit info DIR`: read back what `build` wrote — the synapses of
//! every projection from the data files themselves (not the manifest),
//! their weight and delay statistics, and whether the counts agree with
//! the manifest.

use std::path::Path;

use serde_json::Value as Json;

use crate::{Failure, manifest};

/// Running statistics of one column.
#[derive(Clone, Copy)]
struct Stats {
    n: u64,
    sum: f64,
    sq: f64,
    min: f64,
    max: f64,
}

impl Stats {
    fn new() -> Self {
        Stats {
            n: 0,
            sum: 0.0,
            sq: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    fn push(&mut self, x: f64) {
        self.n += 1;
        self.sum += x;
        self.sq += x * x;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }

    fn show(&self) -> String {
        if self.n == 0 {
            return "-".into();
        }
        let m = self.sum / self.n as f64;
        let sd = (self.sq / self.n as f64 - m * m).max(0.0).sqrt();
        format!("{m:.4} ± {sd:.4} [{:.3}, {:.3}]", self.min, self.max)
    }
}

/// One projection as read back: synapses, weights, delays.
struct Read {
    synapses: u64,
    weights: Stats,
    delays: Stats,
}

pub(crate) fn run(dir: &Path) -> Result<(), Failure> {
    let path = dir.join(manifest::NAME);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Failure::BadInput(format!(
            "{} is not a neuroinit output ({}: {e})",
            dir.display(),
            path.display()
        ))
    })?;
    let m: Json = serde_json::from_str(&text)
        .map_err(|e| Failure::BadInput(format!("{}: {e}", path.display())))?;
    let field = |v: &Json, key: &str| -> Result<Json, Failure> {
        v.get(key)
            .cloned()
            .ok_or_else(|| Failure::BadInput(format!("{}: no `{key}`", path.display())))
    };
    let format = field(&m, "format")?;
    let projections = field(&m, "projections")?;
    let projections = projections.as_array().ok_or_else(|| {
        Failure::BadInput(format!("{}: `projections` is not a list", path.display()))
    })?;
    let read = match format.as_str() {
        Some("npz") => npz(dir, &m, projections)?,
        Some("sonata") => sonata(dir, projections)?,
        other => {
            return Err(Failure::BadInput(format!(
                "{}: unknown format {other:?}",
                path.display()
            )));
        }
    };
    let unit = m["weight_unit"].as_str().unwrap_or("?");
    println!(
        "{} ({}): {} neurons, seed {}, from {}",
        dir.display(),
        format.as_str().unwrap_or("?"),
        m["neurons"],
        m["seed"],
        m["description"].as_str().unwrap_or("?")
    );
    println!(
        "{:<24} {:<20} {:>12} {:>38} {:>34}",
        "projection",
        "rule",
        "synapses",
        format!("weight ({unit})"),
        "delay (ms)"
    );
    let mut total = 0u64;
    let mut disagree = Vec::new();
    for (p, r) in projections.iter().zip(&read) {
        let name = p["name"].as_str().unwrap_or("?");
        if p["synapses"].as_u64() != Some(r.synapses) {
            disagree.push(format!(
                "{name}: {} in the files, {} in the manifest",
                r.synapses, p["synapses"]
            ));
        }
        total += r.synapses;
        println!(
            "{:<24} {:<20} {:>12} {:>38} {:>34}",
            name,
            p["rule"].as_str().unwrap_or("?"),
            r.synapses,
            r.weights.show(),
            r.delays.show()
        );
    }
    println!("{:<24} {:<20} {:>12}", "total", "", total);
    if !disagree.is_empty() {
        return Err(Failure::Build(format!(
            "the files do not match the manifest: {}",
            disagree.join("; ")
        )));
    }
    println!("counts agree with the manifest");
    Ok(())
}

/// An integer array of an npz member, stored as int32 or int64.
fn ints<R: std::io::Read + std::io::Seek>(
    npz: &mut ndarray_npy::NpzReader<R>,
    name: &str,
) -> Result<Vec<i64>, Failure> {
    if let Ok(a) = npz.by_name::<neuroinit::ndarray::OwnedRepr<i64>, neuroinit::ndarray::Ix1>(name)
    {
        return Ok(a.to_vec());
    }
    let a: neuroinit::ndarray::Array1<i32> = npz
        .by_name(name)
        .map_err(|e| Failure::Build(format!("network.npz: {name}: {e}")))?;
    Ok(a.iter().map(|&x| i64::from(x)).collect())
}

fn npz(dir: &Path, m: &Json, projections: &[Json]) -> Result<Vec<Read>, Failure> {
    let path = dir.join("network.npz");
    let file = std::fs::File::open(&path)
        .map_err(|e| Failure::Build(format!("cannot read {}: {e}", path.display())))?;
    let mut z = ndarray_npy::NpzReader::new(file)
        .map_err(|e| Failure::Build(format!("{}: {e}", path.display())))?;
    let indptr = ints(&mut z, "indptr")?;
    let indices = ints(&mut z, "indices")?;
    let data: neuroinit::ndarray::Array1<f64> = z
        .by_name("data")
        .map_err(|e| Failure::Build(format!("{}: data: {e}", path.display())))?;
    let delays: Option<neuroinit::ndarray::Array1<f64>> = z.by_name("delays").ok();
    let range = |name: &str| -> Option<(usize, usize)> {
        m["populations"].as_array()?.iter().find_map(|p| {
            (p["name"].as_str()? == name).then(|| {
                let a = p["first_id"].as_u64().unwrap_or(0) as usize;
                (a, a + p["size"].as_u64().unwrap_or(0) as usize)
            })
        })
    };
    let mut out = Vec::new();
    for p in projections {
        let (Some((r0, r1)), Some((c0, c1))) = (
            range(p["pre"].as_str().unwrap_or("")),
            range(p["post"].as_str().unwrap_or("")),
        ) else {
            return Err(Failure::BadInput(format!(
                "manifest: projection {p} names an unknown population"
            )));
        };
        let mut r = Read {
            synapses: 0,
            weights: Stats::new(),
            delays: Stats::new(),
        };
        for row in r0..r1.min(indptr.len().saturating_sub(1)) {
            let (a, b) = (indptr[row] as usize, indptr[row + 1] as usize);
            for k in a..b.min(indices.len()) {
                let j = indices[k] as usize;
                if (c0..c1).contains(&j) {
                    r.synapses += 1;
                    r.weights.push(data[k]);
                    if let Some(d) = &delays {
                        r.delays.push(d[k]);
                    }
                }
            }
        }
        out.push(r);
    }
    Ok(out)
}

/// The edge files of a SONATA circuit and their populations, from its
/// `circuit_config.json` (one file, or one per rank).
#[cfg(feature = "sonata")]
fn edge_files(dir: &Path) -> Result<Vec<(std::path::PathBuf, Vec<String>)>, Failure> {
    let path = dir.join("circuit_config.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Failure::Build(format!("cannot read {}: {e}", path.display())))?;
    let cfg: Json = serde_json::from_str(&text)
        .map_err(|e| Failure::Build(format!("{}: {e}", path.display())))?;
    let mut out = Vec::new();
    for entry in cfg["networks"]["edges"].as_array().into_iter().flatten() {
        let file = entry["edges_file"].as_str().unwrap_or("");
        let file = file.replace("$NETWORK_DIR", &dir.join("network").display().to_string());
        let pops = entry["populations"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        out.push((std::path::PathBuf::from(file), pops));
    }
    Ok(out)
}

/// Whether edge population `name` holds synapses of the projection whose
/// population is `base` (`base` itself, or a rank's `base_r{k}`).
#[cfg(feature = "sonata")]
fn of_projection(name: &str, base: &str) -> bool {
    name == base
        || name
            .strip_prefix(base)
            .and_then(|r| r.strip_prefix("_r"))
            .is_some_and(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(feature = "sonata")]
fn sonata(dir: &Path, projections: &[Json]) -> Result<Vec<Read>, Failure> {
    let mut out: Vec<Read> = projections
        .iter()
        .map(|_| Read {
            synapses: 0,
            weights: Stats::new(),
            delays: Stats::new(),
        })
        .collect();
    for (path, pops) in edge_files(dir)? {
        let e = |x: hdf5::Error| Failure::Build(format!("{}: {x}", path.display()));
        let file = hdf5::File::open(&path).map_err(e)?;
        for name in pops {
            let k = projections
                .iter()
                .position(|p| of_projection(&name, p["edge_population"].as_str().unwrap_or("")))
                .ok_or_else(|| {
                    Failure::Build(format!(
                        "{}: edge population {name} is no projection of the manifest",
                        path.display()
                    ))
                })?;
            let g = file.group(&format!("edges/{name}")).map_err(e)?;
            let r = &mut out[k];
            let w = g.dataset("0/syn_weight").map_err(e)?;
            let d = g.dataset("0/delay").ok();
            let n = g.dataset("source_node_id").map_err(e)?.size();
            r.synapses += n as u64;
            let block = 1 << 20;
            let mut at = 0;
            while at < n {
                let end = (at + block).min(n);
                for x in w.read_slice_1d::<f64, _>(at..end).map_err(e)? {
                    r.weights.push(x);
                }
                if let Some(d) = &d {
                    for x in d.read_slice_1d::<f64, _>(at..end).map_err(e)? {
                        r.delays.push(x);
                    }
                }
                at = end;
            }
        }
    }
    Ok(out)
}

#[cfg(not(feature = "sonata"))]
fn sonata(dir: &Path, _: &[Json]) -> Result<Vec<Read>, Failure> {
    Err(Failure::Build(format!(
        "{} is SONATA; this neuroinit was built without SONATA support (rebuild with `--features sonata`)",
        dir.display()
    )))
}
