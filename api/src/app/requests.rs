//! My requests to the accessibility desk (DESIGN §6): the versioned consent, the request form
//! (one service at a time, with its cut-off said and lateness never a refusal), my items with
//! their status in words and their history, messages with the desk, and the moves the API
//! offers me (withdraw, accept an alternative, say I answered). Every rule is the API's: the
//! pages send what was typed and show what the API answers, field by field.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rand::RngCore;
use sanad_schema::entities::enums::{ActorRole, ItemStatus, ServiceType};
use sanad_schema::error::ErrorCode;
use serde::Deserialize;
use serde_json::json;

use super::api;
use super::i18n::{Msg, Tr};
use super::pages::{about, frame, html, message_page, not_found, notice, refused_page, sign_in_href, with_done};
use super::views::{ConferenceLanguage, Day, Frame, Nav, Problem, Text, Val};
use crate::http::AppState;
use crate::web::lang::UiLang;
use crate::web::session::{CSRF_FIELD, Visit};
use crate::web::{field, pairs};

// ---- What the operations answer ----

#[derive(Debug, Deserialize)]
pub struct Consent {
    pub version: i64,
}

#[derive(Debug, Deserialize)]
pub struct ConsentText {
    pub version: i64,
    pub text: Text,
}

#[derive(Debug, Deserialize)]
pub struct Named {
    pub name: Text,
}

