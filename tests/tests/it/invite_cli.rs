//! `sanad invite FILE.csv` and `sanad user add`, run in-process against a running server's
//! database; the codes they print sign in over HTTP.

use std::process::ExitCode;

use clap::Parser;
use sanad_api::cli::{Cli, run};
use sanad_schema::entities::person;
use sanad_tests::{TestApp, data, spawn_app};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

async fn sanad(app: &TestApp, args: &[&str]) -> (Result<ExitCode, String>, String) {
    let url = app.database_url();
    let argv = ["sanad", "--database-url", url.as_str()].into_iter().chain(args.iter().copied());
    let cli = Cli::try_parse_from(argv).expect("arguments parse");
    let mut out = Vec::new();
    let result = run(cli, &mut out).await.map_err(|e| e.to_string());
    (result, String::from_utf8(out).expect("UTF-8 output"))
}

async fn count_people(app: &TestApp) -> u64 {
    person::Entity::find().count(&app.server.state.db).await.unwrap()
}

const LIST: &str = "name,organisation,delegation,languages,role\n\
    Amina Haddad,Jordanian Survivors Network,Jordan,ar en,delegate\n\
    Jean Dupont,Handicap International,,fr,\n\
    Lucía Pérez,,Colombia,\"es, en\",coordinator\n";

#[tokio::test]
async fn a_delegate_list_becomes_codes_that_sign_in() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("delegates.csv");
    std::fs::write(&list, LIST).unwrap();
    let (result, out) = sanad(&app, &["invite", list.to_str().unwrap()]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("invited 3 people to amman-2019"), "{out}");

    let codes_path = dir.path().join("delegates.codes.csv");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&codes_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the codes file is private: {mode:o}");
    }
    let mut reader = csv::Reader::from_path(&codes_path).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[2][0], "Lucía Pérez");
    assert_eq!(&rows[2][3], "coordinator");
    for row in &rows {
        assert!(out.contains(&row[4]), "each code is printed: {out}");
    }

    let signed_in = app
        .graphql(
            "mutation($code: String!) { signIn(code: $code) { me { name role preferredLanguages delegation } } }",
            json!({ "code": &rows[0][4] }),
        )
        .await;
    let me = &data(&signed_in)["signIn"]["me"];
    assert_eq!(me["name"], "Amina Haddad");
    assert_eq!(me["preferredLanguages"], json!(["ar", "en"]));
    assert_eq!(me["delegation"], "Jordan");

    // The same list again: everyone is already invited, and nothing changes.
    let again = dir.path().join("again.csv");
    let (result, _) = sanad(&app, &["invite", list.to_str().unwrap(), "--output", again.to_str().unwrap()]).await;
    let message = result.unwrap_err();
    assert!(message.contains("line 2: Amina Haddad is already invited"), "{message}");
    assert!(!again.exists(), "no codes file is left behind");
    assert_eq!(count_people(&app).await, 3);

    // An existing codes file is never overwritten.
    let other = dir.path().join("others.csv");
    std::fs::write(&other, "name,organisation,delegation,languages,role\nNew Person,,,en,\n").unwrap();
    let (result, _) = sanad(&app, &["invite", other.to_str().unwrap(), "--output", codes_path.to_str().unwrap()]).await;
    assert!(result.unwrap_err().contains("cannot create"));
    assert_eq!(count_people(&app).await, 3);
}

#[tokio::test]
async fn a_bad_list_is_reported_line_by_line_and_imports_nobody() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    for (content, expected) in [
        ("name,languages\nAmina,ar\n", vec!["missing columns: organisation, delegation, role"]),
        (
            "name,organisation,delegation,languages,role\n\
             Amina Haddad,JSN,Jordan,ar,delegate\n\
             Jean Dupont,HI,,fr!!,\n\
             AMINA HADDAD,jsn,Jordan,ar,\n\
             Someone,,,en,chief\n",
            vec![
                "line 3: `fr!!` is not a language tag",
                "line 4: the same person as line 2",
                "line 5: `chief` is not a role",
            ],
        ),
        ("name,organisation,delegation,languages,role\n", vec!["the file lists nobody"]),
        ("name,organisation,delegation,languages,role\nA,B\n", vec!["line 2: cannot read this row"]),
    ] {
        let list = dir.path().join("list.csv");
        std::fs::write(&list, content).unwrap();
        let (result, _) = sanad(&app, &["invite", list.to_str().unwrap()]).await;
        let message = result.unwrap_err();
        assert!(message.contains("nothing was imported"), "{message}");
        for line in expected {
            assert!(message.contains(line), "{line} missing from:\n{message}");
        }
        assert!(!dir.path().join("list.codes.csv").exists());
    }
    assert_eq!(count_people(&app).await, 0);
    let (result, _) = sanad(&app, &["invite", dir.path().join("absent.csv").to_str().unwrap()]).await;
    assert!(result.unwrap_err().contains("cannot read"));
}

#[tokio::test]
async fn staff_accounts_get_a_code_for_their_role() {
    let app = spawn_app().await;
    let (result, out) =
        sanad(&app, &["user", "add", "--role", "organizer", "--name", "Desk Lead", "--languages", "en,ar"]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    let code = out.split_whitespace().next().unwrap();
    let token = app.sign_in(code).await;
    let people = app.graphql_with_token("{ conference { people { name role } } }", json!({}), &token).await;
    assert_eq!(data(&people)["conference"]["people"], json!([{ "name": "Desk Lead", "role": "ORGANIZER" }]));

    for bad in [
        vec!["user", "add", "--role", "organizer", "--name", "  "],
        vec!["user", "add", "--role", "organizer", "--name", "X", "--languages", "not a tag"],
        vec!["user", "add", "--role", "organizer", "--name", "X", "--conference", "nowhere"],
    ] {
        let (result, _) = sanad(&app, &bad).await;
        assert!(result.is_err(), "{bad:?}");
    }
    assert_eq!(count_people(&app).await, 1);
    // Languages separated as in `sanad invite`'s CSV: spaces, commas, or the flag repeated.
    for (languages, expected) in [
        (vec!["--languages", "ar en"], json!(["ar", "en"])),
        (vec!["--languages", "fr;es"], json!(["fr", "es"])),
        (vec!["--languages", "fr", "--languages", "ar,fr"], json!(["fr", "ar"])),
        (vec!["--languages", "es", "en"], json!(["es", "en"])),
    ] {
        let mut args = vec!["user", "add", "--role", "coordinator", "--name", "Desk"];
        args.extend(&languages);
        let (result, out) = sanad(&app, &args).await;
        assert_eq!(result, Ok(ExitCode::SUCCESS), "{languages:?}: {out}");
        let token = app.sign_in(out.split_whitespace().next().unwrap()).await;
        let me = app.graphql_with_token("{ me { preferredLanguages } }", json!({}), &token).await;
        assert_eq!(data(&me)["me"]["preferredLanguages"], expected, "{languages:?}");
    }
    let (result, _) =
        sanad(&app, &["user", "add", "--role", "coordinator", "--name", "X", "--languages", "ar,e!"]).await;
    assert!(result.unwrap_err().contains("`e!` is not a language tag"));
    // A wrong role does not parse at all.
    assert!(Cli::try_parse_from(["sanad", "user", "add", "--role", "delegate", "--name", "X"]).is_err());
}
