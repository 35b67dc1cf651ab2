//! `conference.search`: one box that finds sessions, speakers, rooms, places, glossary
//! entries, documents and announcements, however the query is typed (`service::search`).

use std::sync::Arc;

use async_graphql::{Context, SimpleObject, Union};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{AppError, AppResult};
use crate::graphql::context::{Scope, loaders, now};
use crate::graphql::loaders::SearchItem;
use crate::graphql::types::announcement::Announcement;
use crate::graphql::types::document::Document;
use crate::graphql::types::glossary::GlossaryEntry;
use crate::graphql::types::session::Session;
use crate::graphql::types::session_connection::PageInfo;
use crate::graphql::types::speaker::Speaker;
use crate::graphql::types::text::Text;
use crate::graphql::types::venue::{PointOfInterest, Room};
use crate::service::search::{Query, SearchField, SearchKind};

/// Hits on a page when `first` is not given.
pub const DEFAULT_FIRST: i32 = 20;
/// Most hits one page returns.
pub const MAX_FIRST: i32 = 50;

/// What a search found.
#[derive(Union)]
#[graphql(name = "SearchItem")]
pub enum Found {
    Session(Session),
    Speaker(Speaker),
    Room(Room),
    PointOfInterest(PointOfInterest),
    GlossaryEntry(GlossaryEntry),
    Document(Document),
    Announcement(Announcement),
}

/// One thing a search found, with where it matched.
#[derive(SimpleObject)]
pub struct SearchHit {
    /// What kind of thing it is (the same as `item`'s `__typename`, as an enum).
    pub kind: SearchKind,
    /// The thing found. Select its fields with `... on Session { … }` and the like.
    pub item: Found,
    /// The field the query matched best in.
    pub field: SearchField,
    /// That field's text in the language the query matched (which may not be the viewer's:
    /// `lang`, `dir` and `isFallback` say so), shortened around the match with "…" when
    /// long. Read it out so the delegate hears why this was found.
    pub matched: Text,
    /// True when a word of the query was found only by forgiving a typo (a letter missing,
    /// added, wrong or two swapped). Clients may say "showing results for a similar word".
    pub approximate: bool,
}

/// A hit and its cursor.
#[derive(SimpleObject)]
pub struct SearchHitEdge {
    /// Pass as `after` to get the hits that follow this one.
    pub cursor: String,
    /// The hit.
    pub node: SearchHit,
}

/// Search hits, best first, one page at a time (Relay cursor connection).
#[derive(SimpleObject)]
pub struct SearchConnection {
    /// This page's hits.
    pub edges: Vec<SearchHitEdge>,
    /// Paging state.
    pub page_info: PageInfo,
    /// How many hits there are in all pages.
    pub total_count: i32,
}

fn cursor(position: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("h:{position}"))
}

fn decode_cursor(cursor: &str) -> Result<usize, AppError> {
    let bad = || AppError::bad_input("after", "not a valid cursor");
    let bytes = URL_SAFE_NO_PAD.decode(cursor.as_bytes()).map_err(|_| bad())?;
    let text = std::str::from_utf8(&bytes).map_err(|_| bad())?;
    text.strip_prefix("h:").and_then(|n| n.parse().ok()).ok_or_else(bad)
}

fn found(item: &SearchItem, scope: &Arc<Scope>) -> Found {
    match item {
        SearchItem::Session(row) => Found::Session(Session::new(row.clone(), scope)),
        SearchItem::Speaker(row) => Found::Speaker(Speaker::new(row.clone(), scope)),
        SearchItem::Room(row) => Found::Room(Room::new(row.clone(), scope)),
        SearchItem::Place(row) => Found::PointOfInterest(PointOfInterest::new(row.clone(), scope)),
        SearchItem::GlossaryEntry(row) => {
            Found::GlossaryEntry(GlossaryEntry { model: (**row).clone(), scope: scope.clone() })
        }
        SearchItem::Document(row) => Found::Document(Document::new(row.clone(), scope)),
        SearchItem::Announcement(row) => {
            Found::Announcement(Announcement { model: (**row).clone(), scope: scope.clone() })
        }
    }
}

/// Runs a search of the scope's conference.
pub async fn search(
    ctx: &Context<'_>,
    scope: &Arc<Scope>,
    text: &str,
    first: i32,
    after: Option<&str>,
    kinds: Option<Vec<SearchKind>>,
) -> AppResult<SearchConnection> {
    let query = Query::parse(text).map_err(|e| AppError::bad_input("query", e.to_string()))?;
    if !(0..=MAX_FIRST).contains(&first) {
        return Err(AppError::bad_input("first", format!("must be between 0 and {MAX_FIRST}")));
    }
    let skip = after.map(decode_cursor).transpose()?.map_or(0, |position| position + 1);
    if query.is_empty() {
        return Ok(SearchConnection {
            edges: Vec::new(),
            page_info: PageInfo::of(false, after.is_some(), std::iter::empty()),
            total_count: 0,
        });
    }
    let index = loaders(ctx)?.search_index(scope.conference.id).await?;
    let now = now(ctx)?;
    let hits = index.search(&query, |item, kind| {
        kinds.as_ref().is_none_or(|kinds| kinds.contains(&kind))
            && match item {
                SearchItem::Announcement(row) => row.published_at <= now,
                _ => true,
            }
    });
    let first = usize::try_from(first).unwrap_or(0);
    let edges: Vec<SearchHitEdge> = hits
        .iter()
        .enumerate()
        .skip(skip)
        .take(first)
        .map(|(position, hit)| {
            let (item, kind) = index.item(hit);
            let (lang, matched) = index.matched(hit, &query);
            SearchHitEdge {
                cursor: cursor(position),
                node: SearchHit {
                    kind,
                    item: found(item, scope),
                    field: index.field(hit),
                    matched: scope.as_written(matched, Some(lang)),
                    approximate: hit.approximate,
                },
            }
        })
        .collect();
    let has_next_page = skip + edges.len() < hits.len();
    Ok(SearchConnection {
        page_info: PageInfo::of(has_next_page, after.is_some(), edges.iter().map(|e| &e.cursor)),
        total_count: i32::try_from(hits.len()).unwrap_or(i32::MAX),
        edges,
    })
}
