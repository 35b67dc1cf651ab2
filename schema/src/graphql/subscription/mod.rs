//! The subscription root (WebSocket). Events carry ids and versions; objects in them are read
//! again from the database for each event, so a subscriber sees rows as they are now, in its
//! own languages. A delegate's events are only their own.

mod event_rows;

use std::sync::Arc;

use async_graphql::{Context, ID, SimpleObject, Subscription};
use futures::{FutureExt, Stream, StreamExt};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use tokio::sync::broadcast::error::RecvError;

use crate::entities::enums::ItemStatus;
use crate::entities::request_item;
use crate::entities::{conference, session};
use crate::error::{AppError, AppResult};
use crate::graphql::access::{coordinator, signed_in};
use crate::graphql::connection_guard::{LiveConnection, token_still_valid};
use crate::graphql::context::{Scope, accept_languages, db};
use crate::graphql::loaders::Loaders;
use crate::graphql::relay::{Kind, encode};
use crate::graphql::types::accommodation::RequestItem;
use crate::graphql::types::announcement::Announcement;
use crate::graphql::types::session::Session;
use crate::service::clock::Clock;
pub use event_rows::EventRows;

use crate::service::live::{ChangeAction, ChangeTarget, Live, ProgrammeChange, RequestChange};

pub struct SubscriptionRoot;

/// One change to the public programme.
#[derive(SimpleObject)]
pub struct ProgrammeChanged {
    /// What kind of thing changed.
    target: ChangeTarget,
    /// Its global id (of the kind `target` names). Re-read it with `node(id)`, unless deleted.
    id: ID,
    /// What happened to it.
    action: ChangeAction,
    /// The conference's programme version after the change: a client that has it is up to date.
    programme_version: i64,
}

/// A change to a session in your agenda.
#[derive(SimpleObject)]
pub struct AgendaChanged {
    /// What happened: MOVED, CANCELLED, REINSTATED or DELETED.
    action: ChangeAction,
    /// The session's id.
    session_id: ID,
    /// The session as it is now (with its `changes`); null when it was deleted.
    session: Option<Session>,
    /// The conference's programme version after the change.
    programme_version: i64,
}

fn kind_of(target: ChangeTarget) -> Kind {
    match target {
        ChangeTarget::Session => Kind::Session,
        ChangeTarget::Room => Kind::Room,
        ChangeTarget::Speaker => Kind::Speaker,
        ChangeTarget::Track => Kind::Track,
        ChangeTarget::Document => Kind::Document,
        ChangeTarget::GlossaryEntry => Kind::GlossaryEntry,
        ChangeTarget::Announcement => Kind::Announcement,
        ChangeTarget::Conference => Kind::Conference,
        ChangeTarget::Venue => Kind::Venue,
        ChangeTarget::PointOfInterest => Kind::Place,
        ChangeTarget::Route => Kind::Route,
    }
}

/// Every committed change of this process, in order. A subscriber that falls far behind
/// skips what it missed (logged); its client re-reads on the version it holds.
fn changes(live: &Live) -> impl Stream<Item = ProgrammeChange> + use<> {
    futures::stream::unfold(live.subscribe(), |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(change) => return Some((change, receiver)),
                Err(RecvError::Lagged(skipped)) => tracing::warn!(skipped, "a subscriber fell behind"),
                Err(RecvError::Closed) => return None,
            }
        }
    })
}

/// Every committed change to an accommodation item, in order (ids and status only).
fn request_changes(live: &Live) -> impl Stream<Item = RequestChange> + use<> {
    futures::stream::unfold(live.subscribe_requests(), |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(change) => return Some((change, receiver)),
                Err(RecvError::Lagged(skipped)) => tracing::warn!(skipped, "a request subscriber fell behind"),
                Err(RecvError::Closed) => return None,
            }
        }
    })
}

