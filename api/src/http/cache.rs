//! The public response cache (issue: "every phone reads the programme at once").
//!
//! Anonymous responses are keyed by (document, operation, variables, negotiated languages,
//! programme version). Any change to the programme bumps the version, so an entry can never
//! be served stale: it simply stops being asked for and ages out. The same key, in hex, is
//! the `ETag` of `GET /graphql` responses.
//!
//! Every phone asks with `Accept-Encoding: gzip` (most with `br` too). Compressing each hit
//! again cost 15 of every 16 requests a second, so an entry keeps its compressed forms too:
//! each made once, on the first request that wants it, and sent as it is after that, with an
//! `ETag` of its own (`"…-br"`, `"…-gzip"`).

use std::io::Write;
use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use moka::sync::Cache;
use sha2::{Digest, Sha256};

/// A content coding a cached response is sent in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    /// The `Content-Encoding` token (none for identity).
    pub fn header(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }

    /// The coding for an `Accept-Encoding` header (RFC 9110 §12.5.3): the compressed coding
    /// with the highest q above 0 (`*` stands for those not named; brotli wins a tie, being
    /// smaller), else identity. A missing header means identity.
    pub fn negotiate(accept_encoding: Option<&str>) -> Coding {
        let Some(header) = accept_encoding else { return Coding::Identity };
        let mut named: Vec<(String, f32)> = Vec::new();
        for item in header.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            if name.is_empty() {
                continue;
            }
            let q = parts
                .find_map(|p| {
                    let (k, v) = p.split_once('=')?;
                    (k.trim().eq_ignore_ascii_case("q")).then(|| v.trim().parse::<f32>().ok()).flatten()
                })
                .unwrap_or(1.0);
            named.push((name, q.clamp(0.0, 1.0)));
        }
        let q_of = |name: &str| {
            named
                .iter()
                .find(|(n, _)| n == name)
                .or_else(|| named.iter().find(|(n, _)| n == "*"))
                .map_or(0.0, |(_, q)| *q)
        };
        let (brotli, gzip) = (q_of("br"), q_of("gzip").max(q_of("x-gzip")));
        match (brotli > 0.0, gzip > 0.0) {
            (true, _) if brotli >= gzip => Coding::Brotli,
            (_, true) => Coding::Gzip,
            _ => Coding::Identity,
        }
    }
}

/// A response ready to send again, in each coding it has been asked for.
#[derive(Clone, Debug)]
pub struct CachedResponse {
    pub body: Bytes,
    pub etag: Arc<str>,
    /// The operation's name (for metrics), when it had one.
    pub operation: Option<OperationName>,
    compressed: Arc<Compressed>,
}

#[derive(Debug, Default)]
struct Compressed {
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

/// Brotli's quality for cached responses: made once per programme version, so smaller is
/// worth more than faster (quality 9 of 11 makes the full programme in a few milliseconds).
const BROTLI_QUALITY: u32 = 9;

fn gzip(body: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    Bytes::from(encoder.finish().unwrap_or_default())
}

fn brotli(body: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 5);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, BROTLI_QUALITY, 22);
        let _ = writer.write_all(body);
    }
    Bytes::from(out)
}

impl CachedResponse {
    pub fn new(body: Bytes, etag: Arc<str>, operation: Option<OperationName>) -> Self {
        Self { body, etag, operation, compressed: Arc::default() }
    }

    /// The body in `coding`, compressed now if this is the first time, and its `ETag`.
    pub fn representation(&self, coding: Coding) -> (Bytes, String) {
        let tagged = |suffix: &str| format!("{}-{suffix}\"", self.etag.trim_end_matches('"'));
        match coding {
            Coding::Identity => (self.body.clone(), self.etag.to_string()),
            Coding::Gzip => (self.compressed.gzip.get_or_init(|| gzip(&self.body)).clone(), tagged("gzip")),
            Coding::Brotli => (self.compressed.brotli.get_or_init(|| brotli(&self.body)).clone(), tagged("br")),
        }
    }

    /// The response to `request`: the body in the coding it accepts best, as `content_type`.
    /// With `revalidate` (a GET), it carries that representation's `ETag` and is a 304 when
    /// the client already has it; either way clients revalidate every time (a 304 costs a few
    /// bytes on the venue's Wi-Fi) and caches keep one copy per coding and language.
    pub fn send(&self, request: &HeaderMap, content_type: &'static str, revalidate: bool) -> Response {
        let coding = Coding::negotiate(request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()));
        let (body, etag) = self.representation(coding);
        let mut response = if revalidate && if_none_match(request, &etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut response = body.into_response();
            let out = response.headers_mut();
            out.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Some(token) = coding.header() {
                out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(token));
            }
            response
        };
        let out = response.headers_mut();
        if revalidate && let Ok(value) = HeaderValue::from_str(&etag) {
            out.insert(header::ETAG, value);
            out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        out.insert(header::VARY, HeaderValue::from_static("accept-encoding, accept-language"));
        response
    }
}

/// Whether `If-None-Match` names `etag`, by the weak comparison (`W/"x"` matches `"x"`).
pub fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |candidate| {
            let candidate = candidate.trim();
            candidate == "*" || candidate.trim_start_matches("W/") == etag
        },
    )
}

/// The name of the operation a request ran: the `operationName` it sent, or the name of the
/// document's only operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationName(pub Arc<str>);

