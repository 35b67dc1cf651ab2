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

/// The schema registers no async-graphql extension (`build_schema` in
/// `schema/src/graphql/mod.rs`): the programme's objects skip extensions' per-field hooks, so
/// an extension would silently miss most fields. async-graphql 7.2 offers no public way to ask
/// a built schema for its extensions (`SchemaInner::extensions` is `pub(crate)`, with no
/// accessor), so this reads the source instead: outside comments, the schema crate never
/// calls `.extension(` nor names the extension machinery, and neither the schema crate nor
/// the server builds a schema anywhere but `schema/src/graphql/mod.rs`. async-graphql is
/// pinned to one exact release in the workspace `Cargo.toml`, so the hooks this relies on
/// cannot change under it.
#[test]
fn the_schema_registers_no_extensions() {
    fn sources(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    // What registers or defines an extension. `.extension(` is checked in the schema crate
    // only: the server's HTTP code may well call `http::request::Builder::extension`.
    let everywhere = ["ExtensionFactory", "async_graphql::extensions", "Schema::build", "SchemaBuilder"];
    let in_schema = [".extension(", "extensions::"];
    let mut found = Vec::new();
    let mut builders = Vec::new();
    for (crate_dir, schema_crate) in [("schema/src", true), ("api/src", false)] {
        let mut files = Vec::new();
        sources(&root.join(crate_dir), &mut files);
        assert!(!files.is_empty(), "no sources under {crate_dir}");
        for (path, text) in files {
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            for (n, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                if code.contains("Schema::build(") {
                    builders.push(relative.clone());
                }
                let forbidden = everywhere.iter().chain(if schema_crate { &in_schema[..] } else { &[] });
                for needle in forbidden {
                    // The one place that builds the schema may call `Schema::build`.
                    let allowed = *needle == "Schema::build" && relative == "schema/src/graphql/mod.rs";
                    if code.contains(needle) && !allowed {
                        found.push(format!("{relative}:{}: {needle}: {}", n + 1, code));
                    }
                }
            }
        }
    }
    assert!(
        builders.iter().any(|b| b == "schema/src/graphql/mod.rs"),
        "the schema is no longer built in schema/src/graphql/mod.rs: update this test ({builders:?})"
    );
    assert!(found.is_empty(), "the schema must register no extension (see build_schema): {found:#?}");
}
