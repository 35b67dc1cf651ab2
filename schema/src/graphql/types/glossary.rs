//! Glossary entries: acronyms and terms.

use std::sync::Arc;

use async_graphql::{ID, Object};

use crate::entities::glossary_entry;
use crate::graphql::context::Scope;
use crate::graphql::relay::{Kind, encode};
use crate::graphql::types::text::Text;

pub struct GlossaryEntry {
    pub model: glossary_entry::Model,
    pub scope: Arc<Scope>,
}

/// An acronym or term used in the programme, with what it stands for and how to say it.
#[Object]
impl GlossaryEntry {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::GlossaryEntry, self.model.id)
    }

    /// The acronym or term as written ("APMBC").
    async fn term(&self) -> &str {
        &self.model.term
    }

    /// What it stands for, in the viewer's language.
    async fn expansion(&self) -> Text {
        self.scope.required_text(&self.model.expansion)
    }

    /// How to read it aloud ("letter by letter: A, P, M, B, C").
    async fn spoken_as(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.spoken_as)
    }

    /// International Phonetic Alphabet, when it is said as a word.
    async fn pronunciation_ipa(&self) -> Option<&str> {
        self.model.pronunciation_ipa.as_deref()
    }

    /// A short explanation.
    async fn definition(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.definition)
    }
}
