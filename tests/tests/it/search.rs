//! `Conference.search`: one box that finds sessions, speakers, rooms, points of interest,
//! glossary entries, documents and published announcements, as delegates type on phones and
//! with screen-reader keyboards: without accents, Arabic without hamza or with ه for ة, with a
//! direction mark pasted in, with one slip of the thumb. Every query word comes from the demo
//! programme, and every expected item is found through the API (by slug, term or title), never
//! hard-coded as an id.

use std::collections::{HashMap, HashSet};

use sanad_schema::entities::enums::Role;
use sanad_schema::service::clock::Clock;
use sanad_tests::{TestApp, TestOptions, data, error_code, error_field, spawn_app, spawn_app_with};
use serde_json::{Value, json};

/// What a phone asks of a search: every hit with its item, whatever its type.
const HIT: &str = "kind field approximate
    matched { value lang dir isFallback }
    item {
      __typename
      ... on Session { id slug title { value } }
      ... on Speaker { id slug name { value } transliteration }
      ... on Room { id slug name { value } }
      ... on PointOfInterest { id slug name { value } }
      ... on GlossaryEntry { id term }
      ... on Document { id title { value } }
      ... on Announcement { id title { value } }
    }";

fn search_document() -> String {
    format!(
        "query Search($query: String!, $first: Int!, $after: String, $kinds: [SearchKind!]) {{
          conference {{
            search(query: $query, first: $first, after: $after, kinds: $kinds) {{
              totalCount
              pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
              edges {{ cursor node {{ {HIT} }} }}
            }}
          }}
        }}"
    )
}

/// The `__typename` each `SearchKind` must come with.
fn typename(kind: &str) -> &'static str {
    match kind {
        "SESSION" => "Session",
        "SPEAKER" => "Speaker",
        "ROOM" => "Room",
        "POINT_OF_INTEREST" => "PointOfInterest",
        "GLOSSARY_ENTRY" => "GlossaryEntry",
        "DOCUMENT" => "Document",
        "ANNOUNCEMENT" => "Announcement",
        other => panic!("unknown search kind {other}"),
    }
}

const KINDS: [&str; 7] =
    ["SESSION", "SPEAKER", "ROOM", "POINT_OF_INTEREST", "GLOSSARY_ENTRY", "DOCUMENT", "ANNOUNCEMENT"];

/// The raw response to a search (errors included).
async fn search_raw(app: &TestApp, variables: Value) -> Value {
    app.graphql(&search_document(), variables).await
}

/// A search that must succeed: its connection (one page of up to 50 hits).
async fn search(app: &TestApp, query: &str, kinds: &[&str]) -> Value {
    let mut variables = json!({ "query": query, "first": 50 });
    if !kinds.is_empty() {
        variables["kinds"] = json!(kinds);
    }
    connection(&search_raw(app, variables).await)
}

/// The connection of a successful search response, after checking each hit's kind against the
/// type of its item.
fn connection(response: &Value) -> Value {
    let connection = data(response)["conference"]["search"].clone();
    for hit in hits(&connection) {
        let kind = hit["kind"].as_str().unwrap();
        assert_eq!(hit["item"]["__typename"], typename(kind), "{hit}");
    }
    connection
}

fn hits(connection: &Value) -> Vec<&Value> {
    let edges = connection["edges"].as_array().unwrap_or_else(|| panic!("no edges in {connection}"));
    edges.iter().map(|e| &e["node"]).collect()
}

fn total(connection: &Value) -> u64 {
    connection["totalCount"].as_u64().unwrap_or_else(|| panic!("no totalCount in {connection}"))
}

/// The item ids of a page, best first.
fn item_ids(connection: &Value) -> Vec<Value> {
    hits(connection).iter().map(|hit| hit["item"]["id"].clone()).collect()
}

fn top(connection: &Value) -> &Value {
    hits(connection).first().copied().unwrap_or_else(|| panic!("no hit in {connection}"))
}

fn assert_empty(connection: &Value, what: &str) {
    assert_eq!(total(connection), 0, "{what}: {connection}");
    assert!(hits(connection).is_empty(), "{what}: {connection}");
}

