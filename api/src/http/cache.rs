//! The public response cache (issue: "every phone reads the programme at once").
//!
//! Anonymous responses are keyed by (document, operation, variables, negotiated languages,
//! programme version). Any change to the programme bumps the version, so an entry can never
//! be served stale: it simply stops being asked for and ages out. The same key, in hex, is
//! the `ETag` of `GET /graphql` responses.

use std::sync::Arc;

use axum::body::Bytes;
use moka::sync::Cache;
use sha2::{Digest, Sha256};

/// A response ready to send again.
#[derive(Clone, Debug)]
pub struct CachedResponse {
    pub body: Bytes,
    pub etag: Arc<str>,
    /// The operation's name (for metrics), when it had one.
    pub operation: Option<OperationName>,
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
                .weigher(|_, v: &CachedResponse| u32::try_from(v.body.len() + 64).unwrap_or(u32::MAX))
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
    fn a_disabled_cache_stores_nothing() {
        let cache = ResponseCache::new(0);
        let key = CacheKey::new("{a}", None, "", &[], 1);
        cache.insert(key, CachedResponse { body: Bytes::from_static(b"{}"), etag: key.etag().into(), operation: None });
        assert!(cache.get(&key).is_none());
        let cache = ResponseCache::new(1 << 20);
        cache.insert(key, CachedResponse { body: Bytes::from_static(b"{}"), etag: key.etag().into(), operation: None });
        assert_eq!(cache.get(&key).unwrap().body, Bytes::from_static(b"{}"));
    }
}
