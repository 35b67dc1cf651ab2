//! `/metrics` is one registry, read by real parsers (issue 15, item 10): the reference Python
//! client's Prometheus text parser and its OpenMetrics parser (which refuses clashing names and
//! a page without `# EOF`), run by `python3` with `prometheus_client` (`.ci/run` installs it).
//! Every family has a known type, and the build and process metrics are there.

use std::io::Write;
use std::process::{Command, Stdio};

use sanad_tests::spawn_app;
use serde_json::{Value, json};

/// Parses `page` (OpenMetrics) and `classic` (Prometheus text) with their parsers; returns each
/// family's name and type, as JSON.
fn parsed(page: &str, classic: &str) -> Value {
    let script = r##"
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics
from prometheus_client.parser import text_string_to_metric_families as prometheus
page = sys.stdin.read()
families = {f.name: f.type for f in openmetrics(page)}
samples = {s.name: s.value for f in openmetrics(page) for s in f.samples if not s.labels}
classic = sys.argv[1]
text = {f.name: f.type for f in prometheus(classic)}
print(json.dumps({"openmetrics": families, "prometheus": text, "samples": samples}))
"##;
    let mut child = Command::new("python3")
        .args(["-c", script, classic])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("python3 is needed (with prometheus_client; .ci/run installs it): {e}"));
    child.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the page does not parse:\n{}\n{page}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn the_metrics_page_is_one_registry_that_real_parsers_read() {
    let app = spawn_app().await;
    app.graphql("query Programme { conference { slug } }", json!({})).await;
    let mut ws = sanad_tests::ws::connect(app.addr, "graphql-transport-ws", &[]).await;
    ws.init(json!({})).await;
    // What Prometheus sends.
    let accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    let response = app.client.get(app.url("/metrics")).header("accept", accept).send().await.unwrap();
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("application/openmetrics-text; version=1.0.0"), "{content_type}");
    let page = response.text().await.unwrap();
    assert!(page.ends_with("# EOF\n"), "one registry, one end");
    // What curl gets.
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let classic = response.text().await.unwrap();

    let parsed = parsed(&page, &classic);
    for parser in ["openmetrics", "prometheus"] {
        let families = parsed[parser].as_object().unwrap();
        let unknown: Vec<&String> = families.iter().filter(|(_, t)| *t == "unknown").map(|(n, _)| n).collect();
        assert!(unknown.is_empty(), "{parser}: families of unknown type: {unknown:?}\n{page}");
    }
    let families = &parsed["openmetrics"];
    for (name, kind) in [
        ("sanad_sql_statements", "counter"),
        ("sanad_graphql_executions", "counter"),
        ("sanad_push_deliveries", "counter"),
        ("sanad_relay_failures", "counter"),
        ("sanad_http_requests", "counter"),
        ("sanad_http_request_duration_seconds", "histogram"),
        ("sanad_graphql_operations", "counter"),
        ("sanad_websocket_connections_open", "gauge"),
        ("sanad_programme_version", "gauge"),
        ("sanad_build_info", "gauge"),
        ("process_resident_memory_bytes", "gauge"),
        ("process_open_fds", "gauge"),
        ("process_cpu_seconds", "counter"),
        ("process_start_time_seconds", "gauge"),
    ] {
        assert_eq!(families[name], kind, "{name}\n{page}");
    }
    let samples = &parsed["samples"];
    assert!(samples["process_resident_memory_bytes"].as_f64().unwrap() > 1e6, "{samples}");
    assert!(samples["process_open_fds"].as_f64().unwrap() >= 3.0);
    assert!(samples["sanad_sql_statements_total"].as_f64().unwrap() >= 1.0);
    assert_eq!(samples["sanad_websocket_connections_open"].as_f64(), Some(1.0));
    let build = page.lines().find(|l| l.starts_with("sanad_build_info{")).expect("a build_info sample");
    assert!(build.contains(&format!("version=\"{}\"", env!("CARGO_PKG_VERSION"))), "{build}");
    assert!(build.contains("commit=\""), "{build}");
}
