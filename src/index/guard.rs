//! The boundary between visidex and a possibly damaged index on disk.
//!
//! tantivy trusts its files: a truncated or garbled segment mostly gives an
//! error, but some damage makes it panic (an overflow in a varint decoder, a
//! slice out of range in the term dictionary). visidex does not checksum the
//! index on every search — that would cost a full read — so instead every
//! command runs inside [`guarded`], which turns
//! - a panic raised inside a dependency (tantivy and its codecs) while the
//!   index is read, and
//! - tantivy's corruption and missing-file errors
//!
//! into one clear [`Error::Index`] line with the `--rebuild` advice. A panic
//! in visidex's own code is a bug, not damage, and is reported as such. No
//! panic message or backtrace reaches the user either way.

use crate::error::{Error, Result};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

/// How many `guarded` calls are running (the hook stays quiet while any is).
static ACTIVE: AtomicUsize = AtomicUsize::new(0);
/// The first panic seen while guarded: where and what.
static FIRST_PANIC: Mutex<Option<PanicRecord>> = Mutex::new(None);
static INSTALL_HOOK: Once = Once::new();

#[derive(Debug, Clone)]
struct PanicRecord {
    file: String,
    line: u32,
    message: String,
}

/// Run one command's work on the index in `dir`, converting index damage
/// (tantivy panics and corruption errors) into a clear error.
pub fn guarded<T>(dir: &Path, work: impl FnOnce() -> Result<T>) -> Result<T> {
    install_quiet_hook();
    ACTIVE.fetch_add(1, Ordering::SeqCst);
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    ACTIVE.fetch_sub(1, Ordering::SeqCst);
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(explain_tantivy_error(dir, error)),
        Err(payload) => {
            let record = take_first_panic().unwrap_or_else(|| PanicRecord {
                file: "?".to_string(),
                line: 0,
                message: payload_message(&*payload),
            });
            Err(panic_error(dir, &record))
        }
    }
}

/// The message for a damaged index.
pub fn damaged(dir: &Path, detail: &str) -> Error {
    Error::Index(format!(
        "{}: the index is damaged ({detail}); rebuild it with `visidex index --rebuild`",
        dir.display()
    ))
}

fn explain_tantivy_error(dir: &Path, error: Error) -> Error {
    use tantivy::TantivyError;
    match &error {
        // A document that does not read is damage too: a garbled `.store`
        // block can still decompress (its zstd frames carry no checksum).
        Error::Tantivy(
            TantivyError::OpenReadError(_)
            | TantivyError::DataCorruption(_)
            | TantivyError::DeserializeError(_),
        ) => damaged(dir, &error.to_string()),
        // Decoding errors (zstd's "Data corruption detected" is `Other`), not
        // the I/O failures of a full disk or a permission, which need other advice.
        Error::Tantivy(TantivyError::IoError(io))
            if matches!(
                io.kind(),
                std::io::ErrorKind::InvalidData
                    | std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::Other
            ) =>
        {
            damaged(dir, &error.to_string())
        }
        _ => error,
    }
}

fn panic_error(dir: &Path, record: &PanicRecord) -> Error {
    // visidex's own files are compiled with paths relative to the crate root.
    let ours = record.file.starts_with("src/") || record.file.starts_with("src\\");
    if ours {
        Error::Index(format!(
            "internal error at {}:{}: {}; please report it (with the input, if you can share it)",
            record.file, record.line, record.message
        ))
    } else {
        let short_file = record
            .file
            .rsplit_once("/src/")
            .map(|(crate_dir, file)| {
                let crate_name = crate_dir.rsplit('/').next().unwrap_or(crate_dir);
                format!("{crate_name}/src/{file}")
            })
            .unwrap_or_else(|| record.file.clone());
        damaged(
            dir,
            &format!(
                "reading it failed in {short_file}:{}: {}",
                record.line, record.message
            ),
        )
    }
}

/// A panic hook that records instead of printing while `guarded` runs, and
/// behaves as before (the default hook) otherwise.
fn install_quiet_hook() {
    INSTALL_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if ACTIVE.load(Ordering::SeqCst) == 0 {
                previous(info);
                return;
            }
            let record = PanicRecord {
                file: info
                    .location()
                    .map(|location| location.file().to_string())
                    .unwrap_or_default(),
                line: info.location().map_or(0, |location| location.line()),
                message: payload_message(info.payload()),
            };
            if let Ok(mut first) = FIRST_PANIC.lock() {
                first.get_or_insert(record);
            }
        }));
    });
}

fn take_first_panic() -> Option<PanicRecord> {
    FIRST_PANIC.lock().ok().and_then(|mut first| first.take())
}

fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|message| message.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_panics_are_bugs_dependency_panics_are_damage() {
        let dir = Path::new("idx");
        let error = guarded(dir, || -> Result<()> {
            std::panic::panic_any("mid > len".to_string())
        })
        .unwrap_err()
        .to_string();
        // panic_any from a test is located in this file, under src/: our own bug.
        assert!(
            error.contains("internal error at src/index/guard.rs"),
            "{error}"
        );
        let damage = panic_error(
            dir,
            &PanicRecord {
                file: "/root/.cargo/registry/src/index.crates.io-1/ownedbytes-0.9.0/src/lib.rs"
                    .to_string(),
                line: 76,
                message: "mid > len".to_string(),
            },
        )
        .to_string();
        assert_eq!(
            damage,
            "idx: the index is damaged (reading it failed in ownedbytes-0.9.0/src/lib.rs:76: \
             mid > len); rebuild it with `visidex index --rebuild`"
        );
    }

    #[test]
    fn corruption_errors_get_the_rebuild_advice() {
        let error = guarded(Path::new("idx"), || -> Result<()> {
            Err(Error::Tantivy(tantivy::TantivyError::DataCorruption(
                tantivy::error::DataCorruption::comment_only("bad footer"),
            )))
        })
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("idx: the index is damaged"), "{error}");
        assert!(error.ends_with("`visidex index --rebuild`"), "{error}");
        // A stored document that does not read (`tests/robust_index.rs`
        // met one after garbling a `.store`).
        let error = guarded(Path::new("idx"), || -> Result<()> {
            Err(Error::Tantivy(tantivy::TantivyError::DeserializeError(
                tantivy::schema::document::DeserializeError::custom("no field type for code 51"),
            )))
        })
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("idx: the index is damaged"), "{error}");
        assert!(error.ends_with("`visidex index --rebuild`"), "{error}");
    }

    #[test]
    fn other_errors_pass_unchanged() {
        let error = guarded(Path::new("idx"), || -> Result<()> {
            Err(Error::Usage("unknown city".into()))
        })
        .unwrap_err();
        assert!(matches!(error, Error::Usage(_)));
    }
}