/// The ids of a list of the conference by its `slug` (or `term`) field.
async fn ids_by(app: &TestApp, query: &str, key: &str, path: &[&str]) -> HashMap<String, Value> {
    let response = app.graphql(query, json!({})).await;
    let mut list = &data(&response)["conference"];
    for step in path {
        list = &list[step];
    }
    list.as_array()
        .unwrap_or_else(|| panic!("no list at {path:?} in {response}"))
        .iter()
        .map(|n| (n[key].as_str().unwrap().to_owned(), n["id"].clone()))
        .collect()
}

async fn speaker_ids(app: &TestApp) -> HashMap<String, Value> {
    ids_by(app, "{ conference { speakers { id slug } } }", "slug", &["speakers"]).await
}

#[tokio::test]
async fn arabic_typed_fast_finds_what_the_careful_spelling_finds() {
    let app = spawn_app().await;
    let careful = search(&app, "الإعاقة", &["SESSION"]).await;
    let expected = item_ids(&careful);
    assert!(!expected.is_empty(), "the demo's Arabic titles speak of الإعاقة: {careful}");
    assert_eq!(total(&careful), expected.len() as u64, "one page of 50 holds every session");
    let sessions = app.session_ids().await;
    assert!(expected.contains(&sessions["panel-q2-breaking-silos"]), "its Arabic title has الإعاقة: {careful}");

    let variants = [
        ("without hamza", "الاعاقة"),
        ("heh for teh marbuta", "الإعاقه"),
        ("without the article", "إعاقة"),
        ("without hamza, article or teh marbuta", "اعاقه"),
        ("with tashkeel", "الإِعَاقَة"),
        ("with a tatweel", "الإعاقـــة"),
        ("with a right-to-left mark inside", "الإع\u{200F}اقة"),
        ("with an Arabic letter mark and a zero-width space inside", "ال\u{061C}إعا\u{200B}قة"),
        ("after the conjunction", "والإعاقة"),
    ];
    for (how, typed) in variants {
        let found = search(&app, typed, &["SESSION"]).await;
        assert_eq!(item_ids(&found), expected, "{how} ({typed}) finds other sessions: {found}");
    }

    // Every match is in Arabic, whatever the viewer reads (English here), and says so.
    for hit in hits(&careful) {
        assert_eq!(hit["matched"]["lang"], "ar", "{hit}");
        assert_eq!(hit["matched"]["dir"], "RTL", "{hit}");
    }
    // Best first: the exact word before any word found only by forgiving a typo (إعادة).
    let best = top(&careful);
    assert_eq!(best["approximate"], false, "{best}");
    assert!(best["matched"]["value"].as_str().unwrap().contains("عاقة"), "{best}");
    let approximate: Vec<bool> = hits(&careful).iter().map(|h| h["approximate"].as_bool().unwrap()).collect();
    let first_approximate = approximate.iter().position(|a| *a).unwrap_or(approximate.len());
    assert!(approximate[first_approximate..].iter().all(|a| *a), "an exact hit after a typo: {approximate:?}");
}

#[tokio::test]
async fn arabic_indic_digits_read_as_digits() {
    let app = spawn_app().await;
    let rooms = ids_by(&app, "{ conference { rooms { id slug } } }", "slug", &["rooms"]).await;
    let written = search(&app, "القاعة 101", &["ROOM"]).await;
    assert_eq!(top(&written)["item"]["id"], rooms["room-101"], "{written}");
    let typed = search(&app, "القاعه ١٠١", &["ROOM"]).await;
    assert_eq!(item_ids(&typed), item_ids(&written), "{typed}");
}

