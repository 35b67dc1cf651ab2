//! Search over one conference: sessions, speakers, rooms, places, glossary, documents and
//! announcements, in every language they are written in.
//!
//! Screen-reader users find things by searching far more than by scrolling, and type in a
//! hurry. The index is built once per programme version from the conference's rows (so a
//! query reads no SQL) and answers from memory:
//!
//! - every text is split into words and folded ([`fold`]: case, accents, Arabic letter forms
//!   and article), so what is typed and what is written meet halfway;
//! - the distinct folded words form a sorted vocabulary, each with the fields it occurs in
//!   (an inverted index). A query word is looked up exactly, then as a prefix, then, when
//!   neither finds anything, with one typo forgiven, by comparing it with the vocabulary's
//!   words of about its length rather than with every text;
//! - every query word must be found in an item, except stop words ("de", "the", "في");
//! - items are ranked by how well each word matched (exact, prefix, typo) and where (titles
//!   and names above summaries above descriptions), with a bonus when one field holds them
//!   all, then in programme order.
//!
//! The index holds no rule about who may see what: the caller's `wanted` filter decides
//! (announcements only once published).

pub mod fold;

use std::collections::{BTreeMap, HashMap};

use async_graphql::Enum;

/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most distinct words in a query.
pub const MAX_QUERY_WORDS: usize = 16;
/// Texts longer than this (in characters) are shortened around the match.
const SNIPPET_CHARS: usize = 160;
/// Words kept before and after the matched word in a shortened text.
const SNIPPET_BEFORE: usize = 6;
const SNIPPET_AFTER: usize = 14;

/// What a search hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Enum)]
pub enum SearchKind {
    /// A session of the programme.
    Session,
    /// A speaker.
    Speaker,
    /// A meeting room.
    Room,
    /// A point of interest of the venue: an entrance, a lift, a quiet room, a help desk…
    PointOfInterest,
    /// An acronym or term of the glossary.
    GlossaryEntry,
    /// A document of a session.
    Document,
    /// A published announcement.
    Announcement,
}

/// The field of an item that a search matched in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Enum)]
pub enum SearchField {
    /// A session's or document's title, or an announcement's.
    Title,
    /// A session's summary.
    Summary,
    /// A session's plain-language summary.
    PlainSummary,
    /// The name of a speaker of a session (as written or in Latin letters).
    SpeakerName,
    /// A name: of a speaker (as written), a room or a point of interest.
    Name,
    /// A speaker's name in Latin letters.
    Transliteration,
    /// How a speaker's name is said (the plain hint).
    Pronunciation,
    /// A speaker's organisation.
    Affiliation,
    /// A speaker's job title.
    JobTitle,
    /// A description: of a point of interest or a document.
    Description,
    /// A room's layout, as described to someone arriving.
    Layout,
    /// A glossary term or acronym.
    Term,
    /// What an acronym stands for.
    Expansion,
    /// How a glossary term is said.
    SpokenAs,
    /// A glossary term's definition.
    Definition,
    /// What changed, in an announcement.
    WhatChanged,
    /// What to do, in an announcement.
    WhatToDo,
}

impl SearchField {
    /// How much a match in this field says about the item: names and titles most.
    pub fn weight(self) -> u32 {
        use SearchField::*;
        match self {
            Title | Name | Transliteration | Term => 3,
            Summary | PlainSummary | SpeakerName | Pronunciation | Affiliation | JobTitle | Expansion | SpokenAs
            | WhatChanged => 2,
            Description | Layout | Definition | WhatToDo => 1,
        }
    }
}

/// One field of an item in one language.
#[derive(Clone, Debug)]
pub struct FieldText {
    pub field: SearchField,
    /// BCP 47 tag of the language the text is in.
    pub lang: String,
    pub text: String,
}

/// Something to index: the item the caller will serve, and its texts.
#[derive(Debug)]
pub struct Entry<T> {
    pub item: T,
    pub kind: SearchKind,
    pub fields: Vec<FieldText>,
}

/// A query refused as bad input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryError {
    TooLong,
    TooManyWords,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::TooLong => write!(f, "at most {MAX_QUERY_CHARS} characters"),
            QueryError::TooManyWords => write!(f, "at most {MAX_QUERY_WORDS} words"),
        }
    }
}

