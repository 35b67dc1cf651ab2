//! A synthetic programme of any size, built from the demo: the demo's rooms, speakers and
//! texts, with its sessions repeated over a longer event. Used to show that the cost of a
//! query does not grow with the number of sessions, and by the benchmarks.

use serde_json::Value;

/// The demo programme document with `sessions` sessions spread over as many days as needed.
pub fn programme_json(sessions: usize) -> String {
    let mut doc: Value = serde_json::from_str(sanad_api::demo::DEMO_JSON).expect("demo JSON");
    let template: Vec<Value> = doc["sessions"].as_array().expect("sessions").clone();
    let rooms: Vec<String> = doc["venue"]["rooms"]
        .as_array()
        .expect("rooms")
        .iter()
        .map(|r| r["key"].as_str().expect("key").to_owned())
        .collect();
    let slots_per_day = 10;
    let per_slot = rooms.len();
    let days = sessions.div_ceil(slots_per_day * per_slot).max(1);
    let mut out = Vec::with_capacity(sessions);
    for i in 0..sessions {
        let mut session = template[i % template.len()].clone();
        let (day, slot, room) = (i / (slots_per_day * per_slot), (i / per_slot) % slots_per_day, i % per_slot);
        let date = chrono::NaiveDate::from_ymd_opt(2019, 9, 10).expect("date") + chrono::Days::new(day as u64);
        session["key"] = Value::from(format!("s{i}"));
        session["room"] = Value::from(rooms[room].clone());
        session["start"] = Value::from(format!("{date}T{:02}:00", 8 + slot));
        session["end"] = Value::from(format!("{date}T{:02}:50", 8 + slot));
        if let Some(documents) = session["documents"].as_array_mut() {
            for (n, document) in documents.iter_mut().enumerate() {
                document["key"] = Value::from(format!("s{i}-d{n}"));
            }
        }
        out.push(session);
    }
    doc["sessions"] = Value::Array(out);
    doc["announcements"] = Value::Array(vec![]);
    let end = chrono::NaiveDate::from_ymd_opt(2019, 9, 10).expect("date") + chrono::Days::new(days as u64 - 1);
    doc["conference"]["endDate"] = Value::from(end.to_string());
    doc["conference"]["slug"] = Value::from(format!("synthetic-{sessions}"));
    doc.to_string()
}

/// The demo programme in a venue of `places` points of interest: the demo's own places and
/// rooms, and a grid of help points joined by corridors to the main entrance (every seventh
/// corridor has steps), each corridor a route written in one direction and walked back.
pub fn venue_json(places: usize) -> String {
    let mut doc: Value = serde_json::from_str(sanad_api::demo::DEMO_JSON).expect("demo JSON");
    let own = doc["venue"]["places"].as_array().expect("places").len();
    let extra = places.saturating_sub(own);
    let columns = 24;
    let rows = extra.div_ceil(columns);
    let key = |n: usize| format!("grid-{}-{}", n / columns, n % columns);
    let texts = |en: String| serde_json::json!({ "en": en.clone(), "fr": format!("{en} (fr)"), "ar": format!("{en} (ar)"), "es": format!("{en} (es)") });
    let mut added = Vec::with_capacity(extra);
    for n in 0..extra {
        added.push(serde_json::json!({
            "key": key(n),
            "kind": "HELP_DESK",
            "floor": 0,
            "name": texts(format!("Help point {}", n + 1)),
            "description": texts(format!("Help point {} of the exhibition hall.", n + 1)),
            "stepFree": "YES",
        }));
    }
    let mut routes = Vec::new();
    let corridor = |from: String, to: String, i: usize| {
        serde_json::json!({
            "from": from,
            "to": to,
            "stepFree": if i % 7 == 3 { "NO" } else { "YES" },
            "distanceMetres": 20 + (i * 37) % 40,
            "walkingMinutes": 1 + (i * 13) % 3,
            "steps": [texts(format!("Follow corridor {i} to the next help point; the tactile path turns at the pillar."))],
        })
    };
    if extra > 0 {
        routes.push(corridor("entrance-main".to_owned(), key(0), 0));
    }
    for n in 0..extra {
        let (row, column) = (n / columns, n % columns);
        if column + 1 < columns && n + 1 < extra {
            routes.push(corridor(key(n), key(n + 1), routes.len()));
        }
        if row + 1 < rows && n + columns < extra {
            routes.push(corridor(key(n), key(n + columns), routes.len()));
        }
    }
    doc["venue"]["places"].as_array_mut().expect("places").extend(added);
    doc["venue"]["routes"].as_array_mut().expect("routes").extend(routes);
    doc["conference"]["slug"] = Value::from(format!("venue-{places}"));
    doc.to_string()
}
