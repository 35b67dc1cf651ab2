//! `bench search`: what `Conference.search` costs, and how often it finds what a delegate means.
//!
//! Delegates search on phones, often with a screen reader's keyboard, in the conference's four
//! languages: quickly, without accents, Arabic without hamza or with ه for ة, with a letter
//! left out. A search box is only useful if it answers at typing speed and finds the item
//! anyway, so this bench measures both:
//!
//! - Latency (`search_{demo,2000}_{en,fr,es,ar}_p50_us`, `…_p99_us`, and over all four
//!   languages `search_{label}_p50_us`, `…_p99_us`): 20 typical queries per language, sent
//!   round-robin `RUNS` times each, one at a time (latency, not throughput), as `POST /graphql`
//!   over loopback with the hits' items as a phone reads them. The response cache is off, so
//!   every search is computed. On the demo (36 sessions) and on the synthetic programme of
//!   2,000 sessions (`synthetic::programme_json`: the demo's sessions repeated, so the same
//!   words are there, about 55 times over); `search_2000_to_demo_p50` compares the two.
//! - The index (`search_{label}_first_query_ms`, `search_{label}_sql_statements_first_query`):
//!   the first search of a programme version builds it.
//! - SQL per search after that (`search_{label}_sql_statements_per_query`): searches are
//!   answered from memory, so this should be 0.
//! - Recall (`search_recall_percent`, per language and per kind of slip): misspelled,
//!   unaccented and hastily typed queries, at least ten per language, each with the item it
//!   must find, named by its slug, term or demo key and turned into an id through the API at
//!   run time. A query counts as found when that item is among the first `RECALL_DEPTH` hits
//!   (what a phone's first screen shows); each miss is printed as `search_recall_missed`.
//!
//! The server runs in this process (like `bench requests`), with the demo clock, on SQLite (or
//! PostgreSQL when `TEST_DATABASE_URL` is set). Times are wall-clock per request as the client
//! sees them, in microseconds; they are printed, never asserted.

use std::collections::HashMap;
use std::time::Instant;

use sanad_tests::{TestApp, TestOptions, spawn_app_with, synthetic};
use serde_json::{Value, json};

use crate::common::quantile;

/// How many times each typical query is sent.
const RUNS: usize = 25;
/// How many hits count for recall: the first screen of results.
const RECALL_DEPTH: usize = 10;
const STATEMENTS: &str = "sanad_sql_statements_total";

/// A search as a phone sends it: a page of hits with what matched and the item to show.
const SEARCH: &str = "query Search($query: String!, $first: Int!) { conference { \
    search(query: $query, first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { \
    kind field approximate matched { value lang dir isFallback } item { __typename \
    ... on Session { id slug title { value lang dir } time { start } room { name { value } } } \
    ... on Speaker { id slug name { value lang dir } transliteration } \
    ... on Room { id slug name { value lang dir } } \
    ... on PointOfInterest { id slug name { value lang dir } } \
    ... on GlossaryEntry { id term expansion { value lang dir } } \
    ... on Document { id title { value lang dir } } \
    ... on Announcement { id title { value lang dir } } } } } } } }";

