//! Parsed documents, kept by their text. Clients send the same few documents over and over
//! (every phone sends the full-programme query), and parsing one is a tenth of the work of
//! answering it uncached; copying a parse is far cheaper. Only documents that parse are kept,
//! and the cache is bounded by the size of their text.

use std::sync::Arc;

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, ServerError};
use moka::sync::Cache;

/// How much document text the cache holds (a parse takes a few times its text).
const MAX_TEXT_BYTES: u64 = 4 << 20;

#[derive(Clone)]
pub struct ParsedDocuments(Cache<Arc<str>, Arc<ExecutableDocument>>);

impl Default for ParsedDocuments {
    fn default() -> Self {
        Self(
            Cache::builder()
                .max_capacity(MAX_TEXT_BYTES)
                .weigher(|text: &Arc<str>, _| u32::try_from(text.len()).unwrap_or(u32::MAX))
                .build(),
        )
    }
}

impl ParsedDocuments {
    /// The request's document, parsed now or copied from an earlier parse of the same text.
    pub fn parse<'r>(&self, request: &'r mut Request) -> Result<&'r ExecutableDocument, ServerError> {
        match self.0.get(request.query.as_str()) {
            Some(parsed) => request.set_parsed_query(ExecutableDocument::clone(&parsed)),
            None => {
                let parsed = request.parsed_query()?.clone();
                self.0.insert(request.query.as_str().into(), Arc::new(parsed));
            }
        }
        request.parsed_query()
    }
}
