//! Trusted operations (`sanad serve --trusted-operations FILE`): when an operator gives the
//! list of operations their own clients send, the server runs those and nothing else. A
//! stranger can then send no document of their own, however cheap it looks to the limits:
//! the defence a public deployment of a known set of apps can afford and an open API cannot.
//!
//! The file is what client tooling already writes:
//! - Apollo's persisted query manifest (`generate-persisted-query-manifest`, Apollo iOS and
//!   Kotlin): `{"format": "apollo-persisted-query-manifest", "version": 1, "operations":
//!   [{"id", "name", "type", "body"}]}`;
//! - a map from hash to document (graphql-codegen's client preset `persisted-documents.json`):
//!   `{"<sha256>": "<document>", …}`.
//!
//! Every id must be the SHA-256 (hex) of its document, as Apollo's automatic persisted queries
//! compute it, so a listed operation can be sent by hash alone with no registration step, or
//! whole. A listed document is matched by its exact text: the hash of what the client sends.
//! The web pages' own operations are always listed (`with_documents`), or the desk and the
//! delegates' app would stop with the list on.

use std::collections::HashMap;
use std::sync::Arc;

use sha2::{Digest, Sha256};

/// Why a trusted-operations file was refused, naming the entry at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error(
        "neither an Apollo persisted query manifest ({{\"format\": \"apollo-persisted-query-manifest\", \"version\": 1, \"operations\": […]}}) nor a map from SHA-256 to document"
    )]
    UnknownFormat,
    #[error("the manifest's version is {0}; only version 1 is read")]
    UnsupportedVersion(String),
    #[error("operation {entry}: {problem}")]
    Entry { entry: String, problem: String },
    #[error("the file lists no operation")]
    Empty,
}

/// The documents an operator allows, by the SHA-256 of their text.
#[derive(Clone, Default)]
pub struct TrustedOperations {
    documents: HashMap<[u8; 32], Arc<str>>,
}

impl std::fmt::Debug for TrustedOperations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustedOperations").field("operations", &self.documents.len()).finish()
    }
}

/// The SHA-256 of a document's text.
pub fn hash_of(document: &str) -> [u8; 32] {
    Sha256::digest(document.as_bytes()).into()
}

