//! What the app's operations answer (the shapes of `operations/*.graphql`) and the templates
//! that render them. Views hold no rules: what a delegate may do comes from the API, what is
//! shown is what the API gave them, in the language the API says each text is in.

use askama::Template;
use chrono::NaiveDate;
use chrono::{DateTime, FixedOffset};
use sanad_schema::entities::enums::{DocumentFormat, Fact, SessionKind, SessionStatus, Severity, SpeakerRole};
use serde::Deserialize;

use super::i18n::{Msg, Tr};
use crate::web::lang::UiLang;
pub use crate::web::view::{LanguageLink, Problem, Text, Val};

// ---- Shapes shared by several operations ----

#[derive(Debug, Deserialize)]
pub struct Me {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct Day {
    pub date: NaiveDate,
    pub label: Text,
}

#[derive(Debug, Deserialize)]
pub struct Spoken {
    pub spoken: Text,
}

#[derive(Debug, Deserialize)]
pub struct Language {
    pub tag: String,
    pub name: Text,
}

#[derive(Debug, Deserialize)]
pub struct Channel {
    #[serde(default)]
    pub channel: Option<String>,
    pub language: Language,
}

#[derive(Debug, Deserialize)]
pub struct LineLanguages {
    pub sign: Vec<Language>,
    pub interpretation: Vec<Channel>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Captions {
    pub available: Fact,
    #[serde(default)]
    pub stream_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineRoom {
    pub name: Text,
    pub step_free: Fact,
}

/// A session as the programme and the agenda list it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    pub id: String,
    pub kind: SessionKind,
    pub status: SessionStatus,
    pub day: NaiveDate,
    pub is_in_my_agenda: Option<bool>,
    pub title: Text,
    pub time: Spoken,
    pub room: Option<LineRoom>,
    pub languages: LineLanguages,
    pub captions: Captions,
}

impl Line {
    pub fn href(&self) -> String {
        format!("/sessions/{}", self.id)
    }

    pub fn in_agenda(&self) -> bool {
        self.is_in_my_agenda == Some(true)
    }

    pub fn changed(&self) -> bool {
        self.status != SessionStatus::Scheduled
    }
}

/// Sessions of one day, under the day's label.
pub struct DayGroup<'a> {
    pub label: Option<&'a Text>,
    pub date: NaiveDate,
    pub lines: Vec<&'a Line>,
}

/// Groups `lines` (in time order) by day, labelled from `days`.
pub fn by_day<'a>(lines: &'a [Line], days: &'a [Day]) -> Vec<DayGroup<'a>> {
    let mut groups: Vec<DayGroup<'a>> = Vec::new();
    for line in lines {
        match groups.last_mut() {
            Some(group) if group.date == line.day => group.lines.push(line),
            _ => groups.push(DayGroup {
                label: days.iter().find(|d| d.date == line.day).map(|d| &d.label),
                date: line.day,
                lines: vec![line],
            }),
        }
    }
    groups
}

/// An announcement of the organisers.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Announcement {
    pub id: String,
    pub severity: Severity,
    pub title: Text,
    pub what_changed: Text,
    pub what_to_do: Text,
    pub published_at: DateTime<FixedOffset>,
    /// Asked for on the announcements page only.
    #[serde(default)]
    pub session: Option<AnnouncementSession>,
}

#[derive(Debug, Deserialize)]
pub struct AnnouncementSession {
    pub id: String,
    pub title: Text,
}

impl Announcement {
    /// The class that sets how loud it looks (an emergency or an urgent one stands out).
    pub fn class(&self) -> &'static str {
        match self.severity {
            Severity::Emergency => "announcement announcement-emergency",
            Severity::Urgent => "announcement announcement-urgent",
            Severity::Change | Severity::Info => "announcement",
        }
    }
}

// ---- The frame every page shares ----

/// The entries of the main menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    Programme,
    Agenda,
    Glossary,
    Requests,
    Settings,
    SignIn,
    Other,
}

