//! Accommodation requests as their delegate and the coordinators see them. Objects of these
//! types are only ever made after an access check (`access`, `accommodation::items::visible`):
//! every field below is for the request's delegate or a coordinator of its conference.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use sea_orm::EntityTrait;

use crate::entities::enums::{ItemStatus, ServiceType};
use crate::entities::{accommodation_request, person, request_item};
use crate::error::{AppError, AppResult};
use crate::graphql::context::{Scope, db, loaders};
use crate::graphql::relay::{Kind, encode};
use crate::graphql::scalars;
use crate::graphql::types::accommodation_service::AccommodationService;
use crate::graphql::types::person::Person;
use crate::graphql::types::session::Session;
use crate::graphql::types::text::Text;
use crate::service::accommodation::sealing::{Column, Sealer};
use crate::service::accommodation::workflow::{self, Actor};
use crate::service::accommodation::{ActorRole, items, requests};

fn sealer<'a>(ctx: &Context<'a>) -> AppResult<&'a Sealer> {
    ctx.data::<Arc<Sealer>>().map(|s| &**s).map_err(|e| AppError::unexpected(e.message))
}

fn open(ctx: &Context<'_>, column: Column, sealed: &Option<String>) -> AppResult<Option<String>> {
    sealed.as_deref().map(|s| sealer(ctx)?.open(column, s)).transpose()
}

/// The names of people named by accommodation rows, read in one statement.
async fn names(ctx: &Context<'_>, ids: Vec<i64>) -> AppResult<std::collections::HashMap<i64, Arc<person::Model>>> {
    loaders(ctx)?.person.load_many(ids).await
}

pub struct AccommodationRequest {
    pub model: accommodation_request::Model,
    pub scope: Arc<Scope>,
}

/// A request for accommodations: one or more items, each with its own status.
#[Object]
impl AccommodationRequest {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::AccommodationRequest, self.model.id)
    }

    /// When it was submitted, with the conference zone's offset.
    async fn submitted_at(&self) -> scalars::DateTime {
        scalars::DateTime(self.scope.local(self.model.created_at))
    }

    /// Who asked.
    async fn requester(&self, ctx: &Context<'_>) -> AppResult<Person> {
        let found = loaders(ctx)?.person.load_one(self.model.person_id).await?;
        Ok(Person { model: found.ok_or_else(|| AppError::unexpected("a request's person is missing"))? })
    }

    /// The items, in the order they were asked for.
    async fn items(&self, ctx: &Context<'_>) -> AppResult<Vec<RequestItem>> {
        let rows = loaders(ctx)?.request_items.load_one(self.model.id).await?.unwrap_or_default();
        Ok(rows.iter().map(|model| RequestItem { model: model.clone(), scope: self.scope.clone() }).collect())
    }

    /// Every time a coordinator opened this request, newest first (DESIGN §6 rule 4).
    async fn who_viewed(&self, ctx: &Context<'_>) -> AppResult<Vec<RequestViewEntry>> {
        self.views(ctx).await
    }
}

impl AccommodationRequest {
    /// The read log, with the readers' names.
    pub async fn views(&self, ctx: &Context<'_>) -> AppResult<Vec<RequestViewEntry>> {
        let views = requests::views(db(ctx)?, self.model.id).await?;
        let people = names(ctx, views.iter().filter_map(|v| v.viewer_id).collect()).await?;
        Ok(views
            .into_iter()
            .map(|view| RequestViewEntry {
                viewer_name: view.viewer_id.and_then(|id| people.get(&id)).map(|p| p.name.clone()),
                viewed_at: scalars::DateTime(self.scope.local(view.viewed_at)),
            })
            .collect())
    }
}

/// One read of a request by a coordinator.
#[derive(SimpleObject)]
pub struct RequestViewEntry {
    /// The coordinator's name (null if their account was deleted since).
    viewer_name: Option<String>,
    /// When, with the conference zone's offset.
    viewed_at: scalars::DateTime,
}

pub struct RequestItem {
    pub model: request_item::Model,
    pub scope: Arc<Scope>,
}

