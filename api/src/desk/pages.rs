//! The desk's pages and forms: GET shows, POST acts then redirects (303) to a GET, so every
//! task works without JavaScript and a reload never repeats an action. A form the API refuses
//! comes back with the error summary at the top, each problem linked to its field, and what
//! was typed kept.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use std::collections::BTreeMap;

use sanad_schema::entities::enums::{ItemStatus, Role, Severity};
use sanad_schema::error::ErrorCode;
use sanad_schema::service::accommodation::items;
use sanad_schema::service::editing::{announcement, texts};
use serde_json::json;

use super::api::{self, Refused};
use super::i18n::{Msg, Tr, UiLang};
use super::views::{
    AnnouncePageView, AnnouncementFormData, AnnouncementTexts, Filters, Frame, ItemData, ItemNode, ItemPageView,
    MessagePage, PlanningData, PlanningPageView, Problem, QueueData, QueuePageView, SignInPage, Typed, enum_value,
    language_links,
};
use super::{SCRIPT_PATH, STYLE_PATH};
use crate::http::AppState;
use crate::web::session::{CSRF_FIELD, Visit, sign_in_with_code};
use crate::web::{field, pairs};

/// A page's frame.
fn frame(visit: &Visit, title: String, path: &str, query: &[(String, String)], signed_in: Option<String>) -> Frame {
    Frame {
        tr: Tr(visit.lang),
        title,
        csrf: visit.csrf.clone(),
        css: STYLE_PATH,
        script: SCRIPT_PATH,
        signed_in,
        languages: language_links(visit.lang, path, query),
        problems: Vec::new(),
        notice: None,
    }
}

/// A rendered page, or the error page when a template fails (it never should).
fn html(visit: Visit, status: StatusCode, rendered: Result<String, askama::Error>) -> Response {
    match rendered {
        Ok(body) => visit.page(status, body),
        Err(e) => {
            tracing::error!(error = %e, "a desk template failed");
            let reference = visit.request_id.clone();
            let tr = Tr(visit.lang);
            broken(visit, tr, reference)
        }
    }
}

fn message_page(visit: Visit, status: StatusCode, title: Msg, body: Msg, link: Option<(String, String)>) -> Response {
    let tr = Tr(visit.lang);
    let signed_in = visit.viewer().map(|v| v.person.name.clone());
    let page = MessagePage {
        frame: frame(&visit, tr.t(title).to_owned(), "/desk", &[], signed_in),
        body: tr.t(body).to_owned(),
        reference: None,
        link,
    };
    let rendered = page.render();
    html(visit, status, rendered)
}

fn broken(visit: Visit, tr: Tr, reference: String) -> Response {
    let page = MessagePage {
        frame: frame(&visit, tr.t(Msg::BrokenTitle).to_owned(), "/desk", &[], None),
        body: tr.t(Msg::BrokenBody).to_owned(),
        reference: Some(reference),
        link: None,
    };
    match page.render() {
        Ok(body) => visit.page(StatusCode::INTERNAL_SERVER_ERROR, body),
        Err(_) => visit.page(StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_owned()),
    }
}

/// The page for an API refusal that the page itself cannot fix.
fn refused_page(visit: Visit, refused: &Refused) -> Response {
    match refused.code {
        ErrorCode::Unauthenticated => visit.redirect("/desk/sign-in"),
        ErrorCode::Forbidden => not_for_you(visit),
        ErrorCode::NotFound | ErrorCode::BadUserInput => {
            message_page(visit, StatusCode::NOT_FOUND, Msg::NotFoundTitle, Msg::NotFoundBody, None)
        }
        ErrorCode::Unavailable | ErrorCode::RateLimited => {
            let mut response =
                message_page(visit, StatusCode::SERVICE_UNAVAILABLE, Msg::BusyTitle, Msg::BusyBody, None);
            response.headers_mut().insert(header::RETRY_AFTER, axum::http::HeaderValue::from_static("2"));
            response
        }
        // The desk sends whole documents, never a persisted query's hash alone, and they are
        // always on the trusted list (`server::trusted`).
        ErrorCode::Conflict
        | ErrorCode::PersistedQueryNotFound
        | ErrorCode::PersistedQueryNotInList
        | ErrorCode::Internal => {
            let (tr, reference) = (Tr(visit.lang), visit.request_id.clone());
            broken(visit, tr, reference)
        }
    }
}

