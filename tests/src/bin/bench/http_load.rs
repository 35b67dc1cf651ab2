//! Load for `bench programme`: 50 clients keep one request each in flight over loopback (a
//! POST of a JSON body, or a GET), with the headers a phone sends, and the requests per
//! second and latency percentiles they saw.
//!
//! The load generator shares the machine's two cores with the server, so its own cost is
//! part of every figure. `wrk` (C, one epoll loop per thread) costs little: it is used when
//! it is installed (`apt-get install wrk`). Without it, an in-process reqwest client does the
//! same work at several times wrk's cost per request, and the figures are lower for it; the
//! `load_generator` line says which one ran.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;

const CLIENTS: usize = 50;
const RUN: Duration = Duration::from_secs(10);
const WARM_UP: Duration = Duration::from_secs(1);

pub struct LoadResult {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: usize,
}

impl LoadResult {
    pub fn print(&self, name: &str) {
        println!("{name}_requests_per_second: {:.0}", self.rps);
        println!("{name}_p50_ms: {:.2}", self.p50_ms);
        println!("{name}_p99_ms: {:.2}", self.p99_ms);
        println!("{name}_errors: {}", self.errors);
    }
}

/// Which load generator [`load`] uses.
pub fn generator() -> &'static str {
    if wrk_installed() { "wrk" } else { "reqwest" }
}

/// One request, sent over and over.
#[derive(Clone, Debug)]
pub struct Request {
    pub url: String,
    /// POSTed as JSON when given; a GET otherwise.
    pub body: Option<Bytes>,
    pub headers: Vec<(&'static str, String)>,
}

impl Request {
    /// A POST of `body` as JSON.
    pub fn post(url: String, body: &Bytes) -> Self {
        Self { url, body: Some(body.clone()), headers: Vec::new() }
    }

    /// A GET.
    pub fn get(url: String) -> Self {
        Self { url, body: None, headers: Vec::new() }
    }

    /// The same with one more header.
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }
}

/// `CLIENTS` concurrent clients POST `body` as JSON to `url` for `RUN`, after `WARM_UP`.
pub async fn load(url: &str, body: &Bytes) -> LoadResult {
    load_request(&Request::post(url.to_owned(), body)).await
}

/// `CLIENTS` concurrent clients send `request` for `RUN`, after `WARM_UP`.
pub async fn load_request(request: &Request) -> LoadResult {
    if wrk_installed() { with_wrk(request) } else { in_process(request).await }
}

fn wrk_installed() -> bool {
    // `wrk -v` prints its version (and exits 1).
    Command::new("wrk")
        .arg("-v")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).starts_with("wrk "))
}

fn with_wrk(request: &Request) -> LoadResult {
    let dir = tempfile::tempdir().unwrap();
    let mut lua = String::new();
    if let Some(body) = &request.body {
        let body_path = dir.path().join("body.json");
        std::fs::write(&body_path, body).unwrap();
        lua.push_str(&format!(
            "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
             local f = io.open({:?}, \"r\")\nwrk.body = f:read(\"*all\")\nf:close()\n",
            body_path.display().to_string()
        ));
    }
    for (name, value) in &request.headers {
        lua.push_str(&format!("wrk.headers[{name:?}] = {value:?}\n"));
    }
    let script = dir.path().join("request.lua");
    std::fs::write(&script, lua).unwrap();
    let url = request.url.as_str();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(CLIENTS);
    let run = |duration: Duration| {
        let output = Command::new("wrk")
            .args(["-t", &threads.to_string(), "-c", &CLIENTS.to_string()])
            .args(["-d", &format!("{}s", duration.as_secs()), "--latency", "-s"])
            .arg(&script)
            .arg(url)
            .output()
            .unwrap();
        assert!(output.status.success(), "wrk failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    run(WARM_UP);
    parse_wrk(&run(RUN)).unwrap_or_else(|| panic!("wrk's report was not understood"))
}

/// Reads requests/s, the 50th and 99th latency percentiles and the failures from wrk's report.
fn parse_wrk(report: &str) -> Option<LoadResult> {
    let mut result = LoadResult { rps: f64::NAN, p50_ms: f64::NAN, p99_ms: f64::NAN, errors: 0 };
    for line in report.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("Requests/sec:"), Some(rps)) => result.rps = rps.parse().ok()?,
            (Some("50%"), Some(latency)) => result.p50_ms = milliseconds(latency)?,
            (Some("99%"), Some(latency)) => result.p99_ms = milliseconds(latency)?,
            (Some("Non-2xx"), _) => result.errors += line.rsplit(' ').next()?.parse::<usize>().ok()?,
            (Some("Socket"), Some("errors:")) => {
                // "Socket errors: connect 0, read 0, write 0, timeout 0"
                for count in line.split(',').filter_map(|part| part.split_whitespace().last()) {
                    result.errors += count.parse::<usize>().ok()?;
                }
            }
            _ => {}
        }
    }
    (!result.rps.is_nan() && !result.p50_ms.is_nan() && !result.p99_ms.is_nan()).then_some(result)
}

