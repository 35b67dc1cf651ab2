//! Creating, editing, moving, cancelling, reinstating and deleting sessions.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, Unchanged};

use super::texts::{self, LONG, SHORT, TextInput};
use super::{Edit, TombstoneKind};
use crate::entities::enums::{ChangeKind, Fact, LanguageRole, SessionKind, SessionStatus, SpeakerRole};
use crate::entities::texts::Translations;
use crate::entities::{
    document, language, room, schedule_change, session, session_language, session_speaker, speaker, track, venue,
};
use crate::error::{AppError, AppResult};
use crate::service::accommodation::items;
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange};
use crate::service::push;
use crate::service::spoken::{self, Slot};

/// Everything about a session except when and where it is (those change only through
/// [`move_to`], which records the change for delegates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Content {
    pub kind: SessionKind,
    pub title: Vec<TextInput>,
    pub summary: Option<Vec<TextInput>>,
    pub plain_summary: Option<Vec<TextInput>>,
    pub content_note: Option<Vec<TextInput>>,
    pub track_id: Option<i64>,
    pub captions: Fact,
    pub captions_url: Option<String>,
    pub floor_languages: Vec<String>,
    pub sign_languages: Vec<String>,
    /// (channel, language tag).
    pub interpretation: Vec<(String, String)>,
    pub speakers: Vec<(i64, SpeakerRole)>,
}

/// When and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room_id: Option<i64>,
}

/// A move: what is not given stays (a new start alone keeps the duration).
#[derive(Clone, Copy, Debug, Default)]
pub struct MoveTo {
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub room_id: Option<i64>,
}

/// What a session edit returns.
pub type Edited = (session::Model, ProgrammeChange);

/// Each edit below is two functions: `NAME` runs it as its own edit (an organiser's
/// mutation), `NAME_in` runs it inside an edit the caller holds (an import, which makes all
/// of a source's changes in one transaction and one programme version). Both apply the same
/// rules, in `NAME_in`.
pub async fn create(
    db: &sea_orm::DatabaseConnection,
    conference_id: i64,
    slug: &str,
    content: Content,
    placement: Placement,
    force: bool,
    now: DateTime<Utc>,
) -> AppResult<Edited> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = create_in(&mut edit, slug, content, placement, force).await?;
    Ok((row, edit.commit_last().await?))
}

/// Replaces a session's content (texts, kind, track, captions, languages, speakers).
pub async fn update(
    db: &sea_orm::DatabaseConnection,
    conference_id: i64,
    session_id: i64,
    content: Content,
    now: DateTime<Utc>,
) -> AppResult<Edited> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = update_in(&mut edit, session_id, content).await?;
    Ok((row, edit.commit_last().await?))
}

/// Moves a session in time and/or to another room, and records the change in every
/// conference language.
pub async fn move_to(
    db: &sea_orm::DatabaseConnection,
    conference_id: i64,
    session_id: i64,
    to: MoveTo,
    force: bool,
    now: DateTime<Utc>,
) -> AppResult<Edited> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = move_to_in(&mut edit, session_id, to, force).await?;
    Ok((row, edit.commit_last().await?))
}

pub async fn cancel(
    db: &sea_orm::DatabaseConnection,
    conference_id: i64,
    session_id: i64,
    reason: Option<Vec<TextInput>>,
    now: DateTime<Utc>,
) -> AppResult<Edited> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = cancel_in(&mut edit, session_id, reason).await?;
    Ok((row, edit.commit_last().await?))
}

/// A cancelled session takes place after all, at its last time and room.
pub async fn reinstate(
    db: &sea_orm::DatabaseConnection,
    conference_id: i64,
    session_id: i64,
    force: bool,
    now: DateTime<Utc>,
) -> AppResult<Edited> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = reinstate_in(&mut edit, session_id, force).await?;
    Ok((row, edit.commit_last().await?))
}

/// Deletes a session with its documents; tombstones tell offline clients.
pub async fn delete(
    db: &sea_orm::DatabaseConnection,
    conference_id: i64,
    session_id: i64,
    now: DateTime<Utc>,
) -> AppResult<ProgrammeChange> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    delete_in(&mut edit, session_id).await?;
    edit.commit_last().await
}

