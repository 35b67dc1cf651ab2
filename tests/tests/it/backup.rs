//! `sanad backup` and `sanad restore`: a backup taken while delegates keep submitting
//! accommodation requests holds every request acknowledged before it began, as one file that
//! restores into a new data directory, where a second server with the same data key reads the
//! sealed details again; bad destinations, bad sources and a database still being served are
//! refused with a message naming what is wrong, and leave every file as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use base64::Engine;
use clap::Parser;
use sanad_api::cli::{Cli, run};
use sanad_api::db::DatabaseTarget;
use sanad_schema::entities::enums::Role;
use sanad_tests::{TestApp, TestDatabase, TestOptions, data, spawn_app, start_on};
use serde_json::{Value, json};

/// The server binary this package builds (only integration tests know its path).
const BINARY: &str = env!("CARGO_BIN_EXE_sanad-instance");

const CONSENT: &str = "mutation { giveAccommodationConsent(version: 1, lang: \"en\") { version } }";
const SUBMIT: &str = "mutation($key: String!, $items: [RequestItemInput!]!) {
  submitAccommodationRequest(idempotencyKey: $key, items: $items) { id items { details { value } } }
}";
const MINE: &str = "{ me { accommodationRequests { id items { details { value } } } } }";

/// Delegates submitting at once: enough that the database is written to throughout the backup.
const WRITERS: usize = 4;
/// Requests acknowledged before the backup starts, at least.
const BEFORE: usize = 200;

/// Runs the command line in-process.
async fn sanad(args: &[&str]) -> (Result<ExitCode, String>, String) {
    let cli = Cli::try_parse_from(std::iter::once("sanad").chain(args.iter().copied())).expect("arguments parse");
    let mut out = Vec::new();
    let result = run(cli, &mut out).await.map_err(|e| e.to_string());
    (result, String::from_utf8(out).expect("UTF-8 output"))
}

/// Runs the real binary: its exit status, standard output and standard error (where refusals
/// are written).
fn sanad_process(args: &[&str]) -> (Option<i32>, String, String) {
    let data_dir = tempfile::tempdir().unwrap();
    let output = Command::new(BINARY)
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("SANAD_DATABASE_URL")
        .env_remove("SANAD_DATA_KEY")
        .env("SANAD_DATA_DIR", data_dir.path())
        .env("SANAD_LOG", "warn,sqlx=warn")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code(), text(output.stdout), text(output.stderr))
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The names in a directory, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// A signed-in delegate who consented to the accommodation desk.
async fn delegate(app: &TestApp, name: &str) -> String {
    let token = app.signed_in(Role::Delegate, name).await;
    data(&app.graphql_with_token(CONSENT, json!({}), &token).await);
    token
}

/// One request the server acknowledged: whose, its id and details, and when the answer came.
struct Ack {
    writer: usize,
    id: String,
    details: String,
    at: Instant,
}

/// Submits requests as `token` until told to stop, sending each acknowledged one.
async fn keep_submitting(
    client: reqwest::Client,
    url: String,
    token: String,
    writer: usize,
    session: Value,
    stop: Arc<AtomicBool>,
    acks: tokio::sync::mpsc::UnboundedSender<Ack>,
) -> usize {
    let mut refused = 0;
    for n in 0.. {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let details = format!("Sign interpretation for writer {writer}, request {n}");
        let items =
            json!([{ "serviceType": "SIGN_LANGUAGE_INTERPRETATION", "details": details, "sessionIds": [session] }]);
        let body = json!({ "query": SUBMIT, "variables": { "key": format!("w{writer}-{n}"), "items": items } });
        let response: Value =
            client.post(&url).bearer_auth(&token).json(&body).send().await.unwrap().json().await.unwrap();
        let at = Instant::now();
        match response["data"]["submitAccommodationRequest"]["id"].as_str() {
            Some(id) => {
                let echoed = &response["data"]["submitAccommodationRequest"]["items"][0]["details"]["value"];
                assert_eq!(echoed, &json!(details), "{response}");
                let _ = acks.send(Ack { writer, id: id.to_owned(), details, at });
            }
            None => refused += 1,
        }
    }
    refused
}

