//! Language negotiation and fallback (DESIGN §4).
//!
//! The viewer's languages come, in this order of precedence, from an explicit `lang` argument,
//! the `Accept-Language` header, or (later) the delegate's saved preference. A text is served
//! in the first of those languages it exists in; failing that in the conference's default
//! language, then in the conference's languages in their order, then in any language it has.
//! The served language is always reported, and whether it was a fallback.

use crate::entities::enums::Dir;
use crate::entities::texts::Translations;

/// The languages a viewer asked for, best first, as canonical BCP 47 tags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Locale {
    wanted: Vec<String>,
    fallback: Vec<String>,
}

/// A text chosen for a viewer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen<'a> {
    pub value: &'a str,
    pub lang: &'a str,
    /// True when the text is not in the viewer's first language (or, when the viewer asked
    /// for nothing, not in the conference's default language).
    pub is_fallback: bool,
}

impl Locale {
    /// `wanted`: the viewer's languages, best first. `fallback`: the conference's default
    /// language followed by its other languages in order.
    pub fn new(wanted: Vec<String>, fallback: Vec<String>) -> Self {
        Self { wanted, fallback }
    }

    pub fn wanted(&self) -> &[String] {
        &self.wanted
    }

    /// The full order in which languages are tried, without repeats.
    pub fn order(&self) -> Vec<String> {
        let mut order: Vec<String> = Vec::new();
        for tag in self.wanted.iter().chain(&self.fallback) {
            if !order.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                order.push(tag.clone());
            }
        }
        order
    }

    /// Picks the text to serve, or `None` when the field has no text in any language.
    pub fn choose<'a>(&self, texts: &'a Translations) -> Option<Chosen<'a>> {
        let available = texts.0.iter().filter(|(_, value)| !value.trim().is_empty()).map(|(lang, _)| lang.as_str());
        let (lang, is_fallback) = self.choose_lang(available)?;
        Some(Chosen { value: texts.get(lang)?, lang, is_fallback })
    }

    /// Picks one of the `available` languages (the first is the last resort) and says whether
    /// it is a fallback.
    pub fn choose_lang<'a>(&self, available: impl Iterator<Item = &'a str> + Clone) -> Option<(&'a str, bool)> {
        let find = |tag: &str| {
            available.clone().find(|lang| lang.eq_ignore_ascii_case(tag)).or_else(|| {
                // "ar-JO" is served by "ar", and "ar" by "ar-JO".
                let primary = primary_subtag(tag);
                available.clone().find(|lang| primary_subtag(lang).eq_ignore_ascii_case(primary))
            })
        };
        let lang =
            self.wanted.iter().chain(&self.fallback).find_map(|tag| find(tag)).or_else(|| available.clone().next())?;
        let first_choice = self.wanted.first().or(self.fallback.first());
        let is_fallback =
            first_choice.is_some_and(|want| !primary_subtag(want).eq_ignore_ascii_case(primary_subtag(lang)));
        Some((lang, is_fallback))
    }
}

/// The primary language subtag: "ar" of "ar-JO".
pub fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// Checks that `tag` is a well-formed BCP 47 tag and returns it in canonical case
/// ("ar-jo" → "ar-JO").
pub fn parse_tag(tag: &str) -> Result<String, String> {
    let trimmed = tag.trim();
    if trimmed.is_empty() || trimmed.len() > 35 {
        return Err(format!("'{}' is not a language tag", trimmed.chars().take(40).collect::<String>()));
    }
    oxilangtag::LanguageTag::parse_and_normalize(trimmed)
        .map(oxilangtag::LanguageTag::into_inner)
        .map_err(|_| format!("'{trimmed}' is not a BCP 47 language tag"))
}