/// What the layout needs: words, title, the form token, who is signed in, problems and news.
pub struct Frame {
    pub tr: Tr,
    pub title: String,
    /// The conference's name, for the masthead (absent on pages that could not read it).
    pub conference: Option<Text>,
    pub csrf: String,
    pub css: &'static str,
    pub script: &'static str,
    pub nav: Nav,
    pub signed_in: Option<String>,
    pub languages: Vec<LanguageLink>,
    /// Language names in the interface language, by tag, to say what a fallback is in.
    pub language_names: Vec<(String, String)>,
    pub problems: Vec<Problem>,
    pub notice: Option<&'static str>,
}

impl Frame {
    /// The `<title>`: "Error: " first when the page reports a problem, as screen readers read it first.
    pub fn full_title(&self) -> String {
        let site = match &self.conference {
            Some(name) => name.value.clone(),
            None => self.tr.t(Msg::AppName).to_owned(),
        };
        if self.problems.is_empty() {
            format!("{} – {site}", self.title)
        } else {
            format!("{}: {} – {site}", self.tr.t(Msg::ErrorSummaryTitle), self.title)
        }
    }

    pub fn current(&self, nav: Nav) -> bool {
        self.nav == nav
    }

    pub fn has_problem(&self, field: &str) -> bool {
        self.problems.iter().any(|p| p.field.as_deref() == Some(field))
    }

    pub fn problem_for(&self, field: &str) -> Option<&str> {
        self.problems.iter().find(|p| p.field.as_deref() == Some(field)).map(|p| p.text.as_str())
    }

    /// When `text` is not in the language the delegate reads, the name of the language it is
    /// in (said beside it: "Not yet translated. Shown in English").
    pub fn fallback(&self, text: &Text) -> Option<String> {
        if !text.is_fallback {
            return None;
        }
        Some(self.language_name(&text.lang))
    }

    /// A language's name in the interface language, by its tag.
    pub fn language_name(&self, tag: &str) -> String {
        let primary = tag.split('-').next().unwrap_or(tag);
        self.language_names
            .iter()
            .find(|(t, _)| t == tag || t == primary)
            .map(|(_, name)| name.clone())
            .or_else(|| UiLang::from_tag(tag).map(|l| l.own_name().to_owned()))
            .unwrap_or_else(|| tag.to_owned())
    }

    /// A moment in the interface language ("Tuesday 10 September 2019, 14:05").
    pub fn moment(&self, at: impl Val<DateTime<FixedOffset>>) -> String {
        crate::web::view::moment(self.tr.0, at.val())
    }

    /// The live feeds the pages' script subscribes to over the WebSocket (our own documents).
    pub fn announcement_feed(&self) -> &'static str {
        super::api::ANNOUNCEMENT_PUBLISHED.document
    }

    pub fn agenda_feed(&self) -> &'static str {
        super::api::MY_AGENDA_CHANGED.document
    }

    /// Names of sign languages, joined for one line ("International Sign, Jordanian Sign Language").
    pub fn names(&self, languages: &[Language]) -> String {
        languages.iter().map(|l| l.name.value.as_str()).collect::<Vec<_>>().join(", ")
    }

    pub fn channels(&self, channels: &[Channel]) -> String {
        channels.iter().map(|c| c.language.name.value.as_str()).collect::<Vec<_>>().join(", ")
    }
}

// ---- The programme ----

#[derive(Debug, Deserialize)]
pub struct ProgrammeData {
    pub me: Option<Me>,
    pub conference: ProgrammeConference,
}

#[derive(Debug, Deserialize)]
pub struct ConferenceLanguage {
    pub language: ConferenceLanguageName,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConferenceLanguageName {
    pub tag: String,
    pub name: Text,
    pub is_sign_language: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeConference {
    pub name: Text,
    pub tagline: Text,
    pub sample_notice: Option<Text>,
    pub days: Vec<Day>,
    pub languages: Vec<ConferenceLanguage>,
    pub announcements: Vec<Announcement>,
    pub happening_now: Vec<Line>,
    pub up_next: Vec<Line>,
    pub sessions: SessionPage,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionPage {
    pub total_count: i64,
    pub nodes: Vec<Line>,
}

/// Which day the programme shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayChoice {
    One(NaiveDate),
    All,
}

/// The programme's filters, as the form and the links carry them.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// `None`: the default day (today during the conference, else the first).
    pub day: Option<DayChoice>,
    pub text: String,
    pub sign: bool,
    pub into: Option<String>,
    pub step_free: bool,
    pub captions: bool,
}

impl Filters {
    /// Whether the delegate narrowed the programme (then "now and next" steps aside).
    pub fn any(&self) -> bool {
        !self.text.is_empty() || self.sign || self.into.is_some() || self.step_free || self.captions
    }