#[tokio::test]
async fn french_and_spanish_without_accents_find_the_accented_titles() {
    let app = spawn_app().await;
    let sessions = app.session_ids().await;
    let cases = [
        // "Décloisonner : handicap, développement et assistance aux victimes"
        ("decloisonner", "fr", "panel-q2-breaking-silos", "Décloisonner"),
        ("DECLOISONNER", "fr", "panel-q2-breaking-silos", "Décloisonner"),
        // "Séance plénière d'ouverture : Promouvoir les partenariats"
        ("seance pleniere ouverture", "fr", "opening-plenary", "plénière"),
        // "Género y diversidad en la asistencia a las víctimas"
        ("genero diversidad", "es", "side-gender-diversity", "Género"),
        // "Recepción de bienvenida"
        ("recepcion bienvenida", "es", "welcome-reception", "Recepción"),
    ];
    for (query, lang, slug, accented) in cases {
        let found = search(&app, query, &["SESSION"]).await;
        let best = top(&found);
        assert_eq!(best["item"]["id"], sessions[slug], "{query}: {found}");
        assert_eq!(best["field"], "TITLE", "{query}: {best}");
        assert_eq!(best["approximate"], false, "{query}: folding accents is not a typo: {best}");
        assert_eq!(best["matched"]["lang"], lang, "{query}: {best}");
        assert_eq!(best["matched"]["dir"], "LTR", "{query}: {best}");
        assert!(best["matched"]["value"].as_str().unwrap().contains(accented), "{query}: {best}");
        // The item itself is served in the viewer's language (English), the match in its own.
        assert_ne!(best["item"]["title"]["value"], best["matched"]["value"], "{query}: {best}");
    }
}

#[tokio::test]
async fn one_slip_in_a_long_word_is_forgiven_and_said_to_be_approximate() {
    let app = spawn_app().await;
    let sessions = app.session_ids().await;
    let exact = search(&app, "washington", &["SESSION"]).await;
    assert_eq!(top(&exact)["item"]["id"], sessions["ws-washington-group"], "{exact}");
    assert_eq!(top(&exact)["approximate"], false, "{exact}");
    for (typo, slug) in [
        ("washingtn", "ws-washington-group"),   // a letter left out
        ("washingtoon", "ws-washington-group"), // a letter doubled
        ("washinqton", "ws-washington-group"),  // a letter replaced
        ("washignton", "ws-washington-group"),  // two neighbours swapped
        ("prosthetisc", "ws-prosthetics"),
        ("decloisoner", "panel-q2-breaking-silos"),
    ] {
        let found = search(&app, typo, &["SESSION"]).await;
        let best = top(&found);
        assert_eq!(best["item"]["id"], sessions[slug], "{typo}: {found}");
        assert_eq!(best["approximate"], true, "{typo}: {best}");
    }
    // Short words are not forgiven: "luch" is not "lunch", though "lunch" finds the lunches.
    assert!(total(&search(&app, "lunch", &["SESSION"]).await) > 0);
    assert_empty(&search(&app, "luch", &["SESSION"]).await, "a four-letter typo");
}

#[tokio::test]
async fn speakers_are_found_by_name_transliteration_pronunciation_affiliation_and_job_title() {
    let app = spawn_app().await;
    let speakers = speaker_ids(&app).await;
    // (query, speaker, the field that matched, the language of the matched text when it has one)
    let cases = [
        ("Khatib", "omar-khatib", "TRANSLITERATION", None),
        ("عمر الخطيب", "omar-khatib", "NAME", Some("ar")),
        ("فاطمه حداد", "fatima-haddad", "NAME", Some("ar")),
        ("TEEB", "omar-khatib", "PRONUNCIATION", Some("en")),
        ("souffle", "fatima-haddad", "PRONUNCIATION", Some("fr")),
        ("Dakar", "aissatou-ndiaye", "AFFILIATION", None),
        ("psychologist", "samuel-okafor", "JOB_TITLE", Some("en")),
    ];
    for (query, slug, field, lang) in cases {
        let found = search(&app, query, &["SPEAKER"]).await;
        let best = top(&found);
        assert_eq!(best["item"]["id"], speakers[slug], "{query}: {found}");
        assert_eq!(best["field"], field, "{query}: {best}");
        if let Some(lang) = lang {
            assert_eq!(best["matched"]["lang"], lang, "{query}: {best}");
        }
    }
    // A Latin name written with accents, typed without them.
    let found = search(&app, "helene marchetti", &["SPEAKER"]).await;
    assert_eq!(top(&found)["item"]["id"], speakers["helene-marchetti"], "{found}");
    assert!(["NAME", "TRANSLITERATION"].contains(&top(&found)["field"].as_str().unwrap()), "{found}");
}