#[derive(Debug, Deserialize)]
pub struct SessionRef {
    pub id: String,
    pub title: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListedItem {
    pub id: String,
    pub status: ItemStatus,
    pub late: bool,
    pub days: Vec<NaiveDate>,
    pub service: Named,
    pub sessions: Vec<SessionRef>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    pub items: Vec<ListedItem>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestsMe {
    accommodation_consent: Option<Consent>,
    accommodation_requests: Vec<Request>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestsConference {
    name: Text,
    languages: Vec<ConferenceLanguage>,
    days: Vec<Day>,
    accommodation_consent_text: ConsentText,
}

#[derive(Debug, Deserialize)]
struct RequestsData {
    me: Option<RequestsMe>,
    conference: RequestsConference,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub service_type: ServiceType,
    pub name: Text,
    pub description: Text,
    pub due_on: NaiveDate,
}

#[derive(Debug, Deserialize)]
pub struct Spoken {
    pub spoken: Text,
}

#[derive(Debug, Deserialize)]
pub struct SessionChoice {
    pub id: String,
    pub title: Text,
    pub time: Spoken,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FormMe {
    accommodation_consent: Option<Consent>,
    agenda: Vec<SessionChoice>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FormConference {
    name: Text,
    time_zone: String,
    languages: Vec<ConferenceLanguage>,
    days: Vec<Day>,
    accommodation_consent_text: ConsentVersion,
    accommodation_services: Vec<Service>,
    #[serde(default)]
    session: Option<SessionChoice>,
}

#[derive(Debug, Deserialize)]
struct ConsentVersion {
    version: i64,
}

#[derive(Debug, Deserialize)]
struct FormData {
    me: Option<FormMe>,
    conference: FormConference,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Move {
    pub to: ItemStatus,
    pub needs_reason: bool,
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
    pub to: ItemStatus,
    pub actor: ActorRole,
    pub reason: Option<Text>,
    pub at: DateTime<FixedOffset>,
}

#[derive(Debug, Deserialize)]
pub struct ItemService {
    pub name: Text,
    pub description: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub id: String,
    pub status: ItemStatus,
    pub version: i64,
    pub late: bool,
    pub due_on: NaiveDate,
    pub days: Vec<NaiveDate>,
    pub booking_reference: Option<String>,
    pub service: ItemService,
    pub details: Option<Text>,
    pub sessions: Vec<SessionChoice>,
    pub next_moves: Vec<Move>,
    pub messages: Vec<Message>,
    pub history: Vec<Step>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "__typename")]
enum ItemNode {
    RequestItem(Box<Item>),
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize)]
struct ItemConference {
    name: Text,
    languages: Vec<ConferenceLanguage>,
    days: Vec<Day>,
}

#[derive(Debug, Deserialize)]
struct ItemData {
    conference: ItemConference,
    node: ItemNode,
}

// ---- Pages ----

/// Dates and moments in the interface language.
trait Dates {
    fn tr(&self) -> Tr;

    /// "Tuesday 16 July 2019".
    fn date(&self, date: impl Val<NaiveDate>) -> String {
        crate::web::view::long_date(self.tr().0, date.val())
    }

    /// "Tuesday 16 July 2019, 14:05" (the time as the API gives it, in the conference's zone).
    fn moment(&self, at: impl Val<DateTime<FixedOffset>>) -> String {
        crate::web::view::moment(self.tr().0, at.val())
    }
}

/// The label of `date` among the conference's days, or the date itself.
fn day_label(days: &[Day], date: NaiveDate) -> Option<&Text> {
    days.iter().find(|d| d.date == date).map(|d| &d.label)
}

#[derive(Template)]
#[template(path = "app/requests.html")]
pub struct RequestsPage {
    pub frame: Frame,
    /// The text to agree to, when the current version is not agreed yet.
    pub consent: Option<ConsentText>,
    pub items: Vec<ListedItem>,
    pub days: Vec<Day>,
}

impl Dates for RequestsPage {
    fn tr(&self) -> Tr {
        self.frame.tr
    }
}

impl RequestsPage {
    pub fn day_label(&self, date: impl Val<NaiveDate>) -> Option<&Text> {
        day_label(&self.days, date.val())
    }
}

/// What the request form was sent with, kept when it comes back with problems.
#[derive(Debug, Default)]
pub struct Typed {
    pub service: Option<ServiceType>,
    pub details: String,
    pub details_lang: Option<String>,
    pub sessions: Vec<String>,
    pub days: Vec<NaiveDate>,
    pub key: String,
}

#[derive(Template)]
#[template(path = "app/request_form.html")]
pub struct RequestFormPage {
    pub frame: Frame,
    pub services: Vec<Service>,
    pub sessions: Vec<SessionChoice>,
    pub days: Vec<Day>,
    /// Languages one may write in: the interface's, then the conference's spoken ones.
    pub languages: Vec<(String, String)>,
    pub typed: Typed,
    pub today: NaiveDate,
}

impl Dates for RequestFormPage {
    fn tr(&self) -> Tr {
        self.frame.tr
    }
}

impl RequestFormPage {
    pub fn chosen(&self, service: impl Val<ServiceType>) -> bool {
        self.typed.service == Some(service.val())
    }

    pub fn late(&self, service: &Service) -> bool {
        self.today > service.due_on
    }

    pub fn session_ticked(&self, id: &str) -> bool {
        self.typed.sessions.iter().any(|s| s == id)
    }

    pub fn day_ticked(&self, date: impl Val<NaiveDate>) -> bool {
        self.typed.days.contains(&date.val())
    }

    pub fn lang_chosen(&self, tag: &str) -> bool {
        self.typed.details_lang.as_deref().unwrap_or(self.frame.tr.lang()) == tag
    }

    /// The value a service's radio carries (its API name).
    pub fn value_of(&self, service: impl Val<ServiceType>) -> String {
        enum_name(service.val())
    }
}

#[derive(Template)]
#[template(path = "app/request_item.html")]
pub struct ItemPage {
    pub frame: Frame,
    pub item: Item,
    pub days: Vec<Day>,
    pub message: String,
    pub reason: String,
}

impl Dates for ItemPage {
    fn tr(&self) -> Tr {
        self.frame.tr
    }
}

impl ItemPage {
    pub fn day_label(&self, date: impl Val<NaiveDate>) -> Option<&Text> {
        day_label(&self.days, date.val())
    }

    /// Messages the delegate may see (the API never gives them internal notes; checked again).
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.item.messages.iter().filter(|m| !m.internal)
    }

    pub fn value_of(&self, status: impl Val<ItemStatus>) -> String {
        enum_name(status.val())
    }

    /// The id of the reason box of the move to `status` (the error summary links to it).
    pub fn reason_field(&self, status: impl Val<ItemStatus>) -> String {
        reason_field(status.val())
    }
}

fn reason_field(status: ItemStatus) -> String {
    format!("reason-{}", enum_name(status).to_ascii_lowercase().replace('_', "-"))
}

/// An enum's GraphQL name ("SIGN_LANGUAGE_INTERPRETATION"), as forms carry it.
fn enum_name<T: serde::Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

fn enum_value<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

fn random_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Today in the conference's zone (Jordan's rules are in the tz database we ship, not the phone's).
fn today(state: &AppState, zone: &str) -> NaiveDate {
    let now = state.clock.now();
    match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => now.with_timezone(&tz).date_naive(),
        Err(_) => now.date_naive(),
    }
}

// ---- My requests ----

pub async fn list(State(state): State<AppState>, visit: Visit, RawQuery(raw): RawQuery) -> Response {
    let query = pairs(raw.as_deref());
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/requests"));
    }
    let data = match api::run::<RequestsData>(&state, api::REQUESTS, json!({}), &visit.caller).await {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused, "/requests"),
    };
    let Some(me) = data.me else {
        return visit.redirect(&sign_in_href("/requests"));
    };
    let tr = Tr(visit.lang);
    let mut frame = frame(&visit, tr.t(Msg::RequestsTitle).to_owned(), Nav::Requests, "/requests", &[]);
    about(&mut frame, &data.conference.name, &data.conference.languages);
    frame.notice = notice(&query).map(|m| tr.t(m));
    let current = data.conference.accommodation_consent_text;
    let agreed = me.accommodation_consent.is_some_and(|c| c.version == current.version);
    let items = me.accommodation_requests.into_iter().flat_map(|r| r.items).collect();
    let page = RequestsPage { frame, consent: (!agreed).then_some(current), items, days: data.conference.days };
    let rendered = page.render();
    html(visit, StatusCode::OK, rendered)
}

