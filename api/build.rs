//! Records the commit the binary is built from, for `sanad --version` and `sanad_build_info`.
//! Without git or a repository (a source tarball, a container build), it is `SANAD_COMMIT`
//! from the environment when that is a hex commit, else `unknown`.

use std::path::Path;
use std::process::Command;

/// A short hex commit, or `None`.
fn hex(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && s.len() <= 40 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| s.to_owned())
}

fn main() {
    let from_git = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|s| hex(&s));
    let commit = from_git
        .or_else(|| std::env::var("SANAD_COMMIT").ok().and_then(|s| hex(&s)))
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=SANAD_COMMIT={commit}");
    // Built again when the checked-out commit changes (only paths that exist: a missing one
    // would run this script on every build).
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SANAD_COMMIT");
    for path in ["../.git/HEAD", "../.git/refs/heads", "../.git/packed-refs"] {
        if Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