/// One service asked for.
#[Object]
impl RequestItem {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::RequestItem, self.model.id)
    }

    /// What kind of support.
    async fn service_type(&self) -> ServiceType {
        self.model.service_type
    }

    /// The same kind of support with its name and description in the viewer's language: show
    /// `service.name` rather than the `serviceType` value. Its `dueOn` is the service's
    /// cut-off for the conference as it is now; this item's own `dueOn` is the one it was
    /// submitted against.
    async fn service(&self) -> AccommodationService {
        AccommodationService::new(self.model.service_type, &self.scope)
    }

    /// What the delegate wrote about their need, in the language they wrote it in (null when
    /// they wrote nothing, and once deleted: consent withdrawn or purged after the retention
    /// period).
    async fn details(&self, ctx: &Context<'_>) -> AppResult<Option<Text>> {
        let details = open(ctx, Column::ItemDetails, &self.model.details_sealed)?;
        Ok(details.map(|value| self.scope.as_written(value, self.model.details_lang.as_deref())))
    }

    /// Where it is in the workflow.
    async fn status(&self) -> ItemStatus {
        self.model.status
    }

    /// Grows with every change; pass it as `expectedVersion` when you change the item.
    async fn version(&self) -> i32 {
        self.model.version
    }

    /// Asked for after the desk's cut-off for this service: arranged as best effort.
    async fn late(&self) -> bool {
        self.model.late
    }

    /// The cut-off date for this service (days before the conference, DESIGN §6).
    async fn due_on(&self) -> scalars::Date {
        scalars::Date(self.model.due_on)
    }

    /// The conference days it concerns.
    async fn days(&self) -> Vec<scalars::Date> {
        self.model.days.0.iter().copied().map(scalars::Date).collect()
    }

    /// The sessions it concerns, in time order.
    async fn sessions(&self, ctx: &Context<'_>) -> AppResult<Vec<Session>> {
        let loaders = loaders(ctx)?;
        let ids = loaders.item_sessions.load_one(self.model.id).await?.unwrap_or_default();
        let mut rows: Vec<_> = loaders.sessions(ids.iter().copied()).await?.into_values().collect();
        rows.sort_by_key(|s| (s.starts_at, s.id));
        Ok(rows.into_iter().map(|s| Session::new(s, &self.scope)).collect())
    }

    /// The request it belongs to (with who asked).
    async fn request(&self, ctx: &Context<'_>) -> AppResult<AccommodationRequest> {
        let found = loaders(ctx)?.request.load_one(self.model.request_id).await?;
        let model = found.ok_or_else(|| AppError::unexpected("an item's request is missing"))?;
        Ok(AccommodationRequest { model: Arc::unwrap_or_clone(model), scope: self.scope.clone() })
    }

    /// The coordinator it is assigned to.
    async fn assignee(&self, ctx: &Context<'_>) -> AppResult<Option<Person>> {
        let Some(id) = self.model.assignee_id else { return Ok(None) };
        Ok(loaders(ctx)?.person.load_one(id).await?.map(|model| Person { model }))
    }

    /// The booking made, once CONFIRMED.
    async fn booking_reference(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        open(ctx, Column::BookingReference, &self.model.booking_reference_sealed)
    }

    /// The thread about this item, oldest first. The delegate sees the messages between them
    /// and the desk; coordinators also see internal notes.
    async fn messages(&self, ctx: &Context<'_>) -> AppResult<Vec<RequestMessage>> {
        let viewer = crate::graphql::access::signed_in(ctx)?;
        let found = loaders(ctx)?.request.load_one(self.model.request_id).await?;
        let owner = found.map(|r| r.person_id);
        let with_internal =
            viewer.role() == crate::entities::enums::Role::Coordinator && owner != Some(viewer.person.id);
        let rows = items::messages(db(ctx)?, self.model.id, with_internal).await?;
        let people = names(ctx, rows.iter().filter_map(|r| r.author_id).collect()).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let body = open(ctx, Column::MessageBody, &row.body_sealed)?;
            out.push(RequestMessage {
                author: row.author_role,
                author_name: row.author_id.and_then(|id| people.get(&id)).map(|p| p.name.clone()),
                internal: row.internal,
                body: body.map(|value| self.scope.as_written(value, row.body_lang.as_deref())),
                sent_at: scalars::DateTime(self.scope.local(row.created_at)),
            });
        }
        Ok(out)
    }

    /// The moves you may make now, in status order, each saying what it needs: for a
    /// coordinator the desk's moves, for the delegate their own (answer a question, accept an
    /// alternative, withdraw). Empty once the item is closed. Offer exactly these;
    /// `moveRequestItem` accepts exactly these.
    async fn next_moves(&self, ctx: &Context<'_>) -> AppResult<Vec<NextMove>> {
        let viewer = crate::graphql::access::signed_in(ctx)?;
        let found = loaders(ctx)?.request.load_one(self.model.request_id).await?;
        let actor = if found.is_some_and(|r| r.person_id == viewer.person.id) {
            Actor::Delegate
        } else if viewer.role() == crate::entities::enums::Role::Coordinator {
            Actor::Coordinator
        } else {
            return Ok(Vec::new());
        };
        Ok(workflow::moves_from(self.model.status, actor)
            .into_iter()
            .map(|m| NextMove {
                to: m.to,
                needs_reason: m.needs_reason,
                needs_booking_reference: m.needs_booking_reference,
            })
            .collect())
    }

    /// Every step so far, oldest first: who (by role), when, from and to, and why.
    async fn history(&self, ctx: &Context<'_>) -> AppResult<Vec<ItemStep>> {
        let rows = items::history(db(ctx)?, self.model.id).await?;
        let mut steps = Vec::with_capacity(rows.len());
        for row in rows {
            steps.push(ItemStep {
                from: row.from_status,
                to: row.to_status,
                actor: row.actor_role,
                reason: open(ctx, Column::TransitionReason, &row.reason_sealed)?
                    .map(|value| self.scope.as_written(value, row.reason_lang.as_deref())),
                at: scalars::DateTime(self.scope.local(row.at)),
                version: row.version,
            });
        }
        Ok(steps)
    }
}

