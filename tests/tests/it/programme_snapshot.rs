//! Queries read the public programme from one snapshot per programme version: with the
//! response cache off, a repeated full-programme query reads no SQL at all, every change is
//! seen by the next query, and pages served from the snapshot are the pages SQL would give.

use sanad_schema::entities::enums::Role;
use sanad_tests::{FULL_PROGRAMME, TestApp, TestOptions, data, spawn_app_with};
use serde_json::{Value, json};

fn uncached() -> TestOptions {
    TestOptions { cache_bytes: 0, ..Default::default() }
}

/// The full programme, and the SQL statements it cost.
async fn full_programme(app: &TestApp) -> (Value, u64) {
    let before = app.metric("sanad_sql_statements_total").await;
    let response = app.graphql(FULL_PROGRAMME, json!({ "first": 2000 })).await;
    let after = app.metric("sanad_sql_statements_total").await;
    assert!(response.get("errors").is_none(), "{response}");
    (response, after - before)
}

fn session<'a>(programme: &'a Value, slug: &str) -> &'a Value {
    data(programme)["conference"]["sessions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| &edge["node"])
        .find(|node| node["slug"] == slug)
        .unwrap_or_else(|| panic!("no session {slug}"))
}

#[tokio::test]
async fn the_programme_is_read_once_per_version_and_every_change_is_seen() {
    let app = spawn_app_with(uncached()).await;
    let (first, statements) = full_programme(&app).await;
    assert!((1..=10).contains(&statements), "{statements} statements to read the programme");
    let (again, statements) = full_programme(&app).await;
    assert_eq!(statements, 0, "the same version is read from memory");
    assert_eq!(first, again);
    assert_eq!(session(&first, "panel-q1-challenges")["room"]["name"]["value"], "Hall A");

    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let rooms = data(&app.graphql("{ conference { rooms { id slug } } }", json!({})).await)["conference"]["rooms"]
        .as_array()
        .unwrap()
        .clone();
    let room_101 = rooms.iter().find(|r| r["slug"] == "room-101").unwrap()["id"].clone();
    let id = session(&first, "panel-q1-challenges")["id"].clone();
    let moved = app
        .graphql_with_token(
            "mutation($id: ID!, $room: ID) { moveSession(id: $id, startsAt: \"2019-09-10T11:30:00+03:00\", roomId: $room) { room { slug } } }",
            json!({ "id": id, "room": room_101 }),
            &organiser,
        )
        .await;
    assert_eq!(data(&moved)["moveSession"]["room"]["slug"], "room-101", "{moved}");

    // The next query, anonymous and uncached, sees the move and its recorded change.
    let (after, statements) = full_programme(&app).await;
    assert!((1..=10).contains(&statements), "the new version is read again: {statements} statements");
    let moved = session(&after, "panel-q1-challenges");
    assert_eq!(moved["room"]["name"]["value"], "Room 101");
    assert_eq!(moved["status"], "MOVED");
    assert_eq!(moved["changes"][0]["kind"], "MOVED");
    assert_eq!(
        data(&after)["conference"]["programmeVersion"].as_i64().unwrap(),
        data(&first)["conference"]["programmeVersion"].as_i64().unwrap() + 1
    );
    // Sessions that start later now come after it: the snapshot keeps programme order.
    let starts: Vec<&str> = data(&after)["conference"]["sessions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["time"]["start"].as_str().unwrap())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_by_key(|s| chrono::DateTime::parse_from_rfc3339(s).unwrap());
    assert_eq!(starts, sorted);
}

const PAGE: &str = "query($first: Int, $after: String, $filter: SessionFilter) {
  conference { sessions(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { slug room { slug } speakers { speaker { name { value } } } } }
  } }
}";

/// Every page of the programme, `size` sessions at a time.
async fn pages(app: &TestApp, size: i64, filter: Value) -> Vec<Value> {
    let (mut pages, mut after) = (Vec::new(), Value::Null);
    loop {
        let response = app.graphql(PAGE, json!({ "first": size, "after": after, "filter": filter })).await;
        let page = data(&response)["conference"]["sessions"].clone();
        let more = page["pageInfo"]["hasNextPage"].as_bool().unwrap();
        after = page["pageInfo"]["endCursor"].clone();
        pages.push(page);
        if !more {
            return pages;
        }
    }
}

#[tokio::test]
async fn pages_from_the_snapshot_are_the_pages_sql_gives() {
    let app = spawn_app_with(uncached()).await;
    // A filter that lets every kind through is answered by SQL; no filter, by the snapshot.
    let every_kind = json!({ "kinds": ["PLENARY", "PANEL", "WORKSHOP", "SIDE_EVENT", "BREAK", "RECEPTION", "OTHER"] });
    for size in [1, 7, 36, 50] {
        let from_snapshot = pages(&app, size, Value::Null).await;
        let from_sql = pages(&app, size, every_kind.clone()).await;
        assert_eq!(from_snapshot, from_sql, "pages of {size}");
        let sessions: usize = from_snapshot.iter().map(|p| p["edges"].as_array().unwrap().len()).sum();
        assert_eq!(sessions, 36, "pages of {size}");
    }
    // A cursor past the end gives an empty last page, as SQL does.
    let last = pages(&app, 36, Value::Null).await[0]["pageInfo"]["endCursor"].clone();
    let response = app.graphql(PAGE, json!({ "first": 5, "after": last })).await;
    let empty = &data(&response)["conference"]["sessions"];
    assert_eq!(empty["edges"], json!([]));
    assert_eq!(empty["pageInfo"]["hasNextPage"], false);
    let response = app.graphql(PAGE, json!({ "first": 0 })).await;
    assert_eq!(data(&response)["conference"]["sessions"]["pageInfo"]["hasNextPage"], true);
}

#[tokio::test]
async fn signed_in_readers_and_node_lookups_share_the_snapshot() {
    let app = spawn_app_with(uncached()).await;
    let delegate = app.signed_in(Role::Delegate, "Delegate").await;
    let ids = app.session_ids().await;
    let id = &ids["panel-q1-challenges"];
    let query = "query($id: ID!) { node(id: $id) { ... on Session { slug isInMyAgenda room { slug } } } }";
    let anonymous = app.graphql(query, json!({ "id": id })).await;
    assert_eq!(data(&anonymous)["node"]["isInMyAgenda"], Value::Null);
    assert_eq!(data(&anonymous)["node"]["room"]["slug"], "hall-a");
    let before = app.metric("sanad_sql_statements_total").await;
    let mine = app.graphql_with_token(query, json!({ "id": id }), &delegate).await;
    assert_eq!(data(&mine)["node"]["isInMyAgenda"], false, "{mine}");
    assert_eq!(data(&mine)["node"]["room"]["slug"], "hall-a");
    let statements = app.metric("sanad_sql_statements_total").await - before;
    // The viewer's token and agenda are personal and read each time; the session and its room
    // come from the snapshot.
    assert!(statements <= 3, "{statements} statements");
}
