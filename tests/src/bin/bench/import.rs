//! `bench import`: `sanad import` of a generated 2,000-session frab `schedule.xml` into the
//! database of a running server, as an organiser would run it beside `sanad serve`:
//! - the first import (a new conference), its time and the importing process's peak memory;
//! - the same file again (nothing changed: no transaction, the version stays);
//! - the file with 50 sessions moved, each held in the agenda of one delegate subscribed to
//!   `myAgendaChanged`: the time from the import's start until every one of them has the move.
//!
//! Each import runs in its own process (this binary's `import-child`, which runs the real
//! command line and prints its own peak memory), so its memory is its own.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, NaiveDate, TimeZone};
use sanad_api::schedule::write::{Generator, frab_xml};
use sanad_api::schedule::{Conference, Event, Person, Room, Schedule, Track};
use sanad_schema::entities::conference;
use sanad_schema::entities::enums::Role;
use sanad_schema::service::accounts::{AccountPolicy, NewPerson, create_person};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::common::{self, Server};

const SESSIONS: usize = 2_000;
const ROOMS: usize = 10;
const DAYS: usize = 4;
const MOVED: usize = 50;
const SLUG: &str = "bench-import";

/// A conference of `SESSIONS` sessions: 10 rooms, four days of 15-minute slots, two or three
/// speakers from a pool of 600, talks in English and French. `moved`: events whose start is
/// 10 minutes later.
fn schedule(moved: &[usize]) -> Schedule {
    let offset = FixedOffset::east_opt(3600).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap());
    let first = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let per_day = SESSIONS / DAYS;
    let events = (0..SESSIONS)
        .map(|i| {
            let (day, n) = (i / per_day, i % per_day);
            let (room, slot) = (n % ROOMS, n / ROOMS);
            let date = first + chrono::Days::new(day as u64);
            let minutes = 8 * 60 + slot as u32 * 15 + if moved.contains(&i) { 10 } else { 0 };
            let start = offset
                .from_local_datetime(&date.and_hms_opt(minutes / 60, minutes % 60, 0).unwrap())
                .single()
                .unwrap();
            Event {
                guid: uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("bench/{i}").as_bytes()).to_string(),
                code: None,
                id: Some(i as i64 + 1),
                start,
                duration_minutes: 15,
                room: format!("Room {room}"),
                slug: Some(format!("session-{i}")),
                url: None,
                title: format!("Session {i}: inclusive services after conflict"),
                subtitle: None,
                track: Some(format!("Track {}", i % 8)),
                kind: "talk".to_owned(),
                language: Some(if i % 2 == 0 { "en" } else { "fr" }.to_owned()),
                abstract_text: Some("How survivors of explosive ordnance reach health, education and work on equal terms, what the programmes measured, and what delegates can take home. ".repeat(2)),
                description: None,
                do_not_record: false,
                recording_license: None,
                persons: (0..2 + i % 2)
                    .map(|k| {
                        let p = (i * 7 + k * 131) % 600;
                        Person { id: Some(p as i64 + 1), code: None, guid: None, name: format!("Speaker {p}"), biography: None }
                    })
                    .collect(),
                links: Vec::new(),
                attachments: Vec::new(),
            }
        })
        .collect();
    Schedule {
        version: "1".to_owned(),
        base_url: None,
        conference: Conference {
            acronym: SLUG.to_owned(),
            title: "Import bench".to_owned(),
            description: None,
            start: first,
            end: first + chrono::Days::new(DAYS as u64 - 1),
            time_zone: Some("Europe/Berlin".to_owned()),
            url: None,
            timeslot_minutes: 15,
            rooms: (0..ROOMS)
                .map(|r| Room { name: format!("Room {r}"), guid: None, description: None, capacity: None })
                .collect(),
            tracks: (0..8).map(|t| Track { name: format!("Track {t}"), slug: None, color: None }).collect(),
        },
        events,
    }
}

/// Runs `sanad import FILE --conference SLUG [--time-zone ZONE]` in a child process; its wall
/// time, peak memory and output.
pub fn import(db_url: &str, file: &std::path::Path, slug: &str, time_zone: Option<&str>) -> (f64, f64, String) {
    let started = Instant::now();
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["import-child", db_url, file.to_str().unwrap(), slug])
        .args(time_zone)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "import failed: {out}");
    let peak = out.lines().find_map(|l| l.strip_prefix("peak_rss_mb ")?.parse().ok()).unwrap_or(f64::NAN);
    (seconds, peak, out)
}

/// The child (`import-child DB_URL FILE SLUG [ZONE]`): the real command line, then its own
/// peak memory.
pub async fn import_child(args: &[String]) {
    let mut argv = vec!["sanad", "--database-url", &args[0], "import", &args[1], "--conference", &args[2]];
    if let Some(zone) = args.get(3) {
        argv.extend(["--time-zone", zone]);
    }
    let cli = <sanad_api::cli::Cli as clap::Parser>::try_parse_from(argv).unwrap();
    let mut out = Vec::new();
    sanad_api::cli::run(cli, &mut out).await.unwrap();
    let summary = String::from_utf8_lossy(&out);
    println!("{}", summary.lines().next().unwrap_or_default());
    println!("{}", summary.lines().nth(1).unwrap_or_default());
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:")?.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(f64::NAN);
    println!("peak_rss_mb {:.1}", kb / 1024.0);
}