    /// The filters as query pairs, for the language switcher and the day links.
    pub fn pairs(&self, day: Option<DayChoice>) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        match day {
            Some(DayChoice::One(date)) => pairs.push(("day".to_owned(), date.to_string())),
            Some(DayChoice::All) => pairs.push(("day".to_owned(), "all".to_owned())),
            None => {}
        }
        if !self.text.is_empty() {
            pairs.push(("q".to_owned(), self.text.clone()));
        }
        if self.sign {
            pairs.push(("sign".to_owned(), "on".to_owned()));
        }
        if let Some(into) = &self.into {
            pairs.push(("into".to_owned(), into.clone()));
        }
        if self.step_free {
            pairs.push(("step-free".to_owned(), "on".to_owned()));
        }
        if self.captions {
            pairs.push(("captions".to_owned(), "on".to_owned()));
        }
        pairs
    }

    /// The link to `day` with these filters kept.
    pub fn day_href(&self, day: DayChoice) -> String {
        let query: String =
            form_urlencoded::Serializer::new(String::new()).extend_pairs(self.pairs(Some(day))).finish();
        format!("/?{query}")
    }
}

/// How many announcements the programme page shows above the sessions.
pub const LATEST_ANNOUNCEMENTS: usize = 3;

#[derive(Template)]
#[template(path = "app/programme.html")]
pub struct ProgrammePage {
    pub frame: Frame,
    pub data: ProgrammeConference,
    pub filters: Filters,
    /// The day shown, or all of them.
    pub shown: DayChoice,
}

impl ProgrammePage {
    pub fn groups(&self) -> Vec<DayGroup<'_>> {
        by_day(&self.data.sessions.nodes, &self.data.days)
    }

    pub fn day_current(&self, date: impl Val<NaiveDate>) -> bool {
        self.shown == DayChoice::One(date.val())
    }

    pub fn all_days(&self) -> bool {
        self.shown == DayChoice::All
    }

    pub fn all_href(&self) -> String {
        self.filters.day_href(DayChoice::All)
    }

    pub fn href_for(&self, date: impl Val<NaiveDate>) -> String {
        self.filters.day_href(DayChoice::One(date.val()))
    }

    /// The newest announcements, shown above the programme (all of them on their own page).
    pub fn latest_announcements(&self) -> &[Announcement] {
        &self.data.announcements[..self.data.announcements.len().min(LATEST_ANNOUNCEMENTS)]
    }

    pub fn show_now_and_next(&self) -> bool {
        let something_on = !self.data.happening_now.is_empty() || !self.data.up_next.is_empty();
        !self.filters.any() && something_on
    }

    /// Spoken languages one may ask interpretation into (sign languages have their own box).
    pub fn spoken_languages(&self) -> impl Iterator<Item = &ConferenceLanguageName> {
        self.data.languages.iter().map(|l| &l.language).filter(|l| !l.is_sign_language)
    }

    pub fn into_chosen(&self, tag: &str) -> bool {
        self.filters.into.as_deref() == Some(tag)
    }
}

// ---- A session's page ----

#[derive(Debug, Deserialize)]
pub struct SessionData {
    pub me: Option<Me>,
    pub conference: SessionConference,
}

