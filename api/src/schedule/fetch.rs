//! Fetching a programme source over HTTP: `sanad import URL` and `sanad serve
//! --programme-source URL`. The URL is an organiser's, but the machine fetching it sits on the
//! venue's network (and maybe beside a cloud metadata service), so:
//! - private addresses are refused unless the operator allows them: a host name is resolved
//!   by our own resolver, which drops private answers before reqwest connects (no window for a
//!   DNS answer to change in between), and literal addresses are checked before each request
//!   and each redirect;
//! - no proxy from the environment is used (it would resolve names past that check);
//! - at most five redirects, a time limit on the whole exchange, and at most
//!   [`MAX_SOURCE_BYTES`] read (counted while reading, whatever `Content-Length` says);
//! - an error page is not a programme: a status other than 200 or 304, or an HTML body, is
//!   refused by name, and the last good programme stays served.
//!
//! `If-None-Match` with the last ETag makes an unchanged source cost one 304.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use reqwest::{StatusCode, Url};
use sanad_schema::service::addresses::is_private;

use super::read::MAX_SOURCE_BYTES;

/// How a source may be fetched.
#[derive(Clone, Copy, Debug)]
pub struct FetchPolicy {
    /// Fetch from private addresses too (a pretalx on the venue's own network).
    pub allow_private: bool,
    /// The longest a whole fetch may take, connection to last byte.
    pub timeout: Duration,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        Self { allow_private: false, timeout: Duration::from_secs(60) }
    }
}

/// What a source answered.
#[derive(Debug, PartialEq, Eq)]
pub enum Fetched {
    /// The export, and its ETag for the next `If-None-Match`.
    Body { bytes: Vec<u8>, etag: Option<String> },
    /// 304: unchanged since the ETag we sent.
    NotModified,
}

/// Why a source could not be read. Every message names the source's host, never more of the
/// URL (its query string may hold an API token).
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    #[error("not an http or https URL")]
    NotHttp,
    #[error("{0} is a private address: pass --allow-private-source to fetch from the venue's own network")]
    Private(String),
    #[error("{host} answered {status}: not an export")]
    Status { host: String, status: u16 },
    #[error("{0} answered with a web page (HTML), not an export: is the URL the export's own address?")]
    Html(String),
    #[error("{0} sent more than 50 MB")]
    TooLarge(String),
    #[error("{host} did not answer within {seconds} s")]
    Timeout { host: String, seconds: u64 },
    #[error("{host} could not be reached: {reason}")]
    Unreachable { host: String, reason: String },
}

/// Fetches programme sources; one per process (it keeps connections).
#[derive(Clone, Debug)]
pub struct SourceClient {
    client: reqwest::Client,
    policy: FetchPolicy,
}

/// The resolver that keeps private answers from reqwest.
struct PublicOnly;

/// The error our resolver gives, found again in reqwest's error chain.
#[derive(Debug)]
struct PrivateName(String);

impl std::fmt::Display for PrivateName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} resolves only to private addresses", self.0)
    }
}

impl std::error::Error for PrivateName {}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = found.into_iter().filter(|a| !is_private(a.ip())).collect();
            if public.is_empty() {
                return Err(Box::new(PrivateName(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The host of `url`, for messages.
fn host_of(url: &Url) -> String {
    url.host_str().unwrap_or("the source").to_owned()
}

/// Refuses a URL whose host is a literal private address (names go through [`PublicOnly`]).
fn check_literal(url: &Url, policy: FetchPolicy) -> Result<(), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::NotHttp);
    }
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Domain(_)) => return Ok(()),
        None => return Err(FetchError::NotHttp),
    };
    if !policy.allow_private && is_private(ip) {
        return Err(FetchError::Private(host_of(url)));
    }
    Ok(())
}

