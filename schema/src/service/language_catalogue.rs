//! The languages Sanad knows without being told: a compiled-in catalogue, so that a conference
//! created on an empty database (`sanad conference create`) can use a language at once, with
//! its autonym, its writing direction and its name in the languages delegates read most.
//!
//! The `language` table otherwise gets rows only from an imported programme. Rows are added
//! when absent and never overwritten: a programme that names a language its own way keeps it.
//! A tag the catalogue does not know still gets a row (named by its tag), so nothing blocks.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

use crate::entities::enums::Dir;
use crate::entities::language;
use crate::entities::texts::Translations;
use crate::error::{AppError, AppResult};
use crate::service::language::{dir_of, parse_tag, primary_subtag};

/// What the catalogue says about one language tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogueEntry {
    /// The canonical tag asked for ("en-GB"), which may be more precise than the catalogue's.
    pub tag: String,
    /// The language's name in itself ("العربية"); sign languages, which have no written form
    /// of their own, are named as their community writes them.
    pub native_name: String,
    /// The direction of text in this tag (a script subtag wins over the language).
    pub dir: Dir,
    /// True for sign languages (International Sign `ils`, Jordanian Sign Language `jos`…).
    pub is_sign: bool,
    /// The language's name in other languages: always English, and French, Arabic and
    /// Spanish where known.
    pub name: Translations,
}

/// One row of the catalogue.
struct Known {
    tag: &'static str,
    native: &'static str,
    sign: bool,
    /// English, French, Arabic, Spanish; an empty string where unknown.
    en: &'static str,
    fr: &'static str,
    ar: &'static str,
    es: &'static str,
}

const fn spoken(
    tag: &'static str,
    native: &'static str,
    en: &'static str,
    fr: &'static str,
    ar: &'static str,
    es: &'static str,
) -> Known {
    Known { tag, native, sign: false, en, fr, ar, es }
}

const fn signed(
    tag: &'static str,
    native: &'static str,
    en: &'static str,
    fr: &'static str,
    ar: &'static str,
    es: &'static str,
) -> Known {
    Known { tag, native, sign: true, en, fr, ar, es }
}

/// The catalogue. The rows for en, fr, ar, es, ils and jos say what the demo programme says.
const CATALOGUE: &[Known] = &[
    spoken("en", "English", "English", "anglais", "الإنجليزية", "inglés"),
    spoken("fr", "Français", "French", "français", "الفرنسية", "francés"),
    spoken("ar", "العربية", "Arabic", "arabe", "العربية", "árabe"),
    spoken("es", "Español", "Spanish", "espagnol", "الإسبانية", "español"),
    spoken("de", "Deutsch", "German", "allemand", "الألمانية", "alemán"),
    spoken("ru", "Русский", "Russian", "russe", "الروسية", "ruso"),
    spoken("zh", "中文", "Chinese", "chinois", "الصينية", "chino"),
    spoken("pt", "Português", "Portuguese", "portugais", "البرتغالية", "portugués"),
    spoken("it", "Italiano", "Italian", "italien", "الإيطالية", "italiano"),
    spoken("nl", "Nederlands", "Dutch", "néerlandais", "الهولندية", "neerlandés"),
    spoken("tr", "Türkçe", "Turkish", "turc", "التركية", "turco"),
    spoken("fa", "فارسی", "Persian", "persan", "الفارسية", "persa"),
    spoken("ur", "اردو", "Urdu", "ourdou", "الأوردية", "urdu"),
    spoken("he", "עברית", "Hebrew", "hébreu", "العبرية", "hebreo"),
    spoken("hi", "हिन्दी", "Hindi", "hindi", "الهندية", "hindi"),
    spoken("bn", "বাংলা", "Bengali", "bengali", "البنغالية", "bengalí"),
    spoken("sw", "Kiswahili", "Swahili", "swahili", "السواحيلية", "suajili"),
    spoken("am", "አማርኛ", "Amharic", "amharique", "الأمهرية", "amárico"),
    spoken("uk", "Українська", "Ukrainian", "ukrainien", "الأوكرانية", "ucraniano"),
    spoken("pl", "Polski", "Polish", "polonais", "البولندية", "polaco"),
    spoken("ja", "日本語", "Japanese", "japonais", "اليابانية", "japonés"),
    spoken("ko", "한국어", "Korean", "coréen", "الكورية", "coreano"),
    spoken("id", "Bahasa Indonesia", "Indonesian", "indonésien", "الإندونيسية", "indonesio"),
    spoken("km", "ខ្មែរ", "Khmer", "khmer", "الخميرية", "jemer"),
    spoken("lo", "ລາວ", "Lao", "lao", "اللاوية", "lao"),
    spoken("vi", "Tiếng Việt", "Vietnamese", "vietnamien", "الفيتنامية", "vietnamita"),
    spoken("th", "ไทย", "Thai", "thaï", "التايلاندية", "tailandés"),
    spoken("ps", "پښتو", "Pashto", "pachto", "البشتو", "pastún"),
    spoken("so", "Soomaali", "Somali", "somali", "الصومالية", "somalí"),
    spoken("ha", "Hausa", "Hausa", "haoussa", "الهوسا", "hausa"),
    // Kurdish: `ku` is Kurmanji, written in Latin letters; `ckb` is Sorani, in Arabic script.
    spoken("ku", "Kurdî", "Kurdish", "kurde", "الكردية", "kurdo"),
    spoken("ckb", "کوردیی ناوەندی", "Central Kurdish (Sorani)", "sorani", "الكردية السورانية", "kurdo sorani"),
    signed(
        "ils",
        "International Sign",
        "International Sign",
        "langue des signes internationale",
        "لغة الإشارة الدولية",
        "Señas Internacionales",
    ),
    signed(
        "jos",
        "Jordanian Sign Language",
        "Jordanian Sign Language",
        "langue des signes jordanienne",
        "لغة الإشارة الأردنية",
        "lengua de señas jordana",
    ),
    signed(
        "ase",
        "American Sign Language",
        "American Sign Language",
        "langue des signes américaine",
        "لغة الإشارة الأمريكية",
        "lengua de señas americana",
    ),
    signed(
        "bfi",
        "British Sign Language",
        "British Sign Language",
        "langue des signes britannique",
        "لغة الإشارة البريطانية",
        "lengua de señas británica",
    ),
    signed(
        "fsl",
        "Langue des signes française",
        "French Sign Language",
        "langue des signes française",
        "لغة الإشارة الفرنسية",
        "lengua de señas francesa",
    ),
    signed(
        "gsg",
        "Deutsche Gebärdensprache",
        "German Sign Language",
        "langue des signes allemande",
        "لغة الإشارة الألمانية",
        "lengua de señas alemana",
    ),
];