/// [`create`] inside the caller's edit.
pub async fn create_in(
    edit: &mut Edit,
    slug: &str,
    content: Content,
    placement: Placement,
    force: bool,
) -> AppResult<session::Model> {
    let slug = texts::slug("slug", slug)?;
    let (now, conference_id) = (edit.now, edit.conference.id);
    let taken = session::Entity::find()
        .filter(session::Column::ConferenceId.eq(conference_id))
        .filter(session::Column::Slug.eq(slug.as_str()))
        .one(&edit.txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::bad_input("slug", "another session has this slug"));
    }
    check_placement(edit, placement, None, force).await?;
    let checked = check_content(edit, content).await?;
    let row = session::ActiveModel {
        conference_id: Set(conference_id),
        slug: Set(slug),
        starts_at: Set(placement.starts_at),
        ends_at: Set(placement.ends_at),
        room_id: Set(placement.room_id),
        status: Set(SessionStatus::Scheduled),
        updated_at: Set(now),
        ..checked.active_model()
    }
    .insert(&edit.txn)
    .await?;
    checked.write_links(edit, row.id).await?;
    edit.record(ChangeTarget::Session, row.id, ChangeAction::Created, Vec::new(), Vec::new());
    Ok(row)
}

/// [`update`] inside the caller's edit.
pub async fn update_in(edit: &mut Edit, session_id: i64, content: Content) -> AppResult<session::Model> {
    let now = edit.now;
    let current = load(edit, session_id).await?;
    let checked = check_content(edit, content).await?;
    // Only the content is written: time, room, status and slug stay.
    let row = session::ActiveModel { id: Unchanged(current.id), updated_at: Set(now), ..checked.active_model() }
        .update(&edit.txn)
        .await?;
    session_language::Entity::delete_many()
        .filter(session_language::Column::SessionId.eq(row.id))
        .exec(&edit.txn)
        .await?;
    session_speaker::Entity::delete_many()
        .filter(session_speaker::Column::SessionId.eq(row.id))
        .exec(&edit.txn)
        .await?;
    checked.write_links(edit, row.id).await?;
    edit.record(ChangeTarget::Session, row.id, ChangeAction::Updated, Vec::new(), Vec::new());
    Ok(row)
}

/// [`move_to`] inside the caller's edit.
pub async fn move_to_in(edit: &mut Edit, session_id: i64, to: MoveTo, force: bool) -> AppResult<session::Model> {
    let now = edit.now;
    let current = load(edit, session_id).await?;
    if current.status == SessionStatus::Cancelled {
        return Err(AppError::bad_input("id", "the session is cancelled: reinstate it first"));
    }
    let starts_at = to.starts_at.unwrap_or(current.starts_at);
    let ends_at = match (to.starts_at, to.ends_at) {
        (_, Some(end)) => end,
        (Some(start), None) => start + (current.ends_at - current.starts_at),
        (None, None) => current.ends_at,
    };
    let placement = Placement { starts_at, ends_at, room_id: to.room_id.or(current.room_id) };
    let was = Placement { starts_at: current.starts_at, ends_at: current.ends_at, room_id: current.room_id };
    if placement == was {
        return Err(AppError::bad_input("startsAt", "give a new start, end or room"));
    }
    check_placement(edit, placement, Some(session_id), force).await?;
    let description = describe_move(edit, was, placement).await?;
    let mut row = current.into_active_model();
    row.starts_at = Set(placement.starts_at);
    row.ends_at = Set(placement.ends_at);
    row.room_id = Set(placement.room_id);
    row.status = Set(SessionStatus::Moved);
    row.updated_at = Set(now);
    let row = row.update(&edit.txn).await?;
    record(edit, session_id, ChangeKind::Moved, description, Some(was), Some(placement)).await?;
    let at_risk = items::put_at_risk(&edit.txn, session_id, now).await?;
    let affected = edit.agenda_holders(session_id).await?;
    edit.record(ChangeTarget::Session, row.id, ChangeAction::Moved, affected, at_risk);
    Ok(row)
}

