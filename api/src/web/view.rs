//! Shapes and helpers every web page's templates share.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::Deserialize;

use super::lang::UiLang;

/// A value a template passes as it has it: owned, borrowed, or borrowed twice (askama's loops).
pub trait Val<T> {
    fn val(self) -> T;
}

impl<T: Copy> Val<T> for T {
    fn val(self) -> T {
        self
    }
}

impl<T: Copy> Val<T> for &T {
    fn val(self) -> T {
        *self
    }
}

impl<T: Copy> Val<T> for &&T {
    fn val(self) -> T {
        **self
    }
}

/// A text from the API, in the language it is really in (DESIGN §4): templates put its `lang`
/// and `dir` on the element that holds it, and say when it is a fallback.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Text {
    pub value: String,
    pub lang: String,
    pub dir: String,
    /// True when the text is not in the language asked for (only asked by some operations).
    #[serde(default)]
    pub is_fallback: bool,
}

/// The `dir` attribute for the API's `Dir` (`LTR`, `RTL`).
pub fn dir_attr(dir: &str) -> &'static str {
    if dir.eq_ignore_ascii_case("rtl") { "rtl" } else { "ltr" }
}

impl Text {
    pub fn dir_attr(&self) -> &'static str {
        dir_attr(&self.dir)
    }
}

/// One entry of the language switcher.
pub struct LanguageLink {
    pub tag: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// One line of the error summary, linked to its field when there is one.
pub struct Problem {
    pub field: Option<String>,
    pub text: String,
}

/// The language links for a page at `path` with `query` (the switcher keeps the filters).
pub fn language_links(current: UiLang, path: &str, query: &[(String, String)]) -> Vec<LanguageLink> {
    UiLang::ALL
        .into_iter()
        .map(|lang| {
            let mut serializer = form_urlencoded::Serializer::new(String::new());
            for (k, v) in query.iter().filter(|(k, _)| k != "lang" && k != "done") {
                serializer.append_pair(k, v);
            }
            serializer.append_pair("lang", lang.tag());
            LanguageLink {
                tag: lang.tag(),
                name: lang.own_name(),
                href: format!("{path}?{}", serializer.finish()),
                current: lang == current,
            }
        })
        .collect()
}

/// A date said in the interface language `lang` ("Tuesday 10 September 2019").
pub fn long_date(lang: UiLang, date: NaiveDate) -> String {
    match sanad_schema::service::spoken::day_label(lang.tag(), date) {
        Some(label) => format!("{label} {}", date.year()),
        None => date.to_string(),
    }
}

/// A moment said in `lang` ("Tuesday 10 September 2019, 14:05"; Arabic with its own comma),
/// at the offset the API gave it (the conference's zone).
pub fn moment(lang: UiLang, at: DateTime<FixedOffset>) -> String {
    let comma = if lang == UiLang::Ar { "، " } else { ", " };
    format!("{}{comma}{}", long_date(lang, at.date_naive()), at.format("%H:%M"))
}
