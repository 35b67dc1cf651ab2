//! A conference kept in step with the programme its organisers keep in pretalx or frab:
//! `sanad serve --programme-source URL` and `sanad import URL`, against a real HTTP source on
//! loopback that sends ETags, answers 304, and can be made to fail in every way a real one
//! does (500, a login page, silence, a file too large). A failed sync writes nothing and the
//! last good programme stays served; a source on a private address is refused unless allowed.

use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sanad_api::schedule::fetch::FetchPolicy;
use sanad_api::schedule::import::Options;
use sanad_api::schedule::sync::{SourceConfig, SyncError, Synced, Syncer};
use sanad_schema::service::clock::Clock;
use sanad_schema::service::live::Live;
use sanad_tests::{TestOptions, data, spawn_app_with, try_spawn_app_with};
use serde_json::json;

use super::schedule_import::{agenda_holder_listening, by_title, changed_31c3, example, sanad, sessions, version};

/// What the source answers next.
#[derive(Clone)]
enum Answer {
    Export {
        body: String,
        etag: &'static str,
    },
    Status(u16),
    /// A login or error page served with 200.
    Html,
    /// Accepts the request and never answers.
    Silent,
    /// More than 50 MB.
    Huge,
}

#[derive(Clone)]
struct Source {
    answer: Arc<Mutex<Answer>>,
    /// The `If-None-Match` of every request, in order.
    asked_with: Arc<Mutex<Vec<Option<String>>>>,
    port: u16,
}

impl Source {
    async fn start(answer: Answer) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let source = Self { answer: Arc::new(Mutex::new(answer)), asked_with: Default::default(), port };
        let app = axum::Router::new().fallback(serve).with_state(source.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        source
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/31c3/schedule.xml?token=secret-api-token", self.port)
    }

    fn answer(&self, answer: Answer) {
        *self.answer.lock().unwrap() = answer;
    }

    fn asked_with(&self) -> Vec<Option<String>> {
        self.asked_with.lock().unwrap().clone()
    }
}

async fn serve(State(source): State<Source>, headers: HeaderMap) -> Response {
    let if_none_match = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    source.asked_with.lock().unwrap().push(if_none_match.clone());
    let answer = source.answer.lock().unwrap().clone();
    match answer {
        Answer::Export { etag, .. } if if_none_match.as_deref() == Some(etag) => {
            (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response()
        }
        Answer::Export { body, etag } => {
            ([(header::ETAG, etag), (header::CONTENT_TYPE, "application/xml")], body).into_response()
        }
        Answer::Status(status) => {
            (StatusCode::from_u16(status).unwrap(), "{\"detail\": \"Internal Server Error\"}").into_response()
        }
        Answer::Html => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!DOCTYPE html><html><body><form>Sign in to pretalx</form></body></html>",
        )
            .into_response(),
        Answer::Silent => {
            tokio::time::sleep(Duration::from_secs(600)).await;
            StatusCode::OK.into_response()
        }
        Answer::Huge => Body::from(vec![b' '; 51 * 1024 * 1024]).into_response(),
    }
}

fn frab_31c3() -> String {
    std::fs::read_to_string(example("frab-31c3.xml")).unwrap()
}

/// Keeps `31c3` in step with `url` (frab's XML names no zone: the organiser gives it).
fn source_config(url: &str, allow_private: bool) -> SourceConfig {
    SourceConfig {
        url: url.parse().unwrap(),
        every: Duration::from_secs(3600),
        import: Options { time_zone: Some("Europe/Berlin".into()), ..Options::default() },
        fetch: FetchPolicy { allow_private, timeout: Duration::from_secs(1) },
    }
}