/// [`cancel`] inside the caller's edit.
pub async fn cancel_in(edit: &mut Edit, session_id: i64, reason: Option<Vec<TextInput>>) -> AppResult<session::Model> {
    let now = edit.now;
    let current = load(edit, session_id).await?;
    if current.status == SessionStatus::Cancelled {
        return Err(AppError::bad_input("id", "the session is already cancelled"));
    }
    let reason = texts::optional("reason", reason, edit.completeness(), SHORT)?;
    let description = describe(edit, |q| spoken::cancelled(q.lang, q.optional(reason.as_ref())?));
    let was = Placement { starts_at: current.starts_at, ends_at: current.ends_at, room_id: current.room_id };
    let mut row = current.into_active_model();
    row.status = Set(SessionStatus::Cancelled);
    row.updated_at = Set(now);
    let row = row.update(&edit.txn).await?;
    record(edit, session_id, ChangeKind::Cancelled, description, Some(was), None).await?;
    let at_risk = items::put_at_risk(&edit.txn, session_id, now).await?;
    let affected = edit.agenda_holders(session_id).await?;
    edit.record(ChangeTarget::Session, row.id, ChangeAction::Cancelled, affected, at_risk);
    Ok(row)
}

/// [`reinstate`] inside the caller's edit.
pub async fn reinstate_in(edit: &mut Edit, session_id: i64, force: bool) -> AppResult<session::Model> {
    let now = edit.now;
    let current = load(edit, session_id).await?;
    if current.status != SessionStatus::Cancelled {
        return Err(AppError::bad_input("id", "the session is not cancelled"));
    }
    let placement = Placement { starts_at: current.starts_at, ends_at: current.ends_at, room_id: current.room_id };
    check_placement(edit, placement, Some(session_id), force).await?;
    let room = room_names(edit, placement.room_id).await?;
    let zone = zone(edit);
    let (start, end) = (placement.starts_at.with_timezone(&zone), placement.ends_at.with_timezone(&zone));
    let description = describe(edit, |q| {
        spoken::reinstated(q.lang, Slot { room: q.optional(room.as_ref())?, start: &start, end: &end })
    });
    let moved_before = schedule_change::Entity::find()
        .filter(schedule_change::Column::SessionId.eq(session_id))
        .filter(schedule_change::Column::Kind.eq(ChangeKind::Moved))
        .one(&edit.txn)
        .await?
        .is_some();
    let mut row = current.into_active_model();
    row.status = Set(if moved_before { SessionStatus::Moved } else { SessionStatus::Scheduled });
    row.updated_at = Set(now);
    let row = row.update(&edit.txn).await?;
    record(edit, session_id, ChangeKind::Reinstated, description, None, Some(placement)).await?;
    let affected = edit.agenda_holders(session_id).await?;
    edit.record(ChangeTarget::Session, row.id, ChangeAction::Reinstated, affected, Vec::new());
    Ok(row)
}

/// [`delete`] inside the caller's edit.
pub async fn delete_in(edit: &mut Edit, session_id: i64) -> AppResult<()> {
    let now = edit.now;
    let doomed = load(edit, session_id).await?;
    // Told before the agendas that hold it go with it.
    let description = describe(edit, |q| spoken::cancelled(q.lang, None));
    push::notify::session_changed(&edit.txn, &edit.conference, &doomed, ChangeKind::Cancelled, &description, now)
        .await?;
    let affected = edit.agenda_holders(session_id).await?;
    let at_risk = items::put_at_risk(&edit.txn, session_id, now).await?;
    let documents = document::Entity::find().filter(document::Column::SessionId.eq(session_id)).all(&edit.txn).await?;
    for doc in &documents {
        edit.tombstone(TombstoneKind::Document, doc.id).await?;
    }
    session::Entity::delete_by_id(session_id).exec(&edit.txn).await?;
    edit.tombstone(TombstoneKind::Session, session_id).await?;
    edit.record(ChangeTarget::Session, session_id, ChangeAction::Deleted, affected, at_risk);
    Ok(())
}

async fn load(edit: &Edit, session_id: i64) -> AppResult<session::Model> {
    session::Entity::find_by_id(session_id)
        .filter(session::Column::ConferenceId.eq(edit.conference.id))
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::not_found("session"))
}

