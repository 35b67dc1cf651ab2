//! My settings and my data: the languages texts come in, the access preferences the server
//! uses when it works out walking times and clashes, which notifications I get and on which
//! devices (the service worker subscribes this phone with the server's VAPID key and the page
//! registers it here), and downloading or deleting everything Sanad holds about me
//! (DESIGN §6, point 7). The API's limits are the only ones: refusals come back at their field.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, FixedOffset};
use sanad_schema::error::ErrorCode;
use serde::Deserialize;
use serde_json::json;

use super::api;
use super::i18n::{Msg, Tr};
use super::pages::{about, frame, html, message_page, notice, refused_page, sign_in_href};
use super::views::{ConferenceLanguage, Frame, Nav, Problem, Text, Val};
use crate::http::AppState;
use crate::web::session::{CSRF_FIELD, Visit};
use crate::web::{field, pairs};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Access {
    pub screen_reader: bool,
    pub captions: bool,
    pub large_text: bool,
    pub step_free_routes_only: bool,
    pub extra_minutes_between_rooms: i64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notifications {
    pub session_reminders: bool,
    pub reminder_minutes_before: i64,
    pub agenda_changes: bool,
    pub announcements: bool,
    pub request_updates: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub id: String,
    pub label: String,
    pub push_service: String,
    pub registered_at: DateTime<FixedOffset>,
    pub refused: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SettingsMe {
    preferred_languages: Vec<String>,
    accessibility: Access,
    notifications: Notifications,
    push_subscriptions: Vec<Device>,
}

#[derive(Debug, Deserialize)]
struct SettingsConference {
    name: Text,
    languages: Vec<ConferenceLanguage>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SettingsData {
    me: Option<SettingsMe>,
    vapid_public_key: String,
    conference: SettingsConference,
}

/// The settings form as shown: what the API holds, or what was typed when it came back.
#[derive(Debug)]
pub struct Form {
    pub first: String,
    pub second: String,
    pub screen_reader: bool,
    pub captions: bool,
    pub large_text: bool,
    pub step_free_only: bool,
    pub extra_minutes: String,
    pub reminders: bool,
    pub reminder_minutes: String,
    pub agenda_changes: bool,
    pub announcements: bool,
    pub request_updates: bool,
}

impl Form {
    fn from_api(me: &SettingsMe) -> Self {
        let languages = &me.preferred_languages;
        Self {
            first: languages.first().cloned().unwrap_or_default(),
            second: languages.get(1).cloned().unwrap_or_default(),
            screen_reader: me.accessibility.screen_reader,
            captions: me.accessibility.captions,
            large_text: me.accessibility.large_text,
            step_free_only: me.accessibility.step_free_routes_only,
            extra_minutes: me.accessibility.extra_minutes_between_rooms.to_string(),
            reminders: me.notifications.session_reminders,
            reminder_minutes: me.notifications.reminder_minutes_before.to_string(),
            agenda_changes: me.notifications.agenda_changes,
            announcements: me.notifications.announcements,
            request_updates: me.notifications.request_updates,
        }
    }

    fn from_post(form: &[(String, String)]) -> Self {
        let text = |name: &str| field(form, name).unwrap_or("").trim().to_owned();
        let on = |name: &str| field(form, name) == Some("on");
        Self {
            first: text("first"),
            second: text("second"),
            screen_reader: on("screen-reader"),
            captions: on("captions"),
            large_text: on("large-text"),
            step_free_only: on("step-free-only"),
            extra_minutes: text("extra-minutes"),
            reminders: on("reminders"),
            reminder_minutes: text("reminder-minutes"),
            agenda_changes: on("agenda-changes"),
            announcements: on("announcements"),
            request_updates: on("request-updates"),
        }
    }
}

#[derive(Template)]
#[template(path = "app/settings.html")]
pub struct SettingsPage {
    pub frame: Frame,
    pub form: Form,
    /// The conference's languages, sign languages too: (tag, name in the interface language).
    pub languages: Vec<(String, String)>,
    pub devices: Vec<Device>,
    pub vapid_key: String,
}

impl SettingsPage {
    pub fn first_is(&self, tag: &str) -> bool {
        self.form.first == tag
    }

    pub fn second_is(&self, tag: &str) -> bool {
        self.form.second == tag
    }

    pub fn moment(&self, at: impl Val<DateTime<FixedOffset>>) -> String {
        crate::web::view::moment(self.frame.tr.0, at.val())
    }
}

#[derive(Template)]
#[template(path = "app/delete.html")]
pub struct DeletePage {
    pub frame: Frame,
}

async fn settings_page(
    state: &AppState,
    visit: Visit,
    typed: Option<Form>,
    problems: Vec<Problem>,
    query: &[(String, String)],
) -> Response {
    let data = match api::run::<SettingsData>(state, api::SETTINGS, json!({}), &visit.caller).await {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused, "/settings"),
    };
    let Some(me) = data.me else {
        return visit.redirect(&sign_in_href("/settings"));
    };
    let tr = Tr(visit.lang);
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut frame = frame(&visit, tr.t(Msg::SettingsTitle).to_owned(), Nav::Settings, "/settings", &[]);
    about(&mut frame, &data.conference.name, &data.conference.languages);
    frame.notice = notice(query).map(|m| tr.t(m));
    frame.problems = problems;
    let languages =
        data.conference.languages.iter().map(|l| (l.language.tag.clone(), l.language.name.value.clone())).collect();
    let form = typed.unwrap_or_else(|| Form::from_api(&me));
    let page =
        SettingsPage { frame, form, languages, devices: me.push_subscriptions, vapid_key: data.vapid_public_key };
    let rendered = page.render();
    html(visit, status, rendered)
}

pub async fn show(State(state): State<AppState>, visit: Visit, RawQuery(raw): RawQuery) -> Response {
    let query = pairs(raw.as_deref());
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/settings"));
    }
    settings_page(&state, visit, None, Vec::new(), &query).await
}

/// A whole number the form field holds, or `None` (the API then says what it accepts).
fn minutes(text: &str) -> Option<i64> {
    text.parse::<i64>().ok()
}

pub async fn save(State(state): State<AppState>, visit: Visit, body: String) -> Response {
    let posted = pairs(Some(&body));
    if !visit.csrf_ok(field(&posted, CSRF_FIELD)) {
        return message_page(visit, StatusCode::FORBIDDEN, Msg::BrokenTitle, Msg::FormExpired, None);
    }
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/settings"));
    }
    let tr = Tr(visit.lang);
    let form = Form::from_post(&posted);
    // Whole numbers first: "ten" is not a number the API can be asked about.
    let mut problems = Vec::new();
    let extra = minutes(&form.extra_minutes);
    if extra.is_none() {
        problems.push(Problem { field: Some("extra-minutes".into()), text: tr.t(Msg::ExtraMinutesInvalid).into() });
    }
    let reminder = minutes(&form.reminder_minutes);
    if reminder.is_none() {
        problems
            .push(Problem { field: Some("reminder-minutes".into()), text: tr.t(Msg::ReminderMinutesInvalid).into() });
    }
    if !problems.is_empty() {
        return settings_page(&state, visit, Some(form), problems, &[]).await;
    }
    let mut languages: Vec<&str> = Vec::new();
    for tag in [form.first.as_str(), form.second.as_str()] {
        if !tag.is_empty() && !languages.contains(&tag) {
            languages.push(tag);
        }
    }
    let input = json!({
        "preferredLanguages": (!languages.is_empty()).then_some(&languages),
        "screenReader": form.screen_reader,
        "captions": form.captions,
        "largeText": form.large_text,
        "stepFreeRoutesOnly": form.step_free_only,
        "extraMinutesBetweenRooms": extra,
        "reminderMinutesBefore": reminder,
        "sessionReminders": form.reminders,
        "agendaChanges": form.agenda_changes,
        "announcements": form.announcements,
        "requestUpdates": form.request_updates,
    });
    match api::run::<serde_json::Value>(&state, api::UPDATE_SETTINGS, json!({ "input": input }), &visit.caller).await {
        Ok(_) => visit.redirect("/settings?done=saved"),
        Err(refused) if refused.code == ErrorCode::BadUserInput => {
            let (at, message) = match refused.field.as_deref().and_then(|f| f.rsplit('.').next()) {
                Some("extraMinutesBetweenRooms") => ("extra-minutes", Msg::ExtraMinutesInvalid),
                Some("reminderMinutesBefore") => ("reminder-minutes", Msg::ReminderMinutesInvalid),
                _ => ("first", Msg::LanguagesHint),
            };
            let problems = vec![Problem { field: Some(at.into()), text: tr.t(message).into() }];
            settings_page(&state, visit, Some(form), problems, &[]).await
        }
        Err(refused) => refused_page(visit, &refused, "/settings"),
    }
}