#[tokio::test]
async fn a_server_keeps_its_conference_in_step_with_the_source_and_survives_its_failures() {
    let source = Source::start(Answer::Export { body: frab_31c3(), etag: "\"v1\"" }).await;
    let app = spawn_app_with(TestOptions {
        demo: false,
        programme_source: Some(source_config(&source.url(), true)),
        ..TestOptions::default()
    })
    .await;
    // Imported before the first request: an empty database serves the source's programme.
    let served = sessions(&app, "31c3").await;
    assert_eq!(served.len(), 138);
    let keynote = by_title(&served, "31C3 Keynote").clone();
    let syncer = app.server.sync.clone().expect("a syncer");

    // Unchanged: one conditional request, answered 304, nothing written.
    let before = version(&app, "31c3").await;
    assert_eq!(syncer.sync_once().await.unwrap(), Synced::NotModified);
    assert_eq!(source.asked_with(), vec![None, Some("\"v1\"".to_owned())]);
    assert_eq!(version(&app, "31c3").await, before);

    // A delegate holds the keynote and listens.
    let mut client = agenda_holder_listening(&app, "31c3", &keynote["id"]).await.1;

    // The organisers move the keynote and drop the opening in frab.
    source.answer(Answer::Export { body: changed_31c3(), etag: "\"v2\"" });
    let Synced::Imported { conference, changes, version: after } = syncer.sync_once().await.unwrap() else {
        panic!("the changed source is imported")
    };
    assert_eq!(conference, "31c3");
    assert!(changes.iter().any(|c| c == "Moved: 31C3 Keynote, Saal 1 Sat 11:30 → Saal 1 Sat 16:00"), "{changes:?}");
    assert!(changes.iter().any(|c| c == "Removed: 31C3 Opening Event"), "{changes:?}");
    assert_eq!(after, before + 1, "one sync, one programme version");
    let event = client.json().await;
    let change = &event["payload"]["data"]["myAgendaChanged"];
    assert_eq!(change["action"], "MOVED", "{event}");
    assert_eq!(change["sessionId"], keynote["id"]);
    assert_eq!(change["session"]["time"]["start"], "2014-12-27T16:00:00+01:00");
    // Served at once: the sync told this server's cache and snapshot.
    let served = sessions(&app, "31c3").await;
    assert_eq!(served.len(), 137);
    assert_eq!(by_title(&served, "31C3 Keynote")["status"], "MOVED");

    // Every way the source can fail leaves the last good programme served.
    let failures = [
        (Answer::Status(500), "127.0.0.1 answered 500"),
        (Answer::Status(404), "127.0.0.1 answered 404"),
        (Answer::Html, "answered with a web page (HTML)"),
        (Answer::Silent, "127.0.0.1 did not answer within 1 s"),
        (Answer::Huge, "127.0.0.1 sent more than 50 MB"),
        (Answer::Export { body: "<schedule><conference>".into(), etag: "\"broken\"" }, "nothing was imported"),
        (Answer::Export { body: "{\"schedule\": {}}".into(), etag: "\"empty\"" }, "nothing was imported"),
    ];
    for (answer, expected) in failures {
        source.answer(answer);
        let error = syncer.sync_once().await.expect_err(expected).to_string();
        assert!(error.contains(expected), "{expected}: {error}");
        assert!(!error.contains("secret-api-token"), "the source's query stays out of messages: {error}");
        assert_eq!(version(&app, "31c3").await, after, "{expected}: nothing written");
    }
    assert_eq!(sessions(&app, "31c3").await.len(), 137, "the last good programme is served");
    assert_eq!(app.client.get(app.url("/healthz")).send().await.unwrap().status(), 200);

    // A source that lost most of its sessions is not taken on a timer: an organiser confirms
    // it with `sanad import URL --allow-removals`.
    let xml = frab_31c3();
    let first_day_end = xml.find("</day>").unwrap() + "</day>".len();
    let last = xml.rfind("</schedule>").unwrap();
    let shrunken = format!("{}{}", &xml[..first_day_end], &xml[last..]);
    source.answer(Answer::Export { body: shrunken, etag: "\"shrunken\"" });
    let refused = syncer.sync_once().await.expect_err("a mass removal is refused");
    assert!(matches!(refused, SyncError::Import { .. }), "{refused}");
    assert!(refused.to_string().contains("--allow-removals"), "{refused}");
    assert_eq!(version(&app, "31c3").await, after);

    // A failed sync forgot nothing: back to v2, it is not modified.
    source.answer(Answer::Export { body: changed_31c3(), etag: "\"v2\"" });
    assert_eq!(syncer.sync_once().await.unwrap(), Synced::NotModified);
}

#[tokio::test]
async fn a_server_with_nothing_to_serve_does_not_start_on_a_failing_source_but_one_with_a_programme_does() {
    let source = Source::start(Answer::Status(500)).await;
    let refused = try_spawn_app_with(TestOptions {
        demo: false,
        programme_source: Some(source_config(&source.url(), true)),
        ..TestOptions::default()
    })
    .await
    .err()
    .expect("nothing to serve: the server refuses to start");
    assert!(refused.to_string().contains("127.0.0.1 answered 500"), "{refused}");

    // With a programme already there (the demo), the server serves it and tries again later.
    let app = spawn_app_with(TestOptions {
        programme_source: Some(source_config(&source.url(), true)),
        ..Default::default()
    })
    .await;
    app.assert_healthy("a failing source").await;
}

