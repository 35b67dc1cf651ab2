//! `Venue.directions(from, to, stepFreeOnly)`: the way from any room or point of interest of
//! the venue to any other, leg by leg, each leg with the steps organisers wrote for it, and a
//! summary to read before the steps.
//!
//! Why this matters. A wheelchair user who asks for step-free ways must never be sent up a
//! staircase, even when the stairs are quicker than the lift; when no step-free way is known
//! they must be told so in words, with the way that has steps marked, not handed a blank. A
//! blind delegate follows the steps one decision point at a time: every step must be there, in
//! walking order, in their language, and written from the end they walk from (a route walked
//! back says so before its steps). A delegate who moves slowly is told how long to allow.
//!
//! Every place is found through the API by slug, and every expectation about a way is derived
//! from the venue's routes as `venue.routes` serves them. What the tests take from the demo
//! venue (`api/demo/amman-2019.json`) is said where it is used: rooms on three floors; the
//! main and car-park entrances step-free, the garden entrance reached only by routes with
//! steps; the garden terrace not step-free (`stepFree: NO`, reached only by routes with steps);
//! a staircase quicker than the lift; every route with its way back written as a route of its
//! own, except exactly one route marked one-way; every room reachable from every entrance;
//! routes with steps written in en, fr and ar (the demo's required languages) and with a
//! length and a walking time.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sanad_schema::entities::enums::Role;
use sanad_tests::{TestApp, data, error_code, error_field, spawn_app};
use serde_json::{Value, json};

/// What a phone asks for: the whole answer, every leg with the route it walks.
const DIRECTIONS: &str = r#"query Directions($from: ID!, $to: ID!, $stepFreeOnly: Boolean) {
  conference { venue { directions(from: $from, to: $to, stepFreeOnly: $stepFreeOnly) {
    from { ...Place } to { ...Place } stepFreeOnly
    way { ...WayParts }
    notice { value lang dir isFallback }
    wayWithSteps { ...WayParts }
  } } } }
fragment Place on Location {
  __typename
  ... on Room { id slug stepFree name { value lang dir } }
  ... on PointOfInterest { id slug stepFree name { value lang dir } }
}
fragment WayParts on Way {
  stepFree distanceMetres walkingMinutes minutesNeeded
  summary { value lang dir isFallback }
  legs {
    from { ...Place } to { ...Place } reversed stepFree distanceMetres walkingMinutes
    steps { value lang dir isFallback }
    route { id oneWay stepFree distanceMetres walkingMinutes from { ...Place } to { ...Place } steps { value lang } }
  }
}"#;

/// The venue as the API serves it: where ways start and end, and the routes they are made of.
const VENUE: &str = "{ conference { venue {
  rooms { id slug floor stepFree name { value } }
  entrances { id slug stepFree name { value } }
  routes { id oneWay stepFree distanceMetres walkingMinutes
    from { ... on Room { id slug } ... on PointOfInterest { id slug } }
    to { ... on Room { id slug } ... on PointOfInterest { id slug } }
    steps { value } } } } }";

const CREATE_PLACE: &str = "mutation($slug: String!, $input: PointOfInterestInput!) {
  createPointOfInterest(slug: $slug, input: $input) { id } }";
const CREATE_ROUTE: &str = "mutation($input: RouteInput!) { createRoute(input: $input) { id oneWay } }";
const UPDATE_ROUTE: &str =
    "mutation($id: ID!, $input: RouteInput!) { updateRoute(id: $id, input: $input) { id oneWay } }";
const DELETE_ROUTE: &str = "mutation($id: ID!) { deleteRoute(id: $id) { id } }";

struct Venue {
    rooms: Vec<Value>,
    entrances: Vec<Value>,
    routes: Vec<Value>,
}

impl Venue {
    async fn read(app: &TestApp) -> Self {
        let response = app.graphql(VENUE, json!({})).await;
        let venue = &data(&response)["conference"]["venue"];
        let list = |field: &str| venue[field].as_array().unwrap_or_else(|| panic!("no {field} in {response}")).clone();
        Self { rooms: list("rooms"), entrances: list("entrances"), routes: list("routes") }
    }

    fn room(&self, slug: &str) -> &Value {
        self.rooms.iter().find(|r| r["slug"] == slug).unwrap_or_else(|| panic!("no room {slug} in the demo"))
    }

    fn entrance(&self, slug: &str) -> &Value {
        self.entrances.iter().find(|e| e["slug"] == slug).unwrap_or_else(|| panic!("no entrance {slug} in the demo"))
    }

    fn route(&self, id: &str) -> &Value {
        self.routes.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no route {id} in venue.routes"))
    }

    /// The route written from one place to another, if any (one per direction at most).
    fn written(&self, from: &str, to: &str) -> Option<&Value> {
        self.routes.iter().find(|r| r["from"]["id"] == from && r["to"]["id"] == to)
    }

    /// Entrances and rooms: where delegates start and where they go.
    fn places(&self) -> Vec<&Value> {
        self.entrances.iter().chain(&self.rooms).collect()
    }
}

fn id(item: &Value) -> &str {
    item["id"].as_str().unwrap_or_else(|| panic!("no id in {item}"))
}

fn slug(item: &Value) -> &str {
    item["slug"].as_str().unwrap_or_else(|| panic!("no slug in {item}"))
}

fn legs(way: &Value) -> &[Value] {
    way["legs"].as_array().map(Vec::as_slice).unwrap_or_else(|| panic!("no legs in {way}"))
}

fn route_ids(way: &Value) -> Vec<&str> {
    legs(way).iter().map(|leg| id(&leg["route"])).collect()
}

fn values(texts: &Value) -> Vec<&str> {
    texts
        .as_array()
        .unwrap_or_else(|| panic!("not a list of texts: {texts}"))
        .iter()
        .map(|t| t["value"].as_str().unwrap_or_else(|| panic!("no value in {t}")))
        .collect()
}

