//! How a typed query and the programme's texts are made comparable.
//!
//! People type quickly on phones and with screen-reader keyboards: without accents ("Etats"),
//! Arabic without hamza, shadda or tanween ("الاعاقة" for "الإعاقة"), with ه for ة, with or
//! without the article. Both sides are folded the same way, word by word, so that each of
//! those finds what the carefully written word finds:
//!
//! 1. Unicode compatibility decomposition (NFKD, `unicode-normalization`), then every
//!    combining mark is dropped: Latin accents, Arabic tashkeel and the hamza written above
//!    or below a carrier (أ إ آ ؤ ئ decompose to ا ا ا و ي plus a mark).
//! 2. Lower case (Unicode, not ASCII), and a few letters that do not decompose (ß, œ, æ…).
//! 3. The Arabic letters people interchange ([`ARABIC`], a table tested cell by cell).
//! 4. Characters that are invisible or decorative inside a word are ignored: direction
//!    marks, zero-width joiners, tatweel, the soft hyphen.
//! 5. The Arabic article ال, alone or after و ب ك ف, and لل, at the start of a long enough
//!    word ([`strip_article`]).
//!
//! A word is a run of letters and digits (and the marks and invisible characters inside
//! it): punctuation, JSON syntax and markup characters are never part of a word.

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Arabic letters folded to the letter people type for them (after NFKD, which already takes
/// the hamza off أ إ آ ؤ ئ). Digits of the Arabic-Indic sets read as ASCII digits.
pub const ARABIC: &[(char, char)] = &[
    // Alef wasla does not decompose.
    ('\u{0671}', 'ا'),
    // Alef maksura is typed as yeh.
    ('ى', 'ي'),
    // Teh marbuta is typed as heh.
    ('ة', 'ه'),
    // Persian and Urdu forms of yeh and kaf, as keyboards of the region produce them.
    ('\u{06CC}', 'ي'),
    ('\u{06A9}', 'ك'),
    ('٠', '0'),
    ('١', '1'),
    ('٢', '2'),
    ('٣', '3'),
    ('٤', '4'),
    ('٥', '5'),
    ('٦', '6'),
    ('٧', '7'),
    ('٨', '8'),
    ('٩', '9'),
    ('۰', '0'),
    ('۱', '1'),
    ('۲', '2'),
    ('۳', '3'),
    ('۴', '4'),
    ('۵', '5'),
    ('۶', '6'),
    ('۷', '7'),
    ('۸', '8'),
    ('۹', '9'),
];

/// Lower-case letters that NFKD leaves whole but that people type as plain Latin letters.
const LATIN: &[(char, &str)] =
    &[('ß', "ss"), ('æ', "ae"), ('œ', "oe"), ('ø', "o"), ('đ', "d"), ('ð', "d"), ('ł', "l"), ('ı', "i"), ('þ', "th")];

/// Invisible or decorative inside a word: ignored, never a word break. Direction marks
/// (U+200E, U+200F, U+061C) and isolates are typed or pasted by RTL keyboards; tatweel
/// (U+0640) only stretches a word.
pub fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{0640}' | '\u{061C}' | '\u{180E}' | '\u{FEFF}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}')
}

fn in_word(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || is_ignorable(c)
}

/// One word of a text: its folded form and its place in the text (byte offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub folded: String,
    pub start: usize,
    pub end: usize,
}

/// The words of `text`, folded, in order. Runs that fold to nothing (marks alone) are skipped.
pub fn words(text: &str) -> Vec<Word> {
    let mut found = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (in_word(c) && at < text.len(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                let folded = fold_word(&text[from..at]);
                if !folded.is_empty() {
                    found.push(Word { folded, start: from, end: at });
                }
                start = None;
            }
            _ => {}
        }
    }
    found
}

/// One word folded (see the module's steps).
pub fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfkd() {
        if is_combining_mark(c) || is_ignorable(c) {
            continue;
        }
        if let Some(&(_, to)) = ARABIC.iter().find(|(from, _)| *from == c) {
            out.push(to);
            continue;
        }
        for lower in c.to_lowercase() {
            match LATIN.iter().find(|(from, _)| *from == lower) {
                Some((_, to)) => out.push_str(to),
                None => out.push(lower),
            }
        }
    }
    strip_article(out)
}

