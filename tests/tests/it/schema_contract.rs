//! The schema is a contract with client developers: the checked-in SDL matches the code, and
//! every type, field, argument and enum value is described.

use sanad_tests::{data, spawn_app};
use serde_json::json;

#[test]
fn checked_in_sdl_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/schema.graphql");
    let checked_in = std::fs::read_to_string(path).expect("schema/schema.graphql exists");
    let generated = sanad_schema::graphql::sdl();
    assert!(
        checked_in == generated,
        "schema/schema.graphql is out of date: run `cargo run -- schema > schema/schema.graphql` and review the diff"
    );
}

#[tokio::test]
async fn everything_in_the_schema_has_a_description() {
    let app = spawn_app().await;
    let response = app
        .graphql(
            r#"{ __schema { types { name kind description
                 fields(includeDeprecated: true) { name description args { name description } }
                 inputFields { name description }
                 enumValues(includeDeprecated: true) { name description } } } }"#,
            json!({}),
        )
        .await;
    let mut missing = Vec::new();
    let described = |v: &serde_json::Value| v.as_str().is_some_and(|s| !s.trim().is_empty());
    for ty in data(&response)["__schema"]["types"].as_array().unwrap() {
        let name = ty["name"].as_str().unwrap();
        // Introspection types and the built-in scalars are GraphQL's own.
        if name.starts_with("__") || ["String", "Int", "Float", "Boolean", "ID"].contains(&name) {
            continue;
        }
        if !described(&ty["description"]) {
            missing.push(name.to_owned());
        }
        for field in
            ty["fields"].as_array().into_iter().flatten().chain(ty["inputFields"].as_array().into_iter().flatten())
        {
            if !described(&field["description"]) {
                missing.push(format!("{name}.{}", field["name"]));
            }
            for arg in field["args"].as_array().into_iter().flatten() {
                if !described(&arg["description"]) {
                    missing.push(format!("{name}.{}({})", field["name"], arg["name"]));
                }
            }
        }
        for value in ty["enumValues"].as_array().into_iter().flatten() {
            if !described(&value["description"]) {
                missing.push(format!("{name}.{}", value["name"]));
            }
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:#?}");
}