pub async fn bench() {
    let server = Server::start().await;
    let db_url = server.db_url.clone();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schedule.xml");
    std::fs::write(&file, frab_xml(&schedule(&[]), Generator::default())).unwrap();
    println!("import_sessions: {SESSIONS}");
    println!("import_file_bytes: {}", std::fs::metadata(&file).unwrap().len());

    let client = common::client();
    let url = server.url();
    let query = format!("{{ conference(slug: \"{SLUG}\") {{ sessions(first: 2000) {{ nodes {{ id slug }} }} }} }}");
    let started = Instant::now();
    let (seconds, peak, _) = import(&db_url, &file, SLUG, None);
    println!("import_first_seconds: {seconds:.2}");
    println!("import_first_peak_rss_mb: {peak:.1}");
    // The running server finds the new conference by itself (it watches the database).
    let nodes = loop {
        let found = common::post(&client, &url, None, "en", &query, json!({})).await;
        if let Ok(found) = &found
            && let Some(nodes) = found["conference"]["sessions"]["nodes"].as_array()
        {
            break nodes.clone();
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the server never served the import: {:?}", found.err());
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    println!("import_first_served_seconds: {:.2}", started.elapsed().as_secs_f64());
    println!("import_first_sessions_served: {}", nodes.len());
    let version = || async {
        conference::Entity::find().filter(conference::Column::Slug.eq(SLUG)).one(&server.db).await.unwrap().unwrap()
    };
    let imported = version().await;

    let (seconds, peak, out) = import(&db_url, &file, SLUG, None);
    println!("import_unchanged_seconds: {seconds:.2}");
    println!("import_unchanged_peak_rss_mb: {peak:.1}");
    println!("import_unchanged_version_kept: {}", version().await.programme_version == imported.programme_version);
    println!("import_unchanged_reports_no_changes: {}", out.contains("no changes"));

    // 50 delegates, each holding one of the sessions about to move, each listening.
    let moved: Vec<usize> = (0..MOVED).map(|k| k * (SESSIONS / MOVED) + 3).collect();
    let mut streams = Vec::new();
    for (k, i) in moved.iter().enumerate() {
        let guid = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("bench/{i}").as_bytes()).to_string();
        let id = nodes.iter().find(|n| n["slug"] == guid.as_str()).unwrap()["id"].clone();
        let person = NewPerson {
            role: Role::Delegate,
            name: format!("Holder {k}"),
            organisation: None,
            delegation: None,
            languages: vec!["en".to_owned()],
        };
        let invited =
            create_person(&server.db, imported.id, person, server.now, &AccountPolicy::default()).await.unwrap();
        let (token, _) = common::sign_in(&client, &url, &invited.code).await;
        common::post(
            &client,
            &url,
            Some(&token),
            "en",
            "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { name } }",
            json!({ "id": id }),
        )
        .await
        .unwrap();
        let stream = crate::ws::subscribe(
            &server.addr,
            json!({ "authorization": format!("Bearer {token}") }),
            "subscription { myAgendaChanged { action sessionId } }",
        )
        .await
        .unwrap();
        streams.push(stream);
    }
    // The server counts a subscription once its stream listens: then the move is sure to reach it.
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.metric(&client, "sanad_live_subscriptions").await < MOVED as u64 {
        assert!(Instant::now() < deadline, "every holder listens");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    std::fs::write(&file, frab_xml(&schedule(&moved), Generator::default())).unwrap();
    let started = Instant::now();
    let waiting: Vec<_> = streams
        .into_iter()
        .map(|mut stream| {
            tokio::spawn(async move {
                let message = tokio::time::timeout(Duration::from_secs(60), crate::ws::next_json(&mut stream)).await;
                match message {
                    Ok(Ok(m)) if m["payload"]["data"]["myAgendaChanged"]["action"] == "MOVED" => Some(Instant::now()),
                    _ => None,
                }
            })
        })
        .collect();
    let db_url_moves = db_url.clone();
    let file_moves = file.clone();
    let (seconds, peak, _) =
        tokio::task::spawn_blocking(move || import(&db_url_moves, &file_moves, SLUG, None)).await.unwrap();
    let mut arrived = Vec::new();
    for task in waiting {
        if let Ok(Some(at)) = task.await {
            arrived.push(at.saturating_duration_since(started).as_secs_f64());
        }
    }
    arrived.sort_by(f64::total_cmp);
    println!("import_moves_seconds: {seconds:.2}");
    println!("import_moves_peak_rss_mb: {peak:.1}");
    println!("moves_delivered: {}/{MOVED}", arrived.len());
    let last = if arrived.len() == MOVED { arrived.last().copied().unwrap_or(f64::NAN) } else { f64::NAN };
    println!("moves_seconds_to_last_holder: {last:.2}");
    println!("moves_p50_seconds: {:.2}", common::quantile(&arrived, 0.5));
    println!("import_server_peak_rss_mb: {:.1}", server.peak_rss_mb());
}
