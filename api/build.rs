//! Records the commit the binary is built from, for `sanad --version` and `sanad_build_info`.
//! Without git or a repository (a source tarball, a container build), it is `SANAD_COMMIT`
//! from the environment when that is a hex commit, else `unknown`.
//!
//! It also names the version of the desk's assets (`SANAD_DESK_ASSETS`, a hash of their
//! bytes) that goes into their URLs, so browsers can keep them for a year, and the same for
//! the delegates' app (`SANAD_APP_ASSETS`) and GraphiQL's vendored files (`SANAD_GRAPHIQL_ASSETS`).

use std::path::Path;
use std::process::Command;

/// A short hex commit, or `None`.
fn hex(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && s.len() <= 40 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| s.to_owned())
}

/// A short tag that changes whenever an asset's bytes do (cache busting, not security).
fn assets_tag(files: &[&str]) -> String {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    for file in files {
        println!("cargo:rerun-if-changed={file}");
        hasher.write(&std::fs::read(file).unwrap_or_default());
    }
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

/// The same for GraphiQL's vendored files.
fn graphiql_tag() -> String {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    for file in [
        "assets/graphiql/graphiql.min.css",
        "assets/graphiql/react.production.min.js",
        "assets/graphiql/react-dom.production.min.js",
        "assets/graphiql/graphiql.min.js",
        "assets/graphiql/init.js",
    ] {
        println!("cargo:rerun-if-changed={file}");
        hasher.write(&std::fs::read(file).unwrap_or_default());
    }
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

fn main() {
    println!(
        "cargo:rustc-env=SANAD_DESK_ASSETS={}",
        assets_tag(&["src/desk/assets/desk.css", "src/desk/assets/desk.js"])
    );
    println!(
        "cargo:rustc-env=SANAD_APP_ASSETS={}",
        assets_tag(&["src/app/assets/app.css", "src/app/assets/app.js", "src/app/assets/icon.svg"])
    );
    println!("cargo:rustc-env=SANAD_GRAPHIQL_ASSETS={}", graphiql_tag());
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