#[tokio::test]
async fn sources_on_private_addresses_are_refused_unless_allowed() {
    let source = Source::start(Answer::Export { body: frab_31c3(), etag: "\"v1\"" }).await;
    let app = spawn_app_with(TestOptions { demo: false, ..TestOptions::default() }).await;
    let by_name = format!("http://localhost:{}/31c3/schedule.xml", source.port);
    for url in [source.url(), by_name.clone()] {
        let (result, out) = sanad(&app, &["import", &url, "--time-zone", "Europe/Berlin"]).await;
        let error = result.expect_err("a private address is refused");
        assert!(error.contains("is a private address: pass --allow-private-source"), "{url}: {error} {out}");
        assert!(!error.contains("secret-api-token"), "{error}");
    }
    assert!(source.asked_with().is_empty(), "nothing was fetched");
    let served = app.graphql("{ conference(slug: \"31c3\") { slug } }", json!({})).await;
    assert!(served["data"]["conference"].is_null(), "nothing was imported: {served}");

    // On the venue's own network, the operator allows it.
    let (result, out) =
        sanad(&app, &["import", &by_name, "--time-zone", "Europe/Berlin", "--allow-private-source"]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("138 events"), "{out}");

    // The server's syncer refuses the same way, before anything is fetched.
    let syncer = Syncer::new(
        source_config(&by_name, false),
        &app.target,
        sanad_api::db::open(&app.target, Default::default()).await.unwrap(),
        Live::new(0),
        Clock::System,
    )
    .unwrap();
    let error = syncer.sync_once().await.expect_err("refused").to_string();
    assert!(error.contains("localhost is a private address"), "{error}");
    assert_eq!(source.asked_with().len(), 1, "only the allowed import fetched");
}

/// On PostgreSQL one instance syncs: the one holding the source's advisory lock; when it goes,
/// another takes over. (SQLite has one server per file, which always syncs.)
#[tokio::test]
async fn one_instance_syncs_and_another_takes_over_when_it_goes() {
    let source = Source::start(Answer::Export { body: frab_31c3(), etag: "\"v1\"" }).await;
    let app = spawn_app_with(TestOptions { demo: false, ..TestOptions::default() }).await;
    let syncer = || async {
        Syncer::new(
            source_config(&source.url(), true),
            &app.target,
            sanad_api::db::open(&app.target, Default::default()).await.unwrap(),
            Live::new(0),
            Clock::System,
        )
        .unwrap()
    };
    let (first, second) = (syncer().await, syncer().await);
    assert!(matches!(first.sync_once().await.unwrap(), Synced::Imported { .. }));
    let postgres = matches!(app.target, sanad_api::db::DatabaseTarget::Postgres(_));
    if !postgres {
        assert!(
            matches!(second.sync_once().await.unwrap(), Synced::Imported { ref changes, .. } if changes.is_empty())
        );
        return;
    }
    assert_eq!(second.sync_once().await.unwrap(), Synced::NotLeader);
    assert_eq!(first.sync_once().await.unwrap(), Synced::NotModified, "the leader stays the leader");
    drop(first);
    // The lock goes with the first syncer's connection, when PostgreSQL notices it closed.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        match second.sync_once().await.unwrap() {
            Synced::NotLeader => assert!(std::time::Instant::now() < deadline, "the lock was never released"),
            Synced::Imported { changes, .. } => {
                assert!(changes.is_empty(), "an unchanged source writes nothing: {changes:?}");
                break;
            }
            other => panic!("{other:?}"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let served = app.graphql("{ conference(slug: \"31c3\") { slug } }", json!({})).await;
    assert_eq!(data(&served)["conference"]["slug"], "31c3");
}

#[tokio::test]
async fn serve_refuses_a_bad_source_or_interval_before_starting() {
    use clap::Parser;
    use sanad_api::cli::{Cli, run};
    let too_often =
        Cli::try_parse_from(["sanad", "serve", "--programme-source", "https://x.example/s.json", "--sync-every", "5"]);
    assert!(too_often.expect_err("refused").to_string().contains("at least 10s"));
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    for (source, expected) in [
        ("ftp://x.example/schedule.xml?token=abc", "--programme-source: give the export's http(s) URL"),
        ("schedule.xml", "--programme-source: give the export's http(s) URL"),
    ] {
        let cli =
            Cli::try_parse_from(["sanad", "--data-dir", data_dir, "serve", "--programme-source", source]).unwrap();
        let error = run(cli, &mut Vec::new()).await.expect_err("refused before starting").to_string();
        assert!(error.contains(expected), "{source}: {error}");
        assert!(!error.contains("token=abc"), "{error}");
    }
    let cli = Cli::try_parse_from([
        "sanad",
        "--data-dir",
        data_dir,
        "serve",
        "--programme-source",
        "https://x.example/s.xml",
        "--source-time-zone",
        "Mars/Olympus",
    ])
    .unwrap();
    let error = run(cli, &mut Vec::new()).await.expect_err("refused").to_string();
    assert!(error.contains("--source-time-zone: 'Mars/Olympus' is not an IANA time zone"), "{error}");
}
