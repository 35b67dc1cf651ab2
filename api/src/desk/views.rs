//! What the desk's operations answer (the shapes of `operations/*.graphql`) and the templates
//! that render them. Views hold no rules: what may be done comes from the API (`nextMoves`),
//! what is shown is what the API gave this visitor.

use askama::Template;
use chrono::{DateTime, FixedOffset, NaiveDate};
use sanad_schema::entities::enums::{ActorRole, ItemStatus, Role, ServiceType, Severity};
use serde::Deserialize;

use super::i18n::{Msg, Tr, UiLang};

use crate::web::view::dir_attr;
pub use crate::web::view::{LanguageLink, Problem, Text, Val, language_links};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    #[serde(default)]
    pub id: Option<String>,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Deserialize)]
pub struct Day {
    pub date: NaiveDate,
    pub label: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub service_type: ServiceType,
    pub name: Text,
}

#[derive(Debug, Deserialize)]
pub struct Named {
    pub name: Text,
}

#[derive(Debug, Deserialize)]
pub struct Spoken {
    pub spoken: Text,
}

#[derive(Debug, Deserialize)]
pub struct SessionLine {
    /// Asked for where a page links to the session's requests.
    #[serde(default)]
    pub id: Option<String>,
    pub title: Text,
    pub time: Spoken,
    #[serde(default)]
    pub room: Option<Named>,
}

#[derive(Debug, Deserialize)]
pub struct PersonName {
    pub name: String,
}

// ---- The queue ----