#[tokio::test]
async fn kinds_restrict_the_search_and_every_kind_can_be_found() {
    let app = spawn_app().await;
    let rooms = ids_by(&app, "{ conference { rooms { id slug } } }", "slug", &["rooms"]).await;
    let places_query = "{ conference { venue { pointsOfInterest { id slug } } } }";
    let places = ids_by(&app, places_query, "slug", &["venue", "pointsOfInterest"]).await;
    let glossary = ids_by(&app, "{ conference { glossary { id term } } }", "term", &["glossary"]).await;

    let room = search(&app, "terrasse", &["ROOM"]).await;
    assert_eq!(top(&room)["item"]["id"], rooms["garden-terrace"], "{room}");
    let place = search(&app, "priere", &["POINT_OF_INTEREST"]).await;
    assert_eq!(top(&place)["item"]["id"], places["prayer-room"], "{place}");
    let term = search(&app, "apmbc", &["GLOSSARY_ENTRY"]).await;
    assert_eq!(top(&term)["item"]["id"], glossary["APMBC"], "{term}");
    assert_eq!(top(&term)["field"], "TERM", "{term}");

    // The documents of the sessions, by their English titles.
    let documents_query = "{ conference { sessions(first: 2000) { nodes { documents { id title { value } } } } } }";
    let response = app.graphql(documents_query, json!({})).await;
    let documents: HashMap<String, Value> = data(&response)["conference"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["documents"].as_array().unwrap().iter())
        .map(|d| (d["title"]["value"].as_str().unwrap().to_owned(), d["id"].clone()))
        .collect();
    let checklist = documents.iter().find(|(title, _)| title.starts_with("Checklist")).expect("the demo's checklist");
    let document = search(&app, "checklist", &["DOCUMENT"]).await;
    assert_eq!(&top(&document)["item"]["id"], checklist.1, "{document}");
    assert_eq!(top(&document)["field"], "TITLE", "{document}");

    let listed = published(&app).await;
    let shuttle = listed.iter().find(|a| a["title"]["value"].as_str().unwrap().contains("shuttle")).unwrap();
    let announcement = search(&app, "shuttle", &["ANNOUNCEMENT"]).await;
    assert_eq!(top(&announcement)["item"]["id"], shuttle["id"], "{announcement}");

    // Each kind alone: only that kind; together, the kinds add up to the search without `kinds`.
    let everything = search(&app, "braille", &[]).await;
    let mut kinds_seen = HashSet::new();
    let mut sum = 0;
    for kind in KINDS {
        let only = search(&app, "braille", &[kind]).await;
        for hit in hits(&only) {
            assert_eq!(hit["kind"], kind, "{hit}");
        }
        if total(&only) > 0 {
            kinds_seen.insert(kind);
        }
        sum += total(&only);
    }
    assert!(kinds_seen.len() >= 3, "braille is in session summaries, room layouts and places: {kinds_seen:?}");
    assert_eq!(sum, total(&everything), "{everything}");
    let two = search(&app, "braille", &["ROOM", "POINT_OF_INTEREST"]).await;
    assert_eq!(
        total(&two),
        total(&search(&app, "braille", &["ROOM"]).await)
            + total(&search(&app, "braille", &["POINT_OF_INTEREST"]).await)
    );
    let in_two: HashSet<&str> = hits(&two).iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert!(in_two.is_subset(&HashSet::from(["ROOM", "POINT_OF_INTEREST"])), "{in_two:?}");
}