/// A change in the coordinators' queue: re-read the item with `node(id)`.
#[derive(SimpleObject)]
pub struct RequestQueueEvent {
    /// The item's id.
    item_id: ID,
    /// Its status now.
    status: ItemStatus,
    /// Its version now.
    version: i32,
}

async fn conference_id(ctx: &Context<'_>, slug: Option<String>) -> AppResult<i64> {
    let query = conference::Entity::find();
    let found = match slug {
        Some(slug) => query.filter(conference::Column::Slug.eq(slug)).one(db(ctx)?).await?,
        None => query.order_by_asc(conference::Column::Id).one(db(ctx)?).await?,
    };
    Ok(found.ok_or_else(|| AppError::not_found("conference"))?.id)
}

fn live<'a>(ctx: &Context<'a>) -> AppResult<&'a Live> {
    ctx.data::<Live>().map_err(|e| AppError::unexpected(e.message))
}

/// What an event needs to read rows again, taken from the connection when it subscribes.
#[derive(Clone)]
struct Reader {
    db: DatabaseConnection,
    /// Rows shared by all subscribers of one event.
    rows: Arc<EventRows>,
    clock: Clock,
    loaders: Arc<Loaders>,
    languages: Vec<String>,
    connection: Option<LiveConnection>,
}

impl Reader {
    fn new(ctx: &Context<'_>) -> AppResult<Self> {
        let loaders = ctx.data::<Arc<Loaders>>().map_err(|e| AppError::unexpected(e.message))?.clone();
        let clock = ctx.data::<Clock>().map_err(|e| AppError::unexpected(e.message))?.clone();
        let connection = ctx.data_opt::<LiveConnection>().copied();
        let rows = ctx.data::<Arc<EventRows>>().map_err(|e| AppError::unexpected(e.message))?.clone();
        Ok(Self { db: db(ctx)?.clone(), rows, clock, loaders, languages: accept_languages(ctx), connection })
    }

    /// False once the token the connection signed in with stops working: the stream ends.
    async fn still_signed_in(&self) -> bool {
        match self.connection {
            None => true,
            Some(connection) => token_still_valid(&self.db, &self.clock, connection).await.unwrap_or(false),
        }
    }

    /// Rows cached for an earlier event of this connection may be stale: forget them, and
    /// read the conference as it is now.
    async fn scope(&self, conference_id: i64) -> AppResult<Arc<Scope>> {
        self.loaders.clear_all();
        let conference = conference::Entity::find_by_id(conference_id)
            .one(&self.db)
            .await?
            .ok_or_else(|| AppError::unexpected("the conference of a change is missing"))?;
        Ok(Arc::new(Scope::new(conference, self.languages.clone())))
    }

    /// The announcement an event published, read once for all its subscribers here.
    async fn announcement(&self, change: &ProgrammeChange) -> AppResult<Option<Announcement>> {
        let Some(model) = self.rows.announcement(&self.db, change.id, change.version).await? else { return Ok(None) };
        self.loaders.clear_all();
        let conference = self.rows.conference(&self.db, model.conference_id, change.version).await?;
        let scope = Arc::new(Scope::new(conference, self.languages.clone()));
        Ok(Some(Announcement { model: (*model).clone(), scope }))
    }

    async fn item(&self, id: i64) -> AppResult<Option<RequestItem>> {
        let Some(model) = request_item::Entity::find_by_id(id).one(&self.db).await? else { return Ok(None) };
        let scope = self.scope(model.conference_id).await?;
        Ok(Some(RequestItem { model, scope }))
    }

    async fn session(&self, id: i64) -> AppResult<Option<Session>> {
        let Some(model) = session::Entity::find_by_id(id).one(&self.db).await? else { return Ok(None) };
        let scope = self.scope(model.conference_id).await?;
        Ok(Some(Session::new(model, &scope)))
    }
}

