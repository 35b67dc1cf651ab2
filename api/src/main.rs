use std::process::ExitCode;

use clap::Parser;
use sanad_api::cli::{Cli, run};
use tracing_subscriber::EnvFilter;

// Many small allocations per request (one per text served); mimalloc serves them with less
// contention between threads than the system allocator (measured by `bench programme`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("SANAD_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .with_writer(std::io::stderr)
        .init();
    let mut out = std::io::stdout();
    match run(cli, &mut out).await {
        Ok(code) => code,
        Err(e) => {
            // One line, naming what failed (a path, an address): no backtrace, no internals.
            eprintln!("sanad: error: {e}");
            ExitCode::FAILURE
        }
    }
}
