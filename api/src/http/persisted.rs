//! Automatic persisted queries, Apollo's wire protocol (DESIGN §8): a client sends only the
//! SHA-256 of a document it sent before (`extensions.persistedQuery.sha256Hash`); if this
//! instance has not kept it, the answer is `PERSISTED_QUERY_NOT_FOUND` and the client sends
//! the hash with the document once, which registers it. On a phone the full-programme query
//! becomes a short GET that caches like any other, instead of a 1,859-character URL.
//!
//! Kept per instance, in memory, bounded by the size of the documents kept: after a restart or
//! an eviction a client simply registers again. Only documents that parse are kept (the
//! handler registers after parsing), and a document is kept under its own hash only, so no one
//! can make a hash stand for another document.

use std::sync::Arc;

use moka::sync::Cache;
use sanad_schema::graphql::trusted::{self, TrustedOperations};

/// How much document text the store keeps (the full programme query is about 3 KB).
const MAX_TEXT_BYTES: u64 = 8 << 20;

/// What `extensions.persistedQuery` asks for, once checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hash([u8; 32]);

/// Why an `extensions.persistedQuery` is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not `{"version": 1, "sha256Hash": "<64 hex digits>"}`.
    Malformed,
    /// A version of the protocol other than 1.
    UnsupportedVersion,
    /// The document sent with the hash has another hash.
    Mismatch,
}

impl Refusal {
    pub fn message(self) -> &'static str {
        match self {
            Self::Malformed => {
                "`extensions.persistedQuery` must be {\"version\": 1, \"sha256Hash\": \"<64 lower-case hex digits>\"}"
            }
            Self::UnsupportedVersion => "only version 1 of persisted queries is supported",
            Self::Mismatch => "`sha256Hash` is not the SHA-256 of `query`",
        }
    }
}

/// Reads `extensions` (a JSON object, or absent): the hash it names, if any.
pub fn requested(extensions: Option<&serde_json::Value>) -> Result<Option<Hash>, Refusal> {
    let Some(extensions) = extensions.filter(|e| !e.is_null()) else { return Ok(None) };
    let serde_json::Value::Object(extensions) = extensions else { return Err(Refusal::Malformed) };
    let Some(persisted) = extensions.get("persistedQuery") else { return Ok(None) };
    let serde_json::Value::Object(persisted) = persisted else { return Err(Refusal::Malformed) };
    match persisted.get("version").and_then(serde_json::Value::as_i64) {
        Some(1) => {}
        Some(_) => return Err(Refusal::UnsupportedVersion),
        None => return Err(Refusal::Malformed),
    }
    let hex = persisted.get("sha256Hash").and_then(serde_json::Value::as_str).ok_or(Refusal::Malformed)?;
    trusted::parse_hex(hex).map(|hash| Some(Hash(hash))).ok_or(Refusal::Malformed)
}

impl Hash {
    /// The hash of a document's text.
    pub fn of(query: &str) -> Self {
        Self(trusted::hash_of(query))
    }
}

/// The documents this instance has been sent with their hash.
#[derive(Clone)]
pub struct PersistedQueries(Cache<[u8; 32], Arc<str>>);

impl Default for PersistedQueries {
    fn default() -> Self {
        Self(
            Cache::builder()
                .max_capacity(MAX_TEXT_BYTES)
                .weigher(|_, text: &Arc<str>| u32::try_from(text.len()).unwrap_or(u32::MAX).saturating_add(32))
                .build(),
        )
    }
}

impl PersistedQueries {
    /// The document kept under `hash`.
    pub fn get(&self, hash: Hash) -> Option<Arc<str>> {
        self.0.get(&hash.0)
    }

    /// Keeps a document under its own hash (the caller has checked that they match).
    pub fn register(&self, hash: Hash, query: &str) {
        if !self.0.contains_key(&hash.0) {
            self.0.insert(hash.0, query.into());
        }
    }

    /// How many documents are kept (after pending evictions).
    #[cfg(test)]
    fn len(&self) -> u64 {
        self.0.run_pending_tasks();
        self.0.entry_count()
    }
}

/// The document a request runs: the one it sent (checked against its hash, if it sent one), or
/// the one kept under its hash. With the operators' list of operations, a hash alone names a
/// listed document or nothing: no client registers anything.
pub fn resolve(
    store: &PersistedQueries,
    trusted: Option<&TrustedOperations>,
    query: Option<String>,
    extensions: Option<&serde_json::Value>,
) -> Result<Resolved, Refusal> {
    match (query, requested(extensions)?) {
        (Some(query), None) => Ok(Resolved::Sent { query, hash: None }),
        (Some(query), Some(hash)) if Hash::of(&query) == hash => Ok(Resolved::Sent { query, hash: Some(hash) }),
        (Some(_), Some(_)) => Err(Refusal::Mismatch),
        (None, Some(hash)) => Ok(match trusted {
            Some(trusted) => trusted.get(&hash.0).map_or(Resolved::NotInList, Resolved::Kept),
            None => store.get(hash).map_or(Resolved::NotFound, Resolved::Kept),
        }),
        (None, None) => Ok(Resolved::Missing),
    }
}