/// What delegates type, spelled properly: places, breaks, themes, session titles, names.
const TYPICAL: [(&str, [&str; 20]); 4] = [
    (
        "en",
        [
            "lift",
            "accessible toilet",
            "prayer room",
            "quiet room",
            "coffee break",
            "lunch",
            "sign language",
            "victim assistance",
            "employment",
            "rehabilitation",
            "prosthetics",
            "peer support",
            "Washington Group",
            "Oslo Action Plan",
            "Maputo",
            "braille",
            "shuttle",
            "registration desk",
            "Fatima Haddad",
            "APMBC",
        ],
    ),
    (
        "fr",
        [
            "ascenseur",
            "toilettes accessibles",
            "salle de prière",
            "salle de calme",
            "pause-café",
            "déjeuner",
            "langue des signes",
            "assistance aux victimes",
            "emploi",
            "réadaptation",
            "prothèses",
            "soutien par les pairs",
            "Groupe de Washington",
            "plan d'action d'Oslo",
            "Maputo",
            "handicap",
            "navette",
            "inscription",
            "Hélène Marchetti",
            "CDPH",
        ],
    ),
    (
        "es",
        [
            "ascensor",
            "sala de oración",
            "sala silenciosa",
            "pausa para el café",
            "almuerzo",
            "asistencia a las víctimas",
            "discapacidad",
            "sobrevivientes",
            "apoyo entre pares",
            "salud mental",
            "Grupo de Washington",
            "Plan de Acción de Oslo",
            "conclusiones",
            "recepción de bienvenida",
            "género y diversidad",
            "alianzas",
            "autobús",
            "inscripción",
            "primeros auxilios",
            "Lucía Fernández",
        ],
    ),
    (
        "ar",
        [
            "المصعد",
            "دورة مياه ميسّرة",
            "غرفة الصلاة",
            "غرفة الهدوء",
            "استراحة القهوة",
            "الغداء",
            "لغة الإشارة",
            "مساعدة الضحايا",
            "الإعاقة",
            "الناجين",
            "دعم الأقران",
            "الصحة النفسية",
            "فريق واشنطن",
            "خطة عمل أوسلو",
            "مابوتو",
            "إعادة التأهيل",
            "الأطراف الاصطناعية",
            "التسجيل",
            "الحافلة",
            "فاطمة حداد",
        ],
    ),
];