#[derive(Debug, Deserialize)]
pub struct QueueData {
    pub me: Me,
    pub conference: QueueConference,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueConference {
    pub name: Text,
    pub days: Vec<Day>,
    pub accommodation_services: Vec<Service>,
    pub accommodation_queue: QueuePage,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueuePage {
    pub total_count: i64,
    pub page_info: PageInfo,
    pub nodes: Vec<QueueItem>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueItem {
    pub id: String,
    pub status: ItemStatus,
    pub late: bool,
    pub due_on: NaiveDate,
    pub days: Vec<NaiveDate>,
    pub service: Named,
    pub sessions: Vec<SessionLine>,
    pub request: QueueRequest,
    pub assignee: Option<PersonName>,
}

#[derive(Debug, Deserialize)]
pub struct QueueRequest {
    pub requester: PersonName,
}

// ---- An item ----

#[derive(Debug, Deserialize)]
pub struct ItemData {
    pub me: Me,
    pub conference: ItemConference,
    pub node: Option<ItemNode>,
}

#[derive(Debug, Deserialize)]
pub struct ItemConference {
    pub name: Text,
    pub days: Vec<Day>,
}

/// The node asked for: an item, or something else (then the page is not found).
#[derive(Debug, Deserialize)]
#[serde(tag = "__typename")]
pub enum ItemNode {
    RequestItem(Box<Item>),
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub id: String,
    pub status: ItemStatus,
    pub version: i32,
    pub late: bool,
    pub due_on: NaiveDate,
    pub days: Vec<NaiveDate>,
    pub booking_reference: Option<String>,
    pub service: Named,
    pub details: Option<Text>,
    pub sessions: Vec<SessionLine>,
    pub request: ItemRequest,
    pub assignee: Option<Assignee>,
    pub next_moves: Vec<NextMove>,
    pub messages: Vec<Message>,
    pub history: Vec<Step>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemRequest {
    pub requester: Requester,
    pub who_viewed: Vec<Viewed>,
}

#[derive(Debug, Deserialize)]
pub struct Requester {
    pub name: String,
    pub organisation: Option<String>,
    pub delegation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Viewed {
    pub viewer_name: Option<String>,
    pub viewed_at: DateTime<FixedOffset>,
}

#[derive(Debug, Deserialize)]
pub struct Assignee {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NextMove {
    pub to: ItemStatus,
    pub needs_reason: bool,
    pub needs_booking_reference: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub author: ActorRole,
    pub author_name: Option<String>,
    pub internal: bool,
    pub body: Option<Text>,
    pub sent_at: DateTime<FixedOffset>,
}

#[derive(Debug, Deserialize)]
pub struct Step {
    pub from: Option<ItemStatus>,
    pub to: ItemStatus,
    pub actor: ActorRole,
    pub reason: Option<Text>,
    pub at: DateTime<FixedOffset>,
}

// ---- Planning ----

#[derive(Debug, Deserialize)]
pub struct PlanningData {
    pub me: Me,
    pub conference: PlanningConference,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanningConference {
    pub name: Text,
    pub days: Vec<Day>,
    pub accommodation_services: Vec<Service>,
    pub access_needs_summary: Summary,
}

#[derive(Debug, Deserialize)]
pub struct Summary {
    pub days: Vec<DayNeeds>,
    pub sessions: Vec<SessionNeeds>,
}

#[derive(Debug, Deserialize)]
pub struct DayNeeds {
    pub date: NaiveDate,
    pub needs: Vec<NeedCount>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionNeeds {
    pub session: SessionLine,
    pub needs: Vec<NeedCount>,
    pub accessible_seating_requested: i64,
    pub room_wheelchair_spaces: Option<i64>,
    pub seating_shortfall: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NeedCount {
    pub service_type: ServiceType,
    pub count: i64,
}

// ---- Announcements ----

#[derive(Debug, Deserialize)]
pub struct AnnouncementFormData {
    pub me: Me,
    pub conference: AnnouncementConference,
}

#[derive(Debug, Deserialize)]
pub struct AnnouncementConference {
    pub languages: Vec<ConferenceLanguage>,
}

#[derive(Debug, Deserialize)]
pub struct ConferenceLanguage {
    pub required: bool,
    pub language: Language,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Language {
    pub tag: String,
    pub dir: String,
    pub is_sign_language: bool,
    pub native_name: Text,
}

impl Language {
    pub fn dir_attr(&self) -> &'static str {
        dir_attr(&self.dir)
    }
}

/// The three texts of an announcement in one language, as typed.
#[derive(Clone, Debug, Default)]
pub struct AnnouncementTexts {
    pub title: String,
    pub what_changed: String,
    pub what_to_do: String,
}

// ---- The frame every page shares ----

/// What the layout needs: words, title, the form token, who is signed in, problems and news.
pub struct Frame {
    pub tr: Tr,
    pub title: String,
    pub csrf: String,
    pub css: &'static str,
    pub script: &'static str,
    pub signed_in: Option<String>,
    pub languages: Vec<LanguageLink>,
    pub problems: Vec<Problem>,
    pub notice: Option<&'static str>,
}

impl Frame {
    /// The `<title>`: "Error: " first when the page reports a problem, as screen readers read it first.
    pub fn full_title(&self) -> String {
        let desk = self.tr.t(Msg::DeskName);
        if self.problems.is_empty() {
            format!("{} – {desk}", self.title)
        } else {
            format!("{}: {} – {desk}", self.tr.t(Msg::ErrorSummaryTitle), self.title)
        }
    }

    /// A date in the interface language ("Tuesday 10 September 2019").
    pub fn date(&self, date: impl Val<NaiveDate>) -> String {
        crate::web::view::long_date(self.tr.0, date.val())
    }

    /// A moment in the interface language, with the conference's local time.
    pub fn moment(&self, at: impl Val<DateTime<FixedOffset>>) -> String {
        crate::web::view::moment(self.tr.0, at.val())
    }

    /// The limits the API sets on what a field holds, for the character counts.
    pub fn max_reason(&self) -> usize {
        sanad_schema::service::accommodation::items::MAX_REASON
    }

    pub fn max_message(&self) -> usize {
        sanad_schema::service::accommodation::items::MAX_MESSAGE
    }

    pub fn max_title(&self) -> usize {
        sanad_schema::service::editing::announcement::TITLE
    }

    pub fn max_long(&self) -> usize {
        sanad_schema::service::editing::texts::LONG
    }

    /// The field's problem, if the summary has one for it.
    pub fn problem_for(&self, field: &str) -> Option<&str> {
        self.problems.iter().find(|p| p.field.as_deref() == Some(field)).map(|p| p.text.as_str())
    }

    /// The GraphQL name of an enum value, for form values and class names.
    pub fn name_of<T: serde::Serialize>(&self, value: T) -> String {
        enum_name(&value)
    }

    pub fn has_problem(&self, field: &str) -> bool {
        self.problem_for(field).is_some()
    }
}

// ---- Templates ----

#[derive(Template)]
#[template(path = "desk/sign_in.html")]
pub struct SignInPage {
    pub frame: Frame,
}

#[derive(Template)]
#[template(path = "desk/message.html")]
pub struct MessagePage {
    pub frame: Frame,
    pub body: String,
    pub reference: Option<String>,
    pub link: Option<(String, String)>,
}

/// The queue's filters as the visitor set them.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub statuses: Vec<ItemStatus>,
    pub services: Vec<ServiceType>,
    /// `Some(true)`: late only; `Some(false)`: on time only.
    pub late: Option<bool>,
    pub day: Option<NaiveDate>,
    /// Only items concerning this session (its global id).
    pub session: Option<String>,
    pub mine: bool,
    pub after: Option<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.statuses.is_empty()
            && self.services.is_empty()
            && self.late.is_none()
            && self.day.is_none()
            && self.session.is_none()
            && !self.mine
    }

    /// The query string of these filters without the cursor (for the language switcher and
    /// the next page).
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for status in &self.statuses {
            pairs.push(("status".to_owned(), enum_name(status)));
        }
        for service in &self.services {
            pairs.push(("service".to_owned(), enum_name(service)));
        }
        match self.late {
            Some(true) => pairs.push(("late".to_owned(), "late".to_owned())),
            Some(false) => pairs.push(("late".to_owned(), "on-time".to_owned())),
            None => {}
        }
        if let Some(day) = self.day {
            pairs.push(("day".to_owned(), day.to_string()));
        }
        if let Some(session) = &self.session {
            pairs.push(("session".to_owned(), session.clone()));
        }
        if self.mine {
            pairs.push(("mine".to_owned(), "on".to_owned()));
        }
        pairs
    }

    pub fn next_page(&self, cursor: &str) -> String {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.pairs() {
            serializer.append_pair(&k, &v);
        }
        serializer.append_pair("after", cursor);
        format!("/desk?{}", serializer.finish())
    }

    pub fn first_page(&self) -> String {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.pairs() {
            serializer.append_pair(&k, &v);
        }
        format!("/desk?{}", serializer.finish())
    }

    pub fn has_status(&self, status: impl Val<ItemStatus>) -> bool {
        self.statuses.contains(&status.val())
    }

    pub fn has_service(&self, service: impl Val<ServiceType>) -> bool {
        self.services.contains(&service.val())
    }

    pub fn is_day(&self, day: impl Val<NaiveDate>) -> bool {
        self.day.as_ref() == Some(&day.val())
    }
}

/// The GraphQL (and stored) name of an enum value: `IN_REVIEW`.
pub fn enum_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// An enum value from its GraphQL name, if it is one.
pub fn enum_value<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

#[derive(Template)]
#[template(path = "desk/queue.html")]
pub struct QueuePageView {
    pub frame: Frame,
    pub data: QueueConference,
    pub filters: Filters,
    pub statuses: Vec<ItemStatus>,
}

impl QueuePageView {
    /// The title of the session the queue is filtered by, from an item that concerns it.
    pub fn session_filter_title(&self) -> Option<&Text> {
        let wanted = self.filters.session.as_deref()?;
        self.data
            .accommodation_queue
            .nodes
            .iter()
            .flat_map(|i| &i.sessions)
            .find(|s| s.id.as_deref() == Some(wanted))
            .map(|s| &s.title)
    }

    /// The subscription the page's script runs for live updates.
    pub fn subscription(&self) -> &'static str {
        super::api::QUEUE_CHANGED.document
    }

    /// The label of a conference day the item concerns.
    pub fn day_label(&self, date: impl Val<NaiveDate>) -> Option<&Text> {
        {
            let date = date.val();
            self.data.days.iter().find(|d| d.date == date)
        }
        .map(|d| &d.label)
    }
}

/// What a coordinator typed into a form that was refused, to give it back.
#[derive(Debug, Default)]
pub struct Typed {
    pub to: Option<ItemStatus>,
    pub reason: String,
    /// The language the reason is written in (the interface language until chosen).
    pub reason_lang: Option<UiLang>,
    pub booking: String,
    pub message: String,
    pub message_lang: Option<UiLang>,
    pub internal: bool,
}

/// Views of one coordinator at one minute, told once with how many times.
pub struct ViewedGroup {
    pub name: Option<String>,
    pub at: DateTime<FixedOffset>,
    pub times: usize,
}

#[derive(Template)]
#[template(path = "desk/item.html")]
pub struct ItemPageView {
    pub frame: Frame,
    pub me: Me,
    pub item: Item,
    pub days: Vec<Day>,
    pub typed: Typed,
    /// After a `CONFLICT`: the status the coordinator saw when they sent the form.
    pub seen: Option<ItemStatus>,
}

impl ItemPageView {
    /// The choices of a "written in" field: the desk's languages, `chosen` (else the page's) selected.
    pub fn written_in(&self, chosen: &Option<UiLang>) -> Vec<(&'static str, &'static str, bool)> {
        let chosen = chosen.unwrap_or(self.frame.tr.0);
        UiLang::ALL.into_iter().map(|l| (l.tag(), l.own_name(), l == chosen)).collect()
    }

    /// Who opened the request, newest first, a run of opens by one person in one minute told once.
    pub fn viewed(&self) -> Vec<ViewedGroup> {
        let mut groups: Vec<ViewedGroup> = Vec::new();
        for view in &self.item.request.who_viewed {
            let minute = view.viewed_at.format("%Y-%m-%d %H:%M").to_string();
            match groups.last_mut() {
                Some(last)
                    if last.name == view.viewer_name && last.at.format("%Y-%m-%d %H:%M").to_string() == minute =>
                {
                    last.times += 1
                }
                _ => groups.push(ViewedGroup { name: view.viewer_name.clone(), at: view.viewed_at, times: 1 }),
            }
        }
        groups
    }

    pub fn day_label(&self, date: impl Val<NaiveDate>) -> Option<&Text> {
        {
            let date = date.val();
            self.days.iter().find(|d| d.date == date)
        }
        .map(|d| &d.label)
    }

    pub fn assigned_to_me(&self) -> bool {
        match (&self.item.assignee, &self.me.id) {
            (Some(assignee), Some(me)) => &assignee.id == me,
            _ => false,
        }
    }

    pub fn needs_reason(&self) -> bool {
        self.item.next_moves.iter().any(|m| m.needs_reason)
    }

    pub fn needs_booking(&self) -> bool {
        self.item.next_moves.iter().any(|m| m.needs_booking_reference)
    }

    pub fn is_typed(&self, status: impl Val<ItemStatus>) -> bool {
        self.typed.to.as_ref() == Some(&status.val())
    }
}

#[derive(Template)]
#[template(path = "desk/announce.html")]
pub struct AnnouncePageView {
    pub frame: Frame,
    /// Written languages only: a sign language has no written text.
    pub languages: Vec<ConferenceLanguage>,
    pub severity: Option<Severity>,
    pub typed: std::collections::BTreeMap<String, AnnouncementTexts>,
    pub severities: [Severity; 4],
}

impl AnnouncePageView {
    /// The id (and name) of one text's field: `title-ar`.
    pub fn field_id(&self, text: &str, tag: &str) -> String {
        format!("{text}-{tag}")
    }

    pub fn typed_in(&self, tag: &str) -> AnnouncementTexts {
        self.typed.get(tag).cloned().unwrap_or_default()
    }

    pub fn severity_label(&self, severity: impl Val<Severity>) -> &'static str {
        self.frame.tr.t(match severity.val() {
            Severity::Info => Msg::SeverityInfo,
            Severity::Change => Msg::SeverityChange,
            Severity::Urgent => Msg::SeverityUrgent,
            Severity::Emergency => Msg::SeverityEmergency,
        })
    }

    pub fn is_severity(&self, severity: impl Val<Severity>) -> bool {
        self.severity == Some(severity.val())
    }
}

#[derive(Template)]
#[template(path = "desk/planning.html")]
pub struct PlanningPageView {
    pub frame: Frame,
    pub data: PlanningConference,
}

impl PlanningPageView {
    pub fn service_name(&self, service: impl Val<ServiceType>) -> Option<&Text> {
        {
            let service = service.val();
            self.data.accommodation_services.iter().find(|s| s.service_type == service)
        }
        .map(|s| &s.name)
    }

    pub fn day_label(&self, date: impl Val<NaiveDate>) -> Option<&Text> {
        {
            let date = date.val();
            self.data.days.iter().find(|d| d.date == date)
        }
        .map(|d| &d.label)
    }
}