/// Parses an `Accept-Language` header into tags, best first. Entries with `q=0`, the
/// wildcard and malformed entries are dropped: a header is a hint, never an error.
pub fn parse_accept_language(header: &str) -> Vec<String> {
    let mut entries: Vec<(String, f32, usize)> = header
        .split(',')
        .enumerate()
        .filter_map(|(position, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let mut quality = 1.0_f32;
            for param in pieces {
                let param = param.trim();
                if let Some(q) = param.strip_prefix("q=").or_else(|| param.strip_prefix("Q=")) {
                    quality = q.trim().parse().ok()?;
                }
            }
            if tag == "*" || !(quality > 0.0 && quality <= 1.0) {
                return None;
            }
            Some((parse_tag(tag).ok()?, quality, position))
        })
        .collect();
    entries.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    let mut tags: Vec<String> = Vec::new();
    for (tag, _, _) in entries.into_iter().take(16) {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// The writing direction of text in a language, from its script subtag when it has one and
/// otherwise from the primary language.
pub fn dir_of(tag: &str) -> Dir {
    const RTL_SCRIPTS: [&str; 8] = ["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand"];
    const RTL_LANGUAGES: [&str; 13] = ["ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "arc", "syr"];
    // Called for every text served: compares without allocating lower-case copies.
    let is_one_of = |subtag: &str, list: &[&str]| list.iter().any(|known| known.eq_ignore_ascii_case(subtag));
    let mut subtags = tag.split(['-', '_']);
    let primary = subtags.next().unwrap_or_default();
    if let Some(script) = subtags.find(|subtag| subtag.len() == 4) {
        return if is_one_of(script, &RTL_SCRIPTS) { Dir::Rtl } else { Dir::Ltr };
    }
    if is_one_of(primary, &RTL_LANGUAGES) { Dir::Rtl } else { Dir::Ltr }
}

/// Which script a letter is in, for tests that check a language's phrases are written in its
/// own script (an Arabic voice switching mid-sentence on a Latin word).
#[cfg(test)]
pub(crate) mod scripts {
    use crate::service::script::{Script, letter_script};

    pub(crate) fn is_arabic_letter(c: char) -> bool {
        letter_script(c) == Some(Script::Arabic)
    }

    pub(crate) fn is_latin_letter(c: char) -> bool {
        letter_script(c) == Some(Script::Latin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> &'static Translations {
        static TEXTS: std::sync::OnceLock<Translations> = std::sync::OnceLock::new();
        TEXTS.get_or_init(|| Translations::from([("en", "Opening"), ("fr", "Ouverture"), ("ar", "الافتتاح")]))
    }

    fn locale(wanted: &[&str]) -> Locale {
        Locale::new(
            wanted.iter().map(|s| (*s).to_owned()).collect(),
            vec!["en".into(), "fr".into(), "ar".into(), "es".into()],
        )
    }

    #[test]
    fn serves_the_first_wanted_language_that_exists() {
        let chosen = locale(&["es", "fr"]).choose(texts()).unwrap();
        assert_eq!((chosen.value, chosen.lang, chosen.is_fallback), ("Ouverture", "fr", true));
        let chosen = locale(&["ar"]).choose(texts()).unwrap();
        assert_eq!((chosen.lang, chosen.is_fallback), ("ar", false));
    }

    #[test]
    fn a_regional_tag_is_served_by_its_language_and_is_not_a_fallback() {
        let chosen = locale(&["ar-JO"]).choose(texts()).unwrap();
        assert_eq!((chosen.lang, chosen.is_fallback), ("ar", false));
    }

    #[test]
    fn falls_back_to_the_conference_default_then_any_language() {
        let chosen = locale(&["de"]).choose(texts()).unwrap();
        assert_eq!((chosen.lang, chosen.is_fallback), ("en", true));
        let only_arabic = Translations::from([("ar", "قاعة")]);
        let chosen = locale(&["de"]).choose(&only_arabic).unwrap();
        assert_eq!(chosen.lang, "ar");
        let nowhere = Locale::new(vec![], vec![]);
        assert_eq!(nowhere.choose(&only_arabic).unwrap().lang, "ar");
    }

    #[test]
    fn with_no_wish_the_default_language_is_not_a_fallback() {
        let chosen = locale(&[]).choose(texts()).unwrap();
        assert_eq!((chosen.lang, chosen.is_fallback), ("en", false));
    }

    #[test]
    fn blank_texts_are_skipped_and_empty_fields_give_none() {
        let texts = Translations::from([("en", "  "), ("fr", "Salle")]);
        assert_eq!(locale(&["en"]).choose(&texts).unwrap().lang, "fr");
        assert!(locale(&["en"]).choose(&Translations::default()).is_none());
    }

    #[test]
    fn accept_language_is_ordered_by_quality_then_position() {
        assert_eq!(parse_accept_language("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5"), ["fr-CH", "fr", "en", "de"]);
        assert_eq!(parse_accept_language("en;q=0.5, ar"), ["ar", "en"]);
        assert_eq!(parse_accept_language("en;q=0, es"), ["es"]);
        assert_eq!(parse_accept_language("12345678901, en;q=abc, ;;, es"), ["es"]);
        assert!(parse_accept_language("").is_empty());
    }

    #[test]
    fn tags_are_validated_and_normalised() {
        assert_eq!(parse_tag("ar-jo").unwrap(), "ar-JO");
        assert_eq!(parse_tag("ils").unwrap(), "ils");
        assert!(parse_tag("not a tag").is_err());
        assert!(parse_tag("").is_err());
        assert!(parse_tag("en-").is_err());
    }

    #[test]
    fn arabic_script_is_right_to_left() {
        assert_eq!(dir_of("ar"), Dir::Rtl);
        assert_eq!(dir_of("ar-JO"), Dir::Rtl);
        assert_eq!(dir_of("ar-Latn"), Dir::Ltr);
        assert_eq!(dir_of("az-Arab"), Dir::Rtl);
        assert_eq!(dir_of("fr"), Dir::Ltr);
        assert_eq!(dir_of("ils"), Dir::Ltr);
        // Tags are case-insensitive; `_` is accepted as `-`.
        assert_eq!(dir_of("AR"), Dir::Rtl);
        assert_eq!(dir_of("ku_ARAB"), Dir::Rtl);
        assert_eq!(dir_of("ckb"), Dir::Rtl);
        assert_eq!(dir_of("ar-latn-JO"), Dir::Ltr);
        assert_eq!(dir_of(""), Dir::Ltr);
    }
}
