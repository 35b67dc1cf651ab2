//! The public response cache: same answer, same ETag, 304 on revalidation; clock-dependent
//! fields are never cached; each entry is compressed once per coding and sent as it is.

use sanad_tests::{TestOptions, spawn_app, spawn_app_with};

const PROGRAMME: &str = "{ conference { sessions { nodes { slug title { value lang } } } } }";

#[tokio::test]
async fn get_responses_carry_an_etag_and_revalidate_with_304() {
    let app = spawn_app().await;
    let get = |lang: &'static str, etag: Option<String>| {
        let mut request =
            app.client.get(app.url("/graphql")).query(&[("query", PROGRAMME)]).header("accept-language", lang);
        if let Some(etag) = etag {
            request = request.header("if-none-match", etag);
        }
        request.send()
    };
    let first = get("en", None).await.unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["x-sanad-cache"], "miss");
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let first_body = first.text().await.unwrap();

    let second = get("en", None).await.unwrap();
    assert_eq!(second.headers()["x-sanad-cache"], "hit");
    assert_eq!(second.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(second.text().await.unwrap(), first_body);

    let revalidated = get("en", Some(etag.clone())).await.unwrap();
    assert_eq!(revalidated.status(), 304);
    assert!(revalidated.text().await.unwrap().is_empty());

    let stale = get("en", Some("\"something-else\"".into())).await.unwrap();
    assert_eq!(stale.status(), 200);

    let arabic = get("ar", Some(etag.clone())).await.unwrap();
    assert_eq!(arabic.status(), 200, "another language is another response");
    assert_ne!(arabic.headers()["etag"].to_str().unwrap(), etag);
}

#[tokio::test]
async fn clock_dependent_answers_are_not_cached() {
    let app = spawn_app().await;
    for _ in 0..2 {
        let response = app
            .client
            .get(app.url("/graphql"))
            .query(&[("query", "{ conference { happeningNow { slug } } }")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["x-sanad-cache"], "miss");
        assert!(response.headers().get("etag").is_none());
    }
}

#[tokio::test]
async fn hits_execute_nothing_and_a_disabled_cache_executes_every_time() {
    let app = spawn_app().await;
    let body = serde_json::json!({ "query": PROGRAMME });
    let send = || app.client.post(app.url("/graphql")).json(&body).send();
    send().await.unwrap();
    let (executions, statements) =
        (app.metric("sanad_graphql_executions_total").await, app.metric("sanad_sql_statements_total").await);
    for _ in 0..5 {
        assert_eq!(send().await.unwrap().headers()["x-sanad-cache"], "hit");
    }
    assert_eq!(app.metric("sanad_graphql_executions_total").await, executions);
    assert_eq!(app.metric("sanad_sql_statements_total").await, statements);

    let uncached = spawn_app_with(TestOptions { cache_bytes: 0, ..Default::default() }).await;
    for _ in 0..3 {
        let response = uncached.client.post(uncached.url("/graphql")).json(&body).send().await.unwrap();
        assert_eq!(response.headers()["x-sanad-cache"], "miss");
    }
    assert_eq!(uncached.metric("sanad_graphql_executions_total").await, 3);
}

#[tokio::test]
async fn cached_responses_are_sent_compressed_as_asked_each_with_its_own_etag() {
    use std::io::Read;
    let app = spawn_app().await;
    let get = |accept_encoding: Option<&'static str>, etag: Option<String>| {
        let mut request = app.client.get(app.url("/graphql")).query(&[("query", PROGRAMME)]);
        if let Some(value) = accept_encoding {
            request = request.header("accept-encoding", value);
        }
        if let Some(etag) = etag {
            request = request.header("if-none-match", etag);
        }
        request.send()
    };
    let plain = get(None, None).await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let vary = plain.headers()["vary"].to_str().unwrap().to_owned();
    assert!(vary.contains("accept-encoding") && vary.contains("accept-language"), "{vary}");
    let identity_etag = plain.headers()["etag"].to_str().unwrap().to_owned();
    let body = plain.bytes().await.unwrap();

    for (asked, coding) in [("gzip, deflate, br", "br"), ("br;q=0.5, gzip", "gzip"), ("gzip", "gzip")] {
        // Twice: the first makes the compressed form, the second is served from the cache.
        for round in 0..2 {
            let response = get(Some(asked), None).await.unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.headers()["x-sanad-cache"], "hit", "{asked} round {round}");
            assert_eq!(response.headers()["content-encoding"], coding, "{asked}");
            let etag = response.headers()["etag"].to_str().unwrap().to_owned();
            assert_eq!(
                etag,
                format!("{}-{coding}\"", identity_etag.trim_end_matches('"')),
                "one tag per representation"
            );
            let sent = response.bytes().await.unwrap();
            assert!(sent.len() * 3 < body.len(), "{coding}: {} of {} bytes", sent.len(), body.len());
            let mut decoded = Vec::new();
            match coding {
                "br" => brotli::Decompressor::new(&sent[..], 4096).read_to_end(&mut decoded).unwrap(),
                _ => flate2::read::GzDecoder::new(&sent[..]).read_to_end(&mut decoded).unwrap(),
            };
            assert_eq!(decoded, body, "{coding} holds the same answer");
            let revalidated = get(Some(asked), Some(etag.clone())).await.unwrap();
            assert_eq!(revalidated.status(), 304, "{asked}");
            assert_eq!(revalidated.headers()["etag"].to_str().unwrap(), etag);
        }
    }
    let refused = get(Some("br;q=0, gzip;q=0"), None).await.unwrap();
    assert!(refused.headers().get("content-encoding").is_none(), "identity when both are refused");
}
