//! The accommodation desk: consent, submitting requests, and moving items through the
//! workflow (the delegate withdraws or accepts; coordinators do the rest).

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object};

use crate::entities::enums::{ItemStatus, Role, ServiceType};
use crate::entities::request_item;
use crate::error::{AppError, AppResult};
use crate::graphql::access::{coordinator, signed_in};
use crate::graphql::context::{db, now, scope_for_person};
use crate::graphql::relay::{Kind, decode_as};
use crate::graphql::scalars;
use crate::graphql::types::accommodation::{AccommodationRequest, ConsentGiven, RequestItem};
use crate::service::accommodation::items::{self, Transition};
use crate::service::accommodation::requests::{self, NewItem};
use crate::service::accommodation::sealing::Sealer;
use crate::service::live::Live;

#[derive(Default)]
pub struct AccommodationMutation;

/// One service asked for. Say what you need, not why: there is no field for a condition.
#[derive(InputObject)]
pub struct RequestItemInput {
    /// The kind of support.
    service_type: ServiceType,
    /// What you need, in your words (at most 4000 characters; required for OTHER). Encrypted.
    #[graphql(default)]
    details: String,
    /// The language you wrote `details` in (BCP 47 tag); your first preferred language when
    /// omitted.
    details_lang: Option<String>,
    /// Sessions it concerns.
    #[graphql(default)]
    session_ids: Vec<ID>,
    /// Conference days it concerns.
    #[graphql(default)]
    days: Vec<scalars::Date>,
}

fn sealer<'a>(ctx: &Context<'a>) -> AppResult<&'a Sealer> {
    ctx.data::<Arc<Sealer>>().map(|s| &**s).map_err(|e| AppError::unexpected(e.message))
}

/// Tells the coordinators' queue and the item's delegate that it changed (ids and status).
async fn tell(ctx: &Context<'_>, items: &[request_item::Model]) -> AppResult<()> {
    let live = ctx.data::<Live>().map_err(|e| AppError::unexpected(e.message))?;
    for item in items {
        live.publish_request(items::change_of(db(ctx)?, item).await?);
    }
    Ok(())
}

#[Object]
impl AccommodationMutation {
    /// Records your consent to the current consent text (`conference.accommodationConsentText`),
    /// needed before your first request. Giving it again changes nothing.
    async fn give_accommodation_consent(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The version of the text you read.")] version: i32,
        #[graphql(desc = "The language you read it in (BCP 47 tag).")] lang: String,
    ) -> AppResult<ConsentGiven> {
        let identity = signed_in(ctx)?;
        let row = requests::give_consent(db(ctx)?, &identity.person, version, &lang, now(ctx)?).await?;
        Ok(ConsentGiven::new(&row, &*scope_for_person(ctx, &identity.person).await?))
    }

    /// Withdraws your consent: everything you wrote in your requests is deleted and your open
    /// items are withdrawn. Returns how many items were withdrawn.
    async fn withdraw_accommodation_consent(&self, ctx: &Context<'_>) -> AppResult<u64> {
        let identity = signed_in(ctx)?;
        let withdrawn = requests::withdraw_consent(db(ctx)?, identity.person.id, now(ctx)?).await?;
        tell(ctx, &withdrawn).await?;
        Ok(withdrawn.len() as u64)
    }

