//! The `visidex` binary: parse the command line, run, map errors to exit codes.

use std::process::ExitCode;

fn main() -> ExitCode {
    bound_heap_growth();
    visidex::cli::main()
}

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