/// `POST /requests/consent`: agrees to the version shown, in the language it was shown in.
pub async fn consent(State(state): State<AppState>, visit: Visit, body: String) -> Response {
    let form = pairs(Some(&body));
    if !visit.csrf_ok(field(&form, CSRF_FIELD)) {
        return message_page(visit, StatusCode::FORBIDDEN, Msg::BrokenTitle, Msg::FormExpired, None);
    }
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/requests"));
    }
    let Some(version) = field(&form, "version").and_then(|v| v.parse::<i64>().ok()) else {
        return message_page(visit, StatusCode::BAD_REQUEST, Msg::BrokenTitle, Msg::FormExpired, None);
    };
    let lang = field(&form, "lang").and_then(UiLang::from_tag).unwrap_or(visit.lang).tag();
    let variables = json!({ "version": version, "lang": lang });
    match api::run::<serde_json::Value>(&state, api::GIVE_CONSENT, variables, &visit.caller).await {
        Ok(_) => visit.redirect("/requests?done=consented"),
        // A text changed since the page was read: read the new one.
        Err(refused) if refused.code == ErrorCode::BadUserInput => visit.redirect("/requests"),
        Err(refused) => refused_page(visit, &refused, "/requests"),
    }
}

// ---- The request form ----

/// The request form, with what was typed and the problems to say; the consent text instead
/// when the current version is not agreed yet.
async fn form_page(
    state: &AppState,
    visit: Visit,
    mut typed: Typed,
    session: Option<String>,
    problems: Vec<Problem>,
) -> Response {
    let variables = match &session {
        Some(id) => json!({ "session": id, "withSession": true }),
        None => json!({}),
    };
    let data = match api::run::<FormData>(state, api::REQUEST_FORM, variables, &visit.caller).await {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused, "/requests/new"),
    };
    let Some(me) = data.me else {
        return visit.redirect(&sign_in_href("/requests/new"));
    };
    let conference = data.conference;
    if me.accommodation_consent.is_none_or(|c| c.version != conference.accommodation_consent_text.version) {
        return visit.redirect("/requests");
    }
    let tr = Tr(visit.lang);
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut frame = frame(&visit, tr.t(Msg::NewRequest).to_owned(), Nav::Requests, "/requests/new", &[]);
    about(&mut frame, &conference.name, &conference.languages);
    frame.problems = problems;
    let mut sessions = me.agenda;
    if let Some(extra) = conference.session {
        if !sessions.iter().any(|s| s.id == extra.id) {
            sessions.insert(0, extra);
        }
        if let Some(id) = session
            && typed.sessions.is_empty()
        {
            typed.sessions.push(id);
        }
    }
    let mut languages = vec![(visit.lang.tag().to_owned(), visit.lang.own_name().to_owned())];
    for language in conference.languages.iter().map(|l| &l.language).filter(|l| !l.is_sign_language) {
        if !languages.iter().any(|(tag, _)| *tag == language.tag) {
            languages.push((language.tag.clone(), language.name.value.clone()));
        }
    }
    if typed.key.is_empty() {
        typed.key = random_key();
    }
    let page = RequestFormPage {
        frame,
        today: today(state, &conference.time_zone),
        services: conference.accommodation_services,
        sessions,
        days: conference.days,
        languages,
        typed,
    };
    let rendered = page.render();
    html(visit, status, rendered)
}

pub async fn new_form(State(state): State<AppState>, visit: Visit, RawQuery(raw): RawQuery) -> Response {
    let query = pairs(raw.as_deref());
    if visit.viewer().is_none() {
        let back = match field(&query, "session") {
            Some(id) => {
                format!("/requests/new?session={}", form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>())
            }
            None => "/requests/new".to_owned(),
        };
        return visit.redirect(&sign_in_href(&back));
    }
    let session = field(&query, "session").filter(|s| !s.is_empty() && s.len() <= 100).map(str::to_owned);
    form_page(&state, visit, Typed::default(), session, Vec::new()).await
}