/// "1 minute", "4 minutes": how the English summary counts.
fn english(n: i64, unit: &str) -> String {
    if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") }
}

/// Texts in the demo's three required languages.
fn texts(en: &str) -> Value {
    json!([
        { "lang": "en", "value": en },
        { "lang": "fr", "value": format!("{en} (fr)") },
        { "lang": "ar", "value": format!("{en} (ar)") },
    ])
}

async fn ask(app: &TestApp, from: &str, to: &str, step_free_only: Option<bool>) -> Value {
    ask_as(app, from, to, step_free_only, None, None).await
}

/// Directions asked with an `Accept-Language` and as a signed-in person, when given.
/// `stepFreeOnly` is left out of the request when `None`.
async fn ask_as(
    app: &TestApp,
    from: &str,
    to: &str,
    step_free_only: Option<bool>,
    lang: Option<&str>,
    token: Option<&str>,
) -> Value {
    let mut variables = json!({ "from": from, "to": to });
    if let Some(only) = step_free_only {
        variables["stepFreeOnly"] = json!(only);
    }
    match token {
        Some(token) => app.graphql_with_token_as(DIRECTIONS, variables, token, lang).await,
        None => app.graphql_as(DIRECTIONS, variables, lang).await,
    }
}

/// The directions of a response. When a way is known there is no error, and neither a notice
/// nor a way with steps; the only error allowed is the one that says no way is known:
/// `NOT_FOUND` at `…directions.way`, with `way` null and a notice that says so in words.
fn answer(response: &Value) -> &Value {
    let directions = &response["data"]["conference"]["venue"]["directions"];
    assert!(directions["from"].is_object() && directions["to"].is_object(), "no directions: {response}");
    match response.get("errors") {
        None => {
            assert!(directions["way"].is_object(), "no way and no error: {response}");
            assert!(directions["notice"].is_null(), "a notice beside a way: {response}");
            assert!(directions["wayWithSteps"].is_null(), "a way with steps beside a way: {response}");
        }
        Some(errors) => {
            assert_eq!(errors.as_array().map(Vec::len), Some(1), "{response}");
            assert_eq!(error_code(response), "NOT_FOUND", "{response}");
            assert_eq!(errors[0]["path"], json!(["conference", "venue", "directions", "way"]), "{response}");
            assert!(directions["way"].is_null(), "{response}");
            let notice = directions["notice"]["value"].as_str().unwrap_or_default();
            assert!(!notice.trim().is_empty(), "a way that is not known is said in words: {response}");
            if directions["stepFreeOnly"] == false {
                let with_steps = &directions["wayWithSteps"];
                assert!(with_steps.is_null(), "a way with steps only when step-free was asked: {response}");
            }
        }
    }
    directions
}

/// What must hold of every way: its legs chain from `from` to `to`; each leg walks its route
/// as written, or back when `reversed` (then a note comes first and the route's steps follow
/// last first, and the route is not one-way); each leg's facts are its route's; the way's
/// totals are the sums of its legs' (unknown when one is), and its step-free fact is theirs
/// combined; no step and no summary is empty.
fn assert_well_formed(way: &Value, from: &str, to: &str, what: &str) {
    let legs = legs(way);
    assert!(!legs.is_empty(), "{what}: a way of no legs: {way}");
    assert_eq!(id(&legs[0]["from"]), from, "{what}: the first leg starts where the way does: {way}");
    assert_eq!(id(&legs[legs.len() - 1]["to"]), to, "{what}: the last leg ends where the way does: {way}");
    for pair in legs.windows(2) {
        assert_eq!(id(&pair[0]["to"]), id(&pair[1]["from"]), "{what}: each leg starts where the last ended: {way}");
    }
    for (i, leg) in legs.iter().enumerate() {
        let route = &leg["route"];
        let reversed = leg["reversed"].as_bool().unwrap_or_else(|| panic!("{what}: no reversed in {leg}"));
        let (start, end) = if reversed { (&route["to"], &route["from"]) } else { (&route["from"], &route["to"]) };
        assert_eq!((id(&leg["from"]), id(&leg["to"])), (id(start), id(end)), "{what}: leg {i} walks its route: {leg}");
        for fact in ["stepFree", "distanceMetres", "walkingMinutes"] {
            assert_eq!(leg[fact], route[fact], "{what}: leg {i}'s {fact} is its route's: {leg}");
        }
        let steps = values(&leg["steps"]);
        assert!(!steps.is_empty(), "{what}: leg {i} has no steps: {leg}");
        assert!(steps.iter().all(|s| !s.trim().is_empty()), "{what}: an empty step in leg {i}: {leg}");
        let written = values(&route["steps"]);
        if reversed {
            assert_eq!(route["oneWay"], false, "{what}: leg {i} walks a one-way route back: {leg}");
            let back: Vec<&str> = written.iter().rev().copied().collect();
            assert_eq!(steps.len(), written.len() + 1, "{what}: a note, then the route's steps: {leg}");
            assert_eq!(steps[1..], back[..], "{what}: leg {i} is walked back, its steps last first: {leg}");
        } else {
            assert_eq!(steps, written, "{what}: leg {i} gives its route's steps as written: {leg}");
        }
    }
    let sum = |field: &str| legs.iter().map(|leg| leg[field].as_i64()).sum::<Option<i64>>();
    assert_eq!(way["distanceMetres"].as_i64(), sum("distanceMetres"), "{what}: the length is the legs': {way}");
    assert_eq!(way["walkingMinutes"].as_i64(), sum("walkingMinutes"), "{what}: the time is the legs': {way}");
    let facts: Vec<&str> = legs.iter().map(|leg| leg["stepFree"].as_str().unwrap_or_default()).collect();
    let whole = if facts.contains(&"NO") {
        "NO"
    } else if facts.contains(&"UNKNOWN") {
        "UNKNOWN"
    } else {
        "YES"
    };
    assert_eq!(way["stepFree"], whole, "{what}: the way is as step-free as its legs: {way}");
    let summary = way["summary"]["value"].as_str().unwrap_or_default();
    assert!(!summary.trim().is_empty(), "{what}: no summary: {way}");
}