/// The item a recall query must find, by the key the demo document gives it: a slug for
/// sessions, speakers, rooms and points of interest, the term for glossary entries, the demo
/// key for documents and announcements (which the API finds by their English titles).
#[derive(Clone, Copy, Debug)]
enum Target {
    Session(&'static str),
    Speaker(&'static str),
    Room(&'static str),
    Place(&'static str),
    Term(&'static str),
    Document(&'static str),
    Announcement(&'static str),
}

impl Target {
    fn key(self) -> (&'static str, &'static str) {
        match self {
            Self::Session(key) => ("session", key),
            Self::Speaker(key) => ("speaker", key),
            Self::Room(key) => ("room", key),
            Self::Place(key) => ("place", key),
            Self::Term(key) => ("term", key),
            Self::Document(key) => ("document", key),
            Self::Announcement(key) => ("announcement", key),
        }
    }
}

use Target::{Announcement, Document, Place, Room, Session, Speaker, Term};

/// Queries as they are really typed: the language, the query, what is wrong with it, and the
/// item it must find. `typo`: one letter left out, added or replaced, or two swapped;
/// `accents`: written without them; `arabic`: without hamza (or with one too many), ه for ة,
/// ى and ي interchanged, without shadda; `digits`: Arabic-Indic digits.
const RECALL: &[(&str, &str, &str, Target)] = &[
    // English
    ("en", "prosthetcs", "typo", Session("ws-prosthetics")),
    ("en", "washignton group", "typo", Session("ws-washington-group")),
    ("en", "psychosocal support", "typo", Session("ws-psychosocial")),
    ("en", "comunity rehabilitation", "typo", Session("ws-community-rehabilitation")),
    ("en", "employmnet", "typo", Session("ws-employment")),
    ("en", "livelihods", "typo", Session("ws-employment")),
    ("en", "oslo acton plan", "typo", Session("ws-oslo-action-plan")),
    ("en", "okafro", "typo", Speaker("samuel-okafor")),
    ("en", "lindqvst", "typo", Speaker("rebecca-lindqvist")),
    ("en", "marchettti", "typo", Speaker("helene-marchetti")),
    ("en", "shutle times", "typo", Announcement("registration-and-shuttle")),
    ("en", "quite room", "typo", Place("quiet-room")),
    ("en", "cheklist recruitment", "typo", Document("recruitment-checklist")),
    ("en", "apmcb", "typo", Term("APMBC")),
    // French
    ("fr", "seance pleniere ouverture", "accents", Session("opening-plenary")),
    ("fr", "decloisoner", "typo", Session("panel-q2-breaking-silos")),
    ("fr", "readaptation a base communautaire", "accents", Session("ws-community-rehabilitation")),
    ("fr", "protheses qualite", "accents", Session("ws-prosthetics")),
    ("fr", "donnees inclusives", "accents", Session("ws-washington-group")),
    ("fr", "sante mentale", "accents", Session("ws-psychosocial")),
    ("fr", "reception de bienvenue", "accents", Session("welcome-reception")),
    ("fr", "etienne bourgault", "accents", Speaker("etienne-bourgault")),
    ("fr", "helene marchetti", "accents", Speaker("helene-marchetti")),
    ("fr", "salle de priere", "accents", Place("prayer-room")),
    ("fr", "infirmrie", "typo", Place("first-aid")),
    ("fr", "cartographie des resources", "typo", Document("financing-map")),
    ("fr", "terrasse du jardn", "typo", Room("garden-terrace")),
    // Spanish
    ("es", "sesion plenaria de apertura", "accents", Session("opening-plenary")),
    ("es", "genero y diversidad", "accents", Session("side-gender-diversity")),
    ("es", "recepcion de bienvenida", "accents", Session("welcome-reception")),
    ("es", "plan de accion de oslo", "accents", Session("ws-oslo-action-plan")),
    ("es", "aprobacion de las conclusiones", "accents", Session("closing-plenary")),
    ("es", "apoyo psicosocal", "typo", Session("ws-psychosocial")),
    ("es", "sobrevivientes testimonos", "typo", Session("survivors-voices")),
    ("es", "aciones concretas", "typo", Session("panel-q4-partnerships")),
    ("es", "lucia fernandez", "accents", Speaker("lucia-fernandez")),
    ("es", "andres villalobos", "accents", Speaker("andres-villalobos")),
    ("es", "maria jose quintero", "accents", Speaker("maria-jose-quintero")),
    ("es", "sala de oracion", "accents", Place("prayer-room")),
    ("es", "ascensor centrl", "typo", Place("lift-central")),
    ("es", "terraza del jardin", "accents", Room("garden-terrace")),
    // Arabic
    ("ar", "تحديات الادماج", "arabic", Session("panel-q1-challenges")),
    ("ar", "اصوات الناجين", "arabic", Session("survivors-voices")),
    ("ar", "البيانات الدامجه", "arabic", Session("ws-washington-group")),
    ("ar", "الاطراف الاصطناعيه", "arabic", Session("ws-prosthetics")),
    ("ar", "خطه عمل اوسلو", "arabic", Session("ws-oslo-action-plan")),
    ("ar", "خطه عمل مابوتو", "arabic", Session("ws-maputo-review")),
    ("ar", "التوظيف الميسر", "arabic", Session("ws-employment")),
    ("ar", "حفل الإستقبال", "arabic", Session("welcome-reception")),
    ("ar", "فريق واشنطون", "typo", Session("ws-washington-group")),
    ("ar", "الشراكات المحليه والاقليميه", "arabic", Session("panel-local-regional")),
    ("ar", "تقارير المقرريين", "typo", Session("rapporteurs-reports")),
    ("ar", "فاطمه حداد", "arabic", Speaker("fatima-haddad")),
    ("ar", "هدي التميمي", "arabic", Speaker("huda-tamimi")),
    ("ar", "لينا المصرى", "arabic", Speaker("lina-masri")),
    ("ar", "غرفه الصلاه", "arabic", Place("prayer-room")),
    ("ar", "المصعد المركزى", "arabic", Place("lift-central")),
    ("ar", "القاعه ١٠٣", "digits", Room("room-103")),
    ("ar", "مكتب التسحيل", "typo", Place("registration")),
];

pub async fn search() {
    println!("cores: {}", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0));
    println!("search_runs_per_query: {RUNS}");

    let demo = spawn_app_with(TestOptions { cache_bytes: 0, ..TestOptions::default() }).await;
    let demo_p50 = latency(&demo, "demo").await;
    recall(&demo).await;
    // Its background work would otherwise take CPU from the next server.
    demo.server.shutdown().await.unwrap();

    let big = spawn_app_with(TestOptions {
        demo: false,
        cache_bytes: 0,
        programme: Some(synthetic::programme_json(2000)),
        ..TestOptions::default()
    })
    .await;
    let sessions = big.graphql("{ conference { sessions(first: 0) { totalCount } } }", json!({})).await;
    println!("search_2000_programme_sessions: {}", sessions["data"]["conference"]["sessions"]["totalCount"]);
    let big_p50 = latency(&big, "2000").await;
    big.server.shutdown().await.unwrap();
    println!("search_2000_to_demo_p50: {:.2}", big_p50 / demo_p50);

    directions(500).await;
}

/// Directions on a venue of `places` points of interest (`synthetic::venue_json`): the graph
/// search alone, in this process over the venue's stored routes
/// (`directions_{places}_graph_p50_us`/`_p99_us`, building the graph included, as each request
/// does), and whole requests over HTTP (`directions_{places}_http_p50_us`/`_p99_us`).
async fn directions(places: usize) {
    use sanad_schema::entities::{place, room, route};
    use sanad_schema::service::directions::{Spot, VenueGraph};
    use sea_orm::EntityTrait;

    let app = spawn_app_with(TestOptions {
        demo: false,
        cache_bytes: 0,
        programme: Some(synthetic::venue_json(places)),
        ..TestOptions::default()
    })
    .await;
    let db = sea_orm::Database::connect(app.database_url()).await.unwrap();
    let routes = route::Entity::find().all(&db).await.unwrap();
    let mut spots: Vec<Spot> =
        place::Entity::find().all(&db).await.unwrap().iter().map(|p| Spot::Place(p.id)).collect();
    spots.extend(room::Entity::find().all(&db).await.unwrap().iter().map(|r| Spot::Room(r.id)));
    println!("directions_{places}_places: {}", spots.len());
    println!("directions_{places}_routes: {}", routes.len());
    let pairs: Vec<(usize, usize)> =
        (0..50).map(|i| ((i * 7919) % spots.len(), (i * 104_729 + 17) % spots.len())).filter(|(a, b)| a != b).collect();

    let mut graph_us = Vec::new();
    let mut found = 0;
    for _ in 0..RUNS {
        for &(a, b) in &pairs {
            let started = Instant::now();
            let graph = VenueGraph::new(&routes);
            let way = graph.way(spots[a], spots[b], false);
            graph_us.push(started.elapsed().as_secs_f64() * 1e6);
            found += usize::from(way.is_some());
        }
    }
    graph_us.sort_by(f64::total_cmp);
    println!("directions_{places}_ways_found_percent: {:.0}", 100.0 * found as f64 / graph_us.len() as f64);
    println!("directions_{places}_graph_p50_us: {:.0}", quantile(&graph_us, 0.5));
    println!("directions_{places}_graph_p99_us: {:.0}", quantile(&graph_us, 0.99));

    // The same pairs as a client asks for them, by global id.
    let id = |spot: Spot| {
        use base64::Engine;
        let text = match spot {
            Spot::Room(n) => format!("Room:{n}"),
            Spot::Place(n) => format!("PointOfInterest:{n}"),
        };
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
    };
    let query = "query($from: ID!, $to: ID!) { conference { venue { directions(from: $from, to: $to) { \
        way { stepFree distanceMetres walkingMinutes summary { value lang } legs { reversed stepFree steps { value lang dir } } } \
        notice { value } } } } }";
    let url = app.url("/graphql");
    let mut http_us = Vec::new();
    for _ in 0..RUNS {
        for &(a, b) in &pairs {
            let body = json!({ "query": query, "variables": { "from": id(spots[a]), "to": id(spots[b]) } });
            let started = Instant::now();
            let answer: Value = app.client.post(&url).json(&body).send().await.unwrap().json().await.unwrap();
            http_us.push(started.elapsed().as_secs_f64() * 1e6);
            assert!(answer["data"]["conference"]["venue"]["directions"].is_object(), "{answer}");
        }
    }
    http_us.sort_by(f64::total_cmp);
    println!("directions_{places}_http_p50_us: {:.0}", quantile(&http_us, 0.5));
    println!("directions_{places}_http_p99_us: {:.0}", quantile(&http_us, 0.99));
    app.server.shutdown().await.unwrap();
}

/// One search over HTTP: the answer, checked for errors, and the time it took in µs.
async fn timed_search(app: &TestApp, url: &str, lang: &str, body: &str) -> (Value, f64) {
    let started = Instant::now();
    let bytes = app
        .client
        .post(url)
        .header("content-type", "application/json")
        .header("accept-language", lang)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let micros = started.elapsed().as_secs_f64() * 1e6;
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(answer.get("errors").is_none(), "{body}: {answer}");
    (answer, micros)
}

/// Latency of the typical queries on `app`, with the SQL they cost; returns the p50 in µs.
async fn latency(app: &TestApp, label: &str) -> f64 {
    let url = app.url("/graphql");
    let bodies: Vec<(&str, &str, String)> = TYPICAL
        .iter()
        .flat_map(|(lang, queries)| {
            queries.iter().map(move |query| {
                (*lang, *query, json!({ "query": SEARCH, "variables": { "query": query, "first": 20 } }).to_string())
            })
        })
        .collect();

    // The first search of this programme version builds the index.
    let before = app.metric(STATEMENTS).await;
    let (_, first) = timed_search(app, &url, bodies[0].0, &bodies[0].2).await;
    let after_first = app.metric(STATEMENTS).await;
    println!("search_{label}_first_query_ms: {:.2}", first / 1000.0);
    println!("search_{label}_sql_statements_first_query: {}", after_first - before);

    let mut by_lang: HashMap<&str, Vec<f64>> = HashMap::new();
    let mut without_hits = Vec::new();
    let mut hits = Vec::new();
    for run in 0..RUNS {
        for (lang, query, body) in &bodies {
            let (answer, micros) = timed_search(app, &url, lang, body).await;
            by_lang.entry(*lang).or_default().push(micros);
            if run == 0 {
                let total = answer["data"]["conference"]["search"]["totalCount"].as_u64().unwrap();
                hits.push(total as f64);
                if total == 0 {
                    without_hits.push(format!("{lang} {query:?}"));
                }
            }
        }
    }
    let statements = app.metric(STATEMENTS).await - after_first;
    let searches = RUNS * bodies.len();

    let mut all = Vec::with_capacity(searches);
    for (lang, _) in TYPICAL {
        let mut times = by_lang.remove(lang).unwrap_or_default();
        times.sort_by(f64::total_cmp);
        println!("search_{label}_{lang}_p50_us: {:.0}", quantile(&times, 0.5));
        println!("search_{label}_{lang}_p99_us: {:.0}", quantile(&times, 0.99));
        all.extend(times);
    }
    all.sort_by(f64::total_cmp);
    let p50 = quantile(&all, 0.5);
    println!("search_{label}_searches: {searches}");
    println!("search_{label}_p50_us: {p50:.0}");
    println!("search_{label}_p99_us: {:.0}", quantile(&all, 0.99));
    hits.sort_by(f64::total_cmp);
    println!("search_{label}_hits_per_query_p50: {:.0}", quantile(&hits, 0.5));
    println!("search_{label}_sql_statements_per_query: {:.3}", statements as f64 / searches as f64);
    // A typical query that finds nothing is a gap in the bench (or in the search), not a speed.
    println!("search_{label}_typical_queries_without_hits: {}", without_hits.len());
    for query in without_hits {
        println!("search_{label}_typical_query_without_hits: {query}");
    }
    p50
}

/// The ids of every item a recall query may expect, by `Target::key`.
async fn targets(app: &TestApp) -> HashMap<(&'static str, String), Value> {
    let response = app
        .graphql(
            "{ conference { \
             sessions(first: 2000) { nodes { id slug documents { id title { value } } } } \
             speakers { id slug } rooms { id slug } venue { pointsOfInterest { id slug } } \
             glossary { id term } announcements { id title { value } } } }",
            json!({}),
        )
        .await;
    assert!(response.get("errors").is_none(), "{response}");
    let conference = &response["data"]["conference"];
    let mut ids = HashMap::new();
    let mut add = |kind: &'static str, list: &Value, key: &str| {
        for item in list.as_array().unwrap() {
            ids.insert((kind, item[key].as_str().unwrap().to_owned()), item["id"].clone());
        }
    };
    add("session", &conference["sessions"]["nodes"], "slug");
    add("speaker", &conference["speakers"], "slug");
    add("room", &conference["rooms"], "slug");
    add("place", &conference["venue"]["pointsOfInterest"], "slug");
    add("term", &conference["glossary"], "term");

    // Documents and announcements have no slug: the demo document gives each a key and an
    // English title, and the API (read in English) gives the title and the id.
    let demo: Value = serde_json::from_str(sanad_api::demo::DEMO_JSON).unwrap();
    let english = |items: &Value| -> HashMap<String, String> {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|item| (item["title"]["en"].as_str().unwrap().to_owned(), item["key"].as_str().unwrap().to_owned()))
            .collect()
    };
    let mut document_keys = HashMap::new();
    for session in demo["sessions"].as_array().unwrap() {
        document_keys.extend(english(&session["documents"]));
    }
    let announcement_keys = english(&demo["announcements"]);
    let mut served: Vec<(&'static str, &Value, &HashMap<String, String>)> = Vec::new();
    for session in conference["sessions"]["nodes"].as_array().unwrap() {
        for document in session["documents"].as_array().unwrap() {
            served.push(("document", document, &document_keys));
        }
    }
    for announcement in conference["announcements"].as_array().unwrap() {
        served.push(("announcement", announcement, &announcement_keys));
    }
    for (kind, item, keys) in served {
        if let Some(key) = keys.get(item["title"]["value"].as_str().unwrap()) {
            ids.insert((kind, key.clone()), item["id"].clone());
        }
    }
    ids
}

/// The share of sloppy queries whose item is on the first screen of hits.
async fn recall(app: &TestApp) {
    let ids = targets(app).await;
    let mut found_by_lang: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut found_by_flaw: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut missed = Vec::new();
    for &(lang, query, flaw, target) in RECALL {
        let (kind, key) = target.key();
        let id = ids.get(&(kind, key.to_owned())).unwrap_or_else(|| panic!("the demo has no {kind} {key}"));
        let response = app.graphql_as(SEARCH, json!({ "query": query, "first": RECALL_DEPTH }), Some(lang)).await;
        assert!(response.get("errors").is_none(), "{query}: {response}");
        let edges = response["data"]["conference"]["search"]["edges"].as_array().unwrap();
        let found = edges.iter().any(|edge| &edge["node"]["item"]["id"] == id);
        for counts in [found_by_lang.entry(lang).or_default(), found_by_flaw.entry(flaw).or_default()] {
            counts.1 += 1;
            counts.0 += usize::from(found);
        }
        if !found {
            let best: Vec<String> =
                edges.iter().take(3).map(|e| format!("{} {}", e["node"]["kind"], e["node"]["item"]["id"])).collect();
            missed.push(format!("{lang} {flaw} {query:?} should find {kind} {key}; first hits: [{}]", best.join(", ")));
        }
    }
    let (found, asked) = found_by_lang.values().fold((0, 0), |(f, a), (lf, la)| (f + lf, a + la));
    println!("search_recall_queries: {asked}");
    println!("search_recall_depth: {RECALL_DEPTH}");
    println!("search_recall_percent: {:.1}", 100.0 * found as f64 / asked as f64);
    let share = |counts: Option<&(usize, usize)>| {
        let (found, asked) = counts.copied().unwrap_or((0, 0));
        100.0 * found as f64 / asked.max(1) as f64
    };
    for (lang, _) in TYPICAL {
        println!("search_recall_{lang}_percent: {:.1}", share(found_by_lang.get(lang)));
    }
    // By what is wrong with the query.
    for flaw in ["typo", "accents", "arabic", "digits"] {
        println!("search_recall_{flaw}_percent: {:.1}", share(found_by_flaw.get(flaw)));
    }
    for miss in missed {
        println!("search_recall_missed: {miss}");
    }
}
