//! `sanad conference create`: a conference made from nothing on an empty database (no demo),
//! then served; bad input names its flag, exits with status 2 and writes nothing; a server
//! started on an empty database says how to fill it.

use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use sanad_api::cli::{Cli, run};
use sanad_api::db::DatabaseTarget;
use sanad_schema::entities::{conference, language, venue};
use sanad_schema::service::language_catalogue;
use sanad_tests::process::Deployment;
use sanad_tests::{TestDatabase, TestOptions, data, spawn_app_with};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_sanad-instance");

const ARABIC_NAME: &str = "المؤتمر العالمي لمساعدة ضحايا الألغام";
const ENGLISH_NAME: &str = "Global Conference on Assistance to Mine Victims";

fn url_of(target: &DatabaseTarget) -> String {
    match target {
        DatabaseTarget::Sqlite(path) => format!("sqlite:{}", path.display()),
        DatabaseTarget::Postgres(url) => url.clone(),
    }
}

/// Runs the command line in-process on the database at `url`.
async fn sanad(url: &str, args: &[&str]) -> (Result<ExitCode, String>, String) {
    let argv = ["sanad", "--database-url", url].into_iter().chain(args.iter().copied());
    let cli = Cli::try_parse_from(argv).expect("arguments parse");
    let mut out = Vec::new();
    let result = run(cli, &mut out).await.map_err(|e| e.to_string());
    (result, String::from_utf8(out).expect("UTF-8 output"))
}

/// Runs the real binary on the database at `url`: its exit status, standard output and the
/// `sanad: error:` lines of its standard error.
fn sanad_process(url: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let data_dir = tempfile::tempdir().unwrap();
    let output = Command::new(BINARY)
        .args(["--database-url", url])
        .args(args)
        .env_remove("DATABASE_URL")
        .env("SANAD_DATA_DIR", data_dir.path())
        .env("SANAD_LOG", "warn,sqlx=warn")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let errors: Vec<&str> = stderr.lines().filter(|line| line.contains("error")).collect();
    (output.status.code(), String::from_utf8(output.stdout).unwrap(), errors.join("\n"))
}

/// The arguments of a good conference, Arabic first, with `changes` (flag, value pairs) made:
/// a flag already there gets the new value, another is added.
fn create_args<'a>(slug: &'a str, changes: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "conference",
        "create",
        "--slug",
        slug,
        "--name",
        ARABIC_NAME,
        "--name-in",
        "en=Global Conference on Assistance to Mine Victims",
        "--time-zone",
        "Asia/Amman",
        "--start",
        "2026-09-08",
        "--end",
        "2026-09-10",
        "--languages",
        "ar,en,ils,de",
        "--required-languages",
        "ar,en",
    ];
    for change in changes.chunks(2) {
        match args.iter().position(|arg| *arg == change[0]) {
            Some(at) => args[at + 1] = change[1],
            None => args.extend_from_slice(change),
        }
    }
    args
}

async fn counts(db: &DatabaseConnection) -> (u64, u64, u64) {
    (
        conference::Entity::find().count(db).await.unwrap(),
        venue::Entity::find().count(db).await.unwrap(),
        language::Entity::find().count(db).await.unwrap(),
    )
}

const QUERY: &str = r#"query($slug: String) { conference(slug: $slug) {
    slug name { value lang dir } timeZone startDate endDate languageOrder programmeVersion
    defaultLanguage { tag }
    languages { required language { tag dir isSignLanguage nativeName { value lang dir } name { value lang } } }
    tagline { value } venue { name { value lang dir } } } }"#;