#[derive(Debug)]
struct QueryWord {
    folded: String,
    chars: Vec<char>,
    /// A stop word in a query that has other words: an item need not contain it.
    optional: bool,
}

/// A parsed query: its distinct folded words.
#[derive(Debug)]
pub struct Query {
    words: Vec<QueryWord>,
}

impl Query {
    pub fn parse(text: &str) -> Result<Self, QueryError> {
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong);
        }
        let mut words: Vec<QueryWord> = Vec::new();
        for word in fold::words(text) {
            if !words.iter().any(|known| known.folded == word.folded) {
                let chars = word.folded.chars().collect();
                words.push(QueryWord { folded: word.folded, chars, optional: false });
            }
        }
        if words.len() > MAX_QUERY_WORDS {
            return Err(QueryError::TooManyWords);
        }
        if !words.iter().all(|w| fold::is_stop_word(&w.folded)) {
            for word in &mut words {
                word.optional = fold::is_stop_word(&word.folded);
            }
        }
        Ok(Self { words })
    }

    /// True when the query has no word at all (empty, blank, punctuation only).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// How a query word met a word of the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Quality {
    /// One letter added, missing, wrong or swapped.
    Typo = 1,
    /// The start of a longer word.
    Prefix = 2,
    Exact = 4,
}

