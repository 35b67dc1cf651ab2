//! `bench hostile`: what one hostile document costs the server before it is refused, and
//! whether the server stays responsive while such documents keep arriving. The fragment bomb
//! is 1 KB of text that expands to 2^40 fields (twenty fragments, each spreading the one
//! below four times); it is compared with the smallest query there is, `{ __typename }`.

use std::time::{Duration, Instant};

use sanad_tests::{TestOptions, spawn_app_with};
use serde_json::json;

use crate::common::quantile;

const TRIES: usize = 300;

/// The 1 KB document of 2^40 fields.
pub fn fragment_bomb() -> String {
    let mut text = "{ ...F20 } fragment F0 on QueryRoot { __typename } ".to_owned();
    for level in 1..=20 {
        text.push_str(&format!("fragment F{level} on QueryRoot {{ {}}} ", format!("...F{} ", level - 1).repeat(4)));
    }
    text
}

pub async fn hostile() {
    let app = spawn_app_with(TestOptions { cache_bytes: 0, ..TestOptions::default() }).await;
    let url = app.url("/graphql");
    let bomb = fragment_bomb();
    println!("fragment_bomb_bytes: {}", bomb.len());

    let mut timings = Vec::new();
    for (label, query) in [("typename", "{ __typename }".to_owned()), ("fragment_bomb", bomb.clone())] {
        let body = json!({ "query": query });
        let mut ms = Vec::with_capacity(TRIES);
        let mut refused = 0;
        for _ in 0..TRIES {
            let started = Instant::now();
            let response: serde_json::Value =
                app.client.post(&url).json(&body).send().await.unwrap().json().await.unwrap();
            ms.push(started.elapsed().as_secs_f64() * 1000.0);
            refused += usize::from(response.get("errors").is_some());
        }
        ms.sort_by(f64::total_cmp);
        println!("{label}_median_ms: {:.3}", quantile(&ms, 0.5));
        println!("{label}_p99_ms: {:.3}", quantile(&ms, 0.99));
        println!("{label}_refused: {refused}/{TRIES}");
        timings.push(quantile(&ms, 0.5));
    }
    println!("fragment_bomb_to_typename: {:.2}", timings[1] / timings[0]);

    // Two clients send bombs back to back while a third asks /healthz.
    let stop = Instant::now() + Duration::from_secs(3);
    let senders: Vec<_> = (0..2)
        .map(|_| {
            let (client, url, body) = (app.client.clone(), url.clone(), json!({ "query": bomb }));
            tokio::spawn(async move {
                let mut sent = 0u64;
                while Instant::now() < stop {
                    client.post(&url).json(&body).send().await.unwrap().bytes().await.unwrap();
                    sent += 1;
                }
                sent
            })
        })
        .collect();
    let mut health = Vec::new();
    while Instant::now() < stop {
        let started = Instant::now();
        let status = app.client.get(app.url("/healthz")).send().await.unwrap().status();
        assert!(status.is_success());
        health.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let mut bombs = 0;
    for sender in senders {
        bombs += sender.await.unwrap();
    }
    health.sort_by(f64::total_cmp);
    println!("bombs_refused_per_s_two_clients: {:.0}", bombs as f64 / 3.0);
    println!("healthz_under_bombs_median_ms: {:.3}", quantile(&health, 0.5));
    println!("healthz_under_bombs_max_ms: {:.3}", health.last().copied().unwrap_or(0.0));
}
