//! `visidex serve [--bind ADDR] [--port N]`: the web page and JSON API over
//! the index (see `crate::serve`). Prints `listening on http://ADDR:PORT/` on
//! stderr — the one line a script reads — and serves until Ctrl-C/SIGTERM.
//! Like every reading command it first refreshes the index (builds it on
//! first use, brings it up to date with the corpus, rebuilds one an older
//! visidex wrote), so a fresh machine needs only `visidex serve`.

use super::{note, refresh::refresh_index, Context};
use crate::error::Result;
use crate::serve::{serve, ServeOptions};
use clap::Args;
use std::io::Write;
use std::net::IpAddr;

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
