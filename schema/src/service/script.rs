//! Which writing system text is in, and the language a person's name is written in (DESIGN §4).
//!
//! A letter's script is Unicode's Script property (UAX #24), as the `unicode-script` crate gives
//! it, named by its ISO 15924 code. What Sanad adds is which scripts a language is usually
//! written in ([`LANGUAGE_SCRIPTS`]), and the rule that picks a name's language from them.

use std::collections::BTreeMap;

pub use unicode_script::Script;
use unicode_script::UnicodeScript;

/// The script a letter is in. `None` for a character that is not a letter (digits,
/// punctuation, spaces, combining accents) and for one that Unicode gives to no single script
/// (Common, Inherited or Unknown: `Ⓐ`, the Arabic short vowels, the kana length mark).
pub fn letter_script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    match c.script() {
        Script::Common | Script::Inherited | Script::Unknown => None,
        script => Some(script),
    }
}

/// The script each language is written in when its tag names none (CLDR's likely script),
/// for the languages conferences are held in; `Jpan` (Han with kana) and `Kore` (Han with
/// Hangul) as ISO 15924 names them. A language not listed is in no known script, and a script
/// with no language listed is one Sanad does not know.
const LANGUAGE_SCRIPTS: &[(&str, &[&str])] = &[
    (
        "Latn",
        &[
            "af", "ast", "ay", "az", "br", "bs", "ca", "co", "cs", "cy", "da", "de", "en", "eo", "es", "et", "eu",
            "ff", "fi", "fil", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gsw", "ha", "haw", "hr", "ht", "hu", "id",
            "ig", "is", "it", "jv", "kl", "ku", "la", "lb", "ln", "lt", "lv", "mg", "mi", "ms", "mt", "nb", "nl", "nn",
            "no", "ny", "oc", "om", "pl", "pt", "qu", "rm", "ro", "rw", "sc", "se", "sk", "sl", "sm", "sn", "so", "sq",
            "st", "su", "sv", "sw", "tk", "tl", "tn", "to", "tr", "ts", "uz", "vi", "wo", "xh", "yo", "zu",
        ],
    ),
    (
        "Arab",
        &[
            "ar", "fa", "ur", "ps", "sd", "ug", "ckb", "ks", "prs", "pnb", "bal", "acm", "acw", "aeb", "afb", "ajp",
            "apc", "arq", "ars", "ary", "arz", "ayh", "ayl", "shu",
        ],
    ),
    ("Hebr", &["he", "iw", "yi", "lad"]),
    ("Cyrl", &["ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "mn", "ba", "tt", "cv", "ce", "os", "ab", "sah"]),
    ("Grek", &["el", "grc"]),
    ("Armn", &["hy"]),
    ("Geor", &["ka"]),
    ("Syrc", &["syr"]),
    ("Thaa", &["dv"]),
    ("Deva", &["hi", "mr", "ne", "sa", "kok", "mai", "bho", "doi", "new"]),
    ("Beng", &["bn", "as"]),
    ("Guru", &["pa"]),
    ("Gujr", &["gu"]),
    ("Orya", &["or"]),
    ("Taml", &["ta"]),
    ("Telu", &["te"]),
    ("Knda", &["kn"]),
    ("Mlym", &["ml"]),
    ("Sinh", &["si"]),
    ("Thai", &["th"]),
    ("Laoo", &["lo"]),
    ("Tibt", &["bo", "dz"]),
    ("Mymr", &["my"]),
    ("Ethi", &["am", "ti", "gez"]),
    ("Khmr", &["km"]),
    ("Hani", &["zh", "cmn", "yue", "wuu", "hak", "nan", "gan", "hsn", "cdo", "cjy", "lzh"]),
    ("Jpan", &["ja"]),
    ("Kore", &["ko"]),
];

/// The script most of a name's letters are in (more than half of them), or `None` for a name
/// with no letters, mixed evenly, or in a script Sanad does not know. Digits, punctuation and
/// combining accents are not letters; Han written with kana is Japanese (`Jpan`), with Hangul
/// Korean (`Kore`).
fn name_script(name: &str) -> Option<&'static str> {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut letters = 0;
    for script in name.chars().filter_map(letter_script) {
        letters += 1;
        *counts.entry(script.short_name()).or_default() += 1;
    }
    for (with, writing) in [(&["Hira", "Kana"][..], "Jpan"), (&["Hang"][..], "Kore")] {
        let n: usize = with.iter().filter_map(|code| counts.remove(code)).sum();
        if n > 0 {
            let han = counts.remove("Hani").unwrap_or_default();
            counts.insert(writing, n + han);
        }
    }
    let (script, _) = counts.into_iter().find(|(_, n)| 2 * n > letters)?;
    LANGUAGE_SCRIPTS.iter().map(|(known, _)| *known).find(|known| *known == script)
}

/// The script a language tag's text is written in: its script subtag when it has one (the
/// only subtag of four letters before any extension), else its language's usual script.
fn language_script(tag: &str) -> Option<&'static str> {
    let mut subtags = tag.split(['-', '_']);
    let primary = subtags.next()?;
    let script =
        subtags.take_while(|s| s.len() > 1).find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()));
    if let Some(script) = script {
        let script = match script.to_ascii_lowercase().as_str() {
            "hans" | "hant" | "hani" => "Hani",
            "jpan" | "hira" | "kana" | "hrkt" => "Jpan",
            "kore" | "hang" => "Kore",
            _ => return LANGUAGE_SCRIPTS.iter().map(|(s, _)| *s).find(|s| s.eq_ignore_ascii_case(script)),
        };
        return Some(script);
    }
    LANGUAGE_SCRIPTS
        .iter()
        .find(|(_, languages)| languages.iter().any(|l| l.eq_ignore_ascii_case(primary)))
        .map(|(script, _)| *script)
}

