//! What the two web clients share: the desk at `/desk` and the delegates' app at `/`. A visit
//! (session cookie, CSRF value, interface language), the in-process runner of our own GraphQL
//! operations, and the four interface languages. Each client keeps its own pages, words and
//! operations; neither holds a rule of its own: every rule is behind the schema.

pub mod api;
pub mod lang;
pub mod session;
pub mod view;

/// The pairs of a query string or a form body.
pub fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default()
}

pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}
