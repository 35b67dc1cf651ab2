//! Organisers edit sessions. Time and room change only through `moveSession`, which records
//! the change for delegates; cancellations and reinstatements too.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::Utc;

use super::edits::{Deleted, announce, deleted};
use crate::entities::enums::{Fact, SessionKind, SpeakerRole};
use crate::error::AppResult;
use crate::graphql::access::organizer;
use crate::graphql::context::{db, now};
use crate::graphql::relay::{Kind, decode_as};
use crate::graphql::scalars;
use crate::graphql::types::session::Session;
use crate::service::editing::session::{self, Content, MoveTo, Placement};
use crate::service::editing::texts::TextInput;

#[derive(Default)]
pub struct SessionMutation;

/// What a session is about and who and which languages take part: everything except when and
/// where (see `moveSession`). Every text must be given in each required conference language.
#[derive(InputObject)]
pub struct SessionContentInput {
    /// What kind of session.
    kind: SessionKind,
    /// Title, short and front-loaded.
    title: Vec<TextInput>,
    /// What the session is about.
    summary: Option<Vec<TextInput>>,
    /// The summary in plain language.
    plain_summary: Option<Vec<TextInput>>,
    /// A note on distressing content.
    content_note: Option<Vec<TextInput>>,
    /// The session's track.
    track_id: Option<ID>,
    /// Whether live captions are provided (UNKNOWN until checked).
    #[graphql(default_with = "Fact::Unknown")]
    captions: Fact,
    /// Where the live captions stream can be followed (http or https).
    captions_url: Option<String>,
    /// Languages spoken on the floor (BCP 47 tags), in order.
    #[graphql(default)]
    floor_languages: Vec<String>,
    /// Sign languages interpreted in the room (e.g. `ils`, `jos`).
    #[graphql(default)]
    sign_languages: Vec<String>,
    /// Interpretation channels.
    #[graphql(default)]
    interpretation: Vec<InterpretationInput>,
    /// Who takes part, in programme order.
    #[graphql(default)]
    speakers: Vec<SessionSpeakerInput>,
}

/// A spoken-language interpretation channel.
#[derive(InputObject)]
pub struct InterpretationInput {
    /// The channel number or name on the receivers.
    channel: String,
    /// The language on that channel (BCP 47 tag).
    language: String,
}

/// A speaker's part in a session.
#[derive(InputObject)]
pub struct SessionSpeakerInput {
    /// The speaker's id.
    speaker_id: ID,
    /// Their role in this session.
    role: SpeakerRole,
}

fn to_content(input: SessionContentInput) -> AppResult<Content> {
    let track_id = input.track_id.as_ref().map(|id| decode_as(id, Kind::Track, "content.trackId")).transpose()?;
    let speakers = input
        .speakers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Ok((decode_as(&s.speaker_id, Kind::Speaker, &format!("content.speakers[{i}].speakerId"))?, s.role))
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Content {
        kind: input.kind,
        title: input.title,
        summary: input.summary,
        plain_summary: input.plain_summary,
        content_note: input.content_note,
        track_id,
        captions: input.captions,
        captions_url: input.captions_url,
        floor_languages: input.floor_languages,
        sign_languages: input.sign_languages,
        interpretation: input.interpretation.into_iter().map(|i| (i.channel, i.language)).collect(),
        speakers,
    })
}

fn room(id: Option<&ID>) -> AppResult<Option<i64>> {
    id.map(|id| decode_as(id, Kind::Room, "roomId")).transpose()
}

