//! Times the parser over a folder of report files: how much of the index's
//! budget (≤ 2.5 s for 1,000 reports on 2 cores, everything included) the
//! parse takes. Reports load (read, decode, hash) and parse times apart, per
//! report, on one thread and on `THREADS` (default 2).
//!
//! On a shared machine wall time says little, so the single-thread parse is
//! also given in CPU time (Linux: `/proc/thread-self/schedstat`).
//!
//!     cargo run --release --example parse_all -- DIR

use std::path::PathBuf;
use std::time::Instant;
use visidex::report::{self, ReportInput};
use visidex::themes::Taxonomy;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let threads: usize = std::env::var("THREADS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(2);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    let taxonomy = Taxonomy::default();

    let started = Instant::now();
    let texts: Vec<String> = paths
        .iter()
        .map(std::fs::read_to_string)
        .collect::<Result<_, _>>()?;
    let read = started.elapsed();

    let started = Instant::now();
    let cpu_started = cpu_time_ns();
    let mut paragraphs = 0;
    for (path, text) in paths.iter().zip(&texts) {
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("report");
        let input = ReportInput {
            id,
            ..ReportInput::default()
        };
        paragraphs += report::parse(text, &input, &taxonomy).paragraphs.len();
    }
    let parse = started.elapsed();
    let parse_cpu = cpu_time_ns()
        .zip(cpu_started)
        .map(|(end, start)| end - start);

    let started = Instant::now();
    let chunk = paths.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        for part in paths.chunks(chunk) {
            let taxonomy = &taxonomy;
            scope.spawn(move || {
                for path in part {
                    if let Err(error) = report::load_report(path, taxonomy) {
                        eprintln!("{}: {error}", path.display());
                    }
                }
            });
        }
    });
    let loaded = started.elapsed();

    let n = paths.len().max(1) as f64;
    if let Some(cpu) = parse_cpu {
        println!(
            "parse CPU time: {:.2} ms/report ({:.0} ms for all)",
            cpu as f64 / 1e6 / n,
            cpu as f64 / 1e6
        );
    }
    println!(
        "{} reports, {paragraphs} paragraphs: read {:.2} ms/report; parse {:.2} ms/report on 1 thread ({:.0} ms total); load+parse on {threads} threads {:.0} ms total",
        paths.len(),
        read.as_secs_f64() * 1000.0 / n,
        parse.as_secs_f64() * 1000.0 / n,
        parse.as_secs_f64() * 1000.0,
        loaded.as_secs_f64() * 1000.0,
    );
    Ok(())
}

/// CPU time this thread has run, in nanoseconds (Linux only).
fn cpu_time_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}