/// Every request each delegate sees on `app`: (writer, id) → details.
async fn requests_on(app: &TestApp, tokens: &[String]) -> BTreeMap<(usize, String), String> {
    let mut seen = BTreeMap::new();
    for (writer, token) in tokens.iter().enumerate() {
        let response = app.graphql_with_token(MINE, json!({}), token).await;
        for request in data(&response)["me"]["accommodationRequests"].as_array().unwrap() {
            let details = request["items"][0]["details"]["value"].as_str().unwrap_or_default().to_owned();
            seen.insert((writer, request["id"].as_str().unwrap().to_owned()), details);
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_restores_every_request_acknowledged_before_it() {
    let app = spawn_app().await;
    let url = app.database_url();
    let backups = tempfile::tempdir().unwrap();
    let dest = backups.path().join("sanad-backup.db");

    if app.database.is_postgres() {
        let (code, out, stderr) = sanad_process(&["--database-url", &url, "backup", path(&dest)]);
        assert_eq!(code, Some(2), "{out}{stderr}");
        assert!(stderr.contains("pg_dump --format=custom") && stderr.contains("VAPID key"), "{stderr}");
        assert!(!dest.exists() && listing(backups.path()).is_empty());
        return;
    }

    let mut tokens = Vec::new();
    for writer in 0..WRITERS {
        tokens.push(delegate(&app, &format!("Writer {writer}")).await);
    }
    let session = app.session_ids().await["opening-plenary"].clone();
    let stop = Arc::new(AtomicBool::new(false));
    let (sender, mut acks) = tokio::sync::mpsc::unbounded_channel();
    let writers: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(writer, token)| {
            tokio::spawn(keep_submitting(
                app.client.clone(),
                app.url("/graphql"),
                token.clone(),
                writer,
                session.clone(),
                stop.clone(),
                sender.clone(),
            ))
        })
        .collect();
    drop(sender);
    let mut acknowledged = Vec::new();
    while acknowledged.len() < BEFORE {
        acknowledged.push(acks.recv().await.expect("the writers keep going"));
    }

    let started = Instant::now();
    let (result, out) = sanad(&["--database-url", &url, "backup", path(&dest)]).await;
    let took = started.elapsed();
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    stop.store(true, Ordering::Relaxed);
    let mut refused = 0;
    for writer in writers {
        refused += writer.await.unwrap();
    }
    while let Some(ack) = acks.recv().await {
        acknowledged.push(ack);
    }
    assert_eq!(refused, 0, "every submission is acknowledged");
    // Acknowledged before the backup began: the answer had arrived, so the write was committed.
    let before: BTreeMap<(usize, String), String> = acknowledged
        .iter()
        .filter(|ack| ack.at < started)
        .map(|ack| ((ack.writer, ack.id.clone()), ack.details.clone()))
        .collect();
    let during = acknowledged.iter().filter(|ack| ack.at >= started && ack.at < started + took).count();
    assert!(before.len() >= BEFORE);

    // One file, and the reminder names the key files, never their contents.
    assert_eq!(listing(backups.path()), ["sanad-backup.db"], "no -wal, -shm or temporary file beside it");
    let size = std::fs::metadata(&dest).unwrap().len();
    assert!(out.contains("data key") && out.contains("VAPID key"), "{out}");
    let key_text = base64::engine::general_purpose::STANDARD.encode(app.data_key);
    assert!(!out.contains(&key_text) && !out.contains(&app.vapid_key), "{out}");
    println!(
        "backup under load: {} requests acknowledged before it began, {during} while it ran, {} in all; \
         {size} bytes in {} ms",
        before.len(),
        acknowledged.len(),
        took.as_millis()
    );

    // Only DEST travels: copied alone elsewhere, restored into a fresh data directory.
    let elsewhere = tempfile::tempdir().unwrap();
    let copied = elsewhere.path().join("copied.db");
    std::fs::copy(&dest, &copied).unwrap();
    let restored_dir = tempfile::tempdir().unwrap();
    let restored = restored_dir.path().join("sanad.db");
    let (result, out) = sanad(&[
        "--database-url",
        &format!("sqlite:{}", restored.display()),
        "--data-dir",
        path(restored_dir.path()),
        "--data-key",
        &key_text,
        "restore",
        path(&copied),
    ])
    .await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("there was no database there before") && !out.contains("warning"), "{out}");
    assert_eq!(listing(restored_dir.path()), ["sanad.db"]);

    // Restored where no data key is, or with another one: said plainly, as the details would be lost.
    let keyless = tempfile::tempdir().unwrap();
    let (result, out) = sanad(&["--data-dir", path(keyless.path()), "restore", path(&copied)]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("warning: there is no data key at") && out.contains("data.key"), "{out}");
    assert!(!keyless.path().join("data.key").exists(), "restore never makes a key");
    let other_key = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
    let (result, out) =
        sanad(&["--data-dir", path(keyless.path()), "--data-key", &other_key, "restore", path(&copied)]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("does not open the accommodation details") && !out.contains(&other_key), "{out}");

    // A second server on the restored file, with the same data key, reads every sealed detail.
    let second = start_on(
        TestDatabase::Sqlite(restored_dir),
        DatabaseTarget::Sqlite(restored),
        TestOptions { demo: false, data_key: app.data_key, ..TestOptions::default() },
    )
    .await;
    second.assert_healthy("the restore").await;
    let there = requests_on(&second, &tokens).await;
    for (key, details) in &before {
        assert_eq!(there.get(key), Some(details), "request {key:?}, acknowledged before the backup, is restored");
    }
    let missing: BTreeSet<_> = before.keys().filter(|key| !there.contains_key(key)).collect();
    assert!(missing.is_empty(), "{missing:?}");
    // Nothing of the original was stopped: it still serves, with everything acknowledged.
    app.assert_healthy("the backup").await;
    let original = requests_on(&app, &tokens).await;
    assert_eq!(original.len(), acknowledged.len());
    assert!(there.len() <= original.len() && there.keys().all(|key| original.contains_key(key)));
}

/// A SQLite database with a table, but not Sanad's.
async fn foreign_database(at: &Path) {
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(format!("sqlite:{}?mode=rwc", at.display())).await.unwrap();
    db.execute_unprepared("CREATE TABLE guests (name TEXT)").await.unwrap();
    db.close().await.unwrap();
}

#[tokio::test]
async fn bad_destinations_bad_sources_and_a_served_database_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let url = app.database_url();
    let dir = tempfile::tempdir().unwrap();

    if app.database.is_postgres() {
        let (code, out, stderr) = sanad_process(&["--database-url", &url, "restore", path(&dir.path().join("x.db"))]);
        assert_eq!(code, Some(2), "{out}{stderr}");
        assert!(stderr.contains("pg_restore"), "{stderr}");
        return;
    }

    // DEST exists: refused, untouched.
    let existing = dir.path().join("existing.db");
    std::fs::write(&existing, "keep me").unwrap();
    let (code, _, stderr) = sanad_process(&["--database-url", &url, "backup", path(&existing)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(path(&existing)) && stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");

    // DEST's directory missing: refused, nothing made.
    let nowhere = dir.path().join("missing").join("backup.db");
    let (code, _, stderr) = sanad_process(&["--database-url", &url, "backup", path(&nowhere)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(path(&dir.path().join("missing"))) && stderr.contains("does not exist"), "{stderr}");
    assert_eq!(listing(dir.path()), ["existing.db"]);

    // A good backup, restored into a target the bad sources then try to replace.
    let good = dir.path().join("good.db");
    let (result, out) = sanad(&["--database-url", &url, "backup", path(&good)]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    let target_dir = dir.path().join("target");
    let target = target_dir.join("sanad.db");
    let target_url = format!("sqlite:{}", target.display());
    let (result, out) = sanad(&["--database-url", &target_url, "restore", path(&good)]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    let target_bytes = std::fs::read(&target).unwrap();
    let target_files = listing(&target_dir);

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "the conference dinner is at eight\n").unwrap();
    let truncated = dir.path().join("truncated.db");
    let good_bytes = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &good_bytes[..good_bytes.len() / 2]).unwrap();
    let foreign = dir.path().join("foreign.db");
    foreign_database(&foreign).await;
    let absent = dir.path().join("absent.db");
    let bad_sources: [(&PathBuf, &str); 4] = [
        (&text, "not a SQLite database"),
        (&truncated, "not a sound SQLite database"),
        (&foreign, "seaql_migrations"),
        (&absent, "cannot read SRC"),
    ];
    for (source, says) in bad_sources {
        let (code, out, stderr) = sanad_process(&["--database-url", &target_url, "restore", path(source)]);
        assert_eq!(code, Some(2), "{}: {out}{stderr}", source.display());
        assert!(stderr.contains(path(source)) && stderr.contains(says), "{stderr}");
        assert_eq!(std::fs::read(&target).unwrap(), target_bytes, "{} left the target as it was", source.display());
        assert_eq!(listing(&target_dir), target_files, "{} left nothing beside the target", source.display());
    }

    // The served database: refused while the server has it open; it keeps serving.
    let DatabaseTarget::Sqlite(served) = &app.target else { unreachable!() };
    let (code, out, stderr) = sanad_process(&["--database-url", &url, "restore", path(&good)]);
    assert_eq!(code, Some(1), "{out}{stderr}");
    assert!(stderr.contains(path(served)) && stderr.contains("in use"), "{stderr}");
    // The same from inside the server's own process (SQLite's locks hold between connections
    // of one process too).
    let (result, out) = sanad(&["--database-url", &url, "restore", path(&good)]).await;
    assert!(result.as_ref().is_err_and(|message| message.contains("in use")), "{result:?} {out}");
    let served_dir = served.parent().unwrap();
    assert!(listing(served_dir).iter().all(|name| !name.contains("before-restore") && !name.starts_with('.')));
    app.assert_healthy("a refused restore").await;

    // Restoring over an existing database keeps the old one aside, whole.
    let (result, out) = sanad(&["--database-url", &target_url, "restore", path(&good)]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    let aside: Vec<String> = listing(&target_dir).into_iter().filter(|n| n.contains(".before-restore-")).collect();
    assert_eq!(aside.len(), 1, "{:?}", listing(&target_dir));
    assert_eq!(std::fs::read(target_dir.join(&aside[0])).unwrap(), target_bytes);
    assert!(out.contains(&aside[0]), "{out}");
}

#[tokio::test]
async fn the_help_says_what_the_keys_are_for() {
    for command in ["backup", "restore"] {
        let help = Cli::try_parse_from(["sanad", command, "--help"]).unwrap_err().to_string();
        assert!(help.contains("data key") && help.contains("cannot be read"), "{help}");
        assert!(help.contains("VAPID key") && help.contains("subscribe again"), "{help}");
        assert!(help.contains("pg_dump --format=custom"), "{help}");
    }
}
