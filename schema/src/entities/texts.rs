//! JSON values stored in a column.

use std::collections::BTreeMap;

use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};

/// The translations of one human-readable field: BCP 47 tag → text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Translations(pub BTreeMap<String, String>);

impl Translations {
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0.get(lang).map(String::as_str)
    }

    pub fn langs(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// True when no language holds a non-blank text.
    pub fn is_blank(&self) -> bool {
        self.0.values().all(|v| v.trim().is_empty())
    }
}

impl<const N: usize> From<[(&str, &str); N]> for Translations {
    fn from(pairs: [(&str, &str); N]) -> Self {
        Self(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }
}

/// One language of a conference, in fallback order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConferenceLanguage {
    pub tag: String,
    /// Every public text must exist in a required language (`sanad check` reports gaps).
    pub required: bool,
}

/// The languages of a conference, in the order used for fallback.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct ConferenceLanguages(pub Vec<ConferenceLanguage>);

/// The steps of a route, each a translated text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct RouteSteps(pub Vec<Translations>);

/// A person's languages (BCP 47 tags), best first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct LanguageTags(pub Vec<String>);

/// Calendar dates (conference days an item concerns).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Dates(pub Vec<chrono::NaiveDate>);