/// The quickest way and the quickest step-free way between two places.
struct Compared {
    what: String,
    from: String,
    to: String,
    any: Value,
    step_free: Value,
}

impl Compared {
    /// The quickest way takes steps and is quicker than the step-free way (the stairs beat the
    /// lift).
    fn takes_the_stairs(&self) -> bool {
        let (any, step_free) = (&self.any["way"], &self.step_free["way"]);
        let minutes = (any["walkingMinutes"].as_i64(), step_free["walkingMinutes"].as_i64());
        any["stepFree"] == "NO" && step_free.is_object() && matches!(minutes, (Some(a), Some(s)) if a < s)
    }
}

async fn compare(app: &TestApp, from: &Value, to: &Value) -> Compared {
    let any = ask(app, id(from), id(to), Some(false)).await;
    let step_free = ask(app, id(from), id(to), Some(true)).await;
    Compared {
        what: format!("{} to {}", slug(from), slug(to)),
        from: id(from).to_owned(),
        to: id(to).to_owned(),
        any: answer(&any).clone(),
        step_free: answer(&step_free).clone(),
    }
}

/// Where ways are compared from: the main entrance first, then every room.
fn starts(venue: &Venue) -> Vec<&Value> {
    std::iter::once(venue.entrance("entrance-main")).chain(&venue.rooms).collect()
}

/// The first pair of places (from the main entrance first) where the quickest way takes the
/// stairs and a slower step-free way exists. The demo promises one: a staircase quicker than
/// the lift.
async fn staircase(app: &TestApp, venue: &Venue) -> Compared {
    for start in starts(venue) {
        for room in venue.rooms.iter().filter(|r| id(r) != id(start)) {
            let compared = compare(app, start, room).await;
            if compared.takes_the_stairs() {
                return compared;
            }
        }
    }
    panic!("no way in the demo takes stairs that are quicker than the step-free way");
}

#[tokio::test]
async fn step_free_ways_lead_from_the_step_free_entrances_to_every_step_free_room() {
    let app = spawn_app().await;
    let venue = Venue::read(&app).await;
    let entrances: Vec<&Value> = venue.entrances.iter().filter(|e| e["stepFree"] == "YES").collect();
    let slugs: Vec<&str> = entrances.iter().map(|e| slug(e)).collect();
    assert!(slugs.contains(&"entrance-main") && slugs.contains(&"entrance-car-park"), "the demo's: {slugs:?}");
    // The demo's garden terrace is reached only by routes with steps, and says so.
    assert_eq!(venue.room("garden-terrace")["stepFree"], "NO");
    let (mut step_free_rooms, mut rooms_with_steps) = (0, 0);
    for entrance in &entrances {
        for room in &venue.rooms {
            let what = format!("{} to {}, step-free only", slug(entrance), slug(room));
            let response = ask(&app, id(entrance), id(room), Some(true)).await;
            let directions = answer(&response);
            assert_eq!(directions["stepFreeOnly"], true, "{what}: as asked");
            assert_eq!((id(&directions["from"]), id(&directions["to"])), (id(entrance), id(room)), "{what}");
            // A room's own `stepFree` says whether it can be reached without steps: the tests
            // take the demo to be consistent with its routes. Nothing is promised for UNKNOWN.
            if room["stepFree"] == "YES" {
                let way = &directions["way"];
                assert!(way.is_object(), "{what}: a step-free room has a step-free way: {response}");
                assert_well_formed(way, id(entrance), id(room), &what);
                assert_eq!(way["stepFree"], "YES", "{what}: {way}");
                for leg in legs(way) {
                    assert_eq!(leg["stepFree"], "YES", "{what}: a leg with steps, or not known to have none: {leg}");
                }
                step_free_rooms += 1;
            } else if room["stepFree"] == "NO" {
                assert!(directions["way"].is_null(), "{what}: a room with steps has no step-free way: {response}");
                let notice = &directions["notice"];
                let said = notice["value"].as_str().unwrap();
                for end in [&directions["from"], &directions["to"]] {
                    let name = end["name"]["value"].as_str().unwrap();
                    assert!(said.contains(name), "{what}: the notice names {name}: {said}");
                    assert_eq!(notice["lang"], end["name"]["lang"], "{what}: in the viewer's language: {notice}");
                }
                let with_steps = &directions["wayWithSteps"];
                assert!(with_steps.is_object(), "{what}: the way with steps is offered: {response}");
                assert_well_formed(with_steps, id(entrance), id(room), &format!("{what}, the way with steps"));
                assert_eq!(with_steps["stepFree"], "NO", "{what}: {with_steps}");
                let marked = legs(with_steps).iter().any(|leg| leg["stepFree"] == "NO");
                assert!(marked, "{what}: the legs with steps are marked: {with_steps}");
                rooms_with_steps += 1;
            }
        }
    }
    assert!(step_free_rooms > 0 && rooms_with_steps > 0, "{step_free_rooms} step-free, {rooms_with_steps} with steps");
}

