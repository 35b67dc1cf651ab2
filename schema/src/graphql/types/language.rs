//! A spoken or signed language.

use std::sync::Arc;

use async_graphql::Object;

use crate::entities::enums::Dir;
use crate::entities::language;
use crate::graphql::context::Scope;
use crate::graphql::types::text::Text;

pub struct Language {
    pub model: Arc<language::Model>,
    pub scope: Arc<Scope>,
}

/// A spoken or signed language. Sign languages are languages: International Sign is `ils`,
/// Jordanian Sign Language `jos`.
#[Object]
impl Language {
    /// BCP 47 tag.
    async fn tag(&self) -> &str {
        &self.model.tag
    }

    /// The language's name in the viewer's language.
    async fn name(&self) -> Text {
        self.scope.required_text(&self.model.name)
    }

    /// The language's name in itself ("العربية"), tagged with its own language.
    async fn native_name(&self) -> Text {
        Text {
            value: self.model.native_name.clone(),
            lang: self.model.tag.clone(),
            dir: self.model.dir,
            is_fallback: false,
        }
    }

    /// Writing direction of texts in this language.
    async fn dir(&self) -> Dir {
        self.model.dir
    }

    /// True for sign languages.
    async fn is_sign_language(&self) -> bool {
        self.model.is_sign
    }
}

/// The languages with these tags, in the given order. A tag missing from the registry is
/// served with its tag as its name rather than dropped.
pub async fn languages(
    ctx: &async_graphql::Context<'_>,
    scope: &Arc<Scope>,
    tags: Vec<String>,
) -> crate::error::AppResult<Vec<Language>> {
    let mut found = crate::graphql::context::loaders(ctx)?.languages(tags.clone()).await?;
    Ok(tags
        .into_iter()
        .map(|tag| {
            let model = found.remove(&tag).unwrap_or_else(|| {
                Arc::new(language::Model {
                    name: crate::entities::texts::Translations::from([("en", tag.as_str())]),
                    native_name: tag.clone(),
                    dir: crate::service::language::dir_of(&tag),
                    is_sign: false,
                    updated_at: scope.conference.updated_at,
                    tag,
                })
            });
            Language { model, scope: scope.clone() }
        })
        .collect())
}