#[derive(Debug, Deserialize)]
pub struct SessionConference {
    pub name: Text,
    pub languages: Vec<ConferenceLanguage>,
    pub glossary: Vec<GlossaryLine>,
    pub session: Session,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GlossaryLine {
    pub term: String,
    pub expansion: Text,
    pub spoken_as: Option<Text>,
    #[serde(default)]
    pub pronunciation_ipa: Option<String>,
    #[serde(default)]
    pub definition: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionTime {
    pub duration_minutes: i64,
    pub spoken: Text,
}

#[derive(Debug, Deserialize)]
pub struct Named {
    pub name: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    pub name: Text,
    pub floor_name: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Room {
    pub name: Text,
    pub floor_name: Text,
    pub capacity: Option<i64>,
    pub wheelchair_spaces: Option<i64>,
    pub step_free: Fact,
    pub hearing_loop: Fact,
    pub stage_access: Fact,
    pub layout: Option<Text>,
    pub nearest_accessible_toilet: Option<Place>,
}

#[derive(Debug, Deserialize)]
pub struct SessionLanguages {
    pub floor: Vec<Language>,
    pub interpretation: Vec<Channel>,
    pub sign: Vec<Language>,
}

#[derive(Debug, Deserialize)]
pub struct Pronunciation {
    pub ipa: Option<String>,
    pub hint: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Speaker {
    pub name: Text,
    pub transliteration: String,
    pub honorific: Option<Text>,
    pub affiliation: Option<Text>,
    pub job_title: Option<Text>,
    pub pronunciation: Pronunciation,
}

impl Speaker {
    /// The Latin transliteration, when it says something the name as written does not.
    pub fn latin(&self) -> Option<&str> {
        let t = self.transliteration.trim();
        (!t.is_empty() && t != self.name.value.trim()).then_some(t)
    }
}

#[derive(Debug, Deserialize)]
pub struct SessionSpeaker {
    pub role: SpeakerRole,
    pub speaker: Speaker,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Variant {
    pub format: DocumentFormat,
    pub lang: String,
    pub dir: String,
    pub url: String,
    pub size_bytes: Option<i64>,
}

impl Variant {
    pub fn dir_attr(&self) -> &'static str {
        crate::web::view::dir_attr(&self.dir)
    }

    /// The size as people say it ("1.2 MB"), when known.
    pub fn size(&self) -> Option<String> {
        let bytes = self.size_bytes?;
        Some(if bytes >= 1_000_000 {
            format!("{:.1} MB", bytes as f64 / 1_000_000.0)
        } else {
            format!("{} KB", (bytes + 999) / 1000)
        })
    }
}

#[derive(Debug, Deserialize)]
pub struct Document {
    pub title: Text,
    pub description: Option<Text>,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Deserialize)]
pub struct Change {
    pub description: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: String,
    pub kind: SessionKind,
    pub status: SessionStatus,
    pub is_in_my_agenda: Option<bool>,
    pub title: Text,
    pub summary: Option<Text>,
    pub plain_summary: Option<Text>,
    pub content_note: Option<Text>,
    pub time: SessionTime,
    pub track: Option<Named>,
    pub room: Option<Room>,
    pub languages: SessionLanguages,
    pub captions: Captions,
    pub speakers: Vec<SessionSpeaker>,
    pub documents: Vec<Document>,
    pub changes: Vec<Change>,
}

impl Session {
    pub fn in_agenda(&self) -> bool {
        self.is_in_my_agenda == Some(true)
    }

    pub fn changed(&self) -> bool {
        self.status != SessionStatus::Scheduled
    }

    pub fn calendar_href(&self) -> String {
        format!("/sessions/{}.ics", self.id)
    }

    /// This page's path, as the sign-in form's `back` (letters, digits, `-` and `_` only).
    pub fn agenda_back(&self) -> String {
        form_urlencoded::byte_serialize(format!("/sessions/{}", self.id).as_bytes()).collect()
    }

    pub fn agenda_action(&self) -> String {
        format!("/sessions/{}/agenda", self.id)
    }
}

#[derive(Template)]
#[template(path = "app/session.html")]
pub struct SessionPageView {
    pub frame: Frame,
    pub session: Session,
    /// The glossary entries whose term the session's title or texts use.
    pub acronyms: Vec<GlossaryLine>,
}

/// The glossary entries whose term appears as a whole word in one of `texts`.
pub fn acronyms_in(glossary: Vec<GlossaryLine>, texts: &[&str]) -> Vec<GlossaryLine> {
    glossary
        .into_iter()
        .filter(|entry| !entry.term.is_empty() && texts.iter().any(|text| has_word(text, &entry.term)))
        .collect()
}

/// Whether `term` occurs in `text` with no letter or digit right before or after it.
fn has_word(text: &str, term: &str) -> bool {
    text.match_indices(term).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + term.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

// ---- My agenda ----

#[derive(Debug, Deserialize)]
pub struct AgendaData {
    pub me: Option<AgendaMe>,
    pub conference: AgendaConference,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgendaMe {
    pub name: String,
    pub calendar_path: String,
    pub agenda: Vec<Line>,
    pub agenda_clashes: Vec<Clash>,
}

#[derive(Debug, Deserialize)]
pub struct Ref {
    pub id: String,
    pub title: Text,
}

#[derive(Debug, Deserialize)]
pub struct Clash {
    pub description: Text,
    pub first: Ref,
    pub second: Ref,
}

#[derive(Debug, Deserialize)]
pub struct AgendaConference {
    pub name: Text,
    pub languages: Vec<ConferenceLanguage>,
    pub days: Vec<Day>,
}

#[derive(Template)]
#[template(path = "app/agenda.html")]
pub struct AgendaPage {
    pub frame: Frame,
    pub agenda: Vec<Line>,
    pub days: Vec<Day>,
    pub clashes: Vec<Clash>,
    /// The calendar feed's full address.
    pub feed: String,
}

impl AgendaPage {
    pub fn groups(&self) -> Vec<DayGroup<'_>> {
        by_day(&self.agenda, &self.days)
    }

    /// The clashes that name a session, said beside it.
    pub fn clashes_of(&self, id: &str) -> Vec<&Clash> {
        self.clashes.iter().filter(|c| c.first.id == id || c.second.id == id).collect()
    }
}

// ---- Announcements ----

#[derive(Debug, Deserialize)]
pub struct AnnouncementsData {
    pub conference: AnnouncementsConference,
}

#[derive(Debug, Deserialize)]
pub struct AnnouncementsConference {
    pub name: Text,
    pub languages: Vec<ConferenceLanguage>,
    pub announcements: Vec<Announcement>,
}

#[derive(Template)]
#[template(path = "app/announcements.html")]
pub struct AnnouncementsPage {
    pub frame: Frame,
    pub announcements: Vec<Announcement>,
}

// ---- Glossary, signing in, messages ----

#[derive(Debug, Deserialize)]
pub struct GlossaryData {
    pub me: Option<Me>,
    pub conference: GlossaryConference,
}

#[derive(Debug, Deserialize)]
pub struct GlossaryConference {
    pub name: Text,
    pub languages: Vec<ConferenceLanguage>,
    pub glossary: Vec<GlossaryLine>,
}

#[derive(Template)]
#[template(path = "app/glossary.html")]
pub struct GlossaryPage {
    pub frame: Frame,
    pub glossary: Vec<GlossaryLine>,
}

#[derive(Template)]
#[template(path = "app/sign_in.html")]
pub struct SignInPage {
    pub frame: Frame,
    /// Where to go once signed in (a path of this site).
    pub back: String,
}

#[derive(Template)]
#[template(path = "app/message.html")]
pub struct MessagePage {
    pub frame: Frame,
    pub body: String,
    pub reference: Option<String>,
    pub link: Option<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(term: &str) -> GlossaryLine {
        let text = Text { value: term.into(), lang: "en".into(), dir: "LTR".into(), is_fallback: false };
        GlossaryLine { term: term.into(), expansion: text, spoken_as: None, pronunciation_ipa: None, definition: None }
    }

    #[test]
    fn acronyms_are_found_as_whole_words_only() {
        let glossary = vec![entry("APMBC"), entry("ICRC"), entry("UN"), entry("CRPD")];
        let found = acronyms_in(glossary, &["The APMBC and the ICRC: UNDP's view", "CRPD-based rights"]);
        let terms: Vec<_> = found.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["APMBC", "ICRC", "CRPD"], "UN is not found inside UNDP");
    }

    #[test]
    fn filters_survive_a_round_trip_through_their_links() {
        let filters = Filters {
            day: None,
            text: "sign & captions".into(),
            sign: true,
            into: Some("fr".into()),
            step_free: true,
            captions: false,
        };
        let href = filters.day_href(DayChoice::All);
        assert_eq!(href, "/?day=all&q=sign+%26+captions&sign=on&into=fr&step-free=on");
        assert!(filters.any());
        assert!(!Filters::default().any());
    }
}