#[tokio::test]
async fn every_query_word_must_match_but_stop_words_are_optional() {
    let app = spawn_app().await;
    let sessions = app.session_ids().await;
    let both = search(&app, "washington inclusive", &["SESSION"]).await;
    assert_eq!(top(&both)["item"]["id"], sessions["ws-washington-group"], "{both}");
    assert!(total(&search(&app, "washington", &["SESSION"]).await) > 0);
    assert!(total(&search(&app, "lunch", &["SESSION"]).await) > 0);
    assert_empty(&search(&app, "washington lunch", &["SESSION"]).await, "no session is both");
    assert_empty(&search(&app, "washington zzyzxqv", &[]).await, "an unknown word");

    for (with_stops, without) in [
        ("the Washington Group", "Washington Group"),
        ("les questions du groupe de Washington", "questions groupe Washington"),
        ("مساعدة الضحايا في الأنظمة الصحية", "مساعدة الضحايا الأنظمة الصحية"),
    ] {
        let with_stops = search(&app, with_stops, &["SESSION"]).await;
        let without = search(&app, without, &["SESSION"]).await;
        assert!(total(&without) > 0, "{without}");
        let set = |c: &Value| item_ids(c).into_iter().map(|v| v.to_string()).collect::<HashSet<_>>();
        assert_eq!(set(&with_stops), set(&without), "{with_stops} / {without}");
    }
}

#[tokio::test]
async fn titles_rank_before_summaries_and_matched_text_is_the_items_own() {
    let app = spawn_app().await;
    // "rehabilitation" is a whole word of two session titles and of several summaries.
    let found = search(&app, "rehabilitation", &["SESSION"]).await;
    let fields: Vec<&str> = hits(&found).iter().map(|h| h["field"].as_str().unwrap()).collect();
    let titles = fields.iter().filter(|f| **f == "TITLE").count();
    assert!(titles >= 1 && titles < fields.len(), "titles and summaries both match: {fields:?}");
    assert!(fields[..titles].iter().all(|f| *f == "TITLE"), "a summary before a title: {fields:?}");
    for hit in hits(&found) {
        assert_eq!(hit["approximate"], false, "{hit}");
    }

    // The matched text is the field's own text in that language, perhaps shortened with "…".
    let query = "query($id: ID!, $lang: String) { conference(lang: $lang) { session(id: $id) { \
        title { value } summary { value } plainSummary { value } } } }";
    for hit in hits(&found) {
        let lang = hit["matched"]["lang"].as_str().unwrap();
        let response = app.graphql(query, json!({ "id": hit["item"]["id"], "lang": lang })).await;
        let session = &data(&response)["conference"]["session"];
        let full = match hit["field"].as_str().unwrap() {
            "TITLE" => &session["title"],
            "SUMMARY" => &session["summary"],
            "PLAIN_SUMMARY" => &session["plainSummary"],
            other => panic!("a session matched in {other}"),
        };
        let full = full["value"].as_str().unwrap();
        let matched = hit["matched"]["value"].as_str().unwrap();
        assert!(matched.chars().count() <= full.chars().count() + 2, "{matched} is longer than {full}");
        for piece in matched.split('…').map(str::trim).filter(|p| !p.is_empty()) {
            assert!(full.contains(piece), "{piece:?} is not in {full:?}");
        }
        assert!(matched.to_lowercase().contains("habilitation"), "the match is shown: {matched}");
    }
}