/// Live events over WebSocket (`graphql-transport-ws` or `graphql-ws` on `/graphql`). Events
/// carry ids and versions; objects in them are read again for each event.
#[Subscription]
impl SubscriptionRoot {
    /// Every change to a conference's public programme, as it is committed: what changed and
    /// the new programme version. Anonymous clients may subscribe.
    async fn programme_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The conference's slug; the default conference when omitted.")] conference: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = ProgrammeChanged>> {
        let wanted = conference_id(ctx, conference).await?;
        Ok(changes(live(ctx)?)
            .filter_map(move |c| async move {
                (c.conference_id == wanted).then(|| ProgrammeChanged {
                    target: c.target,
                    id: encode(kind_of(c.target), c.id),
                    action: c.action,
                    programme_version: c.version,
                })
            })
            .boxed())
    }

    /// Announcements as they are published, in your languages. Anonymous clients may subscribe.
    async fn announcement_published(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The conference's slug; the default conference when omitted.")] conference: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = Announcement>> {
        let wanted = conference_id(ctx, conference).await?;
        let reader = Reader::new(ctx)?;
        let published = changes(live(ctx)?)
            .filter(move |c| std::future::ready(c.conference_id == wanted && c.action == ChangeAction::Published));
        Ok(published
            .filter_map(move |c| {
                let reader = reader.clone();
                async move { reader.announcement(&c).await.ok().flatten() }.boxed()
            })
            .boxed())
    }

    /// Changes to sessions in your agenda (moved, cancelled, reinstated, deleted), each with
    /// the session as it is now. Signed-in people only; you receive only your own.
    async fn my_agenda_changed(&self, ctx: &Context<'_>) -> async_graphql::Result<impl Stream<Item = AgendaChanged>> {
        let person = signed_in(ctx)?.person.id;
        let reader = Reader::new(ctx)?;
        let guard = reader.clone();
        let mine = changes(live(ctx)?)
            .filter(move |c| {
                std::future::ready(c.target == ChangeTarget::Session && c.affected_people.contains(&person))
            })
            // A phone signed out or revoked stops hearing of the agenda at its next event.
            .take_while(move |_| {
                let guard = guard.clone();
                async move { guard.still_signed_in().await }.boxed()
            });
        Ok(mine
            .filter_map(move |c| {
                let reader = reader.clone();
                async move {
                    let session = reader.session(c.id).await.ok()?;
                    Some(AgendaChanged {
                        action: c.action,
                        session_id: encode(Kind::Session, c.id),
                        session,
                        programme_version: c.version,
                    })
                }
                .boxed()
            })
            .boxed())
    }

    /// Changes in the accommodation queue of your conference, as they are committed: which
    /// item, its status and version. Coordinators only; no detail travels here.
    async fn request_queue_changed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = RequestQueueEvent>> {
        let conference = coordinator(ctx)?.identity.person.conference_id;
        let guard = Reader::new(ctx)?;
        Ok(request_changes(live(ctx)?)
            .filter(move |c| std::future::ready(c.conference_id == conference))
            .take_while(move |_| {
                let guard = guard.clone();
                async move { guard.still_signed_in().await }.boxed()
            })
            .map(|c| RequestQueueEvent {
                item_id: encode(Kind::RequestItem, c.item_id),
                status: c.status,
                version: c.version,
            })
            .boxed())
    }

    /// Your accommodation items as they change (a coordinator moved one, answered you, or a
    /// session it concerns moved), each as it is now. Only your own.
    async fn my_request_updated(&self, ctx: &Context<'_>) -> async_graphql::Result<impl Stream<Item = RequestItem>> {
        let me = signed_in(ctx)?.person.id;
        let reader = Reader::new(ctx)?;
        let guard = reader.clone();
        Ok(request_changes(live(ctx)?)
            .filter(move |c| std::future::ready(c.owner_id == me))
            .take_while(move |_| {
                let guard = guard.clone();
                async move { guard.still_signed_in().await }.boxed()
            })
            .filter_map(move |c| {
                let reader = reader.clone();
                async move { reader.item(c.item_id).await.ok().flatten() }.boxed()
            })
            .boxed())
    }
}