impl SourceClient {
    pub fn new(policy: FetchPolicy) -> Result<Self, reqwest::Error> {
        let redirect = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= 5 {
                attempt.error("more than five redirects")
            } else if let Err(e) = check_literal(attempt.url(), policy) {
                attempt.error(e)
            } else {
                attempt.follow()
            }
        });
        let mut client = reqwest::Client::builder()
            .no_proxy()
            .redirect(redirect)
            .connect_timeout(policy.timeout.min(Duration::from_secs(10)))
            .timeout(policy.timeout)
            .user_agent(concat!("sanad/", env!("CARGO_PKG_VERSION")));
        if !policy.allow_private {
            client = client.dns_resolver(Arc::new(PublicOnly));
        }
        Ok(Self { client: client.build()?, policy })
    }

    /// Fetches `url`, sending `etag` as `If-None-Match` when given.
    pub async fn fetch(&self, url: &Url, etag: Option<&str>) -> Result<Fetched, FetchError> {
        check_literal(url, self.policy)?;
        let host = host_of(url);
        let failed = |e: reqwest::Error| self.failure(&host, e);
        let mut request = self.client.get(url.clone());
        if let Some(etag) = etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        let mut response = request.send().await.map_err(failed)?;
        match response.status() {
            StatusCode::OK => {}
            StatusCode::NOT_MODIFIED if etag.is_some() => return Ok(Fetched::NotModified),
            status => return Err(FetchError::Status { host, status: status.as_u16() }),
        }
        let media_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
        if matches!(media_type.as_deref(), Some("text/html" | "application/xhtml+xml")) {
            return Err(FetchError::Html(host));
        }
        if response.content_length().is_some_and(|length| length > MAX_SOURCE_BYTES as u64) {
            return Err(FetchError::TooLarge(host));
        }
        let etag = response.headers().get(ETAG).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            if bytes.len() + chunk.len() > MAX_SOURCE_BYTES {
                return Err(FetchError::TooLarge(host));
            }
            bytes.extend_from_slice(&chunk);
        }
        // A web page served as text/plain or without a type is still not an export.
        let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).map_or(&bytes[..0], |i| &bytes[i..]);
        let head = String::from_utf8_lossy(&start[..start.len().min(64)]).to_ascii_lowercase();
        if head.starts_with("<!doctype html") || head.starts_with("<html") {
            return Err(FetchError::Html(host));
        }
        Ok(Fetched::Body { bytes, etag })
    }

    /// What a reqwest error means to the organiser.
    fn failure(&self, host: &str, error: reqwest::Error) -> FetchError {
        if error.is_timeout() {
            return FetchError::Timeout { host: host.to_owned(), seconds: self.policy.timeout.as_secs().max(1) };
        }
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
        while let Some(e) = source {
            if let Some(private) = e.downcast_ref::<PrivateName>() {
                return FetchError::Private(private.0.clone());
            }
            if let Some(refused) = e.downcast_ref::<FetchError>() {
                return refused.clone();
            }
            source = e.source();
        }
        let reason = if error.is_redirect() {
            "too many redirects".to_owned()
        } else if error.is_connect() {
            "the connection failed".to_owned()
        } else {
            "the exchange failed".to_owned()
        };
        FetchError::Unreachable { host: host.to_owned(), reason }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(url: &str, allow_private: bool) -> Result<(), FetchError> {
        check_literal(&Url::parse(url).unwrap(), FetchPolicy { allow_private, ..FetchPolicy::default() })
    }

    #[test]
    fn literal_addresses_and_schemes() {
        assert_eq!(literal("http://127.0.0.1:8080/x", false), Err(FetchError::Private("127.0.0.1".into())));
        assert_eq!(literal("http://[::1]/x", false), Err(FetchError::Private("[::1]".into())));
        assert_eq!(literal("http://169.254.169.254/latest", false), Err(FetchError::Private("169.254.169.254".into())));
        assert_eq!(literal("http://127.0.0.1:8080/x", true), Ok(()));
        assert_eq!(literal("https://8.8.8.8/x", false), Ok(()));
        assert_eq!(literal("https://pretalx.example/democon/schedule/export/schedule.json", false), Ok(()));
        assert_eq!(literal("ftp://example.org/x", true), Err(FetchError::NotHttp));
        assert_eq!(literal("file:///etc/passwd", true), Err(FetchError::NotHttp));
    }
}