#[tokio::test]
async fn pages_of_two_give_the_hits_of_one_page_of_fifty_in_the_same_order() {
    let app = spawn_app().await;
    for query in ["braille", "victim", "الإعاقة"] {
        let whole = search(&app, query, &[]).await;
        let count = total(&whole);
        let expected: Vec<Value> = hits(&whole).into_iter().cloned().collect();
        assert!((5..=50).contains(&count), "{query}: {count} hits; the test wants several pages, all within 50");
        assert_eq!(expected.len() as u64, count);
        assert_eq!(whole["pageInfo"]["hasNextPage"], false);
        assert_eq!(whole["pageInfo"]["hasPreviousPage"], false);
        let unique: HashSet<String> = item_ids(&whole).iter().map(Value::to_string).collect();
        assert_eq!(unique.len(), expected.len(), "{query}: an item twice in {whole}");

        let mut paged = Vec::new();
        let mut after: Option<String> = None;
        for page in 0.. {
            assert!(page <= 25, "{query}: paging does not end");
            let mut variables = json!({ "query": query, "first": 2 });
            if let Some(cursor) = &after {
                variables["after"] = json!(cursor);
            }
            let current = connection(&search_raw(&app, variables).await);
            assert_eq!(total(&current), count, "{query}: the total is the same on every page");
            assert_eq!(current["pageInfo"]["hasPreviousPage"], after.is_some(), "{current}");
            let edges = current["edges"].as_array().unwrap();
            assert!(!edges.is_empty() && edges.len() <= 2, "{query}: {current}");
            assert_eq!(current["pageInfo"]["startCursor"], edges[0]["cursor"]);
            assert_eq!(current["pageInfo"]["endCursor"], edges[edges.len() - 1]["cursor"]);
            paged.extend(edges.iter().map(|e| e["node"].clone()));
            if current["pageInfo"]["hasNextPage"] == false {
                break;
            }
            after = Some(current["pageInfo"]["endCursor"].as_str().unwrap().to_owned());
        }
        assert_eq!(paged, expected, "{query}: pages of two differ from one page of fifty");

        // An edge's cursor continues from that edge, like `endCursor`.
        let third = whole["edges"][2]["cursor"].as_str().unwrap();
        let rest = connection(&search_raw(&app, json!({ "query": query, "first": 50, "after": third })).await);
        assert_eq!(hits(&rest).into_iter().cloned().collect::<Vec<_>>(), expected[3..].to_vec(), "{query}");

        // `first: 0` counts without hits.
        let none = connection(&search_raw(&app, json!({ "query": query, "first": 0 })).await);
        assert!(hits(&none).is_empty());
        assert_eq!(total(&none), count);
    }

    // Without `first`, 20 hits.
    let document = format!(
        "query($query: String!) {{ conference {{ search(query: $query) {{ \
         totalCount pageInfo {{ hasNextPage }} edges {{ node {{ {HIT} }} }} }} }} }}"
    );
    let response = app.graphql(&document, json!({ "query": "victim" })).await;
    let default = connection(&response);
    assert_eq!(hits(&default).len() as u64, total(&default).min(20), "{default}");
    assert_eq!(default["pageInfo"]["hasNextPage"], total(&default) > 20);
}

#[tokio::test]
async fn bad_input_names_its_field_and_the_server_stays_healthy() {
    let app = spawn_app().await;
    let seventeen_words = "mine action victim assistance disability rights survivors peer support inclusive data \
        employment health education rehabilitation prosthetics partnerships";
    assert_eq!(seventeen_words.split_whitespace().count(), 17);
    let cases = [
        (json!({ "query": "a".repeat(201), "first": 10 }), "query"),
        (json!({ "query": "ا".repeat(201), "first": 10 }), "query"),
        (json!({ "query": seventeen_words, "first": 10 }), "query"),
        (json!({ "query": "braille", "first": 51 }), "first"),
        (json!({ "query": "braille", "first": -1 }), "first"),
        (json!({ "query": "braille", "first": 10, "after": "garbage!" }), "after"),
        (json!({ "query": "braille", "first": 10, "after": "%%%" }), "after"),
    ];
    for (variables, field) in cases {
        let response = search_raw(&app, variables.clone()).await;
        assert_eq!(error_code(&response), "BAD_USER_INPUT", "{variables}: {response}");
        assert_eq!(error_field(&response), field, "{variables}: {response}");
    }
    // The limits themselves are accepted: 200 characters (not bytes), 16 words, 50 hits.
    let sixteen_words = seventeen_words.rsplit_once(' ').unwrap().0;
    for variables in [
        json!({ "query": "ا".repeat(200), "first": 10 }),
        json!({ "query": sixteen_words, "first": 10 }),
        json!({ "query": "braille", "first": 50 }),
    ] {
        let response = search_raw(&app, variables.clone()).await;
        assert!(response.get("errors").is_none(), "{variables}: {response}");
    }
    app.assert_healthy("bad search input").await;
}

