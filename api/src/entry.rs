//! What the `sanad` binary runs: parse the command line, set up logging, run. A function in
//! the library so tests can start real server processes with exactly this behaviour.

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, LogFormat, run};

/// Runs the command line on a multi-threaded runtime.
pub fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("sanad: error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let cli = Cli::parse();
        let filter = EnvFilter::try_from_env("SANAD_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
        let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
        // One JSON object per line for log collectors; every line of a request carries its
        // `request_id` (the span's field), as its error responses do.
        match cli.log_format {
            LogFormat::Json => logs.json().with_current_span(true).init(),
            LogFormat::Text => logs.init(),
        }
        let mut out = std::io::stdout();
        match run(cli, &mut out).await {
            Ok(code) => code,
            Err(e) => {
                // One line, naming what failed (a path, an address): no backtrace, no internals.
                eprintln!("sanad: error: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