/// `POST /settings/push`: registers the subscription the page's script made on this phone.
/// Answers 204 or a status with the API's code as text: only the script calls it.
pub async fn register_push(State(state): State<AppState>, visit: Visit, body: String) -> Response {
    let posted = pairs(Some(&body));
    if !visit.csrf_ok(field(&posted, CSRF_FIELD)) {
        return visit.status(StatusCode::FORBIDDEN, "FORBIDDEN");
    }
    if visit.viewer().is_none() {
        return visit.status(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
    let tr = Tr(visit.lang);
    let value = |name: &str| field(&posted, name).unwrap_or("").to_owned();
    let label =
        Some(value("label")).filter(|l| !l.trim().is_empty()).unwrap_or_else(|| tr.t(Msg::ThisPhone).to_owned());
    let variables =
        json!({ "endpoint": value("endpoint"), "p256dh": value("p256dh"), "auth": value("auth"), "label": label });
    match api::run::<serde_json::Value>(&state, api::REGISTER_PUSH, variables, &visit.caller).await {
        Ok(_) => visit.status(StatusCode::NO_CONTENT, ""),
        Err(refused) => {
            let status = match refused.code {
                ErrorCode::BadUserInput => StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
                ErrorCode::RateLimited | ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            visit.status(status, refused.code.as_str())
        }
    }
}

/// `POST /settings/devices/{id}/remove`: no more notifications to that device.
pub async fn remove_device(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    body: String,
) -> Response {
    let posted = pairs(Some(&body));
    if !visit.csrf_ok(field(&posted, CSRF_FIELD)) {
        return message_page(visit, StatusCode::FORBIDDEN, Msg::BrokenTitle, Msg::FormExpired, None);
    }
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/settings"));
    }
    match api::run::<serde_json::Value>(&state, api::REMOVE_PUSH, json!({ "id": id }), &visit.caller).await {
        Ok(_) => visit.redirect("/settings?done=device-removed"),
        Err(refused) => refused_page(visit, &refused, "/settings"),
    }
}

/// `GET /settings/my-data.json`: everything Sanad holds about me, to keep.
pub async fn export(State(state): State<AppState>, visit: Visit) -> Response {
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/settings"));
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        my_data_export: serde_json::Value,
    }
    match api::run::<Data>(&state, api::EXPORT_MY_DATA, json!({}), &visit.caller).await {
        Ok(data) => {
            let body = serde_json::to_string_pretty(&data.my_data_export).unwrap_or_default();
            let mut response = visit.page(StatusCode::OK, body);
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"sanad-my-data.json\""),
            );
            response
        }
        Err(refused) => refused_page(visit, &refused, "/settings"),
    }
}