#[tokio::test]
async fn queries_without_words_find_nothing_and_markup_is_never_matched() {
    let app = spawn_app().await;
    for nothing in ["", "   ", ":", "\":\"", "{", "{}", "?!", "…", "،؟", "\u{200F}", "\u{200B}\u{200E}", "-- //"] {
        let found = search(&app, nothing, &[]).await;
        assert_empty(&found, &format!("{nothing:?}"));
        assert_eq!(found["pageInfo"]["hasNextPage"], false);
    }
    assert_empty(&search(&app, "zzyzxqv", &[]).await, "an unknown word");

    // Language tags and JSON keys are not words of the items: they find some sessions (words
    // that start so), never every one.
    let response = app.graphql("{ conference { sessions(first: 2000) { totalCount } } }", json!({})).await;
    let sessions = data(&response)["conference"]["sessions"]["totalCount"].as_u64().unwrap();
    assert!(sessions > 30, "{sessions} sessions in the demo");
    for key in ["es", "en", "ar", "fr", "lang", "\"lang\"", "{\"en\":", "value", "<p>", "dir"] {
        let found = search(&app, key, &["SESSION"]).await;
        assert!(total(&found) < sessions, "{key:?} finds all {sessions} sessions: {found}");
    }
}

/// The announcements the conference lists as published (by the server's clock).
async fn published(app: &TestApp) -> Vec<Value> {
    let response = app.graphql("{ conference { announcements { id title { value } } } }", json!({})).await;
    data(&response)["conference"]["announcements"].as_array().unwrap().clone()
}

#[tokio::test]
async fn announcements_are_found_only_once_published_by_the_clock() {
    let at: chrono::DateTime<chrono::Utc> = sanad_tests::DEMO_NOW.parse().unwrap();
    let clock = Clock::manual(at);
    let app = spawn_app_with(TestOptions { manual_clock: Some(clock.clone()), ..TestOptions::default() }).await;
    // The demo's move of the peer support workshop is published at 17:30 on the first day.
    assert!(published(&app).await.iter().all(|a| !a["title"]["value"].as_str().unwrap().contains("moved")));
    assert_empty(&search(&app, "moved", &["ANNOUNCEMENT"]).await, "an announcement not yet published");
    assert_empty(&search(&app, "déplacé", &["ANNOUNCEMENT"]).await, "an announcement not yet published");

    clock.set("2019-09-10T18:00:00+03:00".parse().unwrap());
    let now = published(&app).await;
    let moved = now
        .iter()
        .find(|a| a["title"]["value"].as_str().unwrap().contains("moved"))
        .expect("published by 18:00")
        .clone();
    let found = search(&app, "moved", &["ANNOUNCEMENT"]).await;
    assert_eq!(item_ids(&found), vec![moved["id"].clone()], "{found}");
    let found = search(&app, "deplace", &["ANNOUNCEMENT"]).await;
    assert_eq!(item_ids(&found), vec![moved["id"].clone()], "{found}");
    assert_eq!(top(&found)["matched"]["lang"], "fr");
    // Every announcement found is one the conference lists as published.
    let listed: HashSet<String> = now.iter().map(|a| a["id"].to_string()).collect();
    for word in ["room", "registration", "salle"] {
        for id in item_ids(&search(&app, word, &["ANNOUNCEMENT"]).await) {
            assert!(listed.contains(&id.to_string()), "{word}: {id} is not published");
        }
    }
}

/// The SQL statements one search costs; the search must find something.
async fn statements_for(app: &TestApp, query: &str, kinds: &[&str]) -> u64 {
    let before = app.metric("sanad_sql_statements_total").await;
    let found = search(app, query, kinds).await;
    let after = app.metric("sanad_sql_statements_total").await;
    assert!(total(&found) > 0, "{query}: {found}");
    after - before
}

