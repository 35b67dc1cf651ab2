//! Translated texts as organisers send them, checked against the conference's languages.

use std::collections::BTreeMap;

use async_graphql::InputObject;

use crate::entities::conference;
use crate::entities::texts::Translations;
use crate::error::{AppError, AppResult};
use crate::service::language::parse_tag;

/// A text in one language.
#[derive(Clone, Debug, PartialEq, Eq, InputObject)]
pub struct TextInput {
    /// BCP 47 tag of the language the text is written in.
    pub lang: String,
    /// The text. Plain text: no markup, no emoji or ASCII art (DESIGN §4).
    pub value: String,
}

/// A stored text as the list organisers send, one entry per language in tag order: what an
/// import compares with what a source says, and sends back through the same checks.
pub fn inputs(texts: &Translations) -> Vec<TextInput> {
    texts.0.iter().map(|(lang, value)| TextInput { lang: lang.clone(), value: value.clone() }).collect()
}

/// Longest short text (titles, names).
pub const SHORT: usize = 300;
/// Longest long text (summaries, biographies, descriptions).
pub const LONG: usize = 5_000;

/// Which languages a text must be given in.
#[derive(Clone, Copy, Debug)]
pub enum Completeness<'a> {
    /// Every required language of this conference: what organisers write.
    Every(&'a conference::Model),
    /// Whatever languages it comes in: texts imported from a source that has one language per
    /// text (pretalx, frab). They are served with their own language tag and fall back visibly;
    /// `sanad check` lists what is missing. The other rules stay the same.
    AsGiven,
}

impl<'a> From<&'a conference::Model> for Completeness<'a> {
    fn from(conference: &'a conference::Model) -> Self {
        Self::Every(conference)
    }
}

/// Checks a text that must be present: in every required language of the conference (unless
/// imported, see [`Completeness`]), each language once, no blank or over-long value, no
/// control characters (PostgreSQL refuses NUL).
pub fn required<'a>(
    field: &str,
    input: Vec<TextInput>,
    completeness: impl Into<Completeness<'a>>,
    max_chars: usize,
) -> AppResult<Translations> {
    let mut texts = BTreeMap::new();
    for (i, text) in input.into_iter().enumerate() {
        let at = format!("{field}[{i}]");
        let lang = parse_tag(&text.lang).map_err(|m| AppError::bad_input(format!("{at}.lang"), m))?;
        let value = text.value.trim().to_owned();
        if value.is_empty() {
            return Err(AppError::bad_input(format!("{at}.value"), "the text is empty"));
        }
        if value.chars().count() > max_chars {
            return Err(AppError::bad_input(format!("{at}.value"), format!("at most {max_chars} characters")));
        }
        if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(AppError::bad_input(format!("{at}.value"), "control characters are not allowed"));
        }
        if texts.insert(lang.clone(), value).is_some() {
            return Err(AppError::bad_input(format!("{at}.lang"), format!("{lang} is given twice")));
        }
    }
    if texts.is_empty() {
        return Err(AppError::bad_input(field, "the text is missing"));
    }
    let Completeness::Every(conference) = completeness.into() else { return Ok(Translations(texts)) };
    let missing: Vec<&str> = conference
        .languages
        .0
        .iter()
        .filter(|l| l.required && !texts.contains_key(&l.tag))
        .map(|l| l.tag.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(AppError::bad_input(field, format!("missing in required languages: {}", missing.join(", "))));
    }
    Ok(Translations(texts))
}

/// An optional text: absent or an empty list means none; otherwise as [`required`].
pub fn optional<'a>(
    field: &str,
    input: Option<Vec<TextInput>>,
    completeness: impl Into<Completeness<'a>>,
    max_chars: usize,
) -> AppResult<Option<Translations>> {
    match input {
        None => Ok(None),
        Some(list) if list.is_empty() => Ok(None),
        Some(list) => required(field, list, completeness, max_chars).map(Some),
    }
}

/// A plain one-language string (a slug, a term, a name as written): trimmed, not empty, no
/// control characters.
pub fn plain(field: &str, value: &str, max_chars: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::bad_input(field, "must not be empty"));
    }
    if value.chars().count() > max_chars {
        return Err(AppError::bad_input(field, format!("at most {max_chars} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::bad_input(field, "control characters are not allowed"));
    }
    Ok(value.to_owned())
}

/// A slug: 1 to 64 lower-case letters, digits and dashes.
pub fn slug(field: &str, value: &str) -> AppResult<String> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok { Ok(value.to_owned()) } else { Err(AppError::bad_input(field, "1 to 64 of a-z, 0-9 and -")) }
}

/// An `https://` (or `http://`) URL without spaces.
pub fn url(field: &str, value: &str) -> AppResult<String> {
    let value = value.trim();
    let ok = (value.starts_with("https://") || value.starts_with("http://"))
        && value.len() <= 2_000
        && !value.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok { Ok(value.to_owned()) } else { Err(AppError::bad_input(field, "an http(s) URL")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::texts::{ConferenceLanguage, ConferenceLanguages};

    fn conference() -> conference::Model {
        conference::Model {
            id: 1,
            slug: "c".into(),
            time_zone: "Asia/Amman".into(),
            start_date: chrono::NaiveDate::default(),
            end_date: chrono::NaiveDate::default(),
            default_language: "en".into(),
            languages: ConferenceLanguages(vec![
                ConferenceLanguage { tag: "en".into(), required: true },
                ConferenceLanguage { tag: "ar".into(), required: true },
                ConferenceLanguage { tag: "es".into(), required: false },
            ]),
            name: Default::default(),
            tagline: Default::default(),
            description: Default::default(),
            city: Default::default(),
            organiser: Default::default(),
            sample_notice: None,
            website: None,
            programme_version: 1,
            updated_at: chrono::DateTime::default(),
        }
    }

    fn t(lang: &str, value: &str) -> TextInput {
        TextInput { lang: lang.into(), value: value.into() }
    }

    #[test]
    fn required_languages_must_all_be_there() {
        let c = conference();
        let ok = required("title", vec![t("en", " Hello "), t("AR", "مرحبا")], &c, 10).unwrap();
        assert_eq!(ok.get("en"), Some("Hello"));
        assert_eq!(ok.get("ar"), Some("مرحبا"), "tags are made canonical");
        let missing = required("title", vec![t("en", "Hello"), t("es", "Hola")], &c, 10).unwrap_err();
        assert_eq!(missing, AppError::bad_input("title", "missing in required languages: ar"));
    }

    #[test]
    fn each_text_is_checked_where_it_is() {
        let c = conference();
        let cases = [
            (vec![t("en", "a"), t("en", "b")], "title[1].lang"),
            (vec![t("en", " "), t("ar", "b")], "title[0].value"),
            (vec![t("en", "a\0b"), t("ar", "b")], "title[0].value"),
            (vec![t("not a tag", "a")], "title[0].lang"),
            (vec![t("en", "12345678901"), t("ar", "b")], "title[0].value"),
        ];
        for (input, field) in cases {
            match required("title", input, &c, 10) {
                Err(AppError::BadUserInput { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        assert_eq!(optional("summary", Some(vec![]), &c, 10), Ok(None));
        assert_eq!(optional("summary", None, &c, 10), Ok(None));
    }

    #[test]
    fn slugs_and_urls() {
        assert!(slug("slug", "panel-q1").is_ok());
        assert!(slug("slug", "Panel Q1").is_err());
        assert!(url("url", "https://example.org/a").is_ok());
        assert!(url("url", "javascript:alert(1)").is_err());
        assert!(plain("name", "a\u{0}", 10).is_err());
    }
}
