//! Where generation runs: `threads=`, else `NEUROINIT_THREADS`, else
//! rayon's global pool (all cores). Pools are built once per size and
//! kept: building one costs far more than a small draw.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::PyResult;
use pyo3::exceptions::PyValueError;
use rayon::ThreadPool;

fn pools() -> &'static Mutex<HashMap<usize, Arc<ThreadPool>>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<ThreadPool>>>> = OnceLock::new();
    POOLS.get_or_init(Default::default)
}

/// The thread count asked for, if any.
fn wanted(threads: Option<usize>) -> PyResult<Option<usize>> {
    let t = match threads {
        Some(t) => Some(t),
        None => match std::env::var("NEUROINIT_THREADS") {
            Ok(v) => Some(v.trim().parse::<usize>().map_err(|_| {
                PyValueError::new_err(format!(
                    "NEUROINIT_THREADS={v:?} is not a number of threads"
                ))
            })?),
            Err(_) => None,
        },
    };
    match t {
        Some(0) => Err(PyValueError::new_err(
            "threads = 0: need at least one thread",
        )),
        t => Ok(t),
    }
}

/// Run `f` on `threads` threads (see the module doc).
pub(crate) fn run<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    let Some(n) = wanted(threads)? else {
        return Ok(f());
    };
    let pool = {
        let mut map = pools().lock().unwrap_or_else(|p| p.into_inner());
        match map.get(&n) {
            Some(p) => p.clone(),
            None => {
                let p = rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map(Arc::new)
                    .map_err(|e| PyValueError::new_err(format!("threads = {n}: {e}")))?;
                map.insert(n, p.clone());
                p
            }
        }
    };
    Ok(pool.install(f))
}