/// A delegate who reached the desk: what it is for, and the way to their own requests.
fn not_for_you(visit: Visit) -> Response {
    let link = visit
        .viewer()
        .filter(|v| v.role() == Role::Delegate)
        .map(|_| ("/requests".to_owned(), Tr(visit.lang).t(Msg::GoToMyRequests).to_owned()));
    message_page(visit, StatusCode::FORBIDDEN, Msg::NotForYouTitle, Msg::NotForYouBody, link)
}

/// Desk pages are for coordinators and organisers; anyone else signs in or is told why not.
enum Staff {
    Coordinator,
    Organizer,
}

fn staff(visit: &Visit) -> Result<Staff, Gate> {
    match visit.viewer().map(|v| v.role()) {
        None => Err(Gate::SignIn),
        Some(Role::Coordinator) => Ok(Staff::Coordinator),
        Some(Role::Organizer) => Ok(Staff::Organizer),
        Some(Role::Delegate) => Err(Gate::NotForYou),
    }
}

enum Gate {
    SignIn,
    NotForYou,
}

fn turned_away(visit: Visit, gate: Gate) -> Response {
    match gate {
        Gate::SignIn => visit.redirect("/desk/sign-in"),
        Gate::NotForYou => not_for_you(visit),
    }
}

/// The notice a redirect asked for (`?done=…`): a closed set, never text from the URL.
fn notice(query: &[(String, String)]) -> Option<Msg> {
    match field(query, "done")? {
        "moved" => Some(Msg::Moved),
        "assigned" => Some(Msg::Assigned),
        "unassigned" => Some(Msg::Unassigned),
        "sent" => Some(Msg::MessageSent),
        "noted" => Some(Msg::NoteSaved),
        "signed-out" => Some(Msg::SignedOut),
        "published" => Some(Msg::Published),
        _ => None,
    }
}

// ---- Signing in and out ----

pub async fn sign_in_form(visit: Visit, RawQuery(raw): RawQuery) -> Response {
    if staff(&visit).is_ok() {
        return visit.redirect("/desk");
    }
    let query = pairs(raw.as_deref());
    let tr = Tr(visit.lang);
    let mut frame = frame(&visit, tr.t(Msg::SignInTitle).to_owned(), "/desk/sign-in", &query, None);
    frame.notice = notice(&query).map(|m| tr.t(m));
    let rendered = SignInPage { frame }.render();
    html(visit, StatusCode::OK, rendered)
}

fn sign_in_again(visit: Visit, status: StatusCode, problem: Problem) -> Response {
    let tr = Tr(visit.lang);
    let mut frame = frame(&visit, tr.t(Msg::SignInTitle).to_owned(), "/desk/sign-in", &[], None);
    frame.problems.push(problem);
    let rendered = SignInPage { frame }.render();
    html(visit, status, rendered)
}

pub async fn sign_in(State(state): State<AppState>, mut visit: Visit, body: String) -> Response {
    let form = pairs(Some(&body));
    let tr = Tr(visit.lang);
    if !visit.csrf_ok(field(&form, CSRF_FIELD)) {
        return sign_in_again(
            visit,
            StatusCode::FORBIDDEN,
            Problem { field: None, text: tr.t(Msg::FormExpired).into() },
        );
    }
    let code = field(&form, "code").unwrap_or("").trim().to_owned();
    if code.is_empty() {
        let problem = Problem { field: Some("code".into()), text: tr.t(Msg::CodeMissing).into() };
        return sign_in_again(visit, StatusCode::UNPROCESSABLE_ENTITY, problem);
    }
    match sign_in_with_code(&state, &mut visit, api::SIGN_IN, &code).await {
        Ok(()) => visit.redirect("/desk"),
        Err(refused) => match refused.code {
            ErrorCode::Unauthenticated | ErrorCode::BadUserInput | ErrorCode::NotFound => {
                let problem = Problem { field: Some("code".into()), text: tr.t(Msg::CodeWrong).into() };
                sign_in_again(visit, StatusCode::UNPROCESSABLE_ENTITY, problem)
            }
            ErrorCode::RateLimited => {
                let problem = Problem { field: Some("code".into()), text: tr.t(Msg::TooManyAttempts).into() };
                sign_in_again(visit, StatusCode::TOO_MANY_REQUESTS, problem)
            }
            _ => refused_page(visit, &refused),
        },
    }
}

