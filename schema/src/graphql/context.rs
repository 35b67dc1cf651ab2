//! What a resolver knows about the request: the viewer's languages, the database, the clock,
//! the per-request loaders, and the conference `Scope` that objects carry so every text and
//! time is served in the viewer's language and the conference's zone.

use std::net::IpAddr;
use std::sync::Arc;

use async_graphql::{Context, Request};
use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;
use sea_orm::DatabaseConnection;

use super::loaders::Loaders;
use super::types::text::{Text, TimeRange};
use crate::entities::conference;
use crate::entities::texts::Translations;
use crate::error::{AppError, AppResult};
use crate::service::accounts::Identity;
use crate::service::clock::Clock;
use crate::service::language::{Locale, dir_of};
use crate::service::spoken;

/// Facts about one HTTP request (or WebSocket connection) that the schema needs.
#[derive(Clone, Debug, Default)]
pub struct RequestContext {
    /// From `Accept-Language`, best first.
    pub accept_languages: Vec<String>,
    /// Who sent a valid bearer token; `None` for anonymous requests.
    pub viewer: Option<Arc<Identity>>,
    /// The client's address, for rate limits.
    pub client_address: Option<IpAddr>,
}

impl RequestContext {
    /// The data a WebSocket connection keeps for all its operations: this context and who
    /// signed in. No loaders: the gate gives each operation its own (`connection_guard`), so a
    /// set kept here would only cost every idle subscriber its memory.
    pub fn into_connection_data(self) -> async_graphql::Data {
        let mut data = async_graphql::Data::default();
        data.insert(super::connection_guard::LiveConnection { token_id: self.viewer.as_ref().map(|v| v.token_id) });
        data.insert(self);
        data
    }

    /// Attaches this context and a fresh set of loaders to a request. Loaders cache what they
    /// read, so they must never outlive one request.
    pub fn into_request(self, request: Request, loaders: Loaders) -> Request {
        request.data(self).data(Arc::new(loaders))
    }
}

pub fn db<'a>(ctx: &Context<'a>) -> AppResult<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>().map_err(|e| AppError::unexpected(e.message))
}

pub fn loaders<'a>(ctx: &Context<'a>) -> AppResult<&'a Loaders> {
    ctx.data::<Arc<Loaders>>().map(|l| &**l).map_err(|e| AppError::unexpected(e.message))
}

pub fn now(ctx: &Context<'_>) -> AppResult<DateTime<Utc>> {
    Ok(ctx.data::<Clock>().map_err(|e| AppError::unexpected(e.message))?.now())
}

/// The viewer's languages: `Accept-Language` when the request sends it, else the signed-in
/// person's saved preference.
pub fn accept_languages(ctx: &Context<'_>) -> Vec<String> {
    let Some(request) = ctx.data_opt::<RequestContext>() else { return Vec::new() };
    match &request.viewer {
        Some(viewer) if request.accept_languages.is_empty() => viewer.person.languages.0.clone(),
        _ => request.accept_languages.clone(),
    }
}

/// A conference as seen by one viewer.
#[derive(Debug)]
pub struct Scope {
    pub conference: Arc<conference::Model>,
    pub zone: Tz,
    pub locale: Locale,
}

impl Scope {
    /// `wanted`: the viewer's languages, best first.
    pub fn new(conference: impl Into<Arc<conference::Model>>, wanted: Vec<String>) -> Self {
        let conference = conference.into();
        let mut fallback = vec![conference.default_language.clone()];
        fallback.extend(conference.languages.0.iter().map(|l| l.tag.clone()));
        // The zone was validated when the conference was written; UTC is a visible, not silent,
        // fallback because every instant also carries its offset.
        let zone = conference.time_zone.parse().unwrap_or(Tz::UTC);
        Self { locale: Locale::new(wanted, fallback), zone, conference }
    }

    /// The text to serve for a field, or `None` when the field is empty in every language.
    pub fn text(&self, texts: &Translations) -> Option<Text> {
        self.locale.choose(texts).map(|chosen| Text {
            value: chosen.value.to_owned(),
            lang: chosen.lang.to_owned(),
            dir: dir_of(chosen.lang),
            is_fallback: chosen.is_fallback,
        })
    }