fn find(tag: &str) -> Option<&'static Known> {
    CATALOGUE.iter().find(|known| known.tag.eq_ignore_ascii_case(tag))
}

/// What the catalogue knows about `tag`: the entry for the tag itself, or else for its primary
/// language ("en-GB" is named as "en" but keeps its own tag and direction). `None` for a tag
/// that is not well-formed BCP 47 or whose language the catalogue does not know.
pub fn lookup(tag: &str) -> Option<CatalogueEntry> {
    let tag = parse_tag(tag).ok()?;
    let known = find(&tag).or_else(|| find(primary_subtag(&tag)))?;
    let name = [("en", known.en), ("fr", known.fr), ("ar", known.ar), ("es", known.es)]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(lang, value)| (lang.to_owned(), value.to_owned()))
        .collect();
    Some(CatalogueEntry {
        dir: dir_of(&tag),
        tag,
        native_name: known.native.to_owned(),
        is_sign: known.sign,
        name: Translations(name),
    })
}

/// Every tag the catalogue holds, in its order.
pub fn tags() -> impl Iterator<Item = &'static str> {
    CATALOGUE.iter().map(|known| known.tag)
}

/// Makes sure the `language` table has a row for `tag`, inserting one from the catalogue when
/// it has none (an existing row is kept as it is). A tag the catalogue does not know gets a
/// row named by the tag itself. Returns whether the catalogue knew the tag, so callers can
/// say that its name should be given. Run it inside the caller's transaction.
pub async fn ensure(txn: &impl ConnectionTrait, tag: &str, now: DateTime<Utc>) -> AppResult<bool> {
    let tag = parse_tag(tag).map_err(|message| AppError::bad_input("languages", message))?;
    let found = lookup(&tag);
    let known = found.is_some();
    let entry = found.unwrap_or_else(|| CatalogueEntry {
        dir: dir_of(&tag),
        native_name: tag.clone(),
        is_sign: false,
        name: Translations([("en".to_owned(), tag.clone())].into_iter().collect()),
        tag,
    });
    let row = language::ActiveModel {
        tag: Set(entry.tag),
        native_name: Set(entry.native_name),
        name: Set(entry.name),
        dir: Set(entry.dir),
        is_sign: Set(entry.is_sign),
        updated_at: Set(now),
    };
    // One statement, and no failure when another writer added the row first.
    language::Entity::insert(row).on_conflict_do_nothing_on([language::Column::Tag]).exec(txn).await?;
    Ok(known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::language::scripts::{is_arabic_letter, is_latin_letter};

    /// tag asked → (tag served, native name, dir, sign, en, fr, ar, es); `None` when unknown.
    type Row = (
        &'static str,
        Option<(&'static str, &'static str, Dir, bool, &'static str, &'static str, &'static str, &'static str)>,
    );

    const CELLS: &[Row] = &[
        ("en", Some(("en", "English", Dir::Ltr, false, "English", "anglais", "الإنجليزية", "inglés"))),
        ("ar", Some(("ar", "العربية", Dir::Rtl, false, "Arabic", "arabe", "العربية", "árabe"))),
        ("fa", Some(("fa", "فارسی", Dir::Rtl, false, "Persian", "persan", "الفارسية", "persa"))),
        ("ur", Some(("ur", "اردو", Dir::Rtl, false, "Urdu", "ourdou", "الأوردية", "urdu"))),
        ("he", Some(("he", "עברית", Dir::Rtl, false, "Hebrew", "hébreu", "العبرية", "hebreo"))),
        ("ps", Some(("ps", "پښتو", Dir::Rtl, false, "Pashto", "pachto", "البشتو", "pastún"))),
        (
            "ckb",
            Some((
                "ckb",
                "کوردیی ناوەندی",
                Dir::Rtl,
                false,
                "Central Kurdish (Sorani)",
                "sorani",
                "الكردية السورانية",
                "kurdo sorani",
            )),
        ),
        ("ku", Some(("ku", "Kurdî", Dir::Ltr, false, "Kurdish", "kurde", "الكردية", "kurdo"))),
        ("zh", Some(("zh", "中文", Dir::Ltr, false, "Chinese", "chinois", "الصينية", "chino"))),
        ("km", Some(("km", "ខ្មែរ", Dir::Ltr, false, "Khmer", "khmer", "الخميرية", "jemer"))),
        (
            "ils",
            Some((
                "ils",
                "International Sign",
                Dir::Ltr,
                true,
                "International Sign",
                "langue des signes internationale",
                "لغة الإشارة الدولية",
                "Señas Internacionales",
            )),
        ),
        (
            "jos",
            Some((
                "jos",
                "Jordanian Sign Language",
                Dir::Ltr,
                true,
                "Jordanian Sign Language",
                "langue des signes jordanienne",
                "لغة الإشارة الأردنية",
                "lengua de señas jordana",
            )),
        ),
        (
            "gsg",
            Some((
                "gsg",
                "Deutsche Gebärdensprache",
                Dir::Ltr,
                true,
                "German Sign Language",
                "langue des signes allemande",
                "لغة الإشارة الألمانية",
                "lengua de señas alemana",
            )),
        ),
        // Case is made canonical; a region keeps its tag and takes its language's names.
        ("EN-gb", Some(("en-GB", "English", Dir::Ltr, false, "English", "anglais", "الإنجليزية", "inglés"))),
        ("ar-JO", Some(("ar-JO", "العربية", Dir::Rtl, false, "Arabic", "arabe", "العربية", "árabe"))),
        // A script subtag decides the direction.
        ("ku-Arab", Some(("ku-Arab", "Kurdî", Dir::Rtl, false, "Kurdish", "kurde", "الكردية", "kurdo"))),
        ("tlh", None),
        ("not a tag", None),
        ("", None),
    ];

    #[test]
    fn lookup_cell_by_cell() {
        for (asked, expected) in CELLS {
            let got = lookup(asked);
            let Some((tag, native, dir, sign, en, fr, ar, es)) = expected else {
                assert_eq!(got, None, "{asked}");
                continue;
            };
            let got = got.unwrap_or_else(|| panic!("{asked} is in the catalogue"));
            assert_eq!(got.tag, *tag, "{asked}: tag");
            assert_eq!(got.native_name, *native, "{asked}: native name");
            assert_eq!(got.dir, *dir, "{asked}: dir");
            assert_eq!(got.is_sign, *sign, "{asked}: sign");
            for (lang, name) in [("en", en), ("fr", fr), ("ar", ar), ("es", es)] {
                assert_eq!(got.name.get(lang), Some(*name), "{asked}: name in {lang}");
            }
        }
    }

    #[test]
    fn the_catalogue_is_complete_and_well_formed() {
        let expected = [
            "en", "fr", "ar", "es", "de", "ru", "zh", "pt", "it", "nl", "tr", "fa", "ur", "he", "hi", "bn", "sw", "am",
            "uk", "pl", "ja", "ko", "id", "km", "lo", "vi", "th", "ps", "so", "ha", "ku", "ckb", "ils", "jos", "ase",
            "bfi", "fsl", "gsg",
        ];
        let tags: Vec<&str> = tags().collect();
        assert_eq!(tags, expected);
        let mut rtl = Vec::new();
        let mut sign = Vec::new();
        for known in CATALOGUE {
            assert_eq!(parse_tag(known.tag).as_deref(), Ok(known.tag), "{} is canonical", known.tag);
            assert_eq!(CATALOGUE.iter().filter(|k| k.tag == known.tag).count(), 1, "{} once", known.tag);
            for value in [known.native, known.en, known.fr, known.ar, known.es] {
                assert!(!value.trim().is_empty() && value.trim() == value, "{}: {value:?}", known.tag);
            }
            let entry = lookup(known.tag).unwrap_or_else(|| panic!("{}", known.tag));
            if entry.dir == Dir::Rtl {
                rtl.push(known.tag);
            }
            if entry.is_sign {
                sign.push(known.tag);
            }
            // Arabic names are written in Arabic script, and the others are not.
            assert!(known.ar.chars().all(|c| is_arabic_letter(c) || c == ' '), "{}", known.tag);
            for latin in [known.en, known.fr, known.es] {
                assert!(latin.chars().all(|c| is_latin_letter(c) || " ()".contains(c)), "{}: {latin}", known.tag);
            }
        }
        assert_eq!(rtl, ["ar", "fa", "ur", "he", "ps", "ckb"]);
        assert_eq!(sign, ["ils", "jos", "ase", "bfi", "fsl", "gsg"]);
    }
}