pub async fn sign_out(State(state): State<AppState>, mut visit: Visit, body: String) -> Response {
    let form = pairs(Some(&body));
    if !visit.csrf_ok(field(&form, CSRF_FIELD)) {
        return message_page(visit, StatusCode::FORBIDDEN, Msg::BrokenTitle, Msg::FormExpired, None);
    }
    if visit.viewer().is_some() {
        // The token stops working for every client, not only this browser.
        if let Err(refused) = api::run::<serde_json::Value>(&state, api::SIGN_OUT, json!({}), &visit.caller).await
            && refused.code != ErrorCode::Unauthenticated
        {
            return refused_page(visit, &refused);
        }
    }
    visit.sign_out();
    visit.redirect("/desk/sign-in?done=signed-out")
}

// ---- The queue, and the organisers' planning view ----

fn filters_of(query: &[(String, String)]) -> Filters {
    Filters {
        statuses: query.iter().filter(|(k, _)| k == "status").filter_map(|(_, v)| enum_value(v)).collect(),
        services: query.iter().filter(|(k, _)| k == "service").filter_map(|(_, v)| enum_value(v)).collect(),
        late: match field(query, "late") {
            Some("late") => Some(true),
            Some("on-time") => Some(false),
            _ => None,
        },
        day: field(query, "day").and_then(|d| d.parse().ok()),
        session: field(query, "session").filter(|s| !s.is_empty() && s.len() <= 100).map(str::to_owned),
        mine: field(query, "mine") == Some("on"),
        after: field(query, "after").filter(|a| !a.is_empty()).map(str::to_owned),
    }
}

/// How many items a queue page shows.
pub const QUEUE_PAGE: i64 = 50;

pub async fn home(State(state): State<AppState>, visit: Visit, RawQuery(raw): RawQuery) -> Response {
    match staff(&visit) {
        Err(gate) => turned_away(visit, gate),
        Ok(Staff::Organizer) => planning(state, visit, raw).await,
        Ok(Staff::Coordinator) => queue(state, visit, raw).await,
    }
}

async fn queue(state: AppState, visit: Visit, raw: Option<String>) -> Response {
    let query = pairs(raw.as_deref());
    let filters = filters_of(&query);
    let variables = json!({
        "status": (!filters.statuses.is_empty()).then_some(&filters.statuses),
        "services": (!filters.services.is_empty()).then_some(&filters.services),
        "late": filters.late,
        "assignedToMe": filters.mine,
        "day": filters.day,
        "sessionId": filters.session,
        "first": QUEUE_PAGE,
        "after": filters.after,
    });
    let data = match api::run::<QueueData>(&state, api::QUEUE, variables, &visit.caller).await {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused),
    };
    let tr = Tr(visit.lang);
    let mut frame = frame(&visit, tr.t(Msg::QueueTitle).to_owned(), "/desk", &filters.pairs(), Some(data.me.name));
    frame.notice = notice(&query).map(|m| tr.t(m));
    let statuses = sanad_schema::service::accommodation::workflow::all()
        .into_iter()
        .filter(|s| !sanad_schema::service::accommodation::workflow::is_closed(*s))
        .collect();
    let view = QueuePageView { frame, data: data.conference, filters, statuses };
    let rendered = view.render();
    html(visit, StatusCode::OK, rendered)
}

async fn planning(state: AppState, visit: Visit, raw: Option<String>) -> Response {
    let query = pairs(raw.as_deref());
    let data = match api::run::<PlanningData>(&state, api::PLANNING, json!({}), &visit.caller).await {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused),
    };
    let tr = Tr(visit.lang);
    let mut frame = frame(&visit, tr.t(Msg::PlanningTitle).to_owned(), "/desk", &query, Some(data.me.name));
    frame.notice = notice(&query).map(|m| tr.t(m));
    let view = PlanningPageView { frame, data: data.conference };
    let rendered = view.render();
    html(visit, StatusCode::OK, rendered)
}