/// The Arabic article ال (also after the conjunction و and the prepositions ب ك ف, and as لل
/// after ل) is not part of the word people look for: "الإعاقة" and "إعاقة" are one word. Only
/// at the start of a word long enough to keep two letters, so short words stay whole.
pub fn strip_article(word: String) -> String {
    const PREFIXES: [(&str, usize); 6] = [("وال", 5), ("بال", 5), ("كال", 5), ("فال", 5), ("ال", 4), ("لل", 4)];
    let letters = word.chars().count();
    for (prefix, shortest) in PREFIXES {
        if letters >= shortest
            && let Some(rest) = word.strip_prefix(prefix)
        {
            return rest.to_owned();
        }
    }
    word
}

/// Words that add nothing to a query ("the", "de", "في"): a query may contain them, but an item
/// need not, or "assistance to victims" would miss "Victim assistance". They still count when
/// a query holds nothing else.
const STOP_WORDS: &[&str] = &[
    // English
    "a", "an", "and", "the", "of", "to", "in", "on", "for", "with", "at", "by", "from", "or", "is", "are",
    // French
    "le", "la", "les", "l", "d", "de", "des", "du", "un", "une", "et", "en", "au", "aux", "pour", "par", "sur", "dans",
    "avec", "à", // Spanish
    "el", "los", "las", "del", "y", "una", "para", "por", "con", "al", "o", "e", // Arabic
    "في", "من", "على", "إلى", "عن", "مع", "و", "أو", "التي", "الذي", "ب", "ل", "هذا", "هذه",
];

static STOPS: LazyLock<HashSet<String>> = LazyLock::new(|| STOP_WORDS.iter().map(|w| fold_word(w)).collect());

/// True for a folded word that is a stop word in one of the conference languages.
pub fn is_stop_word(folded: &str) -> bool {
    STOPS.contains(folded)
}

/// The text a reader sees, for indexing: HTML tags (`<p>`, `</em>`) and the targets of
/// Markdown links (`[text](https://…)`) are blanked out, so their words are never matched.
/// Offsets are kept: the result has the same length as `text`, so word offsets still point
/// into the original.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let rest = &text[at..];
        let opens_tag = c == '<' && rest[1..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '/' || n == '!');
        let hidden = if opens_tag {
            rest.find('>').map(|end| end + 1)
        } else if rest.starts_with("](") {
            rest.find(')').map(|end| end + 1)
        } else {
            None
        };
        match hidden {
            Some(len) => {
                out.extend(std::iter::repeat_n(' ', len));
                at += len;
            }
            None => {
                out.push(c);
                at += c.len_utf8();
            }
        }
    }
    out
}