fn zone(edit: &Edit) -> Tz {
    edit.conference.time_zone.parse().unwrap_or(Tz::UTC)
}

/// The text in `lang`, else in the conference's default language.
/// What a change sentence quotes (a room's name, the organisers' reason), picked for one
/// language. A sentence is composed only in languages every quoted text exists in: "Trasladada.
/// Antes: Room 103" tagged `es` would be read with a Spanish voice. Readers of a missing
/// language get the default language's sentence, marked as a fallback.
struct Quote<'e> {
    lang: &'e str,
    edit: &'e Edit,
    /// Quote another language when this one is missing (only when no language has every text).
    lenient: bool,
}

impl Quote<'_> {
    fn text<'t>(&self, texts: &'t Translations) -> Option<&'t str> {
        match texts.get(self.lang) {
            Some(text) => Some(text),
            None if self.lenient => texts
                .get(&self.edit.conference.default_language)
                .or_else(|| texts.0.values().next().map(String::as_str)),
            None => None,
        }
    }

    /// The text of an optional value: `Some(None)` when there is none, `None` when there is
    /// one but not in this language.
    fn optional<'t>(&self, texts: Option<&'t Translations>) -> Option<Option<&'t str>> {
        match texts {
            Some(texts) => self.text(texts).map(Some),
            None => Some(None),
        }
    }
}

