//! Language negotiation through the API: the `lang` argument wins over `Accept-Language`, and
//! fallback is visible.

use sanad_tests::{data, spawn_app};
use serde_json::json;

const QUERY: &str = r#"query($lang: String) { conference(lang: $lang) { languageOrder name { value lang isFallback }
    sessions(first: 2000) { nodes { title { lang isFallback } } } } }"#;

#[tokio::test]
async fn accept_language_chooses_and_the_argument_wins() {
    let app = spawn_app().await;
    let french = app.graphql_as(QUERY, json!({}), Some("fr-CH, fr;q=0.9, en;q=0.5")).await;
    assert_eq!(data(&french)["conference"]["name"]["lang"], "fr");
    assert_eq!(data(&french)["conference"]["name"]["isFallback"], false);

    let argument = app.graphql_as(QUERY, json!({ "lang": "ar" }), Some("fr")).await;
    assert_eq!(data(&argument)["conference"]["name"]["lang"], "ar");
    assert_eq!(data(&argument)["conference"]["languageOrder"], json!(["ar", "fr", "en", "es"]));

    let none = app.graphql(QUERY, json!({})).await;
    assert_eq!(data(&none)["conference"]["name"]["lang"], "en");
    assert_eq!(data(&none)["conference"]["name"]["isFallback"], false);
}

#[tokio::test]
async fn spanish_readers_see_which_texts_fell_back() {
    let app = spawn_app().await;
    let response = app.graphql_as(QUERY, json!({}), Some("es")).await;
    let titles: Vec<_> = data(&response)["conference"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].clone())
        .collect();
    let spanish = titles.iter().filter(|t| t["lang"] == "es").count();
    let fallback: Vec<_> = titles.iter().filter(|t| t["isFallback"] == true).collect();
    assert!(spanish > 0, "some titles are in Spanish");
    assert!(!fallback.is_empty(), "some titles are not");
    assert!(fallback.iter().all(|t| t["lang"] == "en"), "the default language is the fallback: {fallback:?}");
    assert!(titles.iter().all(|t| (t["lang"] == "es") != (t["isFallback"] == true)));

    // A language the conference does not have at all falls back to the default, visibly.
    let german = app.graphql_as(QUERY, json!({}), Some("de")).await;
    assert_eq!(data(&german)["conference"]["name"]["lang"], "en");
    assert_eq!(data(&german)["conference"]["name"]["isFallback"], true);
}
