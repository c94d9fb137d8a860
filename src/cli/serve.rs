//! `visidex serve [--bind ADDR] [--port N]`: the web page and JSON API over
//! the index (see `crate::serve`). Prints `listening on http://ADDR:PORT/` on
//! stderr — the one line a script reads — and serves until Ctrl-C/SIGTERM.
//! Like every reading command it first refreshes the index (builds it on
//! first use, brings it up to date with the corpus, rebuilds one an older
//! visidex wrote), so a fresh machine needs only `visidex serve`. While it
//! serves, it keeps doing so: a report saved into the corpus folder (a PDF
//! dropped in by a file manager, say) is indexed within seconds, and the
//! next request answers from the new commit (`watch_corpus`).

use super::refresh::{refresh_index, refresh_quietly, warn_of_unreadable, Refreshed};
use super::{note, warn, Context};
use crate::error::Result;
use crate::serve::{serve, ServeOptions};
use clap::Args;
use std::io::Write;
use std::net::IpAddr;
use std::time::Duration;

/// How often a running server looks whether the corpus folder changed: one
/// `stat` of the folder and a read of `visidex.json`, so it costs nothing
/// measurable, and a report saved meanwhile is searchable a few seconds later.
const WATCH_EVERY: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The address to listen on; anything but a loopback address makes the
    /// index readable by whoever can reach this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// The port; 0 takes a free one.
    #[arg(long, default_value_t = 7700)]
    pub port: u16,
}

pub fn run(context: &Context, args: &ServeArgs) -> Result<u8> {
    if !args.bind.is_loopback() {
        note(&format!(
            "serving on {}: anyone who can reach this address can read the index",
            args.bind
        ));
    }
    refresh_index(context)?;
    // Detached: the process ends when the server does; an update cut short
    // then is like any interrupted `visidex index` (the last commit stands).
    let watched = context.clone();
    std::thread::Builder::new()
        .name("visidex-watch".to_string())
        .spawn(move || watch_corpus(&watched))
        .map_err(|source| crate::error::Error::io("<corpus watcher thread>", source))?;
    let options = ServeOptions {
        bind: args.bind,
        port: args.port,
        models: Some(&context.model),
    };
    serve(&context.index, options, |address| {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "listening on http://{address}/");
        let _ = stderr.flush();
    })?;
    Ok(0)
}

/// Keep the index current while serving: the reading commands' refresh rule,
/// run every [`WATCH_EVERY`]. The served index reloads its reader when a
/// commit lands (`SharedIndex::engine`), so nothing else is needed for the
/// page to see a new report. A failure is said once (not every two seconds
/// while it lasts) and serving goes on from the last commit.
///
/// A change is indexed once the corpus's files have held still for one look
/// (their sizes and times equal at two looks in a row), so a PDF still being
/// copied in is not read half-written: a report edited in place is not seen
/// again by the folder's `stat`, and would stay cut short until the next
/// `visidex index`.
fn watch_corpus(context: &Context) {
    let mut last_failure: Option<String> = None;
    let mut settling: Option<Snapshot> = None;
    loop {
        std::thread::sleep(WATCH_EVERY);
        if crate::index::refresh::is_current(&context.index, &context.corpus) {
            settling = None;
            continue;
        }
        let now = snapshot(&context.corpus);
        if settling.as_ref() != Some(&now) {
            settling = Some(now);
            continue;
        }
        settling = None;
        let outcome = crate::index::guard::guarded(&context.index, || {
            // Busy: another visidex is writing the index; its commit will
            // be served when it lands, and the next look sees it current.
            if refresh_quietly(context)? == Refreshed::Built {
                warn_of_unreadable(context)?;
            }
            Ok(())
        });
        match outcome {
            Ok(()) => last_failure = None,
            Err(error) => {
                let message = error.to_string();
                if last_failure.as_deref() != Some(message.as_str()) {
                    warn(&format!(
                        "could not update the index while serving (answering from its last commit): {message}"
                    ));
                }
                last_failure = Some(message);
            }
        }
    }
}

/// The corpus's report files with their stamps (size, modification time).
type Snapshot = Vec<(std::path::PathBuf, Option<crate::index::meta::FileStamp>)>;

fn snapshot(corpus: &std::path::Path) -> Snapshot {
    let files = crate::corpus::list_reports(corpus)
        .map(|(files, _)| files)
        .unwrap_or_default();
    files
        .into_iter()
        .map(|file| {
            let stamp = crate::index::meta::stamp(&file).ok().flatten();
            (file, stamp)
        })
        .collect()
}