/// A description in every conference language Sanad can phrase it in and the quoted texts
/// exist in; when there is none such, in the first it can phrase, quoting what there is.
fn describe(edit: &Edit, phrase: impl Fn(&Quote<'_>) -> Option<String>) -> Translations {
    let mut texts = Translations::default();
    let languages: Vec<&str> = edit.conference.languages.0.iter().map(|l| l.tag.as_str()).chain(["en"]).collect();
    for lang in &languages {
        if let Some(text) = phrase(&Quote { lang, edit, lenient: false }) {
            texts.0.entry((*lang).to_owned()).or_insert(text);
        }
    }
    if texts.0.is_empty() {
        let default = edit.conference.default_language.as_str();
        for lang in std::iter::once(default).chain(languages.iter().copied()) {
            if let Some(text) = phrase(&Quote { lang, edit, lenient: true }) {
                texts.0.insert(lang.to_owned(), text);
                break;
            }
        }
    }
    texts
}

async fn room_names(edit: &Edit, room_id: Option<i64>) -> AppResult<Option<Translations>> {
    let Some(id) = room_id else { return Ok(None) };
    Ok(room::Entity::find_by_id(id).one(&edit.txn).await?.map(|r| r.name))
}

async fn describe_move(edit: &Edit, was: Placement, now: Placement) -> AppResult<Translations> {
    let (was_room, now_room) = (room_names(edit, was.room_id).await?, room_names(edit, now.room_id).await?);
    let zone = zone(edit);
    let local = |at: DateTime<Utc>| at.with_timezone(&zone);
    let (ws, we, ns, ne) = (local(was.starts_at), local(was.ends_at), local(now.starts_at), local(now.ends_at));
    Ok(describe(edit, |q| {
        let before = Slot { room: q.optional(was_room.as_ref())?, start: &ws, end: &we };
        let after = Slot { room: q.optional(now_room.as_ref())?, start: &ns, end: &ne };
        spoken::moved(q.lang, before, after)
    }))
}

async fn record(
    edit: &Edit,
    session_id: i64,
    kind: ChangeKind,
    description: Translations,
    was: Option<Placement>,
    now: Option<Placement>,
) -> AppResult<()> {
    schedule_change::ActiveModel {
        conference_id: Set(edit.conference.id),
        session_id: Set(session_id),
        kind: Set(kind),
        description: Set(description.clone()),
        previous_room_id: Set(was.and_then(|p| p.room_id)),
        previous_starts_at: Set(was.map(|p| p.starts_at)),
        previous_ends_at: Set(was.map(|p| p.ends_at)),
        new_room_id: Set(now.and_then(|p| p.room_id)),
        new_starts_at: Set(now.map(|p| p.starts_at)),
        new_ends_at: Set(now.map(|p| p.ends_at)),
        programme_version: Set(edit.version()),
        changed_at: Set(edit.now),
        ..Default::default()
    }
    .insert(&edit.txn)
    .await?;
    if let Some(session) = session::Entity::find_by_id(session_id).one(&edit.txn).await? {
        push::notify::session_changed(&edit.txn, &edit.conference, &session, kind, &description, edit.now).await?;
    }
    Ok(())
}

/// End after start, inside the conference's days, a room of this conference, and no other
/// session in that room at the same time unless `force`.
async fn check_placement(edit: &Edit, placement: Placement, this: Option<i64>, force: bool) -> AppResult<()> {
    if placement.ends_at <= placement.starts_at {
        return Err(AppError::bad_input("endsAt", "the end must be after the start"));
    }
    let zone = zone(edit);
    let first_day = placement.starts_at.with_timezone(&zone).date_naive();
    let last_day = (placement.ends_at - chrono::Duration::seconds(1)).with_timezone(&zone).date_naive();
    let (from, to) = (edit.conference.start_date, edit.conference.end_date);
    if first_day < from || first_day > to {
        return Err(AppError::bad_input("startsAt", format!("must be within the conference, {from} to {to}")));
    }
    if last_day > to {
        return Err(AppError::bad_input("endsAt", format!("must be within the conference, {from} to {to}")));
    }
    let Some(room_id) = placement.room_id else { return Ok(()) };
    let room = room::Entity::find_by_id(room_id).one(&edit.txn).await?;
    let venue = match &room {
        Some(room) => venue::Entity::find_by_id(room.venue_id).one(&edit.txn).await?,
        None => None,
    };
    if venue.is_none_or(|v| v.conference_id != edit.conference.id) {
        return Err(AppError::bad_input("roomId", "no such room in this conference"));
    }
    if force {
        return Ok(());
    }
    let mut clash = session::Entity::find()
        .filter(session::Column::RoomId.eq(room_id))
        .filter(session::Column::Status.ne(SessionStatus::Cancelled))
        .filter(session::Column::StartsAt.lt(placement.ends_at))
        .filter(session::Column::EndsAt.gt(placement.starts_at));
    if let Some(this) = this {
        clash = clash.filter(session::Column::Id.ne(this));
    }
    if let Some(other) = clash.one(&edit.txn).await? {
        return Err(AppError::conflict(format!(
            "the room is booked by session '{}' at that time; pass force: true to book it anyway",
            other.slug
        )));
    }
    Ok(())
}

/// Content that passed every check, ready to write.
struct Checked {
    kind: SessionKind,
    title: Translations,
    summary: Option<Translations>,
    plain_summary: Option<Translations>,
    content_note: Option<Translations>,
    track_id: Option<i64>,
    captions: Fact,
    captions_url: Option<String>,
    languages: Vec<(String, LanguageRole, Option<String>)>,
    speakers: Vec<(i64, SpeakerRole)>,
}

impl Checked {
    fn active_model(&self) -> session::ActiveModel {
        session::ActiveModel {
            kind: Set(self.kind),
            title: Set(self.title.clone()),
            summary: Set(self.summary.clone()),
            plain_summary: Set(self.plain_summary.clone()),
            content_note: Set(self.content_note.clone()),
            track_id: Set(self.track_id),
            captions: Set(self.captions),
            captions_url: Set(self.captions_url.clone()),
            ..Default::default()
        }
    }

    async fn write_links(&self, edit: &Edit, session_id: i64) -> AppResult<()> {
        for (position, (lang, kind, channel)) in self.languages.iter().enumerate() {
            session_language::ActiveModel {
                session_id: Set(session_id),
                lang: Set(lang.clone()),
                kind: Set(*kind),
                channel: Set(channel.clone()),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                ..Default::default()
            }
            .insert(&edit.txn)
            .await?;
        }
        for (position, (speaker_id, role)) in self.speakers.iter().enumerate() {
            session_speaker::ActiveModel {
                session_id: Set(session_id),
                speaker_id: Set(*speaker_id),
                role: Set(*role),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                ..Default::default()
            }
            .insert(&edit.txn)
            .await?;
        }
        Ok(())
    }
}

const MAX_LINKS: usize = 50;

async fn check_content(edit: &Edit, content: Content) -> AppResult<Checked> {
    let c = &edit.conference;
    let title = texts::required("content.title", content.title, edit.completeness(), SHORT)?;
    let summary = texts::optional("content.summary", content.summary, edit.completeness(), LONG)?;
    let plain_summary = texts::optional("content.plainSummary", content.plain_summary, edit.completeness(), LONG)?;
    let content_note = texts::optional("content.contentNote", content.content_note, edit.completeness(), LONG)?;
    if let Some(track_id) = content.track_id {
        let found = track::Entity::find_by_id(track_id).one(&edit.txn).await?;
        if found.is_none_or(|t| t.conference_id != c.id) {
            return Err(AppError::bad_input("content.trackId", "no such track in this conference"));
        }
    }
    let captions_url = content.captions_url.as_deref().map(|u| texts::url("content.captionsUrl", u)).transpose()?;
    for (field, count) in [
        ("content.floorLanguages", content.floor_languages.len()),
        ("content.signLanguages", content.sign_languages.len()),
        ("content.interpretation", content.interpretation.len()),
        ("content.speakers", content.speakers.len()),
    ] {
        if count > MAX_LINKS {
            return Err(AppError::bad_input(field, format!("at most {MAX_LINKS}")));
        }
    }
    let mut languages = Vec::new();
    for (i, tag) in content.floor_languages.iter().enumerate() {
        let tag = known_language(edit, &format!("content.floorLanguages[{i}]"), tag, false).await?;
        languages.push((tag, LanguageRole::Floor, None));
    }
    for (i, (channel, tag)) in content.interpretation.iter().enumerate() {
        let field = format!("content.interpretation[{i}]");
        let channel = texts::plain(&format!("{field}.channel"), channel, 16)?;
        let tag = known_language(edit, &format!("{field}.language"), tag, false).await?;
        languages.push((tag, LanguageRole::Interpretation, Some(channel)));
    }
    for (i, tag) in content.sign_languages.iter().enumerate() {
        let tag = known_language(edit, &format!("content.signLanguages[{i}]"), tag, true).await?;
        languages.push((tag, LanguageRole::Sign, None));
    }
    let mut seen = HashSet::new();
    for (i, (speaker_id, role)) in content.speakers.iter().enumerate() {
        let field = format!("content.speakers[{i}].speakerId");
        let found = speaker::Entity::find_by_id(*speaker_id).one(&edit.txn).await?;
        if found.is_none_or(|s| s.conference_id != c.id) {
            return Err(AppError::bad_input(field, "no such speaker in this conference"));
        }
        if !seen.insert((*speaker_id, *role)) {
            return Err(AppError::bad_input(field, "this speaker is listed twice in the same role"));
        }
    }
    Ok(Checked {
        kind: content.kind,
        title,
        summary,
        plain_summary,
        content_note,
        track_id: content.track_id,
        captions: content.captions,
        captions_url,
        languages,
        speakers: content.speakers,
    })
}

/// A language tag that Sanad knows (its names are served with it); sign languages where a
/// sign language is expected, spoken ones elsewhere.
async fn known_language(edit: &Edit, field: &str, tag: &str, sign: bool) -> AppResult<String> {
    let tag = crate::service::language::parse_tag(tag).map_err(|m| AppError::bad_input(field, m))?;
    // A language the built-in catalogue knows (sign languages too) is added when first used.
    if crate::service::language_catalogue::lookup(&tag).is_some() {
        crate::service::language_catalogue::ensure(&edit.txn, &tag, edit.now).await?;
    }
    match language::Entity::find_by_id(tag.clone()).one(&edit.txn).await? {
        Some(found) if found.is_sign == sign => Ok(tag),
        Some(_) if sign => Err(AppError::bad_input(field, format!("{tag} is not a sign language"))),
        Some(_) => Err(AppError::bad_input(field, format!("{tag} is a sign language: list it in signLanguages"))),
        None => Err(AppError::bad_input(field, format!("{tag} is not a language of this server"))),
    }
}
