//! One writer per index folder, for the whole of a run.
//!
//! tantivy's own writer lock covers only the time its `IndexWriter` lives,
//! not `--rebuild`'s clearing before it nor the bookkeeping (`reports.json`,
//! `visidex.json`) written after the commit. This lock (an OS file lock on
//! `visidex.lock` in the index folder) covers all of it, so a second
//! `visidex index` fails fast instead of interleaving. The OS drops the lock
//! when the process ends, however it ends (`kill -9` included): there is no
//! stale lock to clean up. Readers take no lock: they read the last commit.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const LOCK_FILE: &str = "visidex.lock";

/// Held for as long as the run writes to the index; unlocked on drop.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

/// Take the lock for a writing run, or fail fast with [`Error::Busy`] if
/// another process holds it. "Fast" is half a second: long enough to outlast
/// a reader's momentary probe (`is_busy`), short enough not to look hung.
pub fn lock_for_writing(dir: &Path) -> Result<WriterLock> {
    let started = std::time::Instant::now();
    loop {
        match try_lock(dir) {
            Err(Error::Busy { .. }) if started.elapsed() < PROBE_GRACE => {
                std::thread::sleep(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

const PROBE_GRACE: Duration = Duration::from_millis(500);

/// Take the lock, or fail at once with [`Error::Busy`] if another process holds it.
pub fn try_lock(dir: &Path) -> Result<WriterLock> {
    let (path, file) = open_lock_file(dir)?;
    match file.try_lock() {
        Ok(()) => Ok(WriterLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(busy(dir)),
        Err(TryLockError::Error(source)) => Err(Error::io(path, source)),
    }
}

/// Wait until no other process holds the lock (polling, at most `limit`).
/// Returns whether it became free.
pub fn wait_until_free(dir: &Path, limit: Duration) -> bool {
    let started = std::time::Instant::now();
    loop {
        match try_lock(dir) {
            Ok(_lock) => return true,
            Err(Error::Busy { .. }) if started.elapsed() < limit => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(_) => return false,
        }
    }
}

/// Whether another process is writing the index now.
pub fn is_busy(dir: &Path) -> bool {
    matches!(try_lock(dir), Err(Error::Busy { .. }))
}

pub fn busy(dir: &Path) -> Error {
    Error::Busy {
        index: dir.to_path_buf(),
    }
}

fn open_lock_file(dir: &Path) -> Result<(PathBuf, File)> {
    let path = dir.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| Error::io(&path, source))?;
    Ok((path, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_busy_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = try_lock(dir.path()).unwrap();
        let error = try_lock(dir.path()).unwrap_err();
        assert!(matches!(error, Error::Busy { .. }), "{error}");
        assert!(error.to_string().contains("busy"), "{error}");
        assert!(is_busy(dir.path()));
        assert!(!wait_until_free(dir.path(), Duration::from_millis(250)));
        drop(first);
        assert!(!is_busy(dir.path()));
        assert!(wait_until_free(dir.path(), Duration::from_millis(250)));
    }
}