// ---- An item ----

/// Reads an item for its page; `None` when there is no such item for this coordinator.
async fn read_item(
    state: &AppState,
    visit: &Visit,
    id: &str,
) -> Result<Option<(ItemData, Box<super::views::Item>)>, Refused> {
    let mut data = api::run::<ItemData>(state, api::ITEM, json!({ "id": id }), &visit.caller).await?;
    match data.node.take() {
        Some(ItemNode::RequestItem(item)) => Ok(Some((data, item))),
        _ => Ok(None),
    }
}

struct Shown {
    status: StatusCode,
    problems: Vec<Problem>,
    typed: Typed,
    seen: Option<ItemStatus>,
}

async fn show_item(state: &AppState, visit: Visit, id: &str, raw: Option<&str>, shown: Shown) -> Response {
    if let Err(gate) = staff(&visit).and_then(|s| match s {
        Staff::Coordinator => Ok(()),
        Staff::Organizer => Err(Gate::NotForYou),
    }) {
        return turned_away(visit, gate);
    }
    let (data, item) = match read_item(state, &visit, id).await {
        Ok(Some(found)) => found,
        Ok(None) => return message_page(visit, StatusCode::NOT_FOUND, Msg::NotFoundTitle, Msg::NotFoundBody, None),
        Err(refused) => return refused_page(visit, &refused),
    };
    let query = pairs(raw);
    let tr = Tr(visit.lang);
    // No need and no name in the title: titles end up in browser history and shared screens.
    let title = tr.t(Msg::ItemTitle).to_owned();
    let mut frame = frame(&visit, title, &format!("/desk/items/{id}"), &[], Some(data.me.name.clone()));
    frame.problems = shown.problems;
    frame.notice = notice(&query).map(|m| tr.t(m));
    let view = ItemPageView {
        frame,
        me: data.me,
        item: *item,
        days: data.conference.days,
        typed: shown.typed,
        seen: shown.seen,
    };
    let rendered = view.render();
    html(visit, shown.status, rendered)
}

pub async fn item(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let shown = Shown { status: StatusCode::OK, problems: Vec::new(), typed: Typed::default(), seen: None };
    show_item(&state, visit, &id, raw.as_deref(), shown).await
}

/// The item page again after a refused form: the problems, what was typed, and for a
/// conflict the status the coordinator had seen.
async fn item_again(
    state: &AppState,
    visit: Visit,
    id: &str,
    refused: Refused,
    typed: Typed,
    seen: Option<ItemStatus>,
) -> Response {
    let tr = Tr(visit.lang);
    let (status, problem, seen) = match refused.code {
        ErrorCode::Conflict => (
            StatusCode::CONFLICT,
            Problem { field: Some("move-heading".into()), text: tr.t(Msg::Conflict).into() },
            seen,
        ),
        ErrorCode::BadUserInput => {
            let (field, text) = match refused.field.as_deref() {
                // Missing: said in the desk's words; anything else (too long): the API's.
                Some("reason") if typed.reason.trim().is_empty() => {
                    (Some("reason"), tr.t(Msg::ReasonMissing).to_owned())
                }
                Some("reason") => (Some("reason"), refused.message.clone()),
                Some("bookingReference") if typed.booking.trim().is_empty() => {
                    (Some("booking"), tr.t(Msg::BookingMissing).to_owned())
                }
                Some("bookingReference") => (Some("booking"), refused.message.clone()),
                Some("body") => (Some("message"), refused.message.clone()),
                Some("to") => (Some("to"), tr.t(Msg::ChooseStatus).to_owned()),
                _ => (None, refused.message.clone()),
            };
            (StatusCode::UNPROCESSABLE_ENTITY, Problem { field: field.map(str::to_owned), text }, None)
        }
        _ => return refused_page(visit, &refused),
    };
    let shown = Shown { status, problems: vec![problem], typed, seen };
    show_item(state, visit, id, None, shown).await
}