#[tokio::test]
async fn from_an_entrance_with_steps_the_way_with_steps_is_offered_and_marked() {
    let app = spawn_app().await;
    let venue = Venue::read(&app).await;
    // Entrances that no step-free route leads to or from (the demo's garden entrance).
    let stepped: Vec<&Value> = venue
        .entrances
        .iter()
        .filter(|e| {
            let touching = venue.routes.iter().filter(|r| r["from"]["id"] == id(e) || r["to"]["id"] == id(e));
            touching.clone().count() > 0 && touching.clone().all(|r| r["stepFree"] != "YES")
        })
        .collect();
    assert!(stepped.iter().any(|e| slug(e) == "entrance-garden"), "the garden entrance has steps: {stepped:?}");
    for entrance in stepped {
        for room in &venue.rooms {
            let what = format!("{} to {}", slug(entrance), slug(room));
            let response = ask(&app, id(entrance), id(room), Some(true)).await;
            let directions = answer(&response);
            assert!(directions["way"].is_null(), "{what}: no step-free way leaves this entrance: {response}");
            let with_steps = &directions["wayWithSteps"];
            assert!(with_steps.is_object(), "{what}: every room can be reached, with steps: {response}");
            assert_well_formed(with_steps, id(entrance), id(room), &what);
            assert_ne!(legs(with_steps)[0]["stepFree"], "YES", "{what}: the first leg leaves by a route with steps");
            assert_ne!(with_steps["stepFree"], "YES", "{what}: {with_steps}");

            let any = ask(&app, id(entrance), id(room), Some(false)).await;
            let any = answer(&any);
            assert_eq!(route_ids(&any["way"]), route_ids(with_steps), "{what}: the way with steps is the quickest way");
        }
    }
}

#[tokio::test]
async fn every_room_can_be_reached_from_every_entrance() {
    let app = spawn_app().await;
    let venue = Venue::read(&app).await;
    assert!(venue.entrances.len() >= 3 && venue.rooms.len() >= 9, "the demo's three entrances and nine rooms");
    for entrance in &venue.entrances {
        for room in &venue.rooms {
            let what = format!("{} to {}", slug(entrance), slug(room));
            let response = ask(&app, id(entrance), id(room), None).await;
            let directions = answer(&response);
            assert_eq!(directions["stepFreeOnly"], false, "{what}: anonymous, nothing asked: {response}");
            let way = &directions["way"];
            assert!(way.is_object(), "{what}: no way: {response}");
            assert_well_formed(way, id(entrance), id(room), &what);
            assert_eq!(way["minutesNeeded"], way["walkingMinutes"], "{what}: no extra time when anonymous: {way}");
        }
    }
}