/// What [`resolve`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The request carried its document; `hash` when it asked for it to be kept.
    Sent { query: String, hash: Option<Hash> },
    /// The document kept under the hash the request sent.
    Kept(Arc<str>),
    /// A hash this instance does not know: the client sends the document with it.
    NotFound,
    /// A hash that is not on the operators' list: sending the document will not help.
    NotInList,
    /// Neither a document nor a hash.
    Missing,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The SHA-256 of "{ __typename }", as Apollo clients compute it (hex, lower case).
    const TYPENAME_HASH: &str = "7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b";

    fn ext(version: serde_json::Value, hash: serde_json::Value) -> serde_json::Value {
        json!({ "persistedQuery": { "version": version, "sha256Hash": hash } })
    }

    #[test]
    fn reads_the_apollo_extension() {
        assert_eq!(Hash::of("{ __typename }"), Hash(trusted::parse_hex(TYPENAME_HASH).unwrap()));
        assert_eq!(requested(None), Ok(None));
        assert_eq!(requested(Some(&json!(null))), Ok(None));
        assert_eq!(requested(Some(&json!({}))), Ok(None));
        assert_eq!(requested(Some(&json!({"other": 1}))), Ok(None));
        assert!(matches!(requested(Some(&ext(json!(1), json!(TYPENAME_HASH)))), Ok(Some(_))));
        assert_eq!(
            requested(Some(&ext(json!(1), json!(TYPENAME_HASH.to_uppercase())))),
            requested(Some(&ext(json!(1), json!(TYPENAME_HASH))))
        );
        for (version, hash, refusal) in [
            (json!(2), json!(TYPENAME_HASH), Refusal::UnsupportedVersion),
            (json!("1"), json!(TYPENAME_HASH), Refusal::Malformed),
            (json!(1), json!(&TYPENAME_HASH[..63]), Refusal::Malformed),
            (json!(1), json!(format!("{}g", &TYPENAME_HASH[..63])), Refusal::Malformed),
            (json!(1), json!(42), Refusal::Malformed),
            (json!(1), json!(format!("{}é", &TYPENAME_HASH[..62])), Refusal::Malformed),
        ] {
            assert_eq!(requested(Some(&ext(version.clone(), hash.clone()))), Err(refusal), "{version} {hash}");
        }
        assert_eq!(requested(Some(&json!([]))), Err(Refusal::Malformed));
        assert_eq!(requested(Some(&json!({"persistedQuery": "x"}))), Err(Refusal::Malformed));
    }

    #[test]
    fn resolves_each_case() {
        let store = PersistedQueries::default();
        let with_hash = ext(json!(1), json!(TYPENAME_HASH));
        assert_eq!(resolve(&store, None, None, None), Ok(Resolved::Missing));
        assert_eq!(resolve(&store, None, None, Some(&with_hash)), Ok(Resolved::NotFound));
        assert_eq!(resolve(&store, None, Some("{ a }".into()), Some(&with_hash)), Err(Refusal::Mismatch));
        let sent = resolve(&store, None, Some("{ __typename }".into()), Some(&with_hash)).unwrap();
        let Resolved::Sent { query, hash: Some(hash) } = sent else { panic!("{sent:?}") };
        store.register(hash, &query);
        assert_eq!(resolve(&store, None, None, Some(&with_hash)), Ok(Resolved::Kept("{ __typename }".into())));
        assert_eq!(
            resolve(&store, None, Some("{ b }".into()), None),
            Ok(Resolved::Sent { query: "{ b }".into(), hash: None })
        );
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn with_the_operators_list_a_hash_names_a_listed_document_or_nothing() {
        let store = PersistedQueries::default();
        store.register(Hash::of("{ other }"), "{ other }");
        let trusted = TrustedOperations::default().with_documents(["{ __typename }"]);
        let listed = ext(json!(1), json!(TYPENAME_HASH));
        // Listed: found with no registration step.
        assert_eq!(resolve(&store, Some(&trusted), None, Some(&listed)), Ok(Resolved::Kept("{ __typename }".into())));
        // Registered by APQ but not listed: the list wins.
        let registered: String = Hash::of("{ other }").0.iter().map(|b| format!("{b:02x}")).collect();
        let other = ext(json!(1), json!(registered));
        assert_eq!(resolve(&store, Some(&trusted), None, Some(&other)), Ok(Resolved::NotInList));
        assert_eq!(resolve(&store, None, None, Some(&other)), Ok(Resolved::Kept("{ other }".into())));
        // A sent document is checked by the gate, not here.
        assert!(matches!(resolve(&store, Some(&trusted), Some("{ b }".into()), None), Ok(Resolved::Sent { .. })));
    }

    #[test]
    fn the_store_is_bounded_by_text() {
        let store = PersistedQueries::default();
        let big = "x".repeat(64 << 10);
        for i in 0..400 {
            let text = format!("{big}{i}");
            store.register(Hash::of(&text), &text);
        }
        // 400 × 64 KiB = 25 MiB offered; at most 8 MiB kept.
        assert!(store.len() <= (MAX_TEXT_BYTES / (64 << 10)), "{}", store.len());
    }
}
