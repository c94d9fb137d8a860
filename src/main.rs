//! The `visidex` binary: parse the command line, run, map errors to exit codes.

use std::process::ExitCode;

/// mimalloc instead of glibc's malloc: indexing allocates and frees tokens,
/// strings and buffers per paragraph on five threads, and glibc spent a
/// quarter of `index --no-embed`'s CPU in malloc/free (`malloc_consolidate`
/// and page faults of the fixed mmap threshold below among it). Measured at
/// 1,000 bench reports, interleaved with main's binary, CPU (user+sys)
/// median of 3: 0.70×–0.74×; peak RSS 164 → 221 MiB (with
/// `MIMALLOC_PURGE_DELAY=0`: 0.79×, 179 MiB).
///
/// Built with `no_thp` (no `madvise(MADV_HUGEPAGE)` on its heap): a search
/// is a short process that touches a few hundred KiB, and with huge pages the
/// kernel zeroed whole 2 MiB pages for it (`clear_page_erms`, 16% of a
/// rare-word search's samples at 1,000 reports). Measured against the
/// build without it, interleaved, 1,000 bench reports: search task-clock
/// (median of 3 × `perf stat -r 20`) rare word 4.80 → 4.62 ms, frequent
/// word 7.26 → 6.92 ms; `index --no-embed` from scratch (median of 3) CPU
/// 12.90 → 12.48 s, wall 6.55 → 6.36 s, peak RSS 212 → 164 MiB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    bound_heap_growth();
    visidex::cli::main()
}

/// (Rust allocations go to mimalloc; this still bounds what C code, zstd
/// and the PDF reader's, takes from glibc's malloc.)
/// glibc's malloc raises its mmap threshold each time a large block is
/// freed, after which blocks of a few hundred KiB (a PDF page's characters,
/// tantivy's buffers) come from the main heap and are not given back: reading
/// a 2,000-page PDF, whose live data peaks at 90 MiB (heaptrack), grew the
/// heap to 790 MiB. A fixed threshold keeps such blocks mapped on their own
/// and returned when freed (2,000-page PDF indexed: 135 MiB peak RSS).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn bound_heap_growth() {
    const MMAP_THRESHOLD: std::ffi::c_int = 256 * 1024;
    // SAFETY: mallopt only sets an allocator parameter; it is called before
    // any other thread exists and its result (0 = not applied) is harmless.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn bound_heap_growth() {}