#[tokio::test]
async fn every_way_chains_its_legs_from_start_to_end_and_adds_them_up() {
    let app = spawn_app().await;
    let venue = Venue::read(&app).await;
    let places = venue.places();
    let (mut checked, mut most_legs) = (0, 0);
    for from in &places {
        for to in places.iter().filter(|p| id(p) != id(from)) {
            for step_free_only in [false, true] {
                let what = format!("{} to {}, step-free only {step_free_only}", slug(from), slug(to));
                let response = ask(&app, id(from), id(to), Some(step_free_only)).await;
                let directions = answer(&response);
                assert_eq!((id(&directions["from"]), id(&directions["to"])), (id(from), id(to)), "{what}");
                assert_eq!(directions["stepFreeOnly"], step_free_only, "{what}");
                for way in [&directions["way"], &directions["wayWithSteps"]] {
                    if way.is_object() {
                        assert_well_formed(way, id(from), id(to), &what);
                        checked += 1;
                        most_legs = most_legs.max(legs(way).len());
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no way was checked");
    assert!(most_legs >= 2, "no way of several legs, so no chaining was checked");
}

#[tokio::test]
async fn the_step_free_way_avoids_the_stairs_even_when_they_are_quicker() {
    let app = spawn_app().await;
    let venue = Venue::read(&app).await;
    let mut compared = Vec::new();
    for start in starts(&venue) {
        for room in venue.rooms.iter().filter(|r| id(r) != id(start)) {
            compared.push(compare(&app, start, room).await);
        }
    }
    for c in &compared {
        let (any, step_free) = (&c.any["way"], &c.step_free["way"]);
        if !step_free.is_object() {
            continue;
        }
        assert!(any.is_object(), "{}: a step-free way is a way: {}", c.what, c.any);
        assert_eq!(step_free["stepFree"], "YES", "{}: {step_free}", c.what);
        for route in route_ids(step_free) {
            assert_eq!(venue.route(route)["stepFree"], "YES", "{}: the step-free way uses route {route}", c.what);
        }
        if let (Some(quickest), Some(flat)) = (any["walkingMinutes"].as_i64(), step_free["walkingMinutes"].as_i64()) {
            assert!(quickest <= flat, "{}: the quickest way ({quickest} min) is slower than the step-free one", c.what);
        }
    }
    let stairs: Vec<&Compared> = compared.iter().filter(|c| c.takes_the_stairs()).collect();
    assert!(!stairs.is_empty(), "the demo promises a staircase quicker than the lift");
    for c in stairs {
        let (any, step_free) = (&c.any["way"], &c.step_free["way"]);
        assert_eq!(c.any["stepFreeOnly"], false);
        assert_eq!(c.step_free["stepFreeOnly"], true);
        let stepped: Vec<&Value> = legs(any).iter().filter(|leg| leg["stepFree"] == "NO").collect();
        assert!(!stepped.is_empty(), "{}: {any}", c.what);
        for leg in stepped {
            assert_eq!(venue.route(id(&leg["route"]))["stepFree"], "NO", "{}: the leg's route has steps", c.what);
        }
        assert!(legs(step_free).iter().all(|leg| leg["stepFree"] == "YES"), "{}: {step_free}", c.what);
        let summary = |way: &Value| way["summary"]["value"].as_str().unwrap().to_owned();
        assert!(summary(any).ends_with("This way has steps."), "{}: {}", c.what, summary(any));
        assert!(summary(step_free).ends_with("Step-free all the way."), "{}: {}", c.what, summary(step_free));
    }
}

#[tokio::test]
async fn the_quickest_way_is_never_slower_than_a_route_written_between_the_same_places() {
    let app = spawn_app().await;
    let venue = Venue::read(&app).await;
    let mut compared = 0;
    for route in &venue.routes {
        let (from, to) = (id(&route["from"]), id(&route["to"]));
        let what = format!("{} to {}", slug(&route["from"]), slug(&route["to"]));
        let response = ask(&app, from, to, Some(false)).await;
        let way = &answer(&response)["way"];
        assert!(way.is_object(), "{what}: a route is written, so a way is known: {response}");
        assert_well_formed(way, from, to, &what);
        let (way_minutes, route_minutes) = (way["walkingMinutes"].as_i64(), route["walkingMinutes"].as_i64());
        if let (Some(way_minutes), Some(route_minutes)) = (way_minutes, route_minutes) {
            assert!(way_minutes <= route_minutes, "{what}: {way_minutes} min, the route {route_minutes}: {way}");
            compared += 1;
        }
    }
    assert!(compared > 0, "no route with a walking time to compare with");
}

#[tokio::test]
async fn every_way_can_be_walked_back_and_the_one_way_route_never_is() {
    let app = spawn_app().await;
    let venue = Venue::read(&app).await;
    // The demo's promise: every route has its way back written as a route of its own, except
    // exactly one route, which is one-way.
    let one_way: Vec<&Value> = venue.routes.iter().filter(|r| r["oneWay"] == true).collect();
    assert_eq!(one_way.len(), 1, "exactly one one-way route: {one_way:?}");
    let one_way = one_way[0];
    for route in venue.routes.iter().filter(|r| r["oneWay"] == false) {
        let back = venue.written(id(&route["to"]), id(&route["from"]));
        assert!(back.is_some(), "no way back written for {} to {}", slug(&route["from"]), slug(&route["to"]));
    }
    let written_back = venue.written(id(&one_way["to"]), id(&one_way["from"])).is_some();

    // Entrances, rooms, and both ends of the one-way route.
    let mut places = venue.places();
    for end in [&one_way["from"], &one_way["to"]] {
        if !places.iter().any(|p| id(p) == id(end)) {
            places.push(end);
        }
    }
    let slugs: HashMap<&str, &str> = places.iter().map(|p| (id(p), slug(p))).collect();
    let mut ways: HashMap<(String, String), Value> = HashMap::new();
    for from in &places {
        for to in places.iter().filter(|p| id(p) != id(from)) {
            let response = ask(&app, id(from), id(to), Some(false)).await;
            let directions = answer(&response);
            if directions["way"].is_object() {
                ways.insert((id(from).to_owned(), id(to).to_owned()), directions["way"].clone());
            }
        }
    }
    assert!(!ways.is_empty(), "no way at all");
    for ((from, to), way) in &ways {
        let what = format!("{} to {}", slugs[from.as_str()], slugs[to.as_str()]);
        assert_well_formed(way, from, to, &what);
        for leg in legs(way) {
            let (start, end, route) = (id(&leg["from"]), id(&leg["to"]), &leg["route"]);
            let reversed = leg["reversed"] == true;
            assert!(!(id(route) == id(one_way) && reversed), "{what}: the one-way route walked back: {leg}");
            if !written_back {
                assert!(
                    !(start == id(&one_way["to"]) && end == id(&one_way["from"])),
                    "{what}: a leg goes against the one-way route: {leg}"
                );
            }
            // When a route is written for the direction walked, it is the one used.
            match venue.written(start, end) {
                Some(written) => {
                    assert_eq!(id(route), id(written), "{what}: the route written this way: {leg}");
                    assert!(!reversed, "{what}: walked back though written this way: {leg}");
                }
                None => assert!(reversed, "{what}: a leg with no route written its way is walked back: {leg}"),
            }
            // In the demo every route but the one-way one has its way back written.
            assert!(!reversed, "{what}: the demo needs no route walked back: {leg}");
        }
        let uses_one_way = legs(way).iter().any(|leg| id(&leg["route"]) == id(one_way));
        if !uses_one_way {
            let back = ways.contains_key(&(to.clone(), from.clone()));
            assert!(back, "{what} is known, but not the way back, and it needs no one-way route: {way}");
        }
    }
}

#[tokio::test]
async fn directions_are_read_in_the_viewers_language() {
    let app = spawn_app().await;
    let venue = Venue::read(&app).await;
    let entrance = venue.entrance("entrance-main");
    // A step-free room upstairs: its way has several legs (the demo's rooms 101 to 104).
    let room = venue
        .rooms
        .iter()
        .find(|r| r["floor"] == 1 && r["stepFree"] == "YES")
        .unwrap_or_else(|| panic!("no step-free room on floor 1: {:?}", venue.rooms));
    let what = format!("entrance-main to {}", slug(room));

    let in_english = ask(&app, id(entrance), id(room), Some(true)).await;
    let way = answer(&in_english)["way"].clone();
    assert!(way.is_object(), "{what}: {in_english}");
    // The demo's routes all have a length and a walking time.
    let (metres, minutes) = (way["distanceMetres"].as_i64().unwrap(), way["walkingMinutes"].as_i64().unwrap());
    let expected =
        format!("About {}, {} on foot. Step-free all the way.", english(metres, "metre"), english(minutes, "minute"));
    assert_eq!(way["summary"], json!({ "value": expected, "lang": "en", "dir": "LTR", "isFallback": false }));

    let translations =
        [("ar", "RTL", "خالٍ من الدرجات على طول الطريق."), ("fr", "LTR", "Sans marches de bout en bout.")];
    for (lang, dir, step_free_said) in translations {
        let response = ask_as(&app, id(entrance), id(room), Some(true), Some(lang), None).await;
        let directions = answer(&response);
        let translated = &directions["way"];
        assert_eq!(route_ids(translated), route_ids(&way), "{what} in {lang}: the same way");
        let summary = &translated["summary"];
        assert_eq!(summary["lang"], lang, "{what}: {summary}");
        assert_eq!(summary["dir"], dir, "{what}: {summary}");
        assert_eq!(summary["isFallback"], false, "{what}: {summary}");
        assert!(summary["value"].as_str().unwrap().ends_with(step_free_said), "{what} in {lang}: {summary}");
        assert_ne!(summary["value"], way["summary"]["value"], "{what}: not the English summary");
        for leg in legs(translated) {
            for step in leg["steps"].as_array().unwrap() {
                assert_eq!(step["lang"], lang, "{what}: every step in {lang}: {step}");
                assert_eq!(step["dir"], dir, "{what}: {step}");
                assert_eq!(step["isFallback"], false, "{what}: the demo's steps exist in {lang}: {step}");
            }
            assert_eq!(leg["to"]["name"]["lang"], lang, "{what}: places named in {lang}: {leg}");
        }
    }

    // Rooms with steps: the notice says so in Arabic, with the Arabic names.
    let stepped: Vec<&Value> = venue.rooms.iter().filter(|r| r["stepFree"] == "NO").collect();
    assert!(!stepped.is_empty(), "the demo's garden terrace has steps");
    for room in stepped {
        let response = ask_as(&app, id(entrance), id(room), Some(true), Some("ar"), None).await;
        let directions = answer(&response);
        let notice = &directions["notice"];
        assert_eq!((&notice["lang"], &notice["dir"]), (&json!("ar"), &json!("RTL")), "{response}");
        for end in [&directions["from"], &directions["to"]] {
            assert_eq!(end["name"]["lang"], "ar", "{end}");
            let name = end["name"]["value"].as_str().unwrap();
            assert!(notice["value"].as_str().unwrap().contains(name), "the notice names {name}: {notice}");
        }
    }
}

#[tokio::test]
async fn a_delegates_step_free_preference_and_extra_time_shape_their_directions() {
    let app = spawn_app().await;
    let venue = Venue::read(&app).await;
    let stairs = staircase(&app, &venue).await;
    let (from, to, what) = (stairs.from.as_str(), stairs.to.as_str(), stairs.what.as_str());
    let (quickest, step_free) = (route_ids(&stairs.any["way"]), route_ids(&stairs.step_free["way"]));

    // Before setting anything: a new delegate's own preferences, whatever they are.
    let token = app.signed_in(Role::Delegate, "Wheelchair User").await;
    let me = app
        .graphql_with_token(
            "{ me { accessibility { stepFreeRoutesOnly extraMinutesBetweenRooms } } }",
            json!({}),
            &token,
        )
        .await;
    let defaults = &data(&me)["me"]["accessibility"];
    let extra_before = defaults["extraMinutesBetweenRooms"].as_i64().unwrap();
    let response = ask_as(&app, from, to, None, None, Some(token.as_str())).await;
    let directions = answer(&response);
    assert_eq!(directions["stepFreeOnly"], defaults["stepFreeRoutesOnly"], "{what}: nothing asked: {response}");
    let way = &directions["way"];
    assert_eq!(way["minutesNeeded"].as_i64(), way["walkingMinutes"].as_i64().map(|m| m + extra_before), "{way}");

    let set = app
        .graphql_with_token(
            "mutation { updateMyPreferences(input: { stepFreeRoutesOnly: true, extraMinutesBetweenRooms: 5 }) {
              accessibility { stepFreeRoutesOnly extraMinutesBetweenRooms } } }",
            json!({}),
            &token,
        )
        .await;
    assert_eq!(
        data(&set)["updateMyPreferences"]["accessibility"],
        json!({ "stepFreeRoutesOnly": true, "extraMinutesBetweenRooms": 5 })
    );

    // Their preference applies when they ask nothing: the lift, with their extra time.
    let response = ask_as(&app, from, to, None, None, Some(token.as_str())).await;
    let directions = answer(&response);
    assert_eq!(directions["stepFreeOnly"], true, "{what}: their preference: {response}");
    let way = &directions["way"];
    assert_eq!(route_ids(way), step_free, "{what}: the step-free way: {way}");
    assert_eq!(way["stepFree"], "YES");
    let walking = way["walkingMinutes"].as_i64().unwrap();
    assert_eq!(way["minutesNeeded"].as_i64(), Some(walking + 5), "{what}: {way}");
    let summary = way["summary"]["value"].as_str().unwrap();
    assert!(summary.contains(&format!("Allow {} with your extra time.", english(walking + 5, "minute"))), "{summary}");

    // Asking for any way overrides it: the stairs, still with their extra time.
    let response = ask_as(&app, from, to, Some(false), None, Some(token.as_str())).await;
    let directions = answer(&response);
    assert_eq!(directions["stepFreeOnly"], false, "{what}: as asked: {response}");
    let way = &directions["way"];
    assert_eq!(route_ids(way), quickest, "{what}: the quickest way: {way}");
    assert_eq!(way["stepFree"], "NO");
    assert_eq!(way["minutesNeeded"].as_i64(), way["walkingMinutes"].as_i64().map(|m| m + 5), "{what}: {way}");

    // Anonymous: any way, and no extra time.
    let response = ask(&app, from, to, None).await;
    let directions = answer(&response);
    assert_eq!(directions["stepFreeOnly"], false, "{what}: {response}");
    let way = &directions["way"];
    assert_eq!(route_ids(way), quickest, "{what}: {way}");
    assert_eq!(way["minutesNeeded"], way["walkingMinutes"], "{what}: {way}");
    assert!(!way["summary"]["value"].as_str().unwrap().contains("Allow"), "{what}: no extra time to allow: {way}");
}

#[tokio::test]
async fn bad_places_are_refused_and_name_the_argument_at_fault() {
    let app = spawn_app().await;
    let venue = Venue::read(&app).await;
    let entrance = id(venue.entrance("entrance-main"));
    let room = id(&venue.rooms[0]);
    let route = id(&venue.routes[0]);
    let sessions = app.session_ids().await;
    let session = sessions.values().next().unwrap().as_str().unwrap();
    // Well-formed ids of a room and a point of interest that are not in the venue.
    let missing_room = URL_SAFE_NO_PAD.encode("Room:999999");
    let missing_place = URL_SAFE_NO_PAD.encode("PointOfInterest:999999");
    let cases: [(&str, &str, &str, Option<&str>); 10] = [
        ("not an id", room, "BAD_USER_INPUT", Some("from")),
        ("", room, "BAD_USER_INPUT", Some("from")),
        (entrance, "not an id", "BAD_USER_INPUT", Some("to")),
        (session, room, "BAD_USER_INPUT", Some("from")),
        (entrance, session, "BAD_USER_INPUT", Some("to")),
        (route, room, "BAD_USER_INPUT", Some("from")),
        (missing_room.as_str(), room, "NOT_FOUND", None),
        (entrance, missing_place.as_str(), "NOT_FOUND", None),
        (entrance, missing_room.as_str(), "NOT_FOUND", None),
        (room, room, "BAD_USER_INPUT", Some("to")),
    ];
    for (from, to, code, field) in cases {
        for step_free_only in [None, Some(true)] {
            let response = ask(&app, from, to, step_free_only).await;
            assert_eq!(error_code(&response), code, "{from} to {to}: {response}");
            if let Some(field) = field {
                assert_eq!(error_field(&response), field, "{from} to {to}: {response}");
            }
            assert!(response["data"]["conference"]["venue"]["directions"].is_null(), "{response}");
        }
    }
    app.assert_healthy("refused directions").await;
}

#[tokio::test]
async fn deleting_a_route_changes_the_way_at_once() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let venue = Venue::read(&app).await;
    let entrance = venue.entrance("entrance-main");
    let room = venue.room("hall-a");
    let what = format!("entrance-main to {}", slug(room));
    let before = ask(&app, id(entrance), id(room), None).await;
    let before = answer(&before)["way"].clone();
    assert!(before.is_object(), "{what}");

    // The route of the way's first leg, and the way back written for it: gone both ways.
    let first = venue.route(id(&legs(&before)[0]["route"]));
    let mut gone = vec![id(first).to_owned()];
    if let Some(back) = venue.written(id(&first["to"]), id(&first["from"])) {
        gone.push(id(back).to_owned());
    }
    for route in &gone {
        let deleted = app.graphql_with_token(DELETE_ROUTE, json!({ "id": route }), &organiser).await;
        assert_eq!(data(&deleted)["deleteRoute"]["id"], route.as_str(), "{deleted}");
    }
    let after = Venue::read(&app).await;
    assert!(after.routes.iter().all(|r| !gone.iter().any(|g| r["id"] == g.as_str())), "{:?}", after.routes);

    let response = ask(&app, id(entrance), id(room), None).await;
    let directions = answer(&response);
    let way = &directions["way"];
    if way.is_object() {
        assert_well_formed(way, id(entrance), id(room), &what);
        for route in route_ids(way) {
            assert!(!gone.iter().any(|g| g == route), "{what}: a deleted route is still walked: {way}");
        }
        assert_ne!(route_ids(way), route_ids(&before), "{what}: {way}");
    } else {
        let notice = directions["notice"]["value"].as_str().unwrap();
        for end in [&directions["from"], &directions["to"]] {
            assert!(notice.contains(end["name"]["value"].as_str().unwrap()), "{notice}");
        }
    }
}

#[tokio::test]
async fn a_one_way_route_is_never_walked_back_and_a_route_written_one_way_is_walked_back_with_a_note() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let venue = Venue::read(&app).await;
    let hall = venue.room("hall-a");
    let place =
        json!({ "kind": "HELP_DESK", "floor": hall["floor"], "name": texts("Information point"), "stepFree": "YES" });
    let created =
        app.graphql_with_token(CREATE_PLACE, json!({ "slug": "information-point", "input": place }), &organiser).await;
    let desk = data(&created)["createPointOfInterest"]["id"].as_str().unwrap().to_owned();

    // A door out of the information point into the hall that cannot be opened from the hall.
    let written =
        ["Leave the desk with the wall on your left.", "Go through the door ahead.", "Hall A is in front of you."];
    let steps: Vec<Value> = written.iter().map(|s| json!({ "text": texts(s) })).collect();
    let mut input = json!({ "from": desk, "to": id(hall), "stepFree": "YES", "distanceMetres": 12, "walkingMinutes": 1,
        "steps": steps, "oneWay": true });
    let created = app.graphql_with_token(CREATE_ROUTE, json!({ "input": input }), &organiser).await;
    assert_eq!(data(&created)["createRoute"]["oneWay"], true, "{created}");
    let door = data(&created)["createRoute"]["id"].as_str().unwrap().to_owned();
    assert_eq!(Venue::read(&app).await.route(&door)["oneWay"], true, "read back as one-way");

    // Out through the door: as written. Back: no way, said with both names.
    let out = ask(&app, &desk, id(hall), None).await;
    let way = &answer(&out)["way"];
    assert_eq!(route_ids(way), [door.as_str()], "the door is the only way out: {way}");
    assert_eq!(legs(way)[0]["reversed"], false);
    assert_eq!(values(&legs(way)[0]["steps"]), written);
    for step_free_only in [false, true] {
        let response = ask(&app, id(hall), &desk, Some(step_free_only)).await;
        let directions = answer(&response);
        assert!(directions["way"].is_null(), "the one-way door is not walked back: {response}");
        assert!(directions["wayWithSteps"].is_null(), "nor is there a way with steps: {response}");
        let notice = directions["notice"]["value"].as_str().unwrap();
        let hall_name = hall["name"]["value"].as_str().unwrap();
        assert!(notice.contains("Information point") && notice.contains(hall_name), "{notice}");
    }

    // The door opens both ways now, but its steps are written only from the desk: walked back,
    // with a note first and the steps last first.
    input["oneWay"] = json!(false);
    let updated = app.graphql_with_token(UPDATE_ROUTE, json!({ "id": door, "input": input }), &organiser).await;
    assert_eq!(data(&updated)["updateRoute"]["oneWay"], false, "{updated}");
    let back = ask(&app, id(hall), &desk, None).await;
    let way = &answer(&back)["way"];
    assert_well_formed(way, id(hall), &desk, "hall-a to information-point");
    assert_eq!(route_ids(way), [door.as_str()], "{way}");
    let leg = &legs(way)[0];
    assert_eq!(leg["reversed"], true, "{leg}");
    let steps = values(&leg["steps"]);
    assert!(steps[0].contains("written only for the other way"), "{}", steps[0]);
    let hall_name = hall["name"]["value"].as_str().unwrap();
    assert!(steps[0].contains(hall_name) && steps[0].contains("Information point"), "{}", steps[0]);
    assert_eq!(steps[1..], [written[2], written[1], written[0]], "last first: {steps:?}");

    // The note is in the viewer's language too, with the places' names in it.
    let arabic = ask_as(&app, id(hall), &desk, None, Some("ar"), None).await;
    let leg = &legs(&answer(&arabic)["way"])[0];
    let note = &leg["steps"][0];
    assert_eq!((&note["lang"], &note["dir"]), (&json!("ar"), &json!("RTL")), "{note}");
    for end in [&leg["from"], &leg["to"]] {
        assert!(note["value"].as_str().unwrap().contains(end["name"]["value"].as_str().unwrap()), "{note} {end}");
    }
}

/// The journey the issue is done by: Amal types Arabic quickly, without hamza and with ه for ة,
/// finds the session she wants, and hears a step-free way to its room from the main entrance,
/// in Arabic; the same in French typed without accents.
#[tokio::test]
async fn amal_finds_her_session_typing_fast_and_hears_a_step_free_way_to_it() {
    let app = spawn_app().await;
    let venue = data(&app.graphql(VENUE, json!({})).await)["conference"]["venue"].clone();
    let entrance = venue["entrances"].as_array().unwrap().iter().find(|e| slug(e) == "entrance-main").unwrap().clone();
    let find = "query($q: String!) { conference { search(query: $q, first: 1, kinds: [SESSION]) { edges { node {
        matched { lang } item { ... on Session { slug room { id slug stepFree } } } } } } } }";
    for (lang, typed, careful) in [("ar", "الاعاقه والتنميه", "الإعاقة والتنمية"), ("fr", "decloisonner", "Décloisonner")]
    {
        let hit = |response: Value| response["data"]["conference"]["search"]["edges"][0]["node"].clone();
        let typed_hit = hit(app.graphql_as(find, json!({ "q": typed }), Some(lang)).await);
        let careful_hit = hit(app.graphql_as(find, json!({ "q": careful }), Some(lang)).await);
        assert_eq!(typed_hit["item"]["slug"], careful_hit["item"]["slug"], "{lang}: {typed_hit} / {careful_hit}");
        assert_eq!(typed_hit["matched"]["lang"], lang, "{typed_hit}");
        let room = &typed_hit["item"]["room"];
        assert_eq!(room["stepFree"], "YES", "{typed_hit}");

        let response = ask_as(&app, id(&entrance), id(room), Some(true), Some(lang), None).await;
        let directions = answer(&response);
        let way = &directions["way"];
        assert_eq!(way["stepFree"], "YES", "{response}");
        assert_eq!(way["summary"]["lang"], lang, "{response}");
        assert_eq!(way["summary"]["isFallback"], false, "{response}");
        let steps: Vec<&Value> = legs(way).iter().flat_map(|leg| leg["steps"].as_array().unwrap()).collect();
        assert!(steps.len() >= 2, "{response}");
        for step in steps {
            assert_eq!((&step["lang"], step["isFallback"].as_bool()), (&json!(lang), Some(false)), "{step}");
        }
    }
}

