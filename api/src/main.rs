use std::process::ExitCode;

// Many small allocations per request (one per text served); mimalloc serves them with less
// contention between threads than the system allocator (measured by `bench programme`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    sanad_api::entry::main()
}