    pub fn opt_text(&self, texts: &Option<Translations>) -> Option<Text> {
        texts.as_ref().and_then(|t| self.text(t))
    }

    /// A text a person wrote, which exists only in the language they wrote it in (details,
    /// messages, reasons). It is a fallback when that is not the viewer's best language.
    pub fn as_written(&self, value: String, lang: Option<&str>) -> Text {
        let lang = lang.unwrap_or(&self.conference.default_language).to_owned();
        let (_, is_fallback) = self.locale.choose_lang(std::iter::once(lang.as_str())).unwrap_or(("", true));
        Text { dir: dir_of(&lang), value, lang, is_fallback }
    }

    /// For fields that are required: an empty text in the default language when the data has
    /// none (imports refuse that, so it shows a bug rather than hides one).
    pub fn required_text(&self, texts: &Translations) -> Text {
        self.text(texts).unwrap_or_else(|| Text {
            value: String::new(),
            lang: self.conference.default_language.clone(),
            dir: dir_of(&self.conference.default_language),
            is_fallback: true,
        })
    }

    /// An instant in the conference's zone, with its offset.
    pub fn local(&self, at: DateTime<Utc>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.zone).fixed_offset()
    }

    /// A text Sanad phrases itself (a spoken time, a day, a floor), in the best language it
    /// can phrase it in for this viewer.
    pub fn spoken(&self, render: impl Fn(&str) -> Option<String>) -> Text {
        let (lang, is_fallback) =
            self.locale.choose_lang(spoken::SPOKEN_LANGUAGES.iter().copied()).unwrap_or(("en", true));
        Text { value: render(lang).unwrap_or_default(), lang: lang.to_owned(), dir: dir_of(lang), is_fallback }
    }

    pub fn time_range(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> TimeRange {
        let (local_start, local_end) = (start.with_timezone(&self.zone), end.with_timezone(&self.zone));
        let spoken = self.spoken(|lang| {
            let city =
                self.conference.city.get(lang).or_else(|| self.conference.city.get("en")).unwrap_or(self.zone.name());
            spoken::time_range(lang, &local_start, &local_end, city)
        });
        TimeRange {
            start: local_start.fixed_offset(),
            end: local_end.fixed_offset(),
            time_zone: self.zone.name().to_owned(),
            duration_minutes: (end - start).num_minutes(),
            spoken,
        }
    }
}

/// The scope of a conference for the current viewer (their `Accept-Language`).
pub async fn scope_for(ctx: &Context<'_>, conference_id: i64) -> AppResult<Arc<Scope>> {
    let conference = loaders(ctx)?
        .conference(conference_id)
        .await?
        .ok_or_else(|| AppError::unexpected(format!("conference {conference_id} of a loaded row is missing")))?;
    Ok(Arc::new(Scope::new(conference, accept_languages(ctx))))
}

/// The scope for an explicitly requested language, or the request's languages.
pub fn scope_with(ctx: &Context<'_>, conference: Arc<conference::Model>, lang: Option<String>) -> Arc<Scope> {
    let wanted = match lang {
        Some(lang) => {
            let mut wanted = vec![lang];
            wanted.extend(accept_languages(ctx));
            wanted
        }
        None => accept_languages(ctx),
    };
    Arc::new(Scope::new(conference, wanted))
}

/// The scope of a person's conference, in their languages unless the request names others.
pub async fn scope_for_person(ctx: &Context<'_>, person: &crate::entities::person::Model) -> AppResult<Arc<Scope>> {
    let conference = loaders(ctx)?
        .conference(person.conference_id)
        .await?
        .ok_or_else(|| AppError::unexpected(format!("conference {} of a person is missing", person.conference_id)))?;
    let header = ctx.data_opt::<RequestContext>().map(|r| r.accept_languages.clone()).unwrap_or_default();
    let wanted = if header.is_empty() { person.languages.0.clone() } else { header };
    Ok(Arc::new(Scope::new(conference, wanted)))
}
