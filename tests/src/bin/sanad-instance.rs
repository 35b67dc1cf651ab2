//! The `sanad` command line, built into this package so the integration tests can start real
//! server processes (several instances on one database, a process killed mid-work).

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    sanad_api::entry::main()
}