#[tokio::test]
async fn a_conference_created_on_an_empty_database_is_served() {
    let app = spawn_app_with(TestOptions { demo: false, ..TestOptions::default() }).await;
    let url = app.database_url();
    let db = &app.server.state.db;
    assert_eq!(counts(db).await, (0, 0, 0), "no demo, no catalogue rows before a conference needs them");

    let (result, out) = sanad(&url, &create_args("amman-2026", &[])).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert_eq!(
        out,
        format!(
            "created conference amman-2026 ({ARABIC_NAME}, 2026-09-08 to 2026-09-10, Asia/Amman, languages ar, en, ils, \
             de; default ar; required ar, en); next: sanad import FILE --conference amman-2026\n"
        )
    );
    // A language the catalogue does not know is named by its tag, and the output says so.
    let (result, out) = sanad(
        &url,
        &[
            "conference",
            "create",
            "--slug",
            "local-2026",
            "--name",
            "Local Meeting",
            "--time-zone",
            "Europe/Paris",
            "--start",
            "2026-10-01",
            "--end",
            "2026-10-01",
            "--languages",
            "en,qaa",
            "--venue",
            "Town Hall",
        ],
    )
    .await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.lines().nth(1).unwrap().contains("does not know qaa"), "{out}");
    assert_eq!(counts(db).await, (2, 2, 5), "two conferences, two venues, ar en ils de qaa");

    // Texts other than the name start empty, and the readiness check says so.
    let (result, report) = sanad(&url, &["check", "--strict"]).await;
    assert_eq!(result, Ok(ExitCode::FAILURE), "{report}");
    for expected in [
        "conference amman-2026: tagline has no ar, en",
        "conference amman-2026: city has no ar, en",
        "conference amman-2026: organiser has no ar, en",
        "venue: address has no ar, en",
        "conference local-2026: description has no en",
    ] {
        assert!(report.contains(expected), "{expected} missing from:\n{report}");
    }
    assert!(!report.contains("name has no"), "the names are complete:\n{report}");

    // A server started on the database serves both.
    let app = app.restart(TestOptions::default()).await;
    let served = app.graphql(QUERY, json!({ "slug": "amman-2026" })).await;
    let entry = |tag: &str, native: &str, name_ar: &str, required: bool, is_sign: bool| {
        json!({ "required": required, "language": {
            "tag": tag, "dir": if tag == "ar" { "RTL" } else { "LTR" }, "isSignLanguage": is_sign,
            "nativeName": { "value": native, "lang": tag, "dir": if tag == "ar" { "RTL" } else { "LTR" } },
            "name": { "value": name_ar, "lang": "ar" } } })
    };
    assert_eq!(
        data(&served)["conference"],
        json!({
            "slug": "amman-2026",
            "name": { "value": ARABIC_NAME, "lang": "ar", "dir": "RTL" },
            "timeZone": "Asia/Amman",
            "startDate": "2026-09-08",
            "endDate": "2026-09-10",
            "languageOrder": ["ar", "en", "ils", "de"],
            "programmeVersion": 1,
            "defaultLanguage": { "tag": "ar" },
            "languages": [
                entry("ar", "العربية", "العربية", true, false),
                entry("en", "English", "الإنجليزية", true, false),
                entry("ils", "International Sign", "لغة الإشارة الدولية", false, true),
                entry("de", "Deutsch", "الألمانية", false, false),
            ],
            "tagline": { "value": "" },
            "venue": { "name": { "value": ARABIC_NAME, "lang": "ar", "dir": "RTL" } },
        })
    );
    let english = app.graphql_as(QUERY, json!({ "slug": "amman-2026" }), Some("en")).await;
    assert_eq!(data(&english)["conference"]["name"], json!({ "value": ENGLISH_NAME, "lang": "en", "dir": "LTR" }));
    assert_eq!(data(&english)["conference"]["languageOrder"], json!(["en", "ar", "ils", "de"]));
    assert_eq!(
        data(&english)["conference"]["languages"][3]["language"]["name"],
        json!({ "value": "German", "lang": "en" })
    );

    let local = app.graphql(QUERY, json!({ "slug": "local-2026" })).await;
    let local = &data(&local)["conference"];
    assert_eq!(local["name"], json!({ "value": "Local Meeting", "lang": "en", "dir": "LTR" }));
    assert_eq!(local["venue"]["name"]["value"], "Town Hall");
    assert_eq!(
        local["languages"][1],
        json!({ "required": false, "language": { "tag": "qaa", "dir": "LTR", "isSignLanguage": false,
            "nativeName": { "value": "qaa", "lang": "qaa", "dir": "LTR" }, "name": { "value": "qaa", "lang": "en" } } })
    );
    // Without a slug, the first conference created is the default.
    let default = app.graphql("{ conference { slug } }", json!({})).await;
    assert_eq!(data(&default)["conference"]["slug"], "amman-2026");
}

