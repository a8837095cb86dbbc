//! The output directory, written whole or not at all: everything goes to a
//! staging directory beside it, renamed to the final name only when
//! complete. A failure removes the staging directory and leaves what was
//! there before untouched.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A staging directory for `target`.
pub(crate) struct Stage {
    target: PathBuf,
    dir: PathBuf,
    done: bool,
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let hidden = format!(".{name}.{tag}-{}", std::process::id());
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(hidden),
        _ => PathBuf::from(hidden),
    }
}

impl Stage {
    /// Create the staging directory. Errors: `target` exists and `force`
    /// is not set (nothing is created), or the parent is not writable.
    pub(crate) fn new(target: &Path, force: bool) -> io::Result<Stage> {
        if target.exists() && !force {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists; choose another --out or pass --force to replace it",
                    target.display()
                ),
            ));
        }
        let dir = sibling(target, "partial");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir(&dir)?;
        Ok(Stage {
            target: target.to_path_buf(),
            dir,
            done: false,
        })
    }

    /// Where to write.
    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }

    /// Move the staged output to its name (replacing an old one, which is
    /// moved aside first and removed only after the rename).
    pub(crate) fn commit(mut self) -> io::Result<()> {
        let old = sibling(&self.target, "old");
        let had_old = self.target.exists();
        if had_old {
            let _ = fs::remove_dir_all(&old);
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e);
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

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
