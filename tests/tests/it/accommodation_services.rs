//! The desk's catalogue of services as clients read it: every `ServiceType` once, with a name
//! and description as `Text`s in the viewer's language (DESIGN §4), public before signing in,
//! and the same name on a submitted request's items.

use std::collections::{BTreeSet, HashMap};

use sanad_schema::entities::enums::Role;
use sanad_tests::{TestApp, data, spawn_app};
use serde_json::{Value, json};

const SERVICES: &str = "{ conference { accommodationServices {
  serviceType name { value lang dir isFallback } description { value lang dir isFallback } cutoffDays dueOn
} } }";
const CONSENT: &str = "mutation { giveAccommodationConsent(version: 1, lang: \"en\") { version } }";
const SUBMIT: &str = "mutation($key: String!, $items: [RequestItemInput!]!) {
  submitAccommodationRequest(idempotencyKey: $key, items: $items) {
    items { serviceType service { serviceType name { value lang dir isFallback } description { value } } }
  }
}";

/// The values of the `ServiceType` enum, as the schema itself lists them.
async fn service_types(app: &TestApp) -> BTreeSet<String> {
    let response = app.graphql(r#"{ __type(name: "ServiceType") { enumValues { name } } }"#, json!({})).await;
    let values = data(&response)["__type"]["enumValues"].as_array().expect("enum values").clone();
    values.iter().map(|v| v["name"].as_str().expect("a name").to_owned()).collect()
}

/// The catalogue as an anonymous viewer with this `Accept-Language` reads it.
async fn services(app: &TestApp, accept_language: Option<&str>) -> Vec<Value> {
    let response = app.graphql_as(SERVICES, json!({}), accept_language).await;
    assert!(response.get("errors").is_none(), "{response}");
    data(&response)["conference"]["accommodationServices"].as_array().expect("a list").clone()
}

fn by_type(services: &[Value]) -> HashMap<String, Value> {
    services.iter().map(|s| (s["serviceType"].as_str().expect("a type").to_owned(), s.clone())).collect()
}

#[tokio::test]
async fn every_service_is_listed_once_with_its_name_and_description_in_the_viewers_language() {
    let app = spawn_app().await;
    let expected = service_types(&app).await;
    assert!(expected.len() >= 18, "{expected:?}");

    let mut names_by_lang: HashMap<&str, BTreeSet<String>> = HashMap::new();
    for (lang, dir) in [("ar", "RTL"), ("es", "LTR"), ("fr", "LTR"), ("en", "LTR")] {
        let listed = services(&app, Some(lang)).await;
        let types: Vec<&str> = listed.iter().filter_map(|s| s["serviceType"].as_str()).collect();
        assert_eq!(types.len(), expected.len(), "{lang}: each service once: {types:?}");
        assert_eq!(types.iter().map(|t| (*t).to_owned()).collect::<BTreeSet<_>>(), expected, "{lang}");
        for service in &listed {
            for field in ["name", "description"] {
                let text = &service[field];
                assert_eq!(text["lang"], lang, "{lang} {field}: {service}");
                assert_eq!(text["dir"], dir, "{lang} {field}: {service}");
                assert_eq!(text["isFallback"], false, "{lang} {field}: {service}");
                assert!(!text["value"].as_str().unwrap().trim().is_empty(), "{lang} {field}: {service}");
            }
            let name = service["name"]["value"].as_str().unwrap().to_owned();
            assert!(names_by_lang.entry(lang).or_default().insert(name), "two services share a name in {lang}");
        }
        let listed = by_type(&listed);
        assert_eq!(listed["SIGN_LANGUAGE_INTERPRETATION"]["cutoffDays"], 56);
        assert_eq!(listed["SIGN_LANGUAGE_INTERPRETATION"]["dueOn"], "2019-07-16", "56 days before 10 September");
        assert_eq!(listed["OTHER"]["cutoffDays"], 0);
        assert_eq!(listed["OTHER"]["dueOn"], "2019-09-10");
    }

    let arabic = by_type(&services(&app, Some("ar")).await);
    assert_eq!(arabic["SIGHTED_GUIDE"]["name"]["value"], "المرشد المبصر");
    assert!(arabic["SIGN_LANGUAGE_INTERPRETATION"]["description"]["value"].as_str().unwrap().contains("لغة الإشارة"));
    let spanish = by_type(&services(&app, Some("es")).await);
    assert_eq!(spanish["DIETARY"]["name"]["value"], "Necesidades alimentarias");
    let french = by_type(&services(&app, Some("fr")).await);
    assert_eq!(french["LIVE_CAPTIONING"]["name"]["value"], "Sous-titrage en direct");
    let english = by_type(&services(&app, Some("en")).await);
    assert_eq!(english["SIGN_LANGUAGE_INTERPRETATION"]["name"]["value"], "Sign-language interpretation");
    assert!(
        english["SIGN_LANGUAGE_INTERPRETATION"]["description"]["value"]
            .as_str()
            .unwrap()
            .contains("International Sign")
    );
    // Translated, not copied: no service has the same name in two languages.
    for service in &expected {
        let names: BTreeSet<&str> = [&arabic, &spanish, &french, &english]
            .iter()
            .filter_map(|l| l[service]["name"]["value"].as_str())
            .collect();
        assert_eq!(names.len(), 4, "{service}: {names:?}");
    }
}

#[tokio::test]
async fn a_language_sanad_has_no_words_in_falls_back_visibly() {
    let app = spawn_app().await;
    // German: the conference's default language (English), marked as a fallback.
    for service in services(&app, Some("de")).await {
        assert_eq!(service["name"]["lang"], "en", "{service}");
        assert_eq!(service["name"]["isFallback"], true, "{service}");
        assert_eq!(service["description"]["isFallback"], true, "{service}");
    }
    // German, then French: the viewer's next language Sanad has words in, still a fallback.
    for service in services(&app, Some("de, fr;q=0.8")).await {
        assert_eq!((&service["name"]["lang"], &service["name"]["isFallback"]), (&json!("fr"), &json!(true)));
    }
    // A regional tag is served by its language, and is no fallback.
    for service in services(&app, Some("ar-JO")).await {
        assert_eq!((&service["name"]["lang"], &service["name"]["isFallback"]), (&json!("ar"), &json!(false)));
        assert_eq!(service["name"]["dir"], "RTL");
    }
    // No wish at all: the conference's default language, which is no fallback.
    for service in services(&app, None).await {
        assert_eq!((&service["name"]["lang"], &service["name"]["isFallback"]), (&json!("en"), &json!(false)));
    }
}

#[tokio::test]
async fn a_request_item_names_its_service_as_the_catalogue_does() {
    let app = spawn_app().await;
    let token = app.signed_in(Role::Delegate, "Amina").await;
    assert!(app.graphql_with_token(CONSENT, json!({}), &token).await.get("errors").is_none());
    let session = app.session_ids().await["opening-plenary"].clone();
    let items = json!([
        { "serviceType": "SIGN_LANGUAGE_INTERPRETATION", "details": "International Sign", "sessionIds": [session] },
        { "serviceType": "DIETARY", "details": "بدون مكسرات", "detailsLang": "ar" },
    ]);
    let submitted =
        app.graphql_with_token_as(SUBMIT, json!({ "key": "services-1", "items": items }), &token, Some("ar")).await;
    assert!(submitted.get("errors").is_none(), "{submitted}");
    let catalogue = by_type(&services(&app, Some("ar")).await);
    let submitted = data(&submitted)["submitAccommodationRequest"]["items"].as_array().unwrap().clone();
    assert_eq!(submitted.len(), 2);
    for item in &submitted {
        let service = &item["service"];
        assert_eq!(service["serviceType"], item["serviceType"]);
        let listed = &catalogue[item["serviceType"].as_str().unwrap()];
        assert_eq!(service["name"], listed["name"], "{item}");
        assert_eq!(service["description"]["value"], listed["description"]["value"], "{item}");
        assert_eq!(service["name"]["dir"], "RTL");
    }

    // Read back later in another language, the names follow the viewer.
    let mine = app
        .graphql_with_token_as(
            "{ me { accommodationRequests { items { serviceType service { name { value lang } } } } } }",
            json!({}),
            &token,
            Some("es"),
        )
        .await;
    let catalogue = by_type(&services(&app, Some("es")).await);
    let items = data(&mine)["me"]["accommodationRequests"][0]["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2, "{mine}");
    for item in items {
        let listed = &catalogue[item["serviceType"].as_str().unwrap()];
        assert_eq!(item["service"]["name"]["value"], listed["name"]["value"], "{item}");
        assert_eq!(item["service"]["name"]["lang"], "es");
    }
}