fn version_of(form: &[(String, String)]) -> Option<i32> {
    field(form, "version").and_then(|v| v.parse().ok())
}

/// Why an item form is refused before it reaches the API.
enum FormRefusal {
    Gate(Gate),
    /// The CSRF value is missing or is not this browser's.
    Expired,
}

/// Checks every item form shares: a coordinator signed in, and the CSRF field.
fn item_form_refusal(visit: &Visit, form: &[(String, String)]) -> Option<FormRefusal> {
    match staff(visit) {
        Err(gate) => return Some(FormRefusal::Gate(gate)),
        Ok(Staff::Organizer) => return Some(FormRefusal::Gate(Gate::NotForYou)),
        Ok(Staff::Coordinator) => {}
    }
    (!visit.csrf_ok(field(form, CSRF_FIELD))).then_some(FormRefusal::Expired)
}

fn refuse_form(visit: Visit, refusal: FormRefusal) -> Response {
    match refusal {
        FormRefusal::Gate(gate) => turned_away(visit, gate),
        FormRefusal::Expired => message_page(visit, StatusCode::FORBIDDEN, Msg::BrokenTitle, Msg::FormExpired, None),
    }
}

/// A form refused before it reached the API, as the API would refuse it.
fn refused_field(field: &str, message: &str) -> Refused {
    Refused { code: ErrorCode::BadUserInput, field: Some(field.to_owned()), message: message.to_owned() }
}

pub async fn move_item(State(state): State<AppState>, visit: Visit, Path(id): Path<String>, body: String) -> Response {
    let form = pairs(Some(&body));
    if let Some(refusal) = item_form_refusal(&visit, &form) {
        return refuse_form(visit, refusal);
    }
    let typed = Typed {
        to: field(&form, "to").and_then(enum_value),
        reason: field(&form, "reason").unwrap_or("").to_owned(),
        reason_lang: field(&form, "reason-lang").and_then(UiLang::from_tag),
        booking: field(&form, "booking").unwrap_or("").to_owned(),
        ..Typed::default()
    };
    let seen: Option<ItemStatus> = field(&form, "seen").and_then(enum_value);
    let (Some(to), Some(version)) = (typed.to, version_of(&form)) else {
        let refused = refused_field("to", Tr(visit.lang).t(Msg::ChooseStatus));
        return item_again(&state, visit, &id, refused, typed, seen).await;
    };
    let over = |text: &str| text.trim().chars().count().saturating_sub(items::MAX_REASON);
    let too_long = [("reason", over(&typed.reason)), ("bookingReference", over(&typed.booking))]
        .into_iter()
        .find(|(_, over)| *over > 0);
    if let Some((field, over)) = too_long {
        let refused = refused_field(field, &format!("{} {over}", Tr(visit.lang).t(Msg::CountOver)));
        return item_again(&state, visit, &id, refused, typed, seen).await;
    }
    let blank = |s: &str| s.trim().is_empty();
    let variables = json!({
        "itemId": id,
        "to": to,
        "expectedVersion": version,
        "reason": (!blank(&typed.reason)).then_some(typed.reason.trim()),
        "reasonLang": typed.reason_lang.unwrap_or(visit.lang).tag(),
        "bookingReference": (!blank(&typed.booking)).then_some(typed.booking.trim()),
    });
    match api::run::<serde_json::Value>(&state, api::MOVE_ITEM, variables, &visit.caller).await {
        Ok(_) => visit.redirect(&format!("/desk/items/{id}?done=moved")),
        Err(refused) => item_again(&state, visit, &id, refused, typed, seen).await,
    }
}

pub async fn assign_item(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    body: String,
) -> Response {
    let form = pairs(Some(&body));
    if let Some(refusal) = item_form_refusal(&visit, &form) {
        return refuse_form(visit, refusal);
    }
    let Some(version) = version_of(&form) else {
        return message_page(visit, StatusCode::BAD_REQUEST, Msg::BrokenTitle, Msg::FormExpired, None);
    };
    let me = visit
        .viewer()
        .map(|v| sanad_schema::graphql::relay::encode(sanad_schema::graphql::relay::Kind::Person, v.person.id));
    let to_me = field(&form, "to") == Some("me");
    let variables = json!({ "itemId": id, "assigneeId": if to_me { me } else { None }, "expectedVersion": version });
    match api::run::<serde_json::Value>(&state, api::ASSIGN_ITEM, variables, &visit.caller).await {
        Ok(_) => visit.redirect(&format!("/desk/items/{id}?done={}", if to_me { "assigned" } else { "unassigned" })),
        Err(refused) => item_again(&state, visit, &id, refused, Typed::default(), None).await,
    }
}

