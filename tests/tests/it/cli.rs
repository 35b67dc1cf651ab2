//! The command line, run in-process through the same entry point as the binary.

use std::process::ExitCode;

use clap::Parser;
use sanad_api::cli::{Cli, run};
use sanad_api::db::DatabaseTarget;
use sanad_tests::{TestDatabase, spawn_app};

async fn sanad(args: &[&str]) -> (Result<ExitCode, String>, String) {
    let cli = Cli::try_parse_from(std::iter::once("sanad").chain(args.iter().copied())).expect("arguments parse");
    let mut out = Vec::new();
    let result = run(cli, &mut out).await.map_err(|e| e.to_string());
    (result, String::from_utf8(out).expect("UTF-8 output"))
}

fn database_args(target: &DatabaseTarget) -> Vec<String> {
    match target {
        DatabaseTarget::Sqlite(path) => vec!["--database-url".into(), format!("sqlite:{}", path.display())],
        DatabaseTarget::Postgres(url) => vec!["--database-url".into(), url.clone()],
    }
}

#[tokio::test]
async fn schema_prints_the_sdl() {
    let (result, out) = sanad(&["schema"]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS));
    assert_eq!(out, sanad_schema::graphql::sdl());
}

#[tokio::test]
async fn a_database_that_cannot_be_opened_is_one_line_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-directory");
    std::fs::write(&blocker, "a file where the data directory should be").unwrap();
    let data_dir = blocker.join("data");
    let (result, _) = sanad(&["--data-dir", data_dir.to_str().unwrap(), "migrate"]).await;
    let message = result.unwrap_err();
    assert!(message.contains(data_dir.to_str().unwrap()) || message.contains(blocker.to_str().unwrap()), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");

    let unreadable = dir.path().join("directory.db");
    std::fs::create_dir(&unreadable).unwrap();
    let (result, _) = sanad(&["--database-url", &format!("sqlite:{}", unreadable.display()), "migrate"]).await;
    let message = result.unwrap_err();
    assert!(message.contains(unreadable.to_str().unwrap()), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");

    let (result, _) = sanad(&["--database-url", "mysql://root@localhost/x", "migrate"]).await;
    assert!(result.unwrap_err().contains("not a database URL"));
}

#[tokio::test]
async fn the_demo_passes_the_strict_readiness_check() {
    let app = spawn_app().await;
    let args = database_args(&app.target);
    let mut argv: Vec<&str> = args.iter().map(String::as_str).collect();
    argv.extend(["check", "--strict"]);
    let (result, out) = sanad(&argv).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("amman-2019") && out.contains("nothing missing"), "{out}");
}

#[tokio::test]
async fn strict_check_fails_on_gaps_and_names_them() {
    let (_database, target) = TestDatabase::create().await;
    let mut doc: serde_json::Value = serde_json::from_str(sanad_api::demo::DEMO_JSON).unwrap();
    doc["sessions"][0]["title"].as_object_mut().unwrap().remove("fr");
    doc["sessions"][1]["title"]["en"] = "Briefing on the XYZQ".into();
    doc["venue"]["rooms"][0]["stepFree"] = "UNKNOWN".into();
    doc["speakers"][0]["ipa"] = serde_json::Value::Null;
    doc["speakers"][0]["pronunciationHint"] = serde_json::Value::Null;
    // Room 104 loses its step-free ways (its lift corridor gets a step), and one route its way
    // back.
    let routes = doc["venue"]["routes"].as_array_mut().unwrap();
    for route in routes.iter_mut() {
        if route["from"] == "room-104" || route["to"] == "room-104" {
            route["stepFree"] = "NO".into();
        }
    }
    let (from, to) = (routes[0]["from"].clone(), routes[0]["to"].clone());
    routes.retain(|r| !(r["from"] == to && r["to"] == from));
    let db = sanad_api::db::open(&target, Default::default()).await.unwrap();
    let parsed = sanad_schema::service::programme_import::parse(&doc.to_string()).unwrap();
    sanad_schema::service::programme_import::import(&db, &parsed).await.unwrap();
    db.close().await.unwrap();

    let args = database_args(&target);
    let mut argv: Vec<&str> = args.iter().map(String::as_str).collect();
    argv.extend(["check", "--strict"]);
    let (result, out) = sanad(&argv).await;
    assert_eq!(result, Ok(ExitCode::FAILURE), "{out}");
    let way_back = format!("write the route from {} to {}", to.as_str().unwrap(), from.as_str().unwrap());
    for expected in [
        "title has no fr",
        "XYZQ",
        "step-free",
        "no IPA and no pronunciation hint",
        "room room-104: no way known to be step-free leads to it from a step-free entrance",
        &way_back,
    ] {
        assert!(out.contains(expected), "{expected} missing from:\n{out}");
    }
    argv.pop();
    let (result, _) = sanad(&argv).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "without --strict the report is informative only");
}
