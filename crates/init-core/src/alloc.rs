//! Output buffers.
//!
//! A fresh 80 MB output costs more in page faults than in random numbers:
//! on the 2-core VM we develop on, touching 4 KiB pages for the first time
//! costs 3.6 ns per `f64` element, against 1.2 ns with 2 MiB transparent
//! huge pages (measured on a 1e7-element fill). Linux only hands out huge
//! pages to anonymous memory that asks for them when THP is in `madvise`
//! mode (the default on many distributions), so large buffers ask.
//!
//! Outputs whose size the caller chooses go through [`try_zeroed`], which
//! turns a request beyond the memory into [`InitError::TooLarge`] instead
//! of an abort.

use crate::InitError;

/// Buffers at least this large (bytes) ask for huge pages.
const HUGE_MIN_BYTES: usize = 8 << 20;

/// A zeroed buffer of `n` values. Large buffers ask the kernel for
/// transparent huge pages before they are first touched.
pub fn zeroed(n: usize) -> Vec<f64> {
    let v = vec![0.0f64; n];
    advise_huge_pages(&v);
    v
}

/// Below this many bytes an allocation is not checked against the
/// available memory: reading `/proc/meminfo` costs about as much as
/// filling a buffer of this size, and a small request fails only where
/// nothing else would work either.
const CHECK_MIN_BYTES: usize = 64 << 20;

/// The memory the system reports available (`MemAvailable` on Linux), in
/// bytes; `None` where it cannot be read.
///
/// ```
/// if let Some(bytes) = init_core::alloc::available_memory() {
///     assert!(bytes > 0);
/// }
/// ```
pub fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kb.checked_mul(1024)
}

/// A zeroed buffer of `n` values, or [`InitError::TooLarge`] naming `what`
/// and the bytes asked for when there is not the memory for it: the
/// request is checked against the available memory (buffers of 64 MiB and
/// more) and the allocation itself may fail without aborting. Zeroed by
/// the allocator (`calloc`: fresh pages are not written twice), with huge
/// pages as [`zeroed`].
///
/// ```
/// use init_core::{InitError, alloc::try_zeroed};
///
/// assert_eq!(try_zeroed(3, "output")?, vec![0.0; 3]);
/// // 1e6 × 1e6 values (8 TB): an error, at once.
/// let huge = try_zeroed(1_000_000 * 1_000_000, "output");
/// assert!(matches!(huge, Err(InitError::TooLarge { what: "output", .. })));
/// # Ok::<(), InitError>(())
/// ```
pub fn try_zeroed(n: usize, what: &'static str) -> Result<Vec<f64>, InitError> {
    let bytes = (n as u64).saturating_mul(size_of::<f64>() as u64);
    let too_large = |limit: u64, reason| InitError::TooLarge {
        what,
        bytes,
        limit,
        reason,
    };
    let layout = std::alloc::Layout::array::<f64>(n)
        .map_err(|_| too_large(isize::MAX as u64, "an allocation can hold"))?;
    if n == 0 {
        return Ok(Vec::new());
    }
    if layout.size() >= CHECK_MIN_BYTES {
        if let Some(a) = available_memory() {
            if bytes > a {
                return Err(too_large(a, "the system has available"));
            }
        }
    }
    // SAFETY: `layout` has a nonzero size (n > 0, checked above), as
    // `alloc_zeroed` requires. Exercised by `tests::try_zeroed_is_zero_and_owned`.
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return Err(too_large(
            bytes.saturating_sub(1),
            "the allocator could give",
        ));
    }
    // SAFETY: `ptr` comes from the global allocator with the layout of
    // `[f64; n]`, which is the layout a `Vec<f64>` of capacity `n` owns
    // (size n·8, alignment of f64), as `Vec::from_raw_parts` requires; its
    // n elements are initialised (all-zero bits are 0.0), so length n is
    // valid, and the Vec becomes the allocation's only owner. Exercised by
    // `tests::try_zeroed_is_zero_and_owned` (under valgrind in CI).
    let v = unsafe { Vec::from_raw_parts(ptr.cast::<f64>(), n, n) };
    advise_huge_pages(&v);
    Ok(v)
}

/// A zeroed buffer of `n` 32-bit integers (sparse indices), with huge
/// pages as [`zeroed`].
pub fn zeroed_u32(n: usize) -> Vec<u32> {
    let v = vec![0u32; n];
    advise_huge_pages(&v);
    v
}

