//! The public programme of the demo conference, read as a phone would.

use std::collections::HashSet;

use sanad_tests::{FULL_PROGRAMME, TestApp, TestOptions, data, error_code, error_field, spawn_app, spawn_app_with};
use serde_json::{Value, json};

/// Every object that looks like a Text must carry its language and direction.
fn assert_every_text_tagged(value: &Value, path: &str, count: &mut usize) {
    match value {
        Value::Object(map) => {
            if map.contains_key("value") && map.contains_key("lang") {
                *count += 1;
                let lang = map["lang"].as_str().unwrap_or_else(|| panic!("{path}: lang missing"));
                assert!(!lang.is_empty(), "{path}: empty lang");
                let dir = map["dir"].as_str().unwrap_or_else(|| panic!("{path}: dir missing"));
                let expected = if lang.starts_with("ar") { "RTL" } else { "LTR" };
                assert_eq!(dir, expected, "{path}: {lang} text has dir {dir}");
                assert!(map["isFallback"].is_boolean(), "{path}: isFallback missing");
            }
            for (key, child) in map {
                assert_every_text_tagged(child, &format!("{path}.{key}"), count);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                assert_every_text_tagged(child, &format!("{path}[{i}]"), count);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_full_programme_comes_back_whole_with_every_text_tagged() {
    let app = spawn_app().await;
    for lang in ["en", "fr", "ar"] {
        let response = app.graphql_as(FULL_PROGRAMME, json!({ "first": 2000 }), Some(lang)).await;
        let conference = &data(&response)["conference"];
        let edges = conference["sessions"]["edges"].as_array().unwrap();
        assert!(edges.len() >= 30, "{} sessions", edges.len());
        assert_eq!(conference["sessions"]["totalCount"], edges.len());
        assert_eq!(conference["sessions"]["pageInfo"]["hasNextPage"], false);
        let mut texts = 0;
        assert_every_text_tagged(conference, "conference", &mut texts);
        assert!(texts > 500, "only {texts} texts");
        // Titles exist in every required language, so none is a fallback.
        for edge in edges {
            assert_eq!(edge["node"]["title"]["lang"], lang);
            assert_eq!(edge["node"]["title"]["isFallback"], false);
            assert_eq!(edge["node"]["time"]["timeZone"], "Asia/Amman");
            assert!(edge["node"]["time"]["start"].as_str().unwrap().ends_with("+03:00"));
        }
    }
}

#[tokio::test]
async fn arabic_texts_are_right_to_left_and_times_are_spoken_in_arabic() {
    let app = spawn_app().await;
    let response = app
        .graphql_as(
            r#"{ conference { name { value lang dir } sessions(first: 1) { nodes { time { spoken { value lang dir } durationMinutes } room { floorName { value } } } } } }"#,
            json!({}),
            Some("ar-JO, en;q=0.5"),
        )
        .await;
    let conference = &data(&response)["conference"];
    assert_eq!(conference["name"]["lang"], "ar");
    assert_eq!(conference["name"]["dir"], "RTL");
    let first = &conference["sessions"]["nodes"][0];
    assert_eq!(first["time"]["spoken"]["lang"], "ar");
    assert_eq!(first["time"]["spoken"]["dir"], "RTL");
    assert!(first["time"]["spoken"]["value"].as_str().unwrap().contains("بتوقيت"), "{first}");
    assert!(first["time"]["durationMinutes"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn happening_now_and_up_next_follow_the_test_clock() {
    let app = spawn_app_with(TestOptions { clock: "2019-09-10T09:30:00+03:00".into(), ..Default::default() }).await;
    let query =
        r#"{ conference { happeningNow { slug time { start end } } upNext(limit: 3) { slug time { start } } } }"#;
    let response = app.graphql(query, json!({})).await;
    let conference = &data(&response)["conference"];
    let now = conference["happeningNow"].as_array().unwrap();
    assert!(!now.is_empty(), "the opening plenary is on at 9:30");
    for session in now {
        assert!(session["time"]["start"].as_str().unwrap() <= "2019-09-10T09:30:00+03:00");
        assert!(session["time"]["end"].as_str().unwrap() > "2019-09-10T09:30:00+03:00");
    }
    let next = conference["upNext"].as_array().unwrap();
    assert_eq!(next.len(), 3);
    let starts: Vec<&str> = next.iter().map(|s| s["time"]["start"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    assert!(starts[0] > "2019-09-10T09:30:00+03:00");

    // After the conference, nothing is on and nothing is next.
    let after = spawn_app_with(TestOptions { clock: "2019-09-20T12:00:00+03:00".into(), ..Default::default() }).await;
    let response = after.graphql(query, json!({})).await;
    assert_eq!(data(&response)["conference"]["happeningNow"], json!([]));
    assert_eq!(data(&response)["conference"]["upNext"], json!([]));
}

#[tokio::test]
async fn pages_follow_each_other_without_gaps_or_repeats() {
    let app = spawn_app().await;
    let query = r#"query($after: String) { conference { sessions(first: 7, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id time { start } } } } } }"#;
    let (mut after, mut seen, mut starts) = (Value::Null, Vec::new(), Vec::new());
    loop {
        let response = app.graphql(query, json!({ "after": after })).await;
        let sessions = data(&response)["conference"]["sessions"].clone();
        for edge in sessions["edges"].as_array().unwrap() {
            seen.push(edge["node"]["id"].as_str().unwrap().to_owned());
            starts.push(edge["node"]["time"]["start"].as_str().unwrap().to_owned());
        }
        if sessions["pageInfo"]["hasNextPage"] == false {
            assert_eq!(seen.len(), sessions["totalCount"].as_u64().unwrap() as usize);
            break;
        }
        after = sessions["pageInfo"]["endCursor"].clone();
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "a session was listed twice");
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "sessions out of time order");
}

async fn slugs(app: &sanad_tests::TestApp, filter: Value) -> Vec<String> {
    let query =
        r#"query($filter: SessionFilter) { conference { sessions(first: 2000, filter: $filter) { nodes { slug } } } }"#;
    let response = app.graphql(query, json!({ "filter": filter })).await;
    data(&response)["conference"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["slug"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn filters_select_what_a_delegate_asks_for() {
    let app = spawn_app().await;
    let all = slugs(&app, json!({})).await;
    let details = app
        .graphql(
            r#"{ conference { days { date } rooms { id stepFree } tracks { id } sessions(first: 2000) { nodes { slug kind day room { id stepFree } track { id }
                languages { floor { tag } sign { tag } interpretation { language { tag } } } captions { available } } } } }"#,
            json!({}),
        )
        .await;
    let conference = data(&details)["conference"].clone();
    let nodes = conference["sessions"]["nodes"].as_array().unwrap().clone();
    let expect = |predicate: &dyn Fn(&Value) -> bool| -> Vec<String> {
        nodes.iter().filter(|n| predicate(n)).map(|n| n["slug"].as_str().unwrap().to_owned()).collect()
    };

    let signed = slugs(&app, json!({ "signLanguage": true })).await;
    assert_eq!(signed, expect(&|n| !n["languages"]["sign"].as_array().unwrap().is_empty()));
    assert!(!signed.is_empty() && signed.len() < all.len());
    let unsigned = slugs(&app, json!({ "signLanguage": false })).await;
    assert_eq!(signed.len() + unsigned.len(), all.len());

    let captioned = slugs(&app, json!({ "liveCaptions": true })).await;
    assert_eq!(captioned, expect(&|n| n["captions"]["available"] == "YES"));
    assert!(!captioned.is_empty() && captioned.len() < all.len());

    let step_free = slugs(&app, json!({ "stepFreeRoom": true })).await;
    assert_eq!(step_free, expect(&|n| n["room"]["stepFree"] == "YES"));

    let day = conference["days"][1]["date"].as_str().unwrap();
    let on_day = slugs(&app, json!({ "day": day })).await;
    assert_eq!(on_day, expect(&|n| n["day"] == day));
    assert!(!on_day.is_empty() && on_day.len() < all.len());

    let workshops = slugs(&app, json!({ "kinds": ["WORKSHOP", "PANEL"] })).await;
    assert_eq!(workshops, expect(&|n| n["kind"] == "WORKSHOP" || n["kind"] == "PANEL"));

    let room = conference["rooms"][0]["id"].clone();
    assert_eq!(slugs(&app, json!({ "room": room })).await, expect(&|n| n["room"]["id"] == room));
    let track = conference["tracks"][0]["id"].clone();
    let in_track = slugs(&app, json!({ "track": track })).await;
    assert_eq!(in_track, expect(&|n| n["track"]["id"] == track));
    assert!(!in_track.is_empty());

    let french_floor = slugs(&app, json!({ "floorLanguage": "fr" })).await;
    assert_eq!(french_floor, expect(&|n| n["languages"]["floor"].as_array().unwrap().iter().any(|l| l["tag"] == "fr")));

    // Interpretation into a language: a channel of the receivers, or sign-language interpreters.
    let has = |n: &Value, role: &str, tag: &str| {
        n["languages"][role].as_array().unwrap().iter().any(|l| l["tag"] == tag || l["language"]["tag"] == tag)
    };
    let into_arabic = slugs(&app, json!({ "interpretedInto": "ar" })).await;
    assert_eq!(into_arabic, expect(&|n| has(n, "interpretation", "ar")));
    assert!(!into_arabic.is_empty() && into_arabic.len() < all.len(), "{into_arabic:?}");
    let international_sign = slugs(&app, json!({ "interpretedInto": "ILS" })).await;
    assert_eq!(international_sign, expect(&|n| has(n, "sign", "ils")), "tags are compared as BCP 47, case aside");
    assert!(!international_sign.is_empty());

    // Conditions combine.
    let both = slugs(&app, json!({ "signLanguage": true, "day": day })).await;
    assert_eq!(both, expect(&|n| n["day"] == day && !n["languages"]["sign"].as_array().unwrap().is_empty()));
    let all_four =
        slugs(&app, json!({ "interpretedInto": "ils", "liveCaptions": true, "stepFreeRoom": true, "day": day })).await;
    assert_eq!(
        all_four,
        expect(&|n| has(n, "sign", "ils")
            && n["captions"]["available"] == "YES"
            && n["room"]["stepFree"] == "YES"
            && n["day"] == day)
    );
    let bad = app
        .graphql("{ conference { sessions(filter: { interpretedInto: \"not a tag!\" }) { totalCount } } }", json!({}))
        .await;
    assert_eq!((error_code(&bad), error_field(&bad)), ("BAD_USER_INPUT", "filter.interpretedInto"), "{bad}");
}

#[tokio::test]
async fn free_text_finds_titles_in_any_language_and_speakers_by_name() {
    let app = spawn_app().await;
    let response = app
        .graphql(r#"{ conference(lang: "ar") { sessions(first: 1) { nodes { slug title { value } speakers { speaker { name { value } transliteration } } } } } }"#, json!({}))
        .await;
    let first = data(&response)["conference"]["sessions"]["nodes"][0].clone();
    let arabic_title = first["title"]["value"].as_str().unwrap();
    let word = arabic_title.split_whitespace().max_by_key(|w| w.chars().count()).unwrap();
    assert!(slugs(&app, json!({ "text": word })).await.contains(&first["slug"].as_str().unwrap().to_owned()), "{word}");
    let speaker = first["speakers"][0]["speaker"]["transliteration"].as_str().unwrap();
    let surname = speaker.split_whitespace().last().unwrap().to_lowercase();
    assert!(
        slugs(&app, json!({ "text": surname })).await.contains(&first["slug"].as_str().unwrap().to_owned()),
        "{surname}"
    );
    assert!(slugs(&app, json!({ "text": "no session has this zqxj" })).await.is_empty());
    // LIKE wildcards are matched literally.
    assert!(slugs(&app, json!({ "text": "%" })).await.is_empty());
}

#[tokio::test]
async fn every_object_can_be_fetched_again_by_its_id() {
    let app = spawn_app().await;
    let response = app
        .graphql(
            r#"{ conference { id venue { id entrances { id } lifts { id } rooms { id } routes { id } }
                 tracks { id } speakers { id } glossary { id } announcements { id }
                 sessions(first: 1) { nodes { id documents { id } } } } }"#,
            json!({}),
        )
        .await;
    let c = data(&response)["conference"].clone();
    let ids = [
        (&c["id"], "Conference"),
        (&c["venue"]["id"], "Venue"),
        (&c["venue"]["entrances"][0]["id"], "PointOfInterest"),
        (&c["venue"]["lifts"][0]["id"], "PointOfInterest"),
        (&c["venue"]["rooms"][0]["id"], "Room"),
        (&c["venue"]["routes"][0]["id"], "Route"),
        (&c["tracks"][0]["id"], "Track"),
        (&c["speakers"][0]["id"], "Speaker"),
        (&c["glossary"][0]["id"], "GlossaryEntry"),
        (&c["announcements"][0]["id"], "Announcement"),
        (&c["sessions"]["nodes"][0]["id"], "Session"),
        (&c["sessions"]["nodes"][0]["documents"][0]["id"], "Document"),
    ];
    for (id, typename) in ids {
        assert!(id.is_string(), "no {typename} id in {c}");
        let response = app.graphql("query($id: ID!) { node(id: $id) { __typename id } }", json!({ "id": id })).await;
        assert_eq!(data(&response)["node"]["__typename"], typename);
        assert_eq!(&data(&response)["node"]["id"], id);
    }
}

#[tokio::test]
async fn the_demo_is_complete_and_says_it_is_sample_content() {
    // After the conference, so every announcement has been published.
    let app = spawn_app_with(TestOptions { clock: "2019-09-13T09:00:00+03:00".into(), ..Default::default() }).await;
    let response = app
        .graphql(
            r#"{ conference { slug sampleNotice { value } startDate endDate timeZone
                 languages { required language { tag isSignLanguage } }
                 days { date label { value } }
                 venue { map { image { alt { value } decorative } longDescription { value } }
                   entrances { stepFree } lifts { floor } pointsOfInterest { kind floor }
                   rooms { floor nearestAccessibleToilet { kind } }
                   routes(stepFreeOnly: true) { stepFree steps { value } from { __typename } to { __typename } } }
                 speakers { transliteration pronunciation { ipa hint { value } } photo { decorative alt { value } } sessions { id } }
                 glossary { term expansion { value } spokenAs { value } }
                 announcements { severity title { value } whatChanged { value } whatToDo { value } } } }"#,
            json!({}),
        )
        .await;
    let c = data(&response)["conference"].clone();
    assert_eq!(c["slug"], "amman-2019");
    assert!(c["sampleNotice"]["value"].as_str().unwrap().to_lowercase().contains("sample"));
    assert_eq!((c["startDate"].as_str().unwrap(), c["endDate"].as_str().unwrap()), ("2019-09-10", "2019-09-12"));
    assert_eq!(c["days"][0]["label"]["value"], "Tuesday 10 September");
    let tags: Vec<&str> =
        c["languages"].as_array().unwrap().iter().map(|l| l["language"]["tag"].as_str().unwrap()).collect();
    assert_eq!(tags, ["en", "fr", "ar", "es"]);

    let venue = &c["venue"];
    assert!(venue["map"]["image"]["alt"]["value"].is_string() && venue["map"]["longDescription"]["value"].is_string());
    assert!(venue["entrances"].as_array().unwrap().iter().any(|e| e["stepFree"] == "YES"));
    assert!(!venue["lifts"].as_array().unwrap().is_empty());
    let floors: HashSet<i64> =
        venue["rooms"].as_array().unwrap().iter().map(|r| r["floor"].as_i64().unwrap()).collect();
    assert!(venue["rooms"].as_array().unwrap().len() >= 8 && floors.len() >= 2);
    assert!(
        venue["rooms"].as_array().unwrap().iter().all(|r| r["nearestAccessibleToilet"]["kind"] == "ACCESSIBLE_TOILET")
    );
    let kinds: HashSet<&str> =
        venue["pointsOfInterest"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    for kind in ["ACCESSIBLE_TOILET", "QUIET_ROOM", "PRAYER_ROOM", "FIRST_AID", "HELP_DESK"] {
        assert!(kinds.contains(kind), "no {kind}");
    }
    let routes = venue["routes"].as_array().unwrap();
    assert!(
        !routes.is_empty()
            && routes.iter().all(|r| r["stepFree"] == "YES" && !r["steps"].as_array().unwrap().is_empty())
    );

    let speakers = c["speakers"].as_array().unwrap();
    assert!(speakers.len() >= 15);
    for speaker in speakers {
        assert!(
            speaker["pronunciation"]["ipa"].is_string() && speaker["pronunciation"]["hint"]["value"].is_string(),
            "{speaker}"
        );
        if let Some(photo) = speaker["photo"].as_object() {
            assert!(photo["decorative"] == true || photo["alt"]["value"].is_string(), "{speaker}");
        }
    }
    let terms: HashSet<&str> = c["glossary"].as_array().unwrap().iter().map(|g| g["term"].as_str().unwrap()).collect();
    for term in ["APMBC", "ERW", "CRPD", "SDG", "ISU", "ICBL", "ICRC"] {
        assert!(terms.contains(term), "no glossary entry for {term}");
    }
    assert_eq!(c["announcements"].as_array().unwrap().len(), 2);
}

/// The response body as sent, to check the order of its keys (GraphQL keeps the order asked).
async fn raw_response(app: &TestApp, query: &str, variables: Value) -> String {
    let body = json!({ "query": query, "variables": variables });
    app.client.post(app.url("/graphql")).json(&body).send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn objects_inside_time_ranges_and_images_merge_like_any_object() {
    let app = spawn_app().await;
    let query = r#"{ conference { sessions(first: 1) { edges { node {
        time { spoken { value } spoken { lang dir } s: spoken { isFallback } ... on TimeRange { timeZone spoken { value } } __typename }
        speakers { speaker { photo { alt { value } decorative alt { lang } ...I } } }
    } } } } }
    fragment I on Image { url alt { isFallback } }"#;
    let response = app.graphql(query, json!({})).await;
    let node = &data(&response)["conference"]["sessions"]["edges"][0]["node"];
    let time = &node["time"];
    let spoken = time["spoken"]["value"].as_str().unwrap();
    assert!(!spoken.is_empty());
    assert_eq!(
        *time,
        json!({ "spoken": { "value": spoken, "lang": "en", "dir": "LTR" }, "s": { "isFallback": false },
                "timeZone": "Asia/Amman", "__typename": "TimeRange" })
    );
    let photos: Vec<&Value> =
        node["speakers"].as_array().unwrap().iter().map(|s| &s["speaker"]["photo"]).filter(|p| !p.is_null()).collect();
    assert!(!photos.is_empty(), "{node}");
    for photo in photos {
        assert!(photo["url"].is_string(), "{photo}");
        if photo["decorative"] == false {
            let alt = photo["alt"].as_object().unwrap();
            assert_eq!(alt.len(), 3, "value, lang and isFallback, merged: {photo}");
        }
    }
    // Merged keys keep the order they were first asked in.
    let raw = raw_response(&app, query, json!({})).await;
    let merged = format!(
        r#""time":{{"spoken":{{"value":"{spoken}","lang":"en","dir":"LTR"}},"s":{{"isFallback":false}},"timeZone":"Asia/Amman","__typename":"TimeRange"}}"#
    );
    assert!(raw.contains(&merged), "{raw}");
}

#[tokio::test]
async fn texts_answer_any_selection_the_same_way() {
    let app = spawn_app().await;
    let query = r#"query($yes: Boolean!, $no: Boolean!) { conference(lang: "ar") {
        plain: name { value lang dir isFallback }
        aliased: name { v: value l: lang d: dir __typename }
        directives: name { value @include(if: $yes) lang @skip(if: $yes) dir @include(if: $no) }
        fragments: name { ...T ... on Text { isFallback } }
    } }
    fragment T on Text { value dir }"#;
    let response = app.graphql(query, json!({ "yes": true, "no": false })).await;
    let c = &data(&response)["conference"];
    let value = c["plain"]["value"].as_str().unwrap();
    assert!(!value.is_empty());
    assert_eq!(c["plain"], json!({ "value": value, "lang": "ar", "dir": "RTL", "isFallback": false }));
    assert_eq!(c["aliased"], json!({ "v": value, "l": "ar", "d": "RTL", "__typename": "Text" }));
    assert_eq!(c["directives"], json!({ "value": value }));
    assert_eq!(c["fragments"], json!({ "value": value, "dir": "RTL", "isFallback": false }));
    // Keys come in the order the query asks for them, as GraphQL requires.
    let raw = raw_response(&app, query, json!({ "yes": true, "no": false })).await;
    assert!(raw.contains(r#""l":"ar","d":"RTL","__typename":"Text"}"#), "{raw}");
}

/// Sessions and everything in them are resolved eagerly (`graphql::execution::eager`); the
/// same selection read through `node(id)`, which async-graphql resolves its own way, must
/// answer the same, whatever the query's shape.
#[tokio::test]
async fn sessions_answer_any_selection_as_async_graphql_does() {
    let app = spawn_app().await;
    let selection = r#"
        __typename kind
        k: kind
        ...S
        ... on Node { id }
        ... on Session { slug title { value } }
        room { id } room { name { lang } __typename }
        speakers { role } speakers { speaker { id pronunciation { ipa } } }
        languages { floor { tag } sign { tag } } languages { floor { isSignLanguage } }
        documents { variants { format } }
        status @skip(if: true)
    "#;
    let fragment = "fragment S on Session { time { durationMinutes } captions { available } }";
    let query = format!(
        "query($id: ID!) {{ conference {{ sessions(first: 40) {{ edges {{ node {{ {selection} }} }} }} }} \
         node(id: $id) {{ ... on Session {{ {selection} }} }} }} {fragment}"
    );
    // A session with a room, speakers, a sign language and documents.
    let programme = app.graphql(FULL_PROGRAMME, json!({ "first": 100 })).await;
    let edges = data(&programme)["conference"]["sessions"]["edges"].as_array().unwrap().clone();
    let full = edges
        .iter()
        .map(|e| &e["node"])
        .find(|s| {
            !s["room"].is_null()
                && !s["speakers"].as_array().unwrap().is_empty()
                && !s["languages"]["sign"].as_array().unwrap().is_empty()
                && !s["documents"].as_array().unwrap().is_empty()
        })
        .expect("the demo has a session with everything");
    let id = full["id"].as_str().unwrap();

    let response = app.graphql(&query, json!({ "id": id })).await;
    let through_node = &data(&response)["node"];
    let eager = data(&response)["conference"]["sessions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|s| s["id"] == id)
        .unwrap();
    assert_eq!(eager, through_node);

    // Every part asked for, merged where asked twice, in the order asked.
    assert_eq!(eager["__typename"], "Session");
    assert_eq!(eager["k"], eager["kind"]);
    assert_eq!(eager["title"]["value"], full["title"]["value"]);
    assert_eq!(
        eager["room"],
        json!({ "id": full["room"]["id"], "name": { "lang": full["room"]["name"]["lang"] }, "__typename": "Room" })
    );
    assert!(eager.get("status").is_none());
    let speakers = eager["speakers"].as_array().unwrap();
    assert_eq!(speakers.len(), full["speakers"].as_array().unwrap().len());
    for (speaker, expected) in speakers.iter().zip(full["speakers"].as_array().unwrap()) {
        assert_eq!(speaker["role"], expected["role"]);
        assert_eq!(speaker["speaker"]["id"], expected["speaker"]["id"]);
        assert_eq!(speaker["speaker"]["pronunciation"]["ipa"], expected["speaker"]["pronunciation"]["ipa"]);
    }
    let floor = eager["languages"]["floor"].as_array().unwrap();
    assert!(floor.iter().all(|l| l["tag"].is_string() && l["isSignLanguage"] == false), "{floor:?}");
    assert_eq!(eager["languages"]["sign"][0]["tag"], full["languages"]["sign"][0]["tag"]);
    assert_eq!(eager["time"]["durationMinutes"], full["time"]["durationMinutes"]);
    assert_eq!(eager["captions"]["available"], full["captions"]["available"]);
    let raw = raw_response(&app, &query, json!({ "id": id })).await;
    let keys = ["__typename", "kind", "k", "time", "captions", "id", "slug", "title", "room", "speakers"];
    let positions: Vec<usize> = keys.iter().map(|k| raw.find(&format!("\"{k}\":")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "keys out of order: {raw}");
}