/// A move you may make on an item now.
#[derive(SimpleObject)]
pub struct NextMove {
    /// The status it moves the item to (pass as `to` to `moveRequestItem`).
    to: ItemStatus,
    /// A reason must go with it (`reason`): declining, cancelling, or the alternative offered.
    needs_reason: bool,
    /// A booking reference must go with it (`bookingReference`): confirming.
    needs_booking_reference: bool,
}

/// A message about an item.
#[derive(SimpleObject)]
pub struct RequestMessage {
    /// Whether the delegate or a coordinator wrote it.
    author: ActorRole,
    /// The author's name (null if their account was deleted since).
    author_name: Option<String>,
    /// An internal note: coordinators only, never shown to the delegate.
    internal: bool,
    /// The message, in the language it was written in (null once deleted with the delegate's
    /// consent or after the retention period).
    body: Option<Text>,
    /// When, with the conference zone's offset.
    sent_at: scalars::DateTime,
}

/// One step of an item's workflow, as the audit trail keeps it (it is never edited).
#[derive(SimpleObject)]
pub struct ItemStep {
    /// The status before (null for the submission).
    from: Option<ItemStatus>,
    /// The status after.
    to: ItemStatus,
    /// Who moved it.
    actor: ActorRole,
    /// Why, as written, in the language it was written in (a decline or cancellation reason,
    /// the alternative offered).
    reason: Option<Text>,
    /// When, with the conference zone's offset.
    at: scalars::DateTime,
    /// The item's version after this step.
    version: i32,
}

/// The consent text delegates agree to before their first request.
#[derive(SimpleObject)]
pub struct ConsentText {
    /// Its version: pass it to `giveAccommodationConsent`.
    version: i32,
    /// The text, in the viewer's language.
    text: crate::graphql::types::text::Text,
}

impl ConsentText {
    pub fn current(scope: &Scope) -> Self {
        Self {
            version: crate::service::accommodation::consent::CURRENT_VERSION,
            text: scope.required_text(&crate::service::accommodation::consent::text()),
        }
    }
}

/// A consent given.
#[derive(SimpleObject)]
pub struct ConsentGiven {
    /// The version of the text agreed to.
    version: i32,
    /// The language it was read in.
    lang: String,
    /// When, with the conference zone's offset.
    given_at: scalars::DateTime,
}

impl ConsentGiven {
    pub fn new(row: &crate::entities::consent::Model, scope: &Scope) -> Self {
        Self { version: row.version, lang: row.lang.clone(), given_at: scalars::DateTime(scope.local(row.given_at)) }
    }
}

/// A request `viewer` may see (their own, or any of their conference for a coordinator, whose
/// read is logged); `NOT_FOUND` for anyone else.
pub async fn visible_request(
    ctx: &Context<'_>,
    viewer: &person::Model,
    request_id: i64,
) -> AppResult<accommodation_request::Model> {
    let found = accommodation_request::Entity::find_by_id(request_id).one(db(ctx)?).await?;
    let request = found.ok_or_else(|| AppError::not_found("request"))?;
    if viewer.id == request.person_id {
        return Ok(request);
    }
    if viewer.role == crate::entities::enums::Role::Coordinator && viewer.conference_id == request.conference_id {
        requests::record_view(db(ctx)?, request.id, viewer.id, crate::graphql::context::now(ctx)?).await?;
        return Ok(request);
    }
    Err(AppError::not_found("request"))
}
