//! A document and its accessible formats.

use std::sync::Arc;

use async_graphql::{ID, Object, SimpleObject};

use crate::entities::enums::DocumentFormat;
use crate::graphql::context::Scope;
use crate::graphql::execution::eager::Eager;
use crate::graphql::loaders::DocumentWithVariants;
use crate::graphql::relay::{Kind, encode};
use crate::graphql::types::text::Text;
use crate::service::language::dir_of;

pub struct Document {
    pub row: Arc<DocumentWithVariants>,
    pub scope: Arc<Scope>,
}

impl Document {
    pub fn new(row: impl Into<Arc<DocumentWithVariants>>, scope: &Arc<Scope>) -> Self {
        Self { row: row.into(), scope: scope.clone() }
    }
}

/// A document of a session, offered in several accessible formats and languages.
#[Object]
impl Document {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::Document, self.row.document.id)
    }

    /// Title.
    async fn title(&self) -> Text {
        self.scope.required_text(&self.row.document.title)
    }

    /// What the document is.
    async fn description(&self) -> Option<Text> {
        self.scope.opt_text(&self.row.document.description)
    }

    /// The files: each one format in one language. Files in the viewer's languages come first.
    async fn variants(&self) -> Vec<Eager<DocumentVariant>> {
        let order = self.scope.locale.order();
        let rank = |lang: &str| order.iter().position(|l| l.eq_ignore_ascii_case(lang)).unwrap_or(order.len());
        let mut variants: Vec<DocumentVariant> = self
            .row
            .variants
            .iter()
            .map(|v| DocumentVariant {
                format: v.format,
                lang: v.lang.clone(),
                dir: dir_of(&v.lang),
                url: v.url.clone(),
                size_bytes: v.size_bytes,
            })
            .collect();
        variants.sort_by_key(|v| (rank(&v.lang), v.format as u8));
        variants.into_iter().map(Eager).collect()
    }
}

/// One file of a document.
#[derive(SimpleObject)]
pub struct DocumentVariant {
    /// The accessible format.
    pub format: DocumentFormat,
    /// BCP 47 tag of the file's language.
    pub lang: String,
    /// Writing direction of the file's language.
    pub dir: crate::entities::enums::Dir,
    /// Where to download it.
    pub url: String,
    /// Size in bytes, so people on poor connections can decide.
    pub size_bytes: Option<i64>,
}
