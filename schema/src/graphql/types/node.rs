//! The Relay `Node` interface and `node(id)`.

use async_graphql::{Context, ID, Interface};
use sea_orm::EntityTrait;

use crate::entities::enums::Role;
use crate::entities::{
    announcement, document, document_variant, glossary_entry, person, route, schedule_change, venue,
};
use crate::error::{AppError, AppResult};
use crate::graphql::access::viewer;
use crate::graphql::context::{db, loaders, scope_for};
use crate::graphql::loaders::DocumentWithVariants;
use crate::graphql::relay::{Kind, decode};
use crate::graphql::types::accommodation::{AccommodationRequest, RequestItem, visible_request};
use crate::graphql::types::announcement::Announcement;
use crate::graphql::types::conference::{Conference, load_venue};
use crate::graphql::types::document::Document;
use crate::graphql::types::glossary::GlossaryEntry;
use crate::graphql::types::person::Person;
use crate::graphql::types::push::PushSubscription;
use crate::graphql::types::schedule_change::ScheduleChange;
use crate::graphql::types::session::Session;
use crate::graphql::types::speaker::Speaker;
use crate::graphql::types::track::Track;
use crate::graphql::types::venue::{PointOfInterest, Room, Route, Venue};

/// Anything with a global id, fetchable again with `node(id)`.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Global id: opaque, stable, fetchable with `node(id)`."))]
pub enum Node {
    Conference(Conference),
    Venue(Venue),
    PointOfInterest(PointOfInterest),
    Room(Room),
    Route(Route),
    Track(Track),
    Session(Session),
    Speaker(Speaker),
    Document(Document),
    GlossaryEntry(GlossaryEntry),
    Announcement(Announcement),
    ScheduleChange(ScheduleChange),
    Person(Person),
    AccommodationRequest(AccommodationRequest),
    RequestItem(RequestItem),
    PushSubscription(PushSubscription),
}

fn missing() -> AppError {
    AppError::not_found("node")
}

/// Finds any object by its global id.
pub async fn load(ctx: &Context<'_>, id: &ID) -> AppResult<Node> {
    let (kind, id) = decode(id, "id")?;
    let loaders = loaders(ctx)?;
    let db = db(ctx)?;
    Ok(match kind {
        Kind::Conference => {
            loaders.conference(id).await?.ok_or_else(missing)?;
            Node::Conference(Conference { scope: scope_for(ctx, id).await? })
        }
        Kind::Session => {
            let row = loaders.session(id).await?.ok_or_else(missing)?;
            Node::Session(Session::new(row.clone(), &scope_for(ctx, row.conference_id).await?))
        }
        Kind::Speaker => {
            let row = loaders.speaker(id).await?.ok_or_else(missing)?;
            Node::Speaker(Speaker::new(row.clone(), &scope_for(ctx, row.conference_id).await?))
        }
        Kind::Track => {
            let row = loaders.track(id).await?.ok_or_else(missing)?;
            Node::Track(Track::new(row.clone(), &scope_for(ctx, row.conference_id).await?))
        }
        Kind::Venue => {
            let row = venue::Entity::find_by_id(id).one(db).await?.ok_or_else(missing)?;
            let scope = scope_for(ctx, row.conference_id).await?;
            Node::Venue(load_venue(ctx, &scope).await?.ok_or_else(missing)?)
        }
        Kind::Room => {
            let row = loaders.room(id).await?.ok_or_else(missing)?;
            let venue = venue::Entity::find_by_id(row.venue_id).one(db).await?.ok_or_else(missing)?;
            Node::Room(Room::new(row, &scope_for(ctx, venue.conference_id).await?))
        }
        Kind::Place => {
            let row = loaders.place(id).await?.ok_or_else(missing)?;
            let venue = venue::Entity::find_by_id(row.venue_id).one(db).await?.ok_or_else(missing)?;
            Node::PointOfInterest(PointOfInterest::new(row, &scope_for(ctx, venue.conference_id).await?))
        }
        Kind::Route => {
            let row = route::Entity::find_by_id(id).one(db).await?.ok_or_else(missing)?;
            let venue_model = venue::Entity::find_by_id(row.venue_id).one(db).await?.ok_or_else(missing)?;
            let scope = scope_for(ctx, venue_model.conference_id).await?;
            let venue: Venue = load_venue(ctx, &scope).await?.ok_or_else(missing)?;
            let route: Option<Route> = venue.routes_by_id(id);
            Node::Route(route.ok_or_else(missing)?)
        }
        Kind::Document => {
            let (document, variants) = document::Entity::find_by_id(id)
                .find_with_related(document_variant::Entity)
                .all(db)
                .await?
                .into_iter()
                .next()
                .ok_or_else(missing)?;
            let scope = scope_for(ctx, document.conference_id).await?;
            Node::Document(Document::new(DocumentWithVariants { document, variants }, &scope))
        }
        Kind::GlossaryEntry => {
            let model = glossary_entry::Entity::find_by_id(id).one(db).await?.ok_or_else(missing)?;
            let scope = scope_for(ctx, model.conference_id).await?;
            Node::GlossaryEntry(GlossaryEntry { model, scope })
        }
        Kind::Announcement => {
            let model = announcement::Entity::find_by_id(id).one(db).await?.ok_or_else(missing)?;
            let scope = scope_for(ctx, model.conference_id).await?;
            Node::Announcement(Announcement { model, scope })
        }
        Kind::ScheduleChange => {
            let model = schedule_change::Entity::find_by_id(id).one(db).await?.ok_or_else(missing)?;
            let scope = scope_for(ctx, model.conference_id).await?;
            Node::ScheduleChange(ScheduleChange::new(model, &scope))
        }
        Kind::Person => {
            // Only the person and the organisers of their conference learn that they exist.
            let viewer = viewer(ctx).ok_or_else(missing)?;
            let model = person::Entity::find_by_id(id).one(db).await?.ok_or_else(missing)?;
            let organiser = viewer.role() == Role::Organizer && viewer.person.conference_id == model.conference_id;
            if !(organiser || viewer.person.id == model.id) {
                return Err(missing());
            }
            Node::Person(Person { model: model.into() })
        }
        Kind::AccommodationRequest => {
            let viewer = viewer(ctx).ok_or_else(missing)?;
            let model = visible_request(ctx, &viewer.person, id).await.map_err(|_| missing())?;
            let scope = scope_for(ctx, model.conference_id).await?;
            Node::AccommodationRequest(AccommodationRequest { model, scope })
        }
        Kind::RequestItem => {
            let viewer = viewer(ctx).ok_or_else(missing)?;
            let (item, request) = crate::service::accommodation::items::visible(db, &viewer.person, id).await?;
            if viewer.person.id != request.person_id {
                crate::service::accommodation::requests::record_view(
                    db,
                    request.id,
                    viewer.person.id,
                    crate::graphql::context::now(ctx)?,
                )
                .await?;
            }
            let scope = scope_for(ctx, item.conference_id).await?;
            Node::RequestItem(RequestItem { model: item, scope })
        }
        Kind::PushSubscription => {
            // Only its owner learns that it exists.
            let viewer = viewer(ctx).ok_or_else(missing)?;
            let model =
                crate::service::push::subscriptions::own(db, viewer.person.id, id).await.map_err(|_| missing())?;
            let scope = scope_for(ctx, model.conference_id).await?;
            Node::PushSubscription(PushSubscription { model, scope })
        }
    })
}