pub async fn delete_form(visit: Visit) -> Response {
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/settings/delete"));
    }
    delete_page(visit, StatusCode::OK, Vec::new())
}

fn delete_page(visit: Visit, status: StatusCode, problems: Vec<Problem>) -> Response {
    let tr = Tr(visit.lang);
    let mut frame = frame(&visit, tr.t(Msg::DeleteData).to_owned(), Nav::Settings, "/settings/delete", &[]);
    frame.problems = problems;
    let rendered = DeletePage { frame }.render();
    html(visit, status, rendered)
}

pub async fn delete(State(state): State<AppState>, mut visit: Visit, body: String) -> Response {
    let posted = pairs(Some(&body));
    if !visit.csrf_ok(field(&posted, CSRF_FIELD)) {
        return message_page(visit, StatusCode::FORBIDDEN, Msg::BrokenTitle, Msg::FormExpired, None);
    }
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/settings/delete"));
    }
    if field(&posted, "confirm") != Some("on") {
        let tr = Tr(visit.lang);
        let problems = vec![Problem { field: Some("confirm".into()), text: tr.t(Msg::DeleteConfirmMissing).into() }];
        return delete_page(visit, StatusCode::UNPROCESSABLE_ENTITY, problems);
    }
    match api::run::<serde_json::Value>(&state, api::DELETE_MY_DATA, json!({}), &visit.caller).await {
        Ok(_) => {
            // The person, and with them their sign-in, are gone: so is the browser's copy.
            visit.sign_out();
            visit.redirect("/?done=deleted")
        }
        Err(refused) => refused_page(visit, &refused, "/settings"),
    }
}