    /// Submits a request of one or more items. Send a fresh `idempotencyKey` (a UUID) with
    /// each new request and the same key when you retry: a retry returns the first request,
    /// never a duplicate.
    async fn submit_accommodation_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Chosen by the client per request; the same on every retry.")] idempotency_key: String,
        #[graphql(desc = "What you ask for (1 to 20 items).")] items: Vec<RequestItemInput>,
    ) -> AppResult<AccommodationRequest> {
        let identity = signed_in(ctx)?;
        let mut new_items = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let session_ids = item
                .session_ids
                .iter()
                .map(|id| decode_as(id, Kind::Session, &format!("items[{i}].sessionIds")))
                .collect::<AppResult<Vec<_>>>()?;
            new_items.push(NewItem {
                service_type: item.service_type,
                details: item.details,
                details_lang: item.details_lang,
                session_ids,
                days: item.days.into_iter().map(|day| day.0).collect(),
            });
        }
        let submitted =
            requests::submit(db(ctx)?, sealer(ctx)?, &identity.person, &idempotency_key, new_items, now(ctx)?).await?;
        // A retry returns the first answer and tells no one anything: the first call did.
        if submitted.created {
            tell(ctx, &requests::items_of(db(ctx)?, submitted.request.id).await?).await?;
        }
        Ok(AccommodationRequest { model: submitted.request, scope: scope_for_person(ctx, &identity.person).await? })
    }

    /// Moves an item to another status. Delegates may withdraw their items, accept an
    /// alternative and say they answered a question; coordinators do the rest. Pass the version
    /// you read: if the item changed since, the answer is `CONFLICT`. Declining, cancelling and
    /// proposing an alternative need a `reason` (in the delegate's language); confirming needs
    /// a `bookingReference`.
    // GraphQL arguments, one per piece of the move.
    #[allow(clippy::too_many_arguments)]
    async fn move_request_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The item's id.")] item_id: ID,
        #[graphql(desc = "The new status.")] to: ItemStatus,
        #[graphql(desc = "The item's `version` as you read it.")] expected_version: i32,
        #[graphql(desc = "Why; shown to the delegate.")] reason: Option<String>,
        #[graphql(desc = "The language of `reason` (BCP 47); the delegate's first language when omitted.")]
        reason_lang: Option<String>,
        #[graphql(desc = "The booking made (to confirm).")] booking_reference: Option<String>,
    ) -> AppResult<RequestItem> {
        let identity = signed_in(ctx)?;
        if identity.role() == Role::Organizer {
            return Err(AppError::not_found("request item"));
        }
        let item_id = decode_as(&item_id, Kind::RequestItem, "itemId")?;
        let transition = Transition {
            item_id,
            to,
            expected_version,
            reason: reason.as_deref(),
            reason_lang: reason_lang.as_deref(),
            booking_reference: booking_reference.as_deref(),
        };
        let item = items::transition(db(ctx)?, sealer(ctx)?, &identity.person, transition, now(ctx)?).await?;
        tracing::info!(item = item.id, status = ?item.status, "request item moved");
        tell(ctx, std::slice::from_ref(&item)).await?;
        Ok(RequestItem { model: item, scope: scope_for_person(ctx, &identity.person).await? })
    }

    /// Adds a message to an item's thread. A delegate's message answers a question: an item
    /// in NEEDS_INFO goes back to IN_REVIEW. Coordinators may write `internal` notes, which the
    /// delegate never sees.
    async fn send_request_message(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The item's id.")] item_id: ID,
        #[graphql(desc = "The message (1 to 4000 characters). Encrypted.")] body: String,
        #[graphql(
            desc = "The language of `body` (BCP 47). When omitted: the delegate's first language, or for an internal note the author's."
        )]
        lang: Option<String>,
        #[graphql(desc = "A note for coordinators only.", default)] internal: bool,
    ) -> AppResult<RequestItem> {
        let identity = signed_in(ctx)?;
        if identity.role() == Role::Organizer {
            return Err(AppError::not_found("request item"));
        }
        let item_id = decode_as(&item_id, Kind::RequestItem, "itemId")?;
        let message = items::NewMessage { item_id, body: &body, lang: lang.as_deref(), internal };
        items::send_message(db(ctx)?, sealer(ctx)?, &identity.person, message, now(ctx)?).await?;
        let (item, _) = items::visible(db(ctx)?, &identity.person, item_id).await?;
        tell(ctx, std::slice::from_ref(&item)).await?;
        Ok(RequestItem { model: item, scope: scope_for_person(ctx, &identity.person).await? })
    }

    /// Assigns an item to a coordinator, or to nobody (coordinators only).
    async fn assign_request_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The item's id.")] item_id: ID,
        #[graphql(desc = "A coordinator's person id; null to unassign.")] assignee_id: Option<ID>,
        #[graphql(desc = "The item's `version` as you read it.")] expected_version: i32,
    ) -> AppResult<RequestItem> {
        let coordinator = coordinator(ctx)?;
        let item_id = decode_as(&item_id, Kind::RequestItem, "itemId")?;
        let assignee = assignee_id.as_ref().map(|id| decode_as(id, Kind::Person, "assigneeId")).transpose()?;
        let person = &coordinator.identity.person;
        let item = items::assign(db(ctx)?, person, item_id, assignee, expected_version, now(ctx)?).await?;
        tell(ctx, std::slice::from_ref(&item)).await?;
        Ok(RequestItem { model: item, scope: scope_for_person(ctx, person).await? })
    }
}