/// wrk's durations: "845.00us", "42.86ms", "1.02s", "2.00m".
fn milliseconds(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => number / 1000.0,
        "ms" => number,
        "s" => number * 1000.0,
        "m" => number * 60_000.0,
        _ => return None,
    })
}

async fn in_process(request: &Request) -> LoadResult {
    // No automatic decompression: the bytes are taken as sent, as wrk takes them.
    let client = reqwest::Client::builder().pool_max_idle_per_host(CLIENTS).build().unwrap();
    let start = Instant::now();
    let (measure_from, deadline) = (start + WARM_UP, start + WARM_UP + RUN);
    let request = Arc::new(request.clone());
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (client, request) = (client.clone(), request.clone());
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut errors) = (Vec::new(), 0usize);
            while Instant::now() < deadline {
                let sent = Instant::now();
                let mut builder = match &request.body {
                    Some(body) => {
                        client.post(&request.url).header("content-type", "application/json").body(body.clone())
                    }
                    None => client.get(&request.url),
                };
                for (name, value) in &request.headers {
                    builder = builder.header(*name, value);
                }
                let ok = match builder.send().await {
                    Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if sent >= measure_from {
                    if ok {
                        latencies.push(sent.elapsed());
                    } else {
                        errors += 1;
                    }
                }
            }
            (latencies, errors)
        }));
    }
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (l, e) = task.await.unwrap();
        latencies.extend(l);
        errors += e;
    }
    latencies.sort_unstable();
    let pick = |q: f64| latencies.get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)));
    let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0);
    LoadResult {
        rps: latencies.len() as f64 / RUN.as_secs_f64(),
        p50_ms: ms(pick(0.5)),
        p99_ms: ms(pick(0.99)),
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 10s test @ http://127.0.0.1:46511/graphql
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    43.23ms   14.53ms   1.09s    68.78%
    Req/Sec   580.44     34.97   670.00     75.20%
  Latency Distribution
     50%  842.86us
     75%   52.90ms
     90%   62.49ms
     99%    1.02s
  28928 requests in 25.04s, 3.49GB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:   1155.22
Transfer/sec:    142.86MB
";

    #[test]
    fn reads_rate_percentiles_and_failures_from_a_wrk_report() {
        let result = parse_wrk(REPORT).unwrap();
        assert_eq!(result.rps, 1155.22);
        assert!((result.p50_ms - 0.84286).abs() < 1e-9);
        assert_eq!(result.p99_ms, 1020.0);
        assert_eq!(result.errors, 9);
    }

    #[test]
    fn a_report_without_percentiles_is_not_understood() {
        assert!(parse_wrk("Requests/sec:   1155.22\n").is_none());
        assert!(milliseconds("12.0parsecs").is_none());
    }
}