pub async fn send_message(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    body: String,
) -> Response {
    let form = pairs(Some(&body));
    if let Some(refusal) = item_form_refusal(&visit, &form) {
        return refuse_form(visit, refusal);
    }
    let typed = Typed {
        message: field(&form, "message").unwrap_or("").to_owned(),
        message_lang: field(&form, "message-lang").and_then(UiLang::from_tag),
        internal: field(&form, "internal") == Some("on"),
        ..Typed::default()
    };
    let tr = Tr(visit.lang);
    let text = typed.message.trim();
    let problem = if text.is_empty() {
        Some(Msg::MessageMissing)
    } else if text.chars().count() > items::MAX_MESSAGE {
        Some(Msg::MessageTooLong)
    } else {
        None
    };
    if let Some(problem) = problem {
        let refused = refused_field("body", tr.t(problem));
        return item_again(&state, visit, &id, refused, typed, None).await;
    }
    let lang = typed.message_lang.unwrap_or(tr.0).tag();
    let variables = json!({ "itemId": id, "body": text, "lang": lang, "internal": typed.internal });
    match api::run::<serde_json::Value>(&state, api::SEND_MESSAGE, variables, &visit.caller).await {
        Ok(_) => visit.redirect(&format!("/desk/items/{id}?done={}", if typed.internal { "noted" } else { "sent" })),
        Err(refused) => item_again(&state, visit, &id, refused, typed, None).await,
    }
}

// ---- Announcements (organisers) ----

fn organiser_only(visit: &Visit) -> Option<Gate> {
    match staff(visit) {
        Err(gate) => Some(gate),
        Ok(Staff::Coordinator) => Some(Gate::NotForYou),
        Ok(Staff::Organizer) => None,
    }
}

/// The form, empty or as it was sent with its problems.
async fn announce_page(
    state: &AppState,
    visit: Visit,
    status: StatusCode,
    problems: Vec<Problem>,
    severity: Option<Severity>,
    typed: BTreeMap<String, AnnouncementTexts>,
) -> Response {
    let data = match api::run::<AnnouncementFormData>(state, api::ANNOUNCEMENT_FORM, json!({}), &visit.caller).await {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused),
    };
    let tr = Tr(visit.lang);
    let mut frame = frame(&visit, tr.t(Msg::AnnounceTitle).to_owned(), "/desk/announcements", &[], Some(data.me.name));
    frame.problems = problems;
    let languages = data.conference.languages.into_iter().filter(|l| !l.language.is_sign_language).collect();
    let severities = [Severity::Info, Severity::Change, Severity::Urgent, Severity::Emergency];
    let view = AnnouncePageView { frame, languages, severity, typed, severities };
    let rendered = view.render();
    html(visit, status, rendered)
}

pub async fn announcement_form(State(state): State<AppState>, visit: Visit) -> Response {
    if let Some(gate) = organiser_only(&visit) {
        return turned_away(visit, gate);
    }
    announce_page(&state, visit, StatusCode::OK, Vec::new(), None, BTreeMap::new()).await
}

/// The form's field for an API field such as `input.title[2].value`, given the languages in
/// the order they were sent.
fn announcement_field(api_field: &str, sent: &[String]) -> Option<String> {
    let rest = api_field.strip_prefix("input.")?;
    let (name, index) = match rest.split_once('[') {
        Some((name, tail)) => (name, tail.split(']').next()?.parse::<usize>().ok()),
        None => (rest, None),
    };
    let prefix = match name {
        "title" => "title",
        "whatChanged" => "changed",
        "whatToDo" => "todo",
        "severity" => return Some("severity".to_owned()),
        _ => return None,
    };
    let tag = sent.get(index.unwrap_or(0))?;
    Some(format!("{prefix}-{tag}"))
}