#[Object]
impl SessionMutation {
    /// Adds a session to the programme (organisers only). Refused with `CONFLICT` when the
    /// room is booked at that time, unless `force`.
    #[allow(clippy::too_many_arguments)]
    async fn create_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Stable short name: 1 to 64 of a-z, 0-9 and -.")] slug: String,
        #[graphql(desc = "What the session is.")] content: SessionContentInput,
        #[graphql(desc = "Start, RFC 3339 with offset; within the conference's days.")] starts_at: scalars::DateTime,
        #[graphql(desc = "End, after the start.")] ends_at: scalars::DateTime,
        #[graphql(desc = "The room, if known.")] room_id: Option<ID>,
        #[graphql(desc = "Book the room even if another session uses it then.", default)] force: bool,
    ) -> AppResult<Session> {
        let organizer = organizer(ctx)?;
        let placement = Placement {
            starts_at: starts_at.with_timezone(&Utc),
            ends_at: ends_at.with_timezone(&Utc),
            room_id: room(room_id.as_ref())?,
        };
        let content = to_content(content)?;
        let (row, change) =
            session::create(db(ctx)?, organizer.conference_id(), &slug, content, placement, force, now(ctx)?).await?;
        Ok(Session::new(row, &announce(ctx, change).await?))
    }

    /// Replaces a session's content (organisers only); its time, room and status stay.
    async fn update_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session's id.")] id: ID,
        #[graphql(desc = "The new content, replacing the old.")] content: SessionContentInput,
    ) -> AppResult<Session> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Session, "id")?;
        let (row, change) =
            session::update(db(ctx)?, organizer.conference_id(), id, to_content(content)?, now(ctx)?).await?;
        Ok(Session::new(row, &announce(ctx, change).await?))
    }

    /// Moves a session to a new time and/or room (organisers only). A new start alone keeps
    /// the duration. The change is recorded on the session in every conference language, its
    /// status becomes MOVED, and delegates with it in their agenda are told.
    async fn move_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session's id.")] id: ID,
        #[graphql(desc = "The new start.")] starts_at: Option<scalars::DateTime>,
        #[graphql(desc = "The new end.")] ends_at: Option<scalars::DateTime>,
        #[graphql(desc = "The new room.")] room_id: Option<ID>,
        #[graphql(desc = "Book the room even if another session uses it then.", default)] force: bool,
    ) -> AppResult<Session> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Session, "id")?;
        let to = MoveTo {
            starts_at: starts_at.map(|t| t.with_timezone(&Utc)),
            ends_at: ends_at.map(|t| t.with_timezone(&Utc)),
            room_id: room(room_id.as_ref())?,
        };
        let (row, change) = session::move_to(db(ctx)?, organizer.conference_id(), id, to, force, now(ctx)?).await?;
        Ok(Session::new(row, &announce(ctx, change).await?))
    }

    /// Cancels a session (organisers only), with an optional reason in the conference
    /// languages; the change is recorded and delegates with it in their agenda are told.
    async fn cancel_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session's id.")] id: ID,
        #[graphql(desc = "Why, in each required conference language.")] reason: Option<Vec<TextInput>>,
    ) -> AppResult<Session> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Session, "id")?;
        let (row, change) = session::cancel(db(ctx)?, organizer.conference_id(), id, reason, now(ctx)?).await?;
        Ok(Session::new(row, &announce(ctx, change).await?))
    }

    /// A cancelled session takes place after all, at its last time and room (organisers only).
    async fn reinstate_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session's id.")] id: ID,
        #[graphql(desc = "Book the room even if another session uses it then.", default)] force: bool,
    ) -> AppResult<Session> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Session, "id")?;
        let (row, change) = session::reinstate(db(ctx)?, organizer.conference_id(), id, force, now(ctx)?).await?;
        Ok(Session::new(row, &announce(ctx, change).await?))
    }

    /// Deletes a session and its documents (organisers only). Prefer `cancelSession` for a
    /// session delegates may have planned for: a deletion leaves only a tombstone.
    async fn delete_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session's id.")] id: ID,
    ) -> AppResult<Deleted> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Session, "id")?;
        let change = session::delete(db(ctx)?, organizer.conference_id(), id, now(ctx)?).await?;
        deleted(ctx, Kind::Session, change).await
    }
}