/// The form field an API refusal is about (`items[0].details` is the details box).
fn form_field(api_field: Option<&str>) -> &'static str {
    match api_field.unwrap_or("").rsplit('.').next().unwrap_or("") {
        "details" => "details",
        "detailsLang" => "details-lang",
        "sessionIds" => "sessions",
        "days" => "days",
        _ => "service",
    }
}

pub async fn submit(State(state): State<AppState>, visit: Visit, body: String) -> Response {
    let form = pairs(Some(&body));
    if !visit.csrf_ok(field(&form, CSRF_FIELD)) {
        return message_page(visit, StatusCode::FORBIDDEN, Msg::BrokenTitle, Msg::FormExpired, None);
    }
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/requests/new"));
    }
    let tr = Tr(visit.lang);
    let typed = Typed {
        service: field(&form, "service").and_then(enum_value),
        details: field(&form, "details").unwrap_or("").to_owned(),
        details_lang: field(&form, "details-lang").filter(|l| !l.is_empty() && l.len() <= 35).map(str::to_owned),
        sessions: form.iter().filter(|(k, _)| k == "session").map(|(_, v)| v.clone()).take(100).collect(),
        days: form.iter().filter(|(k, _)| k == "day").filter_map(|(_, v)| v.parse().ok()).collect(),
        key: field(&form, "key").filter(|k| !k.is_empty() && k.len() <= 100).map(str::to_owned).unwrap_or_default(),
    };
    let Some(service) = typed.service else {
        let problem = Problem { field: Some("service".into()), text: tr.t(Msg::ServiceMissing).into() };
        let session = typed.sessions.first().cloned();
        return form_page(&state, visit, typed, session, vec![problem]).await;
    };
    if typed.key.is_empty() {
        return message_page(visit, StatusCode::BAD_REQUEST, Msg::BrokenTitle, Msg::FormExpired, None);
    }
    let item = json!({
        "serviceType": service,
        "details": typed.details,
        "detailsLang": typed.details_lang.as_deref().unwrap_or(visit.lang.tag()),
        "sessionIds": typed.sessions,
        "days": typed.days,
    });
    let variables = json!({ "key": typed.key, "items": [item] });
    match api::run::<serde_json::Value>(&state, api::SUBMIT_REQUEST, variables, &visit.caller).await {
        Ok(_) => visit.redirect("/requests?done=requested"),
        Err(refused) if refused.code == ErrorCode::BadUserInput => {
            if refused.field.as_deref() == Some("consent") {
                return visit.redirect("/requests");
            }
            let at = form_field(refused.field.as_deref());
            let text = match at {
                "details" if typed.details.chars().count() > 4_000 => tr.t(Msg::DetailsTooLong),
                "details" => tr.t(Msg::DetailsMissing),
                _ => tr.t(Msg::ServiceMissing),
            };
            let problem = Problem { field: Some(at.into()), text: text.into() };
            // A new key: the refused one made nothing, and the next try is a new request.
            let typed = Typed { key: String::new(), ..typed };
            // The session it was opened from stays offered even when it is not in the agenda.
            let session = typed.sessions.first().cloned();
            form_page(&state, visit, typed, session, vec![problem]).await
        }
        Err(refused) => refused_page(visit, &refused, "/requests/new"),
    }
}

// ---- One item ----

async fn item_page(
    state: &AppState,
    visit: Visit,
    id: &str,
    query: &[(String, String)],
    problems: Vec<Problem>,
    typed: (String, String),
) -> Response {
    let path = format!("/requests/items/{id}");
    let data = match api::run::<ItemData>(state, api::REQUEST_ITEM, json!({ "id": id }), &visit.caller).await {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused, &path),
    };
    let ItemNode::RequestItem(item) = data.node else {
        return not_found(visit);
    };
    let tr = Tr(visit.lang);
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut frame = frame(&visit, tr.t(Msg::ItemTitle).to_owned(), Nav::Requests, &path, &[]);
    about(&mut frame, &data.conference.name, &data.conference.languages);
    frame.notice = notice(query).map(|m| tr.t(m));
    frame.problems = problems;
    let (message, reason) = typed;
    let page = ItemPage { frame, item: *item, days: data.conference.days, message, reason };
    let rendered = page.render();
    html(visit, status, rendered)
}