pub async fn publish_announcement(State(state): State<AppState>, visit: Visit, body: String) -> Response {
    let form = pairs(Some(&body));
    if let Some(gate) = organiser_only(&visit) {
        return turned_away(visit, gate);
    }
    if !visit.csrf_ok(field(&form, CSRF_FIELD)) {
        return message_page(visit, StatusCode::FORBIDDEN, Msg::BrokenTitle, Msg::FormExpired, None);
    }
    let languages =
        match api::run::<AnnouncementFormData>(&state, api::ANNOUNCEMENT_FORM, json!({}), &visit.caller).await {
            Ok(data) => data.conference.languages,
            Err(refused) => return refused_page(visit, &refused),
        };
    let tr = Tr(visit.lang);
    let severity: Option<Severity> = field(&form, "severity").and_then(enum_value);
    let mut typed = BTreeMap::new();
    let mut problems = Vec::new();
    if severity.is_none() {
        problems.push(Problem { field: Some("severity".into()), text: tr.t(Msg::SeverityMissing).into() });
    }
    let (mut title, mut what_changed, mut what_to_do, mut sent) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for entry in languages.iter().filter(|l| !l.language.is_sign_language) {
        let tag = entry.language.tag.clone();
        let value = |prefix: &str| field(&form, &format!("{prefix}-{tag}")).unwrap_or("").trim().to_owned();
        let texts =
            AnnouncementTexts { title: value("title"), what_changed: value("changed"), what_to_do: value("todo") };
        let written = [&texts.title, &texts.what_changed, &texts.what_to_do];
        // A required language needs all three; another needs all three or none.
        if entry.required || written.iter().any(|t| !t.is_empty()) {
            for (prefix, text) in
                [("title", &texts.title), ("changed", &texts.what_changed), ("todo", &texts.what_to_do)]
            {
                let name = &entry.language.native_name.value;
                let max = if prefix == "title" { announcement::TITLE } else { texts::LONG };
                let too_many = text.chars().count().saturating_sub(max);
                if text.is_empty() {
                    let problem = format!("{} ({name})", tr.t(Msg::EnterText));
                    problems.push(Problem { field: Some(format!("{prefix}-{tag}")), text: problem });
                } else if too_many > 0 {
                    let problem = format!("{} {too_many} ({name})", tr.t(Msg::CountOver));
                    problems.push(Problem { field: Some(format!("{prefix}-{tag}")), text: problem });
                }
            }
            title.push(json!({ "lang": tag, "value": texts.title }));
            what_changed.push(json!({ "lang": tag, "value": texts.what_changed }));
            what_to_do.push(json!({ "lang": tag, "value": texts.what_to_do }));
            sent.push(tag.clone());
        }
        typed.insert(tag, texts);
    }
    if !problems.is_empty() {
        return announce_page(&state, visit, StatusCode::UNPROCESSABLE_ENTITY, problems, severity, typed).await;
    }
    let input = json!({ "severity": severity, "title": title, "whatChanged": what_changed, "whatToDo": what_to_do });
    match api::run::<serde_json::Value>(&state, api::PUBLISH_ANNOUNCEMENT, json!({ "input": input }), &visit.caller)
        .await
    {
        Ok(_) => visit.redirect("/desk?done=published"),
        Err(refused) if refused.code == ErrorCode::BadUserInput => {
            let field = refused.field.as_deref().and_then(|f| announcement_field(f, &sent));
            let problem = Problem { field, text: refused.message.clone() };
            announce_page(&state, visit, StatusCode::UNPROCESSABLE_ENTITY, vec![problem], severity, typed).await
        }
        Err(refused) => refused_page(visit, &refused),
    }
}

/// Any other path under `/desk`.
pub async fn not_found(visit: Visit) -> Response {
    let back = Tr(visit.lang).t(Msg::BackToQueue).to_owned();
    message_page(visit, StatusCode::NOT_FOUND, Msg::NotFoundTitle, Msg::NotFoundBody, Some(("/desk".into(), back)))
}