#[tokio::test]
async fn searches_after_the_first_read_no_sql() {
    let app = spawn_app_with(TestOptions { cache_bytes: 0, ..TestOptions::default() }).await;
    statements_for(&app, "braille", &[]).await;
    // The same again, other words, other kinds, every type of item: all from memory.
    let searches: [(&str, Vec<&str>); 7] = [
        ("braille", vec![]),
        ("washington", vec!["SESSION"]),
        ("الإعاقة", vec![]),
        ("shuttle", vec!["ANNOUNCEMENT", "DOCUMENT"]),
        ("apmbc", vec!["GLOSSARY_ENTRY"]),
        ("khatib", vec!["SPEAKER"]),
        ("priere", vec!["POINT_OF_INTEREST", "ROOM"]),
    ];
    for (query, kinds) in searches {
        assert_eq!(statements_for(&app, query, &kinds).await, 0, "{query} {kinds:?} read SQL");
    }
}

/// A text in the demo's three required languages.
fn texts(en: &str, fr: &str, ar: &str) -> Value {
    json!([{ "lang": "en", "value": en }, { "lang": "fr", "value": fr }, { "lang": "ar", "value": ar }])
}

#[tokio::test]
async fn an_edit_is_found_by_the_next_search() {
    let app = spawn_app().await;
    let sessions = app.session_ids().await;
    let id = sessions["ws-employment"].clone();
    assert_empty(&search(&app, "kaleidoscope", &[]).await, "a word the demo does not have");
    let before = search(&app, "livelihoods", &["SESSION"]).await;
    assert!(item_ids(&before).contains(&id), "the title says livelihoods: {before}");

    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let content = json!({
        "kind": "WORKSHOP",
        "title": texts(
            "Kaleidoscope of accessible workplaces",
            "Kaléidoscope des lieux de travail accessibles",
            "مشكال أماكن العمل الميسّرة"
        ),
        "summary": texts(
            "Employers and workers compare what works.",
            "Employeurs et salariés comparent ce qui marche.",
            "أصحاب العمل والعاملون يقارنون ما ينجح."
        ),
        "plainSummary": texts("What works at work.", "Ce qui marche au travail.", "ما ينجح في العمل."),
    });
    let updated = app
        .graphql_with_token(
            "mutation($id: ID!, $content: SessionContentInput!) { \
             updateSession(id: $id, content: $content) { id title { value } } }",
            json!({ "id": id, "content": content }),
            &organiser,
        )
        .await;
    assert_eq!(data(&updated)["updateSession"]["id"], id, "{updated}");

    let after = search(&app, "kaleidoscope", &[]).await;
    assert_eq!(item_ids(&after), vec![id.clone()], "{after}");
    assert_eq!(top(&after)["field"], "TITLE");
    assert_eq!(top(&after)["item"]["title"]["value"], "Kaleidoscope of accessible workplaces");
    let french = search(&app, "kaleidoscope lieux travail", &["SESSION"]).await;
    assert_eq!(top(&french)["item"]["id"], id, "{french}");
    let gone = search(&app, "livelihoods", &["SESSION"]).await;
    assert!(!item_ids(&gone).contains(&id), "the old title is still found: {gone}");
}

/// A query mixing scripts (a Latin name beside Arabic words, as delegates type them) needs
/// every word, whatever its script: it finds what both halves find, nothing else.
#[tokio::test]
async fn mixed_scripts_need_every_word_in_any_script() {
    let app = spawn_app().await;
    let latin: HashSet<String> =
        item_ids(&search(&app, "washington", &[]).await).iter().map(Value::to_string).collect();
    let arabic: HashSet<String> = item_ids(&search(&app, "البيانات", &[]).await).iter().map(Value::to_string).collect();
    let both: HashSet<String> =
        item_ids(&search(&app, "washington البيانات", &[]).await).iter().map(Value::to_string).collect();
    assert!(!latin.is_empty() && !arabic.is_empty(), "{latin:?} {arabic:?}");
    assert!(!both.is_empty(), "the Washington Group session speaks of data in Arabic too");
    assert!(both.is_subset(&latin) && both.is_subset(&arabic), "{both:?}");
}
