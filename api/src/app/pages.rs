//! The app's pages and forms: GET shows, POST acts then redirects (303) to a GET, so every
//! task works without JavaScript and a reload never repeats an action. A refused form comes
//! back with the error summary at the top, each problem linked to its field.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::NaiveDate;
use sanad_schema::error::ErrorCode;
use serde_json::json;

use super::api;
use super::i18n::{Msg, Tr};
use super::views::{
    AgendaData, AgendaPage, AnnouncementsData, AnnouncementsPage, ConferenceLanguage, DayChoice, Filters, Frame,
    GlossaryData, GlossaryPage, MessagePage, Nav, Problem, ProgrammeData, ProgrammePage, SessionData, SessionPageView,
    SignInPage, Text, acronyms_in,
};
use super::{SCRIPT_PATH, STYLE_PATH};
use crate::http::AppState;
use crate::web::api::Refused;
use crate::web::session::{CSRF_FIELD, Visit, sign_in_with_code};
use crate::web::view::language_links;
use crate::web::{field, pairs};

/// A page's frame.
pub(super) fn frame(visit: &Visit, title: String, nav: Nav, path: &str, query: &[(String, String)]) -> Frame {
    Frame {
        tr: Tr(visit.lang),
        title,
        conference: None,
        csrf: visit.csrf.clone(),
        css: STYLE_PATH,
        script: SCRIPT_PATH,
        nav,
        signed_in: visit.viewer().map(|v| v.person.name.clone()),
        languages: language_links(visit.lang, path, query),
        language_names: Vec::new(),
        problems: Vec::new(),
        notice: None,
    }
}

/// The conference's name and its languages' names (in the interface language) into the frame.
pub(super) fn about(frame: &mut Frame, name: &Text, languages: &[ConferenceLanguage]) {
    frame.conference = Some(name.clone());
    frame.language_names = languages.iter().map(|l| (l.language.tag.clone(), l.language.name.value.clone())).collect();
}

/// A rendered page, or the error page when a template fails (it never should).
pub(super) fn html(visit: Visit, status: StatusCode, rendered: Result<String, askama::Error>) -> Response {
    match rendered {
        Ok(body) => visit.page(status, body),
        Err(e) => {
            tracing::error!(error = %e, "an app template failed");
            broken(visit)
        }
    }
}

pub(super) fn message_page(
    visit: Visit,
    status: StatusCode,
    title: Msg,
    body: Msg,
    link: Option<(String, String)>,
) -> Response {
    let tr = Tr(visit.lang);
    let page = MessagePage {
        frame: frame(&visit, tr.t(title).to_owned(), Nav::Other, "/", &[]),
        body: tr.t(body).to_owned(),
        reference: None,
        link,
    };
    let rendered = page.render();
    html(visit, status, rendered)
}

fn broken(visit: Visit) -> Response {
    let tr = Tr(visit.lang);
    let page = MessagePage {
        frame: frame(&visit, tr.t(Msg::BrokenTitle).to_owned(), Nav::Other, "/", &[]),
        body: tr.t(Msg::BrokenBody).to_owned(),
        reference: Some(visit.request_id.clone()),
        link: None,
    };
    match page.render() {
        Ok(body) => visit.page(StatusCode::INTERNAL_SERVER_ERROR, body),
        Err(_) => visit.page(StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_owned()),
    }
}

pub(super) fn not_found(visit: Visit) -> Response {
    let back = Some(("/".to_owned(), Tr(visit.lang).t(Msg::BackToProgramme).to_owned()));
    message_page(visit, StatusCode::NOT_FOUND, Msg::NotFoundTitle, Msg::NotFoundBody, back)
}

/// The page for an API refusal that the page itself cannot fix.
pub(super) fn refused_page(visit: Visit, refused: &Refused, back: &str) -> Response {
    match refused.code {
        ErrorCode::Unauthenticated => visit.redirect(&sign_in_href(back)),
        ErrorCode::NotFound | ErrorCode::BadUserInput => not_found(visit),
        ErrorCode::Unavailable | ErrorCode::RateLimited => {
            let mut response =
                message_page(visit, StatusCode::SERVICE_UNAVAILABLE, Msg::BusyTitle, Msg::BusyBody, None);
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
            response
        }
        // The pages send whole documents, always on the trusted list (`server::trusted`).
        ErrorCode::Forbidden
        | ErrorCode::Conflict
        | ErrorCode::PersistedQueryNotFound
        | ErrorCode::PersistedQueryNotInList
        | ErrorCode::Internal => broken(visit),
    }
}

/// Where to go back after signing in: a path of this site only (never `//elsewhere`).
pub(super) fn local_path(back: Option<&str>) -> Option<&str> {
    back.filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.starts_with("/\\") && b.len() <= 300)
        .filter(|b| !b.chars().any(char::is_control))
}