/// A room of another conference is not a place of this venue, even with a well-formed id.
#[tokio::test]
async fn places_of_another_conference_are_not_found() {
    let other = sanad_tests::synthetic::venue_json(30);
    let app =
        sanad_tests::spawn_app_with(sanad_tests::TestOptions { programme: Some(other), ..Default::default() }).await;
    let rooms = |slug: &str| {
        format!("{{ conference(slug: \"{slug}\") {{ venue {{ rooms {{ id slug }} entrances {{ id slug }} }} }} }}")
    };
    let demo = data(&app.graphql(&rooms("amman-2019"), json!({})).await)["conference"]["venue"].clone();
    let copy = data(&app.graphql(&rooms("venue-30"), json!({})).await)["conference"]["venue"].clone();
    let entrance = demo["entrances"].as_array().unwrap().iter().find(|e| slug(e) == "entrance-main").unwrap();
    let their_room = copy["rooms"].as_array().unwrap().iter().find(|r| slug(r) == "hall-a").unwrap();
    let our_room = demo["rooms"].as_array().unwrap().iter().find(|r| slug(r) == "hall-a").unwrap();
    assert_ne!(id(their_room), id(our_room), "two conferences, two rooms");
    let ask_in = |to: &str| {
        let query = "query($from: ID!, $to: ID!) { conference(slug: \"amman-2019\") { venue { \
            directions(from: $from, to: $to) { way { stepFree } } } } }";
        app.graphql(query, json!({ "from": id(entrance), "to": to }))
    };
    let theirs = ask_in(id(their_room)).await;
    assert_eq!(error_code(&theirs), "NOT_FOUND", "{theirs}");
    let ours = ask_in(id(our_room)).await;
    assert_eq!(data(&ours)["conference"]["venue"]["directions"]["way"]["stepFree"], "YES", "{ours}");
}