/// The language tag of a person's name as written, from the script its letters are in, so
/// that a screen reader reads an Arabic name with an Arabic voice, right to left (DESIGN §4).
///
/// `fallback` (the language the source's texts are taken in) when it is written in that
/// script; else the first of the conference's languages that is; else the script alone
/// (`und-Arab`, `und-Cyrl`: BCP 47's undetermined language, whose direction is the script's).
/// A name with no letters, no clear majority script or a script Sanad does not know keeps
/// `fallback`. Han letters alone may be Chinese or Japanese.
pub fn name_language(name: &str, fallback: &str, conference_languages: &[String]) -> String {
    let Some(script) = name_script(name) else {
        return fallback.to_owned();
    };
    let written_in = |tag: &str| language_script(tag).is_some_and(|s| s == script || (script == "Hani" && s == "Jpan"));
    if written_in(fallback) {
        return fallback.to_owned();
    }
    match conference_languages.iter().find(|tag| written_in(tag)) {
        Some(tag) => tag.clone(),
        None => format!("und-{script}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::enums::Dir;
    use crate::service::language::{dir_of, parse_tag};

    fn tags(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn a_letters_script_is_unicodes_and_marks_digits_and_shared_signs_have_none() {
        for (c, script) in [
            ('a', Some(Script::Latin)),
            ('Ł', Some(Script::Latin)),
            ('ª', Some(Script::Latin)),
            ('Ａ', Some(Script::Latin)),
            ('أ', Some(Script::Arabic)),
            ('ڤ', Some(Script::Arabic)),
            ('ﻻ', Some(Script::Arabic)),
            ('Ю', Some(Script::Cyrillic)),
            ('ܐ', Some(Script::Syriac)),
            ('や', Some(Script::Hiragana)),
            ('ｱ', Some(Script::Katakana)),
            ('김', Some(Script::Hangul)),
            ('々', Some(Script::Han)),
            ('Ꭰ', Some(Script::Cherokee)),
            // Short vowels and accents are marks inherited from their letter, not letters.
            ('\u{064E}', None),
            ('\u{0301}', None),
            // Letters in no single script, digits, punctuation and spaces.
            ('Ⓐ', None),
            ('ー', None),
            ('ـ', None),
            ('1', None),
            ('٣', None),
            ('،', None),
            (' ', None),
            ('\u{0378}', None),
        ] {
            assert_eq!(letter_script(c), script, "{c:?} U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn every_usual_script_is_an_iso_15924_code_and_every_language_has_one() {
        let mut seen = Vec::new();
        for (script, languages) in LANGUAGE_SCRIPTS {
            // Jpan and Kore are ISO 15924 codes for mixtures, which Unicode gives no letter.
            assert!(
                ["Jpan", "Kore"].contains(script) || Script::from_short_name(script).is_some(),
                "{script} is not a Unicode script"
            );
            for language in *languages {
                assert_eq!(parse_tag(language).as_deref(), Ok(*language), "{language} is a canonical tag");
                assert!(!seen.contains(language), "{language} is listed twice");
                seen.push(language);
            }
        }
    }

    #[test]
    fn a_names_language_follows_the_script_of_its_letters() {
        // (name, fallback, conference languages, name's language)
        let cases: [(&str, &str, &[&str], &str); 27] = [
            // Arabic letters: the fallback when it is written in Arabic, else the first
            // conference language that is, else Arabic script alone.
            ("أمل صالح", "en", &["en", "ar"], "ar"),
            ("أمل صالح", "en", &["en", "fr"], "und-Arab"),
            ("أمل صالح", "en", &[], "und-Arab"),
            ("أمل صالح", "ar", &["ar", "en"], "ar"),
            ("أمل صالح", "ar-JO", &["ar-JO", "en"], "ar-JO"),
            ("أمل صالح", "fa", &["en", "ar"], "fa"),
            ("أمل صالح", "en", &["en", "fa", "ar"], "fa"),
            ("أمل صالح", "en", &["en", "az-Arab"], "az-Arab"),
            ("أمل صالح", "en", &["en", "ar-Latn"], "und-Arab"),
            ("أَمَل صَالِح", "en", &["en", "ar"], "ar"),
            // Latin letters: the fallback when it is written in Latin, else the first
            // conference language that is.
            ("Brian Robinson", "en", &["en", "ar"], "en"),
            ("Brian Robinson", "ar", &["ar", "en"], "en"),
            ("Brian Robinson", "ar", &["ar", "fr", "en"], "fr"),
            ("Brian Robinson", "ar", &["ar"], "und-Latn"),
            ("Zoë Ñúñez-Łęcka", "ar", &["ar", "es"], "es"),
            ("Amal Saleh", "ar", &["ar", "ar-Latn", "en"], "ar-Latn"),
            ("Jürgen Müller", "sr-Latn", &["sr-Latn", "en"], "sr-Latn"),
            // Other scripts.
            ("Юлия Петрова", "en", &["en", "ar"], "und-Cyrl"),
            ("Юлия Петрова", "en", &["en", "uk", "ru"], "uk"),
            ("Γιώργος Παπαδόπουλος", "en", &["el", "en"], "el"),
            ("אבי כהן", "en", &["en", "ar"], "und-Hebr"),
            ("山田太郎", "en", &["en", "ja"], "ja"),
            ("やまだ 太郎", "en", &["en", "zh", "ja"], "ja"),
            ("王伟", "en", &["en", "zh-Hant"], "zh-Hant"),
            ("김민준", "en", &["en"], "und-Kore"),
            // Most letters decide; letters evenly mixed keep the fallback.
            ("Dr. أمل صالح", "en", &["en", "ar"], "ar"),
            ("Amal صالح", "en", &["en", "ar"], "en"),
        ];
        for (name, fallback, languages, expected) in cases {
            assert_eq!(name_language(name, fallback, &tags(languages)), expected, "{name} ({fallback}, {languages:?})");
        }
    }

    #[test]
    fn a_names_script_counts_letters_not_marks_or_shared_signs() {
        // Fully vocalised: the short vowels, the shadda and the tatweel are not letters, so
        // the Arabic letters are all of them, however many marks there are.
        assert_eq!(name_script("مُحَمَّد"), Some("Arab"));
        assert_eq!(name_script("Ⓐ Ⓑ أمل"), Some("Arab"));
        assert_eq!(name_script("سـعـيـد Li"), Some("Arab"));
        // Katakana with its length mark, Hangul with Han (hanja) and kana with Hangul.
        assert_eq!(name_script("ヤマダ・タロー"), Some("Jpan"));
        assert_eq!(name_script("金민준"), Some("Kore"));
        assert_eq!(name_script("やまだ 김민준 태"), Some("Kore"));
        // A script Unicode knows but no language Sanad lists is written in.
        assert_eq!(name_script("ᎠᏍᎦᏯ"), None);
        assert_eq!(name_script("ᎠᏍᎦᏯ Li"), None);
        assert_eq!(name_script("ᎠᏍ Brian"), Some("Latn"));
    }

    #[test]
    fn a_name_without_letters_or_in_an_unknown_script_keeps_the_fallback() {
        for name in ["", "   ", "2026", "-- ?!", "Amal صالح", "Ⓐ", "ᎠᏍᎦᏯ"] {
            assert_eq!(name_language(name, "ar", &tags(&["ar", "en"])), "ar", "{name:?}");
            assert_eq!(name_language(name, "en", &tags(&["en", "ar"])), "en", "{name:?}");
        }
        // A fallback in no script Sanad knows is kept only for a name it cannot place.
        assert_eq!(name_language("1234", "ils", &tags(&["ils", "en"])), "ils");
        assert_eq!(name_language("Brian Robinson", "ils", &tags(&["ils", "en"])), "en");
    }

    #[test]
    fn a_names_language_is_a_tag_whose_direction_is_its_scripts() {
        for (name, languages, dir) in [
            ("أمل صالح", &["en", "fr"], Dir::Rtl),
            ("אבי כהן", &["en", "fr"], Dir::Rtl),
            ("ܐܦܪܝܡ", &["en", "fr"], Dir::Rtl),
            ("Юлия Петрова", &["en", "fr"], Dir::Ltr),
            ("Brian Robinson", &["ar", "fa"], Dir::Ltr),
        ] {
            let tag = name_language(name, languages[0], &tags(languages));
            assert_eq!(parse_tag(&tag).as_deref(), Ok(tag.as_str()), "{name}: {tag} is a canonical BCP 47 tag");
            assert_eq!(dir_of(&tag), dir, "{name}: {tag}");
        }
    }

    #[test]
    fn a_languages_script_is_its_subtag_or_its_usual_one() {
        for (tag, script) in [
            ("en", Some("Latn")),
            ("en-GB", Some("Latn")),
            ("ar", Some("Arab")),
            ("ar-JO", Some("Arab")),
            ("ajp", Some("Arab")),
            ("ar-Latn", Some("Latn")),
            ("sr", Some("Cyrl")),
            ("sr-Latn-RS", Some("Latn")),
            ("zh-Hans-CN", Some("Hani")),
            ("ja", Some("Jpan")),
            ("und-Arab", Some("Arab")),
            ("AR", Some("Arab")),
            ("ku_ARAB", Some("Arab")),
            ("en-u-nu-arab", Some("Latn")),
            ("ils", None),
            ("jos", None),
            ("und", None),
            ("x-klingon", None),
        ] {
            assert_eq!(language_script(tag), script, "{tag}");
        }
    }
}