/// `s` as atomics, so that tasks on several threads can each write the
/// (disjoint, but scattered) elements they own through one shared borrow:
/// a network's target ids, written target by target into the rows of
/// their sources. Relaxed stores compile to plain stores.
///
/// This is `AtomicU32::from_mut_slice`, which the standard library has not
/// stabilised yet.
pub fn as_atomic_u32(s: &mut [u32]) -> &[std::sync::atomic::AtomicU32] {
    use std::sync::atomic::AtomicU32;
    // AtomicU32 has the size and bit validity of u32; its alignment (4) is
    // u32's on every target Rust supports with 32-bit atomics, but the
    // standard library guarantees only `>=`, hence the check.
    assert!(
        (s.as_ptr() as usize) % std::mem::align_of::<AtomicU32>() == 0,
        "a u32 slice aligned for AtomicU32"
    );
    // SAFETY: the layout is the same (checked alignment; equal size and
    // bit validity, documented by AtomicU32), and the exclusive borrow of
    // `s` guarantees that nothing else reads or writes the elements while
    // the returned shared borrow lives, so every access goes through the
    // atomics. Exercised by `tests::atomic_view_writes_through`.
    unsafe { &*(s as *mut [u32] as *const [AtomicU32]) }
}

#[cfg(target_os = "linux")]
fn advise_huge_pages<T>(v: &[T]) {
    const HUGE: usize = 1 << 21;
    let bytes = std::mem::size_of_val(v);
    if bytes < HUGE_MIN_BYTES {
        return;
    }
    let p = v.as_ptr() as usize;
    let start = p.next_multiple_of(HUGE);
    let end = (p + bytes) & !(HUGE - 1);
    if end > start {
        // SAFETY: [start, end) is the part of `v`'s allocation rounded inward
        // to 2 MiB boundaries, so it is mapped memory owned by this process
        // and borrowed here. MADV_HUGEPAGE only changes how the kernel backs
        // the range (page size); it never changes contents, mapping or
        // validity. A failure (THP disabled, old kernel) leaves the memory
        // as it was, so the return value is deliberately ignored.
        // Exercised by `tests::large_buffers_are_zeroed_and_writable`.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages<T>(_: &[T]) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_buffers_are_zeroed_and_writable() {
        // 64 MiB: takes the madvise path.
        let n = 8 << 20;
        let mut v = zeroed(n);
        assert_eq!(v.len(), n);
        assert!(v.iter().all(|&x| x == 0.0));
        for (i, x) in v.iter_mut().enumerate().step_by(4096) {
            *x = i as f64;
        }
        assert_eq!(v[4096 * 3], (4096 * 3) as f64);
        assert_eq!(v[n - 1], 0.0);
        // Small buffers skip it.
        assert_eq!(zeroed(10), vec![0.0; 10]);
        assert!(zeroed(0).is_empty());
        assert_eq!(zeroed_u32(5), vec![0; 5]);
    }

    #[test]
    fn try_zeroed_is_zero_and_owned() {
        // Both paths: below and above the memory check's threshold.
        for n in [1, 1000, (CHECK_MIN_BYTES / 8) + 3] {
            let mut v = try_zeroed(n, "test").unwrap();
            assert_eq!((v.len(), v.capacity()), (n, n));
            assert!(v.iter().all(|&x| x.to_bits() == 0));
            v[n - 1] = 1.0;
            v.push(2.0); // grows through the global allocator: same owner
            assert_eq!(&v[n - 1..], &[1.0, 2.0]);
        }
        assert!(try_zeroed(0, "test").unwrap().is_empty());
    }

    #[test]
    fn oversize_buffers_are_errors() {
        let t = std::time::Instant::now();
        for (n, reason) in [
            (usize::MAX, "an allocation can hold"),
            (1_000_000 * 1_000_000, "the system has available"),
        ] {
            match try_zeroed(n, "output") {
                Err(InitError::TooLarge {
                    what: "output",
                    bytes,
                    limit,
                    reason: r,
                }) => {
                    assert_eq!(bytes, (n as u64).saturating_mul(8));
                    assert!(limit < bytes);
                    if available_memory().is_some() {
                        assert_eq!(r, reason);
                    }
                }
                other => panic!("{n} values: {other:?}"),
            }
        }
        // Refused before any allocation (an attempt would abort the test
        // process): the time is printed for the record, not asserted.
        println!("refused in {:?}", t.elapsed());
    }

    #[test]
    fn atomic_view_writes_through() {
        use std::sync::atomic::Ordering;
        let mut v = zeroed_u32(1 << 20);
        {
            let a = as_atomic_u32(&mut v);
            std::thread::scope(|scope| {
                for t in 0..4u32 {
                    scope.spawn(move || {
                        for k in (t as usize..a.len()).step_by(4) {
                            a[k].store(k as u32 ^ 0x55, Ordering::Relaxed);
                        }
                    });
                }
            });
        }
        assert!(v.iter().enumerate().all(|(k, &x)| x == k as u32 ^ 0x55));
        assert!(as_atomic_u32(&mut []).is_empty());
    }
}
