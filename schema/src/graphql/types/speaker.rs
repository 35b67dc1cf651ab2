//! A speaker.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};

use crate::entities::speaker;
use crate::error::AppResult;
use crate::graphql::context::{Scope, loaders};
use crate::graphql::execution::eager::Eager;
use crate::graphql::relay::{Kind, encode};
use crate::graphql::types::session::Session;
use crate::graphql::types::text::{Image, Text};
use crate::service::language::dir_of;

pub struct Speaker {
    pub model: Arc<speaker::Model>,
    pub scope: Arc<Scope>,
}

impl Speaker {
    pub fn new(model: impl Into<Arc<speaker::Model>>, scope: &Arc<Scope>) -> Self {
        Self { model: model.into(), scope: scope.clone() }
    }
}

/// A person who speaks, chairs, moderates or hosts. Sanad never states a disability or
/// survivor status unless the person published it in their biography.
#[Object]
impl Speaker {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::Speaker, self.model.id)
    }

    /// Stable short name.
    async fn slug(&self) -> &str {
        &self.model.slug
    }

    /// The name as the person writes it, in its own language and script.
    async fn name(&self) -> Text {
        Text {
            value: self.model.name.clone(),
            lang: self.model.name_lang.clone(),
            dir: dir_of(&self.model.name_lang),
            is_fallback: false,
        }
    }

    /// The name in Latin letters (the same as `name` for names written in Latin letters).
    async fn transliteration(&self) -> &str {
        &self.model.transliteration
    }

    /// How to say the name.
    async fn pronunciation(&self) -> Eager<Pronunciation> {
        Eager(Pronunciation {
            ipa: self.model.pronunciation_ipa.clone(),
            hint: self.scope.opt_text(&self.model.pronunciation_hint),
        })
    }

    /// Honorific in full ("Her Excellency", never "H.E.").
    async fn honorific(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.honorific)
    }

    /// Organisation or delegation.
    async fn affiliation(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.affiliation)
    }

    /// Position held.
    async fn job_title(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.job_title)
    }

    /// Short biography.
    async fn bio(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.bio)
    }

    /// Portrait, with alt text or marked decorative.
    async fn photo(&self) -> Option<Image> {
        let url = self.model.photo_url.clone()?;
        Some(Image {
            url,
            alt: if self.model.photo_decorative { None } else { self.scope.opt_text(&self.model.photo_alt) },
            decorative: self.model.photo_decorative,
        })
    }

    /// Sessions the person takes part in, in time order.
    async fn sessions(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<Session>>> {
        let rows = loaders(ctx)?.speaker_sessions(self.model.id).await?;
        Ok(rows.iter().map(|s| Eager(Session::new(s.clone(), &self.scope))).collect())
    }
}

/// How to pronounce a name.
#[derive(SimpleObject)]
pub struct Pronunciation {
    /// International Phonetic Alphabet.
    pub ipa: Option<String>,
    /// A plain hint for people who do not read IPA ("fah-TEE-mah").
    pub hint: Option<Text>,
}