pub async fn item(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let query = pairs(raw.as_deref());
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/requests"));
    }
    if id.is_empty() || id.len() > 100 {
        return not_found(visit);
    }
    item_page(&state, visit, &id, &query, Vec::new(), Default::default()).await
}

/// `POST /requests/items/{id}/message`: a message to the desk about this item.
pub async fn send_message(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    body: String,
) -> Response {
    let form = pairs(Some(&body));
    if !visit.csrf_ok(field(&form, CSRF_FIELD)) {
        return message_page(visit, StatusCode::FORBIDDEN, Msg::BrokenTitle, Msg::FormExpired, None);
    }
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/requests"));
    }
    let tr = Tr(visit.lang);
    let text = field(&form, "message").unwrap_or("").to_owned();
    let problem = |message: Msg| vec![Problem { field: Some("message".into()), text: tr.t(message).into() }];
    if text.trim().is_empty() {
        return item_page(&state, visit, &id, &[], problem(Msg::MessageMissing), (text, String::new())).await;
    }
    let variables = json!({ "id": id, "body": text, "lang": visit.lang.tag() });
    match api::run::<serde_json::Value>(&state, api::SEND_MESSAGE, variables, &visit.caller).await {
        Ok(_) => visit.redirect(&with_done(&format!("/requests/items/{id}"), "message-sent")),
        Err(refused) if refused.code == ErrorCode::BadUserInput && refused.field.as_deref() == Some("body") => {
            let why = if text.chars().count() > 4_000 { Msg::MessageTooLong } else { Msg::MessageMissing };
            item_page(&state, visit, &id, &[], problem(why), (text, String::new())).await
        }
        Err(refused) => refused_page(visit, &refused, "/requests"),
    }
}

/// `POST /requests/items/{id}/move`: a move the API offered, as of the version read.
pub async fn move_item(State(state): State<AppState>, visit: Visit, Path(id): Path<String>, body: String) -> Response {
    let form = pairs(Some(&body));
    if !visit.csrf_ok(field(&form, CSRF_FIELD)) {
        return message_page(visit, StatusCode::FORBIDDEN, Msg::BrokenTitle, Msg::FormExpired, None);
    }
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/requests"));
    }
    let tr = Tr(visit.lang);
    let to: Option<ItemStatus> = field(&form, "to").and_then(enum_value);
    let version = field(&form, "version").and_then(|v| v.parse::<i64>().ok());
    let (Some(to), Some(version)) = (to, version) else {
        return message_page(visit, StatusCode::BAD_REQUEST, Msg::BrokenTitle, Msg::FormExpired, None);
    };
    let reason = field(&form, "reason").map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    let variables = json!({
        "id": id,
        "to": to,
        "version": version,
        "reason": reason,
        "reasonLang": reason.as_ref().map(|_| visit.lang.tag()),
    });
    let typed = (String::new(), reason.clone().unwrap_or_default());
    match api::run::<serde_json::Value>(&state, api::MOVE_ITEM, variables, &visit.caller).await {
        Ok(_) => visit.redirect(&with_done(&format!("/requests/items/{id}"), "updated")),
        Err(refused) if refused.code == ErrorCode::Conflict => {
            let problem = Problem { field: None, text: tr.t(Msg::Conflict).into() };
            item_page(&state, visit, &id, &[], vec![problem], typed).await
        }
        Err(refused) if refused.code == ErrorCode::BadUserInput && refused.field.as_deref() == Some("reason") => {
            let problem = Problem { field: Some(reason_field(to)), text: tr.t(Msg::ReasonMissing).into() };
            item_page(&state, visit, &id, &[], vec![problem], typed).await
        }
        Err(refused) => refused_page(visit, &refused, "/requests"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_field_names_its_form_field() {
        assert_eq!(form_field(Some("items[0].details")), "details");
        assert_eq!(form_field(Some("items[0].detailsLang")), "details-lang");
        assert_eq!(form_field(Some("items[0].sessionIds")), "sessions");
        assert_eq!(form_field(Some("items[0].days")), "days");
        assert_eq!(form_field(Some("items")), "service");
        assert_eq!(form_field(None), "service");
    }

    #[test]
    fn enum_names_go_both_ways() {
        assert_eq!(enum_name(ServiceType::SignLanguageInterpretation), "SIGN_LANGUAGE_INTERPRETATION");
        assert_eq!(enum_value::<ServiceType>("LIVE_CAPTIONING"), Some(ServiceType::LiveCaptioning));
        assert_eq!(enum_value::<ServiceType>("live_captioning"), None);
        assert_eq!(enum_value::<ItemStatus>("DROP TABLE"), None);
    }
}