pub(super) fn sign_in_href(back: &str) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new()).append_pair("back", back).finish();
    format!("/sign-in?{query}")
}

/// The notice a redirect asked for (`?done=…`): a closed set, never text from the URL.
pub(super) fn notice(query: &[(String, String)]) -> Option<Msg> {
    match field(query, "done")? {
        "consented" => Some(Msg::Consented),
        "requested" => Some(Msg::RequestSent),
        "message-sent" => Some(Msg::MessageSent),
        "updated" => Some(Msg::ItemMoved),
        "saved" => Some(Msg::SettingsSaved),
        "device-removed" => Some(Msg::DeviceRemoved),
        "push-on" => Some(Msg::PushOn),
        "deleted" => Some(Msg::DataDeleted),
        "added" => Some(Msg::Added),
        "removed" => Some(Msg::Removed),
        "signed-in" => Some(Msg::SignedIn),
        "signed-out" => Some(Msg::SignedOut),
        _ => None,
    }
}

/// `path` with `?done=what` (or `&done=what`) added.
pub(super) fn with_done(path: &str, what: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}done={what}")
}

// ---- The programme ----

fn filters_of(query: &[(String, String)]) -> Filters {
    let day = match field(query, "day") {
        Some("all") => Some(DayChoice::All),
        Some(date) => date.parse::<NaiveDate>().ok().map(DayChoice::One),
        None => None,
    };
    let on = |name: &str| field(query, name) == Some("on");
    Filters {
        day,
        text: field(query, "q").map(str::trim).unwrap_or("").to_owned(),
        sign: on("sign"),
        into: field(query, "into").filter(|t| !t.is_empty() && t.len() <= 35).map(str::to_owned),
        step_free: on("step-free"),
        captions: on("captions"),
    }
}

/// The day the programme opens on when none is chosen: the day of what is on now, else of
/// what comes next, else (the conference is over) the first day.
pub fn default_day(days: &[NaiveDate], now: Option<NaiveDate>, next: Option<NaiveDate>) -> Option<NaiveDate> {
    now.filter(|d| days.contains(d)).or(next.filter(|d| days.contains(d))).or_else(|| days.first().copied())
}

fn session_filter(filters: &Filters, day: DayChoice, with_text: bool) -> serde_json::Value {
    json!({
        "day": match day { DayChoice::One(date) => Some(date), DayChoice::All => None },
        "signLanguage": filters.sign.then_some(true),
        "interpretedInto": filters.into,
        "stepFreeRoom": filters.step_free.then_some(true),
        "liveCaptions": filters.captions.then_some(true),
        "text": (with_text && !filters.text.is_empty()).then_some(&filters.text),
    })
}

/// How many sessions one programme page lists at most (a whole day of a large event).
const PROGRAMME_PAGE: i64 = 500;

pub async fn programme(State(state): State<AppState>, visit: Visit, RawQuery(raw): RawQuery) -> Response {
    let query = pairs(raw.as_deref());
    let filters = filters_of(&query);
    // The day: the one asked for when the conference has it, else the default.
    let probe = api::run::<ProgrammeData>(
        &state,
        api::PROGRAMME,
        json!({ "filter": session_filter(&filters, DayChoice::All, false), "first": 0 }),
        &visit.caller,
    )
    .await;
    let probe = match probe {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused, "/"),
    };
    let dates: Vec<NaiveDate> = probe.conference.days.iter().map(|d| d.date).collect();
    let shown = match filters.day {
        Some(DayChoice::One(date)) if dates.contains(&date) => DayChoice::One(date),
        Some(DayChoice::All) => DayChoice::All,
        _ => {
            let now = probe.conference.happening_now.first().map(|l| l.day);
            let next = probe.conference.up_next.first().map(|l| l.day);
            match default_day(&dates, now, next) {
                Some(date) => DayChoice::One(date),
                None => DayChoice::All,
            }
        }
    };
    let tr = Tr(visit.lang);
    let mut problems = Vec::new();
    let variables =
        |with_text| json!({ "filter": session_filter(&filters, shown, with_text), "first": PROGRAMME_PAGE });
    let data = match api::run::<ProgrammeData>(&state, api::PROGRAMME, variables(true), &visit.caller).await {
        Ok(data) => data,
        // Words the search refuses (too many, too long): said at the field, the rest shown.
        Err(refused) if refused.code == ErrorCode::BadUserInput && !filters.text.is_empty() => {
            problems.push(Problem { field: Some("q".into()), text: tr.t(Msg::TextTooLong).into() });
            match api::run::<ProgrammeData>(&state, api::PROGRAMME, variables(false), &visit.caller).await {
                Ok(data) => data,
                Err(refused) => return refused_page(visit, &refused, "/"),
            }
        }
        Err(refused) => return refused_page(visit, &refused, "/"),
    };
    let mut frame =
        frame(&visit, tr.t(Msg::ProgrammeTitle).to_owned(), Nav::Programme, "/", &filters.pairs(filters.day));
    about(&mut frame, &data.conference.name, &data.conference.languages);
    frame.notice = notice(&query).map(|m| tr.t(m));
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    frame.problems = problems;
    let page = ProgrammePage { frame, data: data.conference, filters, shown };
    let rendered = page.render();
    html(visit, status, rendered)
}