#[tokio::test]
async fn bad_input_names_its_flag_exits_2_and_writes_nothing() {
    let (_database, target) = TestDatabase::create().await;
    let url = url_of(&target);
    let db = sanad_api::db::open(&target, Default::default()).await.unwrap();
    let (result, out) = sanad(&url, &create_args("amman-2026", &[])).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    let before = counts(&db).await;
    assert_eq!(before, (1, 1, 4));

    let cases: Vec<(Vec<&str>, &str)> = vec![
        (create_args("Amman 2026", &[]), "--slug: 1 to 64 of a-z, 0-9 and -"),
        (
            create_args("mars-2026", &["--time-zone", "Mars/Olympus"]),
            "--time-zone: 'Mars/Olympus' is not an IANA time zone such as Asia/Amman",
        ),
        (
            create_args("late-2026", &["--start", "2026-09-10", "--end", "2026-09-08"]),
            "--end: the last day (2026-09-08) is before the first day (2026-09-10)",
        ),
        (
            create_args("long-2026", &["--start", "2026-09-01", "--end", "2026-10-15"]),
            "--end: a conference lasts at most 31 days; this one 45",
        ),
        (
            create_args("fr-2026", &["--default-language", "fr"]),
            "--default-language: fr is not one of the languages: ar, en, ils, de",
        ),
        (create_args("twice-2026", &["--languages", "ar,en,AR"]), "--languages: ar is given twice"),
        (create_args("tag-2026", &["--languages", "ar,en,e n"]), "--languages: 'e n' is not a BCP 47 language tag"),
        (
            create_args("req-2026", &["--required-languages", "ar,en,fr"]),
            "--required-languages: fr is not one of the languages: ar, en, ils, de",
        ),
        (
            vec![
                "conference",
                "create",
                "--slug",
                "one-2026",
                "--name",
                ARABIC_NAME,
                "--time-zone",
                "Asia/Amman",
                "--start",
                "2026-09-08",
                "--end",
                "2026-09-08",
                "--languages",
                "ar,en",
                "--required-languages",
                "ar,en",
            ],
            "--name: missing in required languages: en",
        ),
        (create_args("in-2026", &["--name-in", "Global"]), "--name-in: 'Global' is not TAG=TEXT"),
        (create_args("fr-name-2026", &["--name-in", "fr=Conférence"]), "--name-in: fr is not one of the languages"),
        (create_args("venue-2026", &["--venue", "فندق"]), "--venue: missing in required languages: en"),
        (create_args("amman-2026", &[]), "--slug: a conference already has the slug amman-2026"),
        // Dates that are not dates are refused by the argument parser, with the same status.
        (create_args("date-2026", &["--start", "2026-13-01"]), "--start"),
    ];
    for (args, expected) in &cases {
        let (status, stdout, errors) = sanad_process(&url, args);
        assert_eq!(status, Some(2), "{expected}: {errors}");
        assert!(errors.contains(expected), "{expected} missing from:\n{errors}");
        assert_eq!(stdout, "", "{expected}");
        assert_eq!(counts(&db).await, before, "{expected}: nothing was written");
    }

    // In-process, the refusal is the same exit status.
    let (result, out) = sanad(&url, &create_args("mars-2026", &["--time-zone", "Mars/Olympus"])).await;
    assert_eq!(result, Ok(ExitCode::from(2)));
    assert_eq!(out, "");
    assert_eq!(counts(&db).await, before);
}

#[tokio::test]
async fn serve_on_an_empty_database_says_how_to_fill_it() {
    let deployment = Deployment::create(BINARY).await;
    let instance = deployment.start(false);
    let deadline = Instant::now() + Duration::from_secs(10);
    let hint = loop {
        if let Some(line) = instance.log().into_iter().find(|line| line.contains("no conference in the database")) {
            break line;
        }
        assert!(Instant::now() < deadline, "no hint in:\n{}", instance.log().join("\n"));
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(hint.contains("sanad conference create --slug") && hint.contains("sanad serve --demo"), "{hint}");
    drop(instance);

    // With the demo, or once a conference exists, there is nothing to say.
    let (result, out) = sanad(&deployment.database_url, &create_args("amman-2026", &[])).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    let instance = deployment.start(false);
    let served = instance.graphql("{ conference { slug name { dir } } }", json!({}), None).await;
    assert_eq!(served["data"]["conference"], json!({ "slug": "amman-2026", "name": { "dir": "RTL" } }));
    assert!(!instance.log().iter().any(|line| line.contains("no conference")), "{:?}", instance.log());
}

#[test]
fn the_catalogue_names_the_demo_languages_as_the_demo_does() {
    let demo: Value = serde_json::from_str(sanad_api::demo::DEMO_JSON).unwrap();
    for lang in demo["languages"].as_array().unwrap() {
        let tag = lang["tag"].as_str().unwrap();
        let entry = language_catalogue::lookup(tag).unwrap();
        assert_eq!(entry.native_name, lang["nativeName"].as_str().unwrap(), "{tag}");
        assert_eq!(serde_json::to_value(&entry.name.0).unwrap(), lang["name"], "{tag}");
        assert_eq!(entry.is_sign, lang["sign"].as_bool().unwrap(), "{tag}");
        assert_eq!(json!(entry.dir), lang["dir"], "{tag}");
    }
}