/// 64 hex digits (either case) as 32 bytes.
pub fn parse_hex(hex: &str) -> Option<[u8; 32]> {
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

impl TrustedOperations {
    /// Reads a manifest in either format. Every document must parse as GraphQL and carry its
    /// own hash; one bad entry refuses the whole file, so a server never starts on half a list.
    pub fn from_manifest(text: &str) -> Result<Self, ManifestError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ManifestError::NotJson(e.to_string()))?;
        let serde_json::Value::Object(object) = value else { return Err(ManifestError::UnknownFormat) };
        let mut trusted = Self::default();
        match object.get("format") {
            Some(serde_json::Value::String(format)) if format == "apollo-persisted-query-manifest" => {
                match object.get("version") {
                    Some(serde_json::Value::Number(n)) if n.as_u64() == Some(1) => {}
                    Some(other) => return Err(ManifestError::UnsupportedVersion(other.to_string())),
                    None => return Err(ManifestError::UnsupportedVersion("missing".into())),
                }
                let Some(serde_json::Value::Array(operations)) = object.get("operations") else {
                    return Err(ManifestError::UnknownFormat);
                };
                for (index, operation) in operations.iter().enumerate() {
                    let name = operation.get("name").and_then(serde_json::Value::as_str);
                    let entry = match name {
                        Some(name) => format!("#{} ({name})", index + 1),
                        None => format!("#{}", index + 1),
                    };
                    let field = |key: &str| {
                        operation.get(key).and_then(serde_json::Value::as_str).ok_or_else(|| ManifestError::Entry {
                            entry: entry.clone(),
                            problem: format!("`{key}` must be a string"),
                        })
                    };
                    trusted.add(&entry, field("id")?, field("body")?)?;
                }
            }
            Some(_) => return Err(ManifestError::UnknownFormat),
            None => {
                for (id, body) in &object {
                    let body = body.as_str().ok_or_else(|| ManifestError::Entry {
                        entry: id.clone(),
                        problem: "the document must be a string".into(),
                    })?;
                    trusted.add(id, id, body)?;
                }
            }
        }
        if trusted.documents.is_empty() {
            return Err(ManifestError::Empty);
        }
        Ok(trusted)
    }

    fn add(&mut self, entry: &str, id: &str, body: &str) -> Result<(), ManifestError> {
        let problem = |problem: &str| ManifestError::Entry { entry: entry.to_owned(), problem: problem.to_owned() };
        let hash = parse_hex(id).ok_or_else(|| problem("the id must be a SHA-256 in 64 hex digits"))?;
        if hash != hash_of(body) {
            return Err(problem("the id is not the SHA-256 of the document"));
        }
        async_graphql::parser::parse_query(body)
            .map_err(|e| problem(&format!("the document does not parse: {}", e.to_string().trim())))?;
        self.documents.insert(hash, body.into());
        Ok(())
    }

    /// Adds documents the server itself runs (the web pages' operations).
    pub fn with_documents<'a>(mut self, documents: impl IntoIterator<Item = &'a str>) -> Self {
        for document in documents {
            self.documents.insert(hash_of(document), document.into());
        }
        self
    }

    /// Whether the document with this exact text is listed.
    pub fn allows(&self, document: &str) -> bool {
        self.documents.contains_key(&hash_of(document))
    }

    /// The listed document with this hash.
    pub fn get(&self, hash: &[u8; 32]) -> Option<Arc<str>> {
        self.documents.get(hash).cloned()
    }

    /// How many documents are listed.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const DOC: &str = "query Programme { conference { name { text } } }";

    fn hex(document: &str) -> String {
        hash_of(document).iter().map(|b| format!("{b:02x}")).collect()
    }

    fn apollo(operations: serde_json::Value) -> String {
        json!({ "format": "apollo-persisted-query-manifest", "version": 1, "operations": operations }).to_string()
    }

    #[test]
    fn reads_an_apollo_manifest_and_a_codegen_map() {
        let manifest = apollo(json!([{ "id": hex(DOC), "name": "Programme", "type": "query", "body": DOC }]));
        let trusted = TrustedOperations::from_manifest(&manifest).unwrap();
        assert!(trusted.allows(DOC));
        assert!(!trusted.allows("query Programme { conference { slug } }"));
        // The exact text: a space more is another document.
        assert!(!trusted.allows(&format!("{DOC} ")));
        assert_eq!(trusted.get(&hash_of(DOC)).as_deref(), Some(DOC));
        assert_eq!(trusted.len(), 1);

        let map = json!({ hex(DOC).to_uppercase(): DOC }).to_string();
        let trusted = TrustedOperations::from_manifest(&map).unwrap();
        assert!(trusted.allows(DOC));
        assert!(trusted.with_documents(["{ __typename }"]).allows("{ __typename }"));
    }

    #[test]
    fn refuses_each_bad_file_naming_the_entry() {
        let other = "query Other { conference { slug } }";
        for (file, expected) in [
            ("not json".to_owned(), "not JSON"),
            ("[]".to_owned(), "neither an Apollo"),
            (json!({ "format": "relay" }).to_string(), "neither an Apollo"),
            (
                json!({ "format": "apollo-persisted-query-manifest", "version": 2, "operations": [] }).to_string(),
                "version is 2",
            ),
            (
                json!({ "format": "apollo-persisted-query-manifest", "operations": [] }).to_string(),
                "version is missing",
            ),
            (json!({ "format": "apollo-persisted-query-manifest", "version": 1 }).to_string(), "neither an Apollo"),
            (apollo(json!([])), "lists no operation"),
            (json!({}).to_string(), "lists no operation"),
            (
                apollo(json!([{ "id": hex(other), "name": "Programme", "body": DOC }])),
                "operation #1 (Programme): the id is not the SHA-256",
            ),
            (apollo(json!([{ "id": "abc", "body": DOC }])), "operation #1: the id must be a SHA-256"),
            (
                apollo(json!([{ "id": hex(DOC), "body": DOC }, { "id": hex(DOC), "name": "B" }])),
                "operation #2 (B): `body` must be a string",
            ),
            (apollo(json!([{ "id": hex("query {"), "body": "query {" }])), "the document does not parse"),
            (json!({ hex(DOC): 42 }).to_string(), "the document must be a string"),
            (json!({ "Programme": DOC }).to_string(), "operation Programme: the id must be a SHA-256"),
        ] {
            let error = TrustedOperations::from_manifest(&file).unwrap_err().to_string();
            assert!(error.contains(expected), "{file}: {error}");
        }
    }
}