impl QueryWord {
    /// How this query word meets a word of a text, if it does.
    fn meets(&self, word: &str) -> Option<Quality> {
        if word == self.folded {
            Some(Quality::Exact)
        } else if self.chars.len() >= 3 && word.starts_with(&self.folded) {
            Some(Quality::Prefix)
        } else if self.chars.len() >= 5 {
            let chars: Vec<char> = word.chars().collect();
            fold::one_edit_apart(&self.chars, &chars).then_some(Quality::Typo)
        } else {
            None
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Posting {
    entry: u32,
    field: u16,
}

/// One hit of a search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    entry: u32,
    /// The field that holds most of the query's words (the best of them on a tie).
    field: u16,
    pub score: u32,
    /// Some query word was found only by forgiving a typo.
    pub approximate: bool,
}

/// The search index of one conference at one programme version.
#[derive(Debug)]
pub struct SearchIndex<T> {
    entries: Vec<Entry<T>>,
    /// Distinct folded words, sorted.
    vocabulary: Vec<Box<str>>,
    /// The same words as letters, for typo matching without allocating.
    letters: Vec<Box<[char]>>,
    /// Where each word of the vocabulary occurs: (entry, field), each once.
    postings: Vec<Box<[Posting]>>,
    /// The vocabulary's words by their number of letters.
    by_length: Vec<Vec<u32>>,
}

impl<T> SearchIndex<T> {
    pub fn build(entries: Vec<Entry<T>>) -> Self {
        let mut words: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        for (e, entry) in entries.iter().enumerate() {
            for (f, field) in entry.fields.iter().enumerate() {
                let posting = Posting { entry: e as u32, field: f as u16 };
                for word in fold::words(&fold::visible(&field.text)) {
                    let list = words.entry(word.folded).or_default();
                    if list.last() != Some(&posting) {
                        list.push(posting);
                    }
                }
            }
        }
        let mut index = Self {
            entries,
            vocabulary: Vec::with_capacity(words.len()),
            letters: Vec::with_capacity(words.len()),
            postings: Vec::with_capacity(words.len()),
            by_length: Vec::new(),
        };
        for (id, (word, postings)) in words.into_iter().enumerate() {
            let letters: Box<[char]> = word.chars().collect();
            if index.by_length.len() <= letters.len() {
                index.by_length.resize_with(letters.len() + 1, Vec::new);
            }
            index.by_length[letters.len()].push(id as u32);
            index.letters.push(letters);
            index.vocabulary.push(word.into_boxed_str());
            index.postings.push(postings.into_boxed_slice());
        }
        index
    }

    /// How many items are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The item of a hit and its kind.
    pub fn item(&self, hit: &Hit) -> (&T, SearchKind) {
        let entry = &self.entries[hit.entry as usize];
        (&entry.item, entry.kind)
    }

    /// The field a hit matched best in.
    pub fn field(&self, hit: &Hit) -> SearchField {
        self.entries[hit.entry as usize].fields[hit.field as usize].field
    }

    /// The words of the vocabulary this query word meets, and how. Typos are forgiven when the
    /// word meets nothing otherwise, or always when `forgiving`.
    fn meetings(&self, word: &QueryWord, forgiving: bool) -> Vec<(usize, Quality)> {
        let start = self.vocabulary.partition_point(|known| **known < *word.folded);
        let mut found = Vec::new();
        for (id, known) in self.vocabulary.iter().enumerate().skip(start) {
            match word.meets(known) {
                Some(quality @ (Quality::Exact | Quality::Prefix)) => found.push((id, quality)),
                _ => break,
            }
        }
        if (found.is_empty() || forgiving) && word.chars.len() >= 5 {
            let n = word.chars.len();
            for length in n - 1..=n + 1 {
                for &id in self.by_length.get(length).into_iter().flatten() {
                    // A prefix match may also be one edit away ("resource", "resources").
                    let known = found.iter().any(|(f, _)| *f == id as usize);
                    if !known && fold::one_edit_apart(&word.chars, &self.letters[id as usize]) {
                        found.push((id as usize, Quality::Typo));
                    }
                }
            }
        }
        found
    }

    /// The items that hold every required word of `query` and pass `wanted`, best first.
    ///
    /// A typo is first forgiven only in a word the programme does not have at all. When that
    /// finds nothing, every word of 5+ letters may be a slip for another word ("resources"
    /// is English, but typed in French for "ressources"), and the search is run again so.
    pub fn search(&self, query: &Query, wanted: impl Fn(&T, SearchKind) -> bool) -> Vec<Hit> {
        let hits = self.search_with(query, &wanted, false);
        if hits.is_empty() && query.words.iter().any(|w| w.chars.len() >= 5) {
            return self.search_with(query, &wanted, true);
        }
        hits
    }

    fn search_with(&self, query: &Query, wanted: &impl Fn(&T, SearchKind) -> bool, forgiving: bool) -> Vec<Hit> {
        #[derive(Default)]
        struct Found {
            /// The best weighted quality of each query word.
            best: [u32; MAX_QUERY_WORDS],
            /// Query words whose best match forgave a typo.
            typo: u32,
            /// Each field that holds a query word, with how well it meets each query word.
            fields: Vec<(u16, [u8; MAX_QUERY_WORDS])>,
        }
        let mut found: HashMap<u32, Found> = HashMap::new();
        for (i, word) in query.words.iter().enumerate() {
            let bit = 1u32 << i;
            for (id, quality) in self.meetings(word, forgiving) {
                for posting in self.postings[id].iter() {
                    let field = self.entries[posting.entry as usize].fields[posting.field as usize].field;
                    let score = quality as u32 * field.weight();
                    let at = found.entry(posting.entry).or_default();
                    if score > at.best[i] {
                        at.best[i] = score;
                        if quality == Quality::Typo {
                            at.typo |= bit;
                        } else {
                            at.typo &= !bit;
                        }
                    }
                    let slot = match at.fields.iter().position(|(f, _)| *f == posting.field) {
                        Some(slot) => slot,
                        None => {
                            at.fields.push((posting.field, [0; MAX_QUERY_WORDS]));
                            at.fields.len() - 1
                        }
                    };
                    let met = &mut at.fields[slot].1[i];
                    *met = (*met).max(quality as u8);
                }
            }
        }
        let required: u32 = query.words.iter().enumerate().filter(|(_, w)| !w.optional).map(|(i, _)| 1 << i).sum();
        let mut hits: Vec<Hit> = found
            .into_iter()
            .filter_map(|(entry, at)| {
                let matched: u32 = (0..query.words.len()).filter(|&i| at.best[i] > 0).map(|i| 1 << i).sum();
                if matched & required != required {
                    return None;
                }
                let item = &self.entries[entry as usize];
                if !wanted(&item.item, item.kind) {
                    return None;
                }
                // The field to show: the one holding most query words, then the one where they
                // meet best (exact in a title over a typo in it), then the first.
                let rank = |(field, met): &(u16, [u8; MAX_QUERY_WORDS])| {
                    let weight = item.fields[*field as usize].field.weight();
                    let words = met.iter().filter(|q| **q > 0).count();
                    let score: u32 = met.iter().map(|q| u32::from(*q) * weight).sum();
                    (words, score, std::cmp::Reverse(*field))
                };
                let best = at.fields.iter().max_by_key(|field| rank(field))?;
                let together = matched.count_ones() > 1 && rank(best).0 == matched.count_ones() as usize;
                let score = at.best.iter().sum::<u32>() + if together { 4 } else { 0 };
                Some(Hit { entry, field: best.0, score, approximate: at.typo & matched != 0 })
            })
            .collect();
        hits.sort_by_key(|hit| (std::cmp::Reverse(hit.score), hit.entry));
        hits
    }

    /// The matched field of a hit: its language and its text, shortened around the first
    /// matched word when long ("… words around the match …").
    pub fn matched(&self, hit: &Hit, query: &Query) -> (&str, String) {
        let field = &self.entries[hit.entry as usize].fields[hit.field as usize];
        let text = field.text.trim();
        if text.chars().count() <= SNIPPET_CHARS {
            return (&field.lang, text.to_owned());
        }
        let words = fold::words(&fold::visible(text));
        let at = words.iter().position(|word| query.words.iter().any(|q| q.meets(&word.folded).is_some())).unwrap_or(0);
        let (Some(first), Some(last)) =
            (words.get(at.saturating_sub(SNIPPET_BEFORE)), words.get((at + SNIPPET_AFTER).min(words.len() - 1)))
        else {
            return (&field.lang, text.to_owned());
        };
        let mut snippet = String::new();
        if first.start > 0 {
            snippet.push_str("… ");
        }
        snippet.push_str(&text[first.start..last.end]);
        if last.end < text.len() {
            snippet.push_str(" …");
        }
        (&field.lang, snippet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(field: SearchField, lang: &str, text: &str) -> FieldText {
        FieldText { field, lang: lang.to_owned(), text: text.to_owned() }
    }

    fn index() -> SearchIndex<&'static str> {
        SearchIndex::build(vec![
            Entry {
                item: "victims",
                kind: SearchKind::Session,
                fields: vec![
                    field(SearchField::Title, "en", "Victim assistance in national plans"),
                    field(SearchField::Title, "fr", "L'assistance aux victimes dans les plans nationaux"),
                    field(SearchField::Title, "ar", "مساعدة الضحايا في الخطط الوطنية"),
                    field(SearchField::Summary, "en", "How States report on accessibility."),
                ],
            },
            Entry {
                item: "disability",
                kind: SearchKind::Session,
                fields: vec![
                    field(SearchField::Title, "ar", "حقوق الأشخاص ذوي الإعاقة"),
                    field(SearchField::Title, "fr", "Les droits des personnes handicapées et les États"),
                ],
            },
            Entry {
                item: "hall",
                kind: SearchKind::Room,
                fields: vec![
                    field(SearchField::Name, "en", "Petra Hall"),
                    field(SearchField::Layout, "en", "Step-free entrance beside the national flags."),
                ],
            },
        ])
    }

    fn items(index: &SearchIndex<&'static str>, query: &str) -> Vec<&'static str> {
        let query = Query::parse(query).unwrap();
        index.search(&query, |_, _| true).iter().map(|hit| *index.item(hit).0).collect()
    }

    #[test]
    fn typed_as_people_type_finds_what_is_written() {
        let index = index();
        assert_eq!(items(&index, "الاعاقه"), ["disability"]);
        assert_eq!(items(&index, "اعاقة"), ["disability"]);
        assert_eq!(items(&index, "etats"), ["disability"]);
        assert_eq!(items(&index, "HANDICAPEES"), ["disability"]);
        assert_eq!(items(&index, "الضحايا"), ["victims"]);
    }

    #[test]
    fn every_word_is_needed_but_stop_words_are_not() {
        let index = index();
        assert_eq!(items(&index, "assistance to victims"), ["victims"]);
        assert_eq!(items(&index, "assistance petra"), Vec::<&str>::new());
        assert_eq!(items(&index, "the victims"), ["victims"], "no \"the\" in it: optional");
        assert_eq!(items(&index, "the"), ["hall"], "alone, a stop word is required");
    }

    #[test]
    fn prefixes_from_three_letters_and_one_typo_from_five() {
        let index = index();
        assert_eq!(items(&index, "vic"), ["victims"]);
        assert_eq!(items(&index, "vi"), Vec::<&str>::new());
        let query = Query::parse("asistance").unwrap();
        let hits = index.search(&query, |_, _| true);
        assert_eq!(hits.len(), 1);
        assert!(hits[0].approximate);
        let exact = Query::parse("assistance").unwrap();
        assert!(!index.search(&exact, |_, _| true)[0].approximate);
        assert_eq!(items(&index, "petr"), ["hall"], "a prefix, not a typo");
        assert_eq!(items(&index, "ptra"), Vec::<&str>::new(), "four letters: no typo forgiven");
    }

    #[test]
    fn a_slip_into_a_word_of_another_language_is_forgiven_when_nothing_else_is_found() {
        let index = SearchIndex::build(vec![
            Entry {
                item: "english",
                kind: SearchKind::Session,
                fields: vec![field(SearchField::Title, "en", "New resources for victim assistance")],
            },
            Entry {
                item: "map",
                kind: SearchKind::Document,
                fields: vec![field(SearchField::Title, "fr", "Cartographie des ressources")],
            },
        ]);
        // "resources" is a word of the programme (English), typed in French for "ressources".
        assert_eq!(items(&index, "resources"), ["english"], "alone, the word as typed is meant");
        let query = Query::parse("cartographie des resources").unwrap();
        let hits = index.search(&query, |_, _| true);
        assert_eq!(hits.iter().map(|hit| *index.item(hit).0).collect::<Vec<_>>(), ["map"]);
        assert!(hits[0].approximate);
    }

    #[test]
    fn titles_outrank_descriptions_and_exact_outranks_prefix() {
        let index = index();
        // "national" is in a title of "victims" and in the layout of "hall".
        assert_eq!(items(&index, "national"), ["victims", "hall"]);
        let query = Query::parse("national").unwrap();
        let hits = index.search(&query, |_, _| true);
        let (lang, text) = index.matched(&hits[0], &query);
        assert_eq!((lang, text.as_str()), ("en", "Victim assistance in national plans"));
    }

    #[test]
    fn the_caller_filters_and_nothing_is_matched_in_syntax() {
        let index = index();
        let query = Query::parse("national").unwrap();
        let rooms = index.search(&query, |_, kind| kind == SearchKind::Room);
        assert_eq!(rooms.len(), 1);
        assert!(Query::parse(r#"":" {} ؟"#).unwrap().is_empty());
        assert_eq!(items(&index, "en"), Vec::<&str>::new(), "language tags are not words of the texts");
    }

    #[test]
    fn bad_queries_are_refused() {
        assert_eq!(Query::parse(&"a".repeat(MAX_QUERY_CHARS + 1)).unwrap_err(), QueryError::TooLong);
        let many: Vec<String> = (0..=MAX_QUERY_WORDS).map(|i| format!("word{i}")).collect();
        assert_eq!(Query::parse(&many.join(" ")).unwrap_err(), QueryError::TooManyWords);
        assert!(Query::parse(&"word ".repeat(MAX_QUERY_WORDS * 2)).is_ok(), "repeated words count once");
    }

    #[test]
    fn long_texts_are_shortened_around_the_match() {
        let long = format!("{} mines {}", "alpha ".repeat(40), "omega ".repeat(40));
        let index = SearchIndex::build(vec![Entry {
            item: (),
            kind: SearchKind::Document,
            fields: vec![field(SearchField::Description, "en", &long)],
        }]);
        let query = Query::parse("mine").unwrap();
        let hits = index.search(&query, |_, _| true);
        let (_, snippet) = index.matched(&hits[0], &query);
        assert!(snippet.starts_with("… alpha") && snippet.ends_with("omega …"), "{snippet}");
        assert!(snippet.contains("mines") && snippet.chars().count() < 200, "{snippet}");
    }
}