// ---- A session ----

pub async fn session(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let query = pairs(raw.as_deref());
    if id.is_empty() || id.len() > 100 {
        return not_found(visit);
    }
    let path = format!("/sessions/{id}");
    let data = match api::run::<SessionData>(&state, api::SESSION, json!({ "id": id }), &visit.caller).await {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused, &path),
    };
    let tr = Tr(visit.lang);
    let conference = data.conference;
    let session = conference.session;
    let mut frame = frame(&visit, session.title.value.clone(), Nav::Programme, &path, &[]);
    about(&mut frame, &conference.name, &conference.languages);
    frame.notice = notice(&query).map(|m| tr.t(m));
    let texts: Vec<&str> = [Some(&session.title), session.summary.as_ref(), session.plain_summary.as_ref()]
        .into_iter()
        .flatten()
        .map(|t| t.value.as_str())
        .collect();
    let acronyms = acronyms_in(conference.glossary, &texts);
    let page = SessionPageView { frame, session, acronyms };
    let rendered = page.render();
    html(visit, StatusCode::OK, rendered)
}

/// `POST /sessions/{id}/agenda`: `action=add` or `action=remove`, then back where it came from.
pub async fn change_agenda(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    body: String,
) -> Response {
    let form = pairs(Some(&body));
    let page = format!("/sessions/{id}");
    if !visit.csrf_ok(field(&form, CSRF_FIELD)) {
        let back = Some((page, Tr(visit.lang).t(Msg::BackToProgramme).to_owned()));
        return message_page(visit, StatusCode::FORBIDDEN, Msg::BrokenTitle, Msg::FormExpired, back);
    }
    let back = local_path(field(&form, "back")).unwrap_or(&page).to_owned();
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href(&back));
    }
    let (operation, done) = match field(&form, "action") {
        Some("add") => (api::ADD_TO_AGENDA, "added"),
        Some("remove") => (api::REMOVE_FROM_AGENDA, "removed"),
        _ => return message_page(visit, StatusCode::BAD_REQUEST, Msg::BrokenTitle, Msg::FormExpired, None),
    };
    match api::run::<serde_json::Value>(&state, operation, json!({ "id": id }), &visit.caller).await {
        Ok(_) => visit.redirect(&with_done(&back, done)),
        Err(refused) => refused_page(visit, &refused, &back),
    }
}

// ---- My agenda ----

pub async fn agenda(State(state): State<AppState>, visit: Visit, RawQuery(raw): RawQuery) -> Response {
    let query = pairs(raw.as_deref());
    if visit.viewer().is_none() {
        return visit.redirect(&sign_in_href("/agenda"));
    }
    let data = match api::run::<AgendaData>(&state, api::AGENDA, json!({}), &visit.caller).await {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused, "/agenda"),
    };
    let Some(me) = data.me else {
        return visit.redirect(&sign_in_href("/agenda"));
    };
    let tr = Tr(visit.lang);
    let mut frame = frame(&visit, tr.t(Msg::AgendaTitle).to_owned(), Nav::Agenda, "/agenda", &[]);
    about(&mut frame, &data.conference.name, &data.conference.languages);
    frame.notice = notice(&query).map(|m| tr.t(m));
    let feed = match &state.public_url {
        Some(base) => format!("{}{}", base.trim_end_matches('/'), me.calendar_path),
        None => me.calendar_path.clone(),
    };
    let page = AgendaPage { frame, agenda: me.agenda, days: data.conference.days, clashes: me.agenda_clashes, feed };
    let rendered = page.render();
    html(visit, StatusCode::OK, rendered)
}

// ---- Announcements ----

pub async fn announcements(State(state): State<AppState>, visit: Visit) -> Response {
    let data = match api::run::<AnnouncementsData>(&state, api::ANNOUNCEMENTS, json!({}), &visit.caller).await {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused, "/announcements"),
    };
    let tr = Tr(visit.lang);
    let mut frame = frame(&visit, tr.t(Msg::AnnouncementsHeading).to_owned(), Nav::Programme, "/announcements", &[]);
    about(&mut frame, &data.conference.name, &data.conference.languages);
    let page = AnnouncementsPage { frame, announcements: data.conference.announcements };
    let rendered = page.render();
    html(visit, StatusCode::OK, rendered)
}

// ---- Glossary ----