/// True when `a` becomes `b` by one edit: a letter inserted, deleted or replaced, or two
/// neighbours swapped (Damerau–Levenshtein distance 1, the typos of a quick thumb). Compares
/// without allocating; `a == b` is not one edit.
pub fn one_edit_apart(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => {
            let differ: Vec<usize> = (0..short.len()).filter(|&i| short[i] != long[i]).take(3).collect();
            match differ.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && short[*i] == long[*j] && short[*j] == long[*i],
                _ => false,
            }
        }
        1 => {
            let first = (0..short.len()).find(|&i| short[i] != long[i]).unwrap_or(short.len());
            short[first..] == long[first + 1..]
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.folded).collect()
    }

    #[test]
    fn every_arabic_cell_folds_to_its_letter() {
        for &(from, to) in ARABIC {
            assert_eq!(fold_word(&from.to_string()), to.to_string(), "{from:?}");
        }
    }

    #[test]
    fn hamza_carriers_lose_the_hamza() {
        for (written, typed) in [("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ؤ", "و"), ("ئ", "ي")] {
            assert_eq!(fold_word(written), typed, "{written}");
        }
        assert_eq!(fold_word("ء"), "ء", "a lone hamza is a letter people type");
    }

    #[test]
    fn tashkeel_and_tatweel_go() {
        // Fatha, damma, kasra, shadda, sukun, tanween, superscript alef; then a tatweel.
        assert_eq!(fold_word("مُدَرِّسٌ"), "مدرس");
        assert_eq!(fold_word("رَحْمٰن"), "رحمن");
        assert_eq!(fold_word("إعـــاقة"), "اعاقه");
    }

    #[test]
    fn the_ways_a_word_is_typed_fold_to_one() {
        let careful = fold_word("الإعاقة");
        for typed in ["الاعاقة", "الاعاقه", "إعاقة", "اعاقه", "الإِعَاقَة", "والإعاقة", "بالإعاقة", "ال\u{200F}اعاقة"]
        {
            assert_eq!(fold_word(typed), careful, "{typed}");
        }
        assert_eq!(fold_word("للأشخاص"), fold_word("الأشخاص"));
        assert_eq!(fold_word("مستشفى"), fold_word("مستشفي"));
    }

    #[test]
    fn the_article_leaves_short_words_whole() {
        assert_eq!(strip_article("الم".to_owned()), "الم", "three letters: not an article");
        assert_eq!(strip_article("والد".to_owned()), "والد", "four letters after و: not an article");
        assert_eq!(strip_article("الباب".to_owned()), "باب");
        assert_eq!(strip_article("table".to_owned()), "table");
    }

    #[test]
    fn latin_folds_case_and_accents_in_every_language() {
        assert_eq!(folded("États Élève ÇA"), ["etats", "eleve", "ca"]);
        assert_eq!(folded("Straße Œuvre Æsir Øst Łódź"), ["strasse", "oeuvre", "aesir", "ost", "lodz"]);
        assert_eq!(folded("accesibilidad AÑO"), ["accesibilidad", "ano"]);
        assert_eq!(folded("İstanbul"), ["istanbul"]);
        assert_eq!(folded("ＡＢＣ ﬁn"), ["abc", "fin"], "compatibility forms fold to their letters");
    }

    #[test]
    fn digits_of_every_script_read_the_same() {
        assert_eq!(folded("Room ١٠٤ and ۱۰۴ and 104"), ["room", "104", "and", "104", "and", "104"]);
    }

    #[test]
    fn punctuation_and_json_are_never_words() {
        assert_eq!(folded(r#"{"es": "Sala"} -- ":" l'accessibilité"#), ["es", "sala", "l", "accessibilite"]);
        assert!(folded(r#"":" {} [] ... ؟،"#).is_empty());
    }

    #[test]
    fn words_keep_their_place_in_the_text() {
        let text = "Salle  «Pétra»";
        let found = words(text);
        assert_eq!(&text[found[1].start..found[1].end], "Pétra");
    }

    #[test]
    fn markup_is_blanked_but_keeps_its_length() {
        let text = "<p>Mine <em>action</em></p> [report](https://example.org/es) done";
        let seen = visible(text);
        assert_eq!(seen.len(), text.len());
        assert_eq!(folded(&seen), ["mine", "action", "report", "done"]);
        assert_eq!(folded(&visible("a < b and c > d")), ["a", "b", "and", "c", "d"], "a lone < is not a tag");
    }

    #[test]
    fn stop_words_are_known_in_each_language_after_folding() {
        for word in ["the", "de", "à", "del", "في", "إلى", "او"] {
            assert!(is_stop_word(&fold_word(word)), "{word}");
        }
        assert!(!is_stop_word("mine"));
    }

    #[test]
    fn one_edit_is_one_insertion_deletion_substitution_or_swap() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        let cases = [
            ("access", "acess", true),
            ("access", "accesss", true),
            ("access", "accbss", true),
            ("access", "acecss", true),
            ("access", "access", false),
            ("access", "acsecs", false),
            ("access", "acc", false),
            ("access", "axxess", false),
            ("اعاقه", "اعاق", true),
            ("اعاقه", "عااقه", true),
        ];
        for (a, b, expected) in cases {
            assert_eq!(one_edit_apart(&chars(a), &chars(b)), expected, "{a} / {b}");
            assert_eq!(one_edit_apart(&chars(b), &chars(a)), expected, "{b} / {a}");
        }
    }
}
