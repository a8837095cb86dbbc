//! Files written whole or not at all: the bytes go to a temporary name
//! beside the target, which is renamed over it only once everything is
//! written and flushed. On any error the temporary is removed and a file
//! already at the target is left as it was.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh temporary name in the directory of `target`
/// (`.{name}.tmp-{pid}-{n}`).
pub(crate) fn temporary(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = format!(".{name}.tmp-{}-{n}", std::process::id());
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(tmp),
        _ => PathBuf::from(tmp),
    }
}

/// Write `target` through `write`, atomically (see the module
/// documentation). `E` is the writer's error, built from an I/O error by
/// `io`.
pub(crate) fn write_file<E>(
    target: &Path,
    io: impl Fn(io::Error) -> E,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<(), E> {
    write_at(target, &io, |tmp| {
        let file = File::create(tmp).map_err(&io)?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        write(&mut w)?;
        w.flush().map_err(&io)?;
        let file = w.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(&io)
    })
}

/// Write `target` atomically through `write`, which creates and fills
/// the file at the temporary path it is given (for writers that open
/// files themselves, such as HDF5's).
pub(crate) fn write_at<E>(
    target: &Path,
    io: impl Fn(io::Error) -> E,
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    let tmp = temporary(target);
    let result = write(&tmp).and_then(|()| fs::rename(&tmp, target).map_err(&io));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// An output directory written whole or not at all: its files go into a
/// staging directory beside it (`.{name}.partial-{pid}`), renamed to the
/// final name by [`StagedDir::commit`] only once complete. Dropped without
/// a commit (an error, a panic), the staging directory is removed and
/// whatever was at the final name before is untouched.
///
/// ```
/// # let base = std::env::temp_dir().join(format!("staged-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&base).unwrap();
/// use init_network::StagedDir;
///
/// let out = base.join("network");
/// let stage = StagedDir::new(&out, false)?;
/// std::fs::write(stage.path().join("a.txt"), "all of it").unwrap();
/// stage.commit()?;
/// assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "all of it");
/// // Without `replace`, an existing output is refused before anything is written.
/// assert!(StagedDir::new(&out, false).is_err());
/// # std::fs::remove_dir_all(&base).unwrap();
/// # Ok::<(), init_network::ExportError>(())
/// ```
#[derive(Debug)]
pub struct StagedDir {
    target: PathBuf,
    dir: PathBuf,
    done: bool,
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let hidden = format!(".{name}.{tag}-{}", std::process::id());
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(hidden),
        _ => PathBuf::from(hidden),
    }
}

impl StagedDir {
    /// Stage an output for `target`. Errors: `target` exists and
    /// `replace` is false ([`ExportError::Exists`](crate::ExportError::Exists), nothing created), or
    /// the staging directory cannot be created.
    pub fn new(target: &Path, replace: bool) -> Result<StagedDir, crate::ExportError> {
        if target.exists() && !replace {
            return Err(crate::ExportError::Exists {
                path: target.to_path_buf(),
            });
        }
        let dir = sibling(target, "partial");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir(&dir).map_err(|source| crate::ExportError::Io {
            path: dir.clone(),
            source,
        })?;
        Ok(StagedDir {
            target: target.to_path_buf(),
            dir,
            done: false,
        })
    }

    /// Where to write.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The final name.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Rename the staged output to its final name; an output already there
    /// (when replacing) is moved aside first and removed only after the
    /// rename succeeded, and put back if it failed.
    pub fn commit(mut self) -> Result<(), crate::ExportError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| crate::ExportError::Io { path, source }
        };
        let old = sibling(&self.target, "old");
        let had_old = self.target.exists();
        if had_old {
            let _ = fs::remove_dir_all(&old);
            fs::rename(&self.target, &old).map_err(io(&self.target))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(io(&self.target)(e));
        }
        self.done = true;
        if had_old {
            let _ = if old.is_dir() {
                fs::remove_dir_all(&old)
            } else {
                fs::remove_file(&old)
            };
        }
        Ok(())
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = std::env::temp_dir().join(format!("neuroinit-atomic-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.bin");
        fs::write(&target, b"old").unwrap();
        let r: Result<(), io::Error> = write_file(
            &target,
            |e| e,
            |w| {
                w.write_all(b"half")?;
                Err(io::Error::other("injected"))
            },
        );
        assert!(r.is_err());
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            1,
            "the temporary is gone"
        );
        write_file(&target, |e| e, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(&dir).ok();
    }
}