pub async fn glossary(State(state): State<AppState>, visit: Visit) -> Response {
    let data = match api::run::<GlossaryData>(&state, api::GLOSSARY, json!({}), &visit.caller).await {
        Ok(data) => data,
        Err(refused) => return refused_page(visit, &refused, "/glossary"),
    };
    let tr = Tr(visit.lang);
    let mut frame = frame(&visit, tr.t(Msg::GlossaryTitle).to_owned(), Nav::Glossary, "/glossary", &[]);
    about(&mut frame, &data.conference.name, &data.conference.languages);
    let page = GlossaryPage { frame, glossary: data.conference.glossary };
    let rendered = page.render();
    html(visit, StatusCode::OK, rendered)
}

// ---- Signing in and out ----

fn sign_in_page(visit: Visit, status: StatusCode, back: &str, problems: Vec<Problem>, done: Option<Msg>) -> Response {
    let tr = Tr(visit.lang);
    let query = vec![("back".to_owned(), back.to_owned())];
    let mut frame = frame(&visit, tr.t(Msg::SignInTitle).to_owned(), Nav::SignIn, "/sign-in", &query);
    frame.problems = problems;
    frame.notice = done.map(|m| tr.t(m));
    let rendered = SignInPage { frame, back: back.to_owned() }.render();
    html(visit, status, rendered)
}

pub async fn sign_in_form(visit: Visit, RawQuery(raw): RawQuery) -> Response {
    let query = pairs(raw.as_deref());
    let back = local_path(field(&query, "back")).unwrap_or("/agenda").to_owned();
    if visit.viewer().is_some() {
        return visit.redirect(&back);
    }
    let done = notice(&query);
    sign_in_page(visit, StatusCode::OK, &back, Vec::new(), done)
}

pub async fn sign_in(State(state): State<AppState>, mut visit: Visit, body: String) -> Response {
    let form = pairs(Some(&body));
    let tr = Tr(visit.lang);
    let back = local_path(field(&form, "back")).unwrap_or("/agenda").to_owned();
    let problem = |message: Msg| vec![Problem { field: Some("code".into()), text: tr.t(message).into() }];
    if !visit.csrf_ok(field(&form, CSRF_FIELD)) {
        return sign_in_page(visit, StatusCode::FORBIDDEN, &back, problem(Msg::FormExpired), None);
    }
    let code = field(&form, "code").map(str::trim).unwrap_or("");
    if code.is_empty() {
        return sign_in_page(visit, StatusCode::UNPROCESSABLE_ENTITY, &back, problem(Msg::CodeMissing), None);
    }
    match sign_in_with_code(&state, &mut visit, api::SIGN_IN, code).await {
        Ok(()) => visit.redirect(&with_done(&back, "signed-in")),
        Err(refused) => match refused.code {
            ErrorCode::Unauthenticated | ErrorCode::BadUserInput | ErrorCode::NotFound => {
                sign_in_page(visit, StatusCode::UNPROCESSABLE_ENTITY, &back, problem(Msg::CodeWrong), None)
            }
            ErrorCode::RateLimited => {
                sign_in_page(visit, StatusCode::TOO_MANY_REQUESTS, &back, problem(Msg::TooManyAttempts), None)
            }
            _ => refused_page(visit, &refused, "/"),
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
            return refused_page(visit, &refused, "/");
        }
    }
    visit.sign_out();
    visit.redirect("/?done=signed-out")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2019, 9, day).unwrap()
    }

    #[test]
    fn the_programme_opens_on_today_then_the_next_day_with_sessions_then_the_first() {
        let days = [d(10), d(11), d(12)];
        assert_eq!(default_day(&days, Some(d(11)), Some(d(11))), Some(d(11)), "what is on now");
        assert_eq!(default_day(&days, None, Some(d(12))), Some(d(12)), "evening: the next day");
        assert_eq!(default_day(&days, None, None), Some(d(10)), "over, or not begun: the first day");
        assert_eq!(default_day(&days, Some(d(9)), None), Some(d(10)), "a day the conference does not have");
        assert_eq!(default_day(&[], None, None), None);
    }

    #[test]
    fn only_paths_of_this_site_are_gone_back_to() {
        assert_eq!(local_path(Some("/sessions/abc")), Some("/sessions/abc"));
        for bad in ["//evil.example/", "https://evil.example/", "/\\evil.example", "agenda", "/a\nb", ""] {
            assert_eq!(local_path(Some(bad)), None, "{bad:?}");
        }
        assert_eq!(local_path(None), None);
    }

    #[test]
    fn done_is_added_to_a_path_with_or_without_a_query() {
        assert_eq!(with_done("/agenda", "added"), "/agenda?done=added");
        assert_eq!(with_done("/?day=all", "added"), "/?day=all&done=added");
    }
}
