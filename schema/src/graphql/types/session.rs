//! A session of the programme.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};

use crate::entities::enums::{Fact, LanguageRole, SessionKind, SessionStatus, SpeakerRole};
use crate::entities::session;
use crate::error::AppResult;
use crate::graphql::access::viewer;
use crate::graphql::context::{Scope, loaders};
use crate::graphql::execution::eager::Eager;
use crate::graphql::relay::{Kind, encode};
use crate::graphql::scalars;
use crate::graphql::types::document::Document;
use crate::graphql::types::language::{Language, languages};
use crate::graphql::types::schedule_change::ScheduleChange;
use crate::graphql::types::speaker::Speaker;
use crate::graphql::types::text::{Text, TimeRange};
use crate::graphql::types::track::Track;
use crate::graphql::types::venue::Room;

pub struct Session {
    pub model: Arc<session::Model>,
    pub scope: Arc<Scope>,
}

impl Session {
    pub fn new(model: impl Into<Arc<session::Model>>, scope: &Arc<Scope>) -> Self {
        Self { model: model.into(), scope: scope.clone() }
    }
}

/// One item of the programme: a plenary, panel, workshop, side event, break or reception.
#[Object]
impl Session {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::Session, self.model.id)
    }

    /// Stable short name, unique in the conference (used in calendar exports and links).
    async fn slug(&self) -> &str {
        &self.model.slug
    }

    /// What kind of session this is.
    async fn kind(&self) -> SessionKind {
        self.model.kind
    }

    /// Whether it takes place as planned; see `changes` for what changed.
    async fn status(&self) -> SessionStatus {
        self.model.status
    }

    /// Whether this session is in your agenda; null when you are not signed in.
    async fn is_in_my_agenda(&self, ctx: &Context<'_>) -> AppResult<Option<bool>> {
        let Some(viewer) = viewer(ctx) else { return Ok(None) };
        let agenda = loaders(ctx)?.agenda.load_one(viewer.person.id).await?;
        Ok(Some(agenda.is_some_and(|a| a.contains(&self.model.id))))
    }

    /// Title, short and front-loaded.
    async fn title(&self) -> Text {
        self.scope.required_text(&self.model.title)
    }

    /// What the session is about.
    async fn summary(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.summary)
    }

    /// The summary in plain language: short sentences and common words.
    async fn plain_summary(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.plain_summary)
    }

    /// A note on distressing content (testimonies of injury or loss), so delegates can choose.
    async fn content_note(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.content_note)
    }

    /// When it takes place, in the conference's zone, with a spoken form.
    async fn time(&self) -> TimeRange {
        self.scope.time_range(self.model.starts_at, self.model.ends_at)
    }

    /// The conference day it starts on, in the conference's zone.
    async fn day(&self) -> scalars::Date {
        scalars::Date(self.scope.local(self.model.starts_at).date_naive())
    }

    /// Where it takes place; null when not yet decided.
    async fn room(&self, ctx: &Context<'_>) -> AppResult<Option<Eager<Room>>> {
        let Some(room_id) = self.model.room_id else { return Ok(None) };
        Ok(loaders(ctx)?.room(room_id).await?.map(|m| Eager(Room::new(m, &self.scope))))
    }

    /// The thematic track it belongs to, if any.
    async fn track(&self, ctx: &Context<'_>) -> AppResult<Option<Eager<Track>>> {
        let Some(track_id) = self.model.track_id else { return Ok(None) };
        Ok(loaders(ctx)?.track(track_id).await?.map(|m| Eager(Track::new(m, &self.scope))))
    }

    /// Languages on the floor, by interpretation and signed.
    async fn languages(&self, ctx: &Context<'_>) -> AppResult<Eager<SessionLanguages>> {
        let rows = loaders(ctx)?.session_languages(self.model.id).await?;
        // One lookup for all of the session's languages, so a programme costs one statement.
        let all = languages(ctx, &self.scope, rows.iter().map(|r| r.lang.clone()).collect()).await?;
        let (mut floor, mut interpretation, mut sign) = (Vec::new(), Vec::new(), Vec::new());
        for (row, language) in rows.iter().zip(all) {
            match row.kind {
                LanguageRole::Floor => floor.push(Eager(language)),
                LanguageRole::Sign => sign.push(Eager(language)),
                LanguageRole::Interpretation => interpretation
                    .push(Eager(InterpretationChannel { language: Eager(language), channel: row.channel.clone() })),
            }
        }
        Ok(Eager(SessionLanguages { floor, interpretation, sign }))
    }

    /// Live captions (CART) on screen and online.
    async fn captions(&self) -> Eager<LiveCaptions> {
        Eager(LiveCaptions { available: self.model.captions, stream_url: self.model.captions_url.clone() })
    }

    /// Who speaks, chairs or moderates, in programme order.
    async fn speakers(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<SessionSpeaker>>> {
        let loaders = loaders(ctx)?;
        let links = loaders.session_speakers(self.model.id).await?;
        let speakers = loaders.speakers(links.iter().map(|l| l.speaker_id)).await?;
        Ok(links
            .iter()
            .filter_map(|link| {
                let speaker = speakers.get(&link.speaker_id)?.clone();
                Some(Eager(SessionSpeaker { role: link.role, speaker: Eager(Speaker::new(speaker, &self.scope)) }))
            })
            .collect())
    }

    /// Documents of the session, each in several accessible formats.
    async fn documents(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<Document>>> {
        let rows = loaders(ctx)?.session_documents(self.model.id).await?;
        Ok(rows.iter().map(|d| Eager(Document::new(d.clone(), &self.scope))).collect())
    }

    /// What changed about the session, oldest first ("Moved. Was: Hall A, 11:00 to 12:30. Now:
    /// Room 101, 11:30 to 13:00.").
    async fn changes(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<ScheduleChange>>> {
        let rows = loaders(ctx)?.session_changes(self.model.id).await?;
        Ok(rows.iter().map(|c| Eager(ScheduleChange::new(c.clone(), &self.scope))).collect())
    }

    /// When the session last changed, with the conference zone's offset.
    async fn updated_at(&self) -> scalars::DateTime {
        scalars::DateTime(self.scope.local(self.model.updated_at))
    }
}

/// The languages of a session.
#[derive(SimpleObject)]
pub struct SessionLanguages {
    /// Languages spoken or signed on the floor.
    pub floor: Vec<Eager<Language>>,
    /// Simultaneous interpretation, each on a channel of the receivers.
    pub interpretation: Vec<Eager<InterpretationChannel>>,
    /// Sign languages interpreted in the room and on the stream.
    pub sign: Vec<Eager<Language>>,
}

/// One interpretation language and the receiver channel to tune to.
#[derive(SimpleObject)]
pub struct InterpretationChannel {
    /// The language interpreted into.
    pub language: Eager<Language>,
    /// The receiver channel ("2"), when known.
    pub channel: Option<String>,
}

/// Live captions of a session.
#[derive(SimpleObject)]
pub struct LiveCaptions {
    /// Whether live captions are provided. `UNKNOWN` is not `NO`.
    pub available: Fact,
    /// Where to follow the captions on a phone, when there is a stream.
    pub stream_url: Option<String>,
}

/// A person's part in a session.
#[derive(SimpleObject)]
pub struct SessionSpeaker {
    /// What they do in this session.
    pub role: SpeakerRole,
    /// Who they are.
    pub speaker: Eager<Speaker>,
}