/// The cache key of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CacheKey([u8; 32]);

impl CacheKey {
    pub fn new(query: &str, operation: Option<&str>, variables: &str, languages: &[String], version: i64) -> Self {
        let mut hash = Sha256::new();
        // Length-prefixed parts: no two different requests share a byte string.
        for part in [query, operation.unwrap_or(""), variables, &languages.join(","), &version.to_string()] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part.as_bytes());
        }
        Self(hash.finalize().into())
    }

    /// A strong entity tag.
    pub fn etag(&self) -> String {
        let hex: String = self.0.iter().take(16).map(|b| format!("{b:02x}")).collect();
        format!("\"{hex}\"")
    }
}

/// Bounded by the bytes it holds.
#[derive(Clone)]
pub struct ResponseCache {
    entries: Option<Cache<CacheKey, CachedResponse>>,
}

impl ResponseCache {
    /// `max_bytes` of 0 disables the cache.
    pub fn new(max_bytes: u64) -> Self {
        let entries = (max_bytes > 0).then(|| {
            Cache::builder()
                .max_capacity(max_bytes)
                // The body and room for its compressed forms (together under a third of it).
                .weigher(|_, v: &CachedResponse| u32::try_from(v.body.len() * 4 / 3 + 64).unwrap_or(u32::MAX))
                .build()
        });
        Self { entries }
    }

    pub fn enabled(&self) -> bool {
        self.entries.is_some()
    }

    pub fn get(&self, key: &CacheKey) -> Option<CachedResponse> {
        self.entries.as_ref()?.get(key)
    }

    pub fn insert(&self, key: CacheKey, response: CachedResponse) {
        if let Some(entries) = &self.entries {
            entries.insert(key, response);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_of_the_key_matters() {
        let langs = vec!["ar".to_owned()];
        let base = CacheKey::new("{a}", None, "{}", &langs, 1);
        assert_eq!(base, CacheKey::new("{a}", None, "{}", &langs, 1));
        assert_ne!(base, CacheKey::new("{b}", None, "{}", &langs, 1));
        assert_ne!(base, CacheKey::new("{a}", Some("A"), "{}", &langs, 1));
        assert_ne!(base, CacheKey::new("{a}", None, "{\"x\":1}", &langs, 1));
        assert_ne!(base, CacheKey::new("{a}", None, "{}", &["en".to_owned()], 1));
        assert_ne!(base, CacheKey::new("{a}", None, "{}", &langs, 2));
        // Parts cannot run into each other.
        assert_ne!(CacheKey::new("ab", Some("c"), "", &[], 1), CacheKey::new("a", Some("bc"), "", &[], 1));
    }

    #[test]
    fn the_coding_follows_accept_encoding() {
        use Coding::*;
        for (header, expected) in [
            (None, Identity),
            (Some(""), Identity),
            (Some("identity"), Identity),
            (Some("gzip"), Gzip),
            (Some("gzip, deflate, br"), Brotli),
            (Some("br;q=0.5, gzip"), Gzip),
            (Some("br;q=0, gzip;q=0.1"), Gzip),
            (Some("br; q=0.8, gzip; q=0.8"), Brotli),
            (Some("GZIP"), Gzip),
            (Some("x-gzip"), Gzip),
            (Some("*"), Brotli),
            (Some("*;q=0.3, br;q=0"), Gzip),
            (Some("gzip;q=0, br;q=0"), Identity),
            (Some("deflate, zstd"), Identity),
            (Some("gzip;q=abc"), Gzip),
        ] {
            assert_eq!(Coding::negotiate(header), expected, "{header:?}");
        }
    }

    #[test]
    fn each_coding_is_the_same_body_with_its_own_tag() {
        use std::io::Read;
        let body = Bytes::from(vec![b'{'; 10_000]);
        let cached = CachedResponse::new(body.clone(), "\"abc\"".into(), None);
        let (gz, gz_tag) = cached.representation(Coding::Gzip);
        let (br, br_tag) = cached.representation(Coding::Brotli);
        assert_eq!((gz_tag.as_str(), br_tag.as_str()), ("\"abc-gzip\"", "\"abc-br\""));
        assert_eq!(cached.representation(Coding::Identity), (body.clone(), "\"abc\"".to_owned()));
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut unzipped).unwrap();
        let mut unbrotli = Vec::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_end(&mut unbrotli).unwrap();
        assert_eq!((unzipped, unbrotli), (body.to_vec(), body.to_vec()));
        assert!(gz.len() < 200 && br.len() < 200, "compressed: {} and {} bytes", gz.len(), br.len());
        // Made once: the second ask returns the same allocation.
        assert_eq!(cached.representation(Coding::Brotli).0.as_ptr(), br.as_ptr());
    }

    #[test]
    fn a_disabled_cache_stores_nothing() {
        let cache = ResponseCache::new(0);
        let key = CacheKey::new("{a}", None, "", &[], 1);
        cache.insert(key, CachedResponse::new(Bytes::from_static(b"{}"), key.etag().into(), None));
        assert!(cache.get(&key).is_none());
        let cache = ResponseCache::new(1 << 20);
        cache.insert(key, CachedResponse::new(Bytes::from_static(b"{}"), key.etag().into(), None));
        assert_eq!(cache.get(&key).unwrap().body, Bytes::from_static(b"{}"));
    }
}
