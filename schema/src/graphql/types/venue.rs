//! The venue: rooms, points of interest (entrances, lifts, toilets, quiet and prayer rooms, …)
//! and step-free routes between them as text directions.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject, Union};

use crate::entities::enums::{Fact, PlaceKind};
use crate::entities::{place, room, route, venue};
use crate::error::AppResult;
use crate::graphql::context::{Scope, loaders};
use crate::graphql::relay::{Kind, encode};
use crate::graphql::types::directions::{self, Directions};
use crate::graphql::types::text::{Image, Text};
use crate::service::spoken;

#[derive(Clone)]
pub struct Venue {
    pub model: venue::Model,
    pub places: Vec<Arc<place::Model>>,
    pub rooms: Vec<Arc<room::Model>>,
    pub routes: Vec<Arc<route::Model>>,
    pub scope: Arc<Scope>,
}

/// The building the conference takes place in.
#[Object]
impl Venue {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::Venue, self.model.id)
    }

    /// Name of the venue.
    async fn name(&self) -> Text {
        self.scope.required_text(&self.model.name)
    }

    /// Postal address.
    async fn address(&self) -> Text {
        self.scope.required_text(&self.model.address)
    }

    /// What the venue is like.
    async fn description(&self) -> Text {
        self.scope.required_text(&self.model.description)
    }

    /// How to arrive: drop-off point, the step-free entrance, what you hear and feel at the door.
    async fn arrival(&self) -> Text {
        self.scope.required_text(&self.model.arrival)
    }

    /// The venue map, with a long text description floor by floor.
    async fn map(&self) -> Option<Map> {
        let url = self.model.map_url.clone()?;
        Some(Map {
            image: Image { url, alt: self.scope.opt_text(&self.model.map_alt), decorative: false },
            long_description: self.scope.opt_text(&self.model.map_long_description),
        })
    }

    /// Ways into the building.
    async fn entrances(&self) -> Vec<PointOfInterest> {
        self.of_kind(&[PlaceKind::Entrance])
    }

    /// Lifts between floors.
    async fn lifts(&self) -> Vec<PointOfInterest> {
        self.of_kind(&[PlaceKind::Lift])
    }

    /// Points of interest, optionally only of some kinds, by floor.
    async fn points_of_interest(
        &self,
        #[graphql(desc = "Only these kinds (all when omitted).")] kinds: Option<Vec<PlaceKind>>,
    ) -> Vec<PointOfInterest> {
        match kinds {
            Some(kinds) => self.of_kind(&kinds),
            None => self.places.iter().map(|p| PointOfInterest::new(p.clone(), &self.scope)).collect(),
        }
    }

    /// Meeting rooms, by floor.
    async fn rooms(&self) -> Vec<Room> {
        self.rooms.iter().map(|r| Room::new(r.clone(), &self.scope)).collect()
    }

    /// The way from one room or point of interest to another, over the venue's routes: the
    /// quickest, leg by leg, each leg with its steps, and a summary to read first. Routes are
    /// walked both ways unless one-way. A signed-in delegate's step-free preference applies
    /// unless `stepFreeOnly` says otherwise, and their extra time between rooms is added to
    /// `minutesNeeded`.
    async fn directions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Where the delegate is: a room's or a point of interest's id.")] from: ID,
        #[graphql(desc = "Where they want to go: a room's or a point of interest's id.")] to: ID,
        #[graphql(desc = "Use only routes known to be step-free (the signed-in delegate's preference when omitted).")]
        step_free_only: Option<bool>,
    ) -> AppResult<Directions> {
        directions::directions(ctx, self.clone(), &from, &to, step_free_only)
    }

    /// Directions between rooms and places.
    async fn routes(
        &self,
        #[graphql(desc = "Only routes known to be step-free.")] step_free_only: Option<bool>,
    ) -> Vec<Route> {
        self.routes
            .iter()
            .filter(|r| !step_free_only.unwrap_or(false) || r.step_free == Fact::Yes)
            .map(|r| self.route(r))
            .collect()
    }
}

impl Venue {
    pub fn route(&self, r: &Arc<route::Model>) -> Route {
        Route {
            from: self.location(r.from_room_id, r.from_place_id),
            to: self.location(r.to_room_id, r.to_place_id),
            model: r.clone(),
            scope: self.scope.clone(),
        }
    }

    /// One route of this venue.
    pub fn routes_by_id(&self, id: i64) -> Option<Route> {
        self.routes.iter().find(|r| r.id == id).map(|r| self.route(r))
    }

    fn of_kind(&self, kinds: &[PlaceKind]) -> Vec<PointOfInterest> {
        self.places
            .iter()
            .filter(|p| kinds.contains(&p.kind))
            .map(|p| PointOfInterest::new(p.clone(), &self.scope))
            .collect()
    }

    pub fn location(&self, room_id: Option<i64>, place_id: Option<i64>) -> Option<Location> {
        if let Some(id) = room_id {
            return self.rooms.iter().find(|r| r.id == id).map(|r| Location::Room(Room::new(r.clone(), &self.scope)));
        }
        let id = place_id?;
        self.places
            .iter()
            .find(|p| p.id == id)
            .map(|p| Location::PointOfInterest(PointOfInterest::new(p.clone(), &self.scope)))
    }
}

/// A map of the venue.
#[derive(SimpleObject)]
pub struct Map {
    /// The map image, with alt text.
    pub image: Image,
    /// Everything the map shows, as text, for people who cannot see it.
    pub long_description: Option<Text>,
}

fn floor_name(scope: &Scope, floor: i32) -> Text {
    scope.spoken(|lang| spoken::floor_name(lang, floor))
}

pub struct Room {
    pub model: Arc<room::Model>,
    pub scope: Arc<Scope>,
}

impl Room {
    pub fn new(model: impl Into<Arc<room::Model>>, scope: &Arc<Scope>) -> Self {
        Self { model: model.into(), scope: scope.clone() }
    }
}

/// A room where sessions take place.
#[Object]
impl Room {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::Room, self.model.id)
    }

    /// Stable short name.
    async fn slug(&self) -> &str {
        &self.model.slug
    }

    /// Name of the room as signposted.
    async fn name(&self) -> Text {
        self.scope.required_text(&self.model.name)
    }

    /// Floor number: 0 is the ground floor, negative numbers are below ground.
    async fn floor(&self) -> i32 {
        self.model.floor
    }

    /// The floor as people say it ("ground floor", "1er étage").
    async fn floor_name(&self) -> Text {
        floor_name(&self.scope, self.model.floor)
    }

    /// Seats, when known.
    async fn capacity(&self) -> Option<i32> {
        self.model.capacity
    }

    /// Places for wheelchair users, when known.
    async fn wheelchair_spaces(&self) -> Option<i32> {
        self.model.wheelchair_spaces
    }

    /// Whether the room can be reached and entered without steps.
    async fn step_free(&self) -> Fact {
        self.model.step_free
    }

    /// Whether an induction (hearing) loop is installed.
    async fn hearing_loop(&self) -> Fact {
        self.model.hearing_loop
    }

    /// Whether the stage can be reached without steps (ramp or lift).
    async fn stage_access(&self) -> Fact {
        self.model.stage_access
    }

    /// What you find on arrival: doors, seats, reserved wheelchair places, interpreter booths.
    async fn layout(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.layout)
    }

    /// The nearest toilet usable by wheelchair users.
    async fn nearest_accessible_toilet(&self, ctx: &Context<'_>) -> AppResult<Option<PointOfInterest>> {
        let Some(id) = self.model.nearest_accessible_toilet_id else { return Ok(None) };
        Ok(loaders(ctx)?.place(id).await?.map(|p| PointOfInterest::new(p, &self.scope)))
    }
}

pub struct PointOfInterest {
    pub model: Arc<place::Model>,
    pub scope: Arc<Scope>,
}

impl PointOfInterest {
    pub fn new(model: impl Into<Arc<place::Model>>, scope: &Arc<Scope>) -> Self {
        Self { model: model.into(), scope: scope.clone() }
    }
}

/// A place in the venue that is not a meeting room: entrance, lift, toilet, quiet room,
/// prayer room, first aid, help desk, …
#[Object]
impl PointOfInterest {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::Place, self.model.id)
    }

    /// Stable short name.
    async fn slug(&self) -> &str {
        &self.model.slug
    }

    /// What kind of place it is.
    async fn kind(&self) -> PlaceKind {
        self.model.kind
    }

    /// Its name as signposted.
    async fn name(&self) -> Text {
        self.scope.required_text(&self.model.name)
    }

    /// Where it is, with landmarks.
    async fn description(&self) -> Text {
        self.scope.required_text(&self.model.description)
    }

    /// Floor number: 0 is the ground floor.
    async fn floor(&self) -> i32 {
        self.model.floor
    }

    /// The floor as people say it.
    async fn floor_name(&self) -> Text {
        floor_name(&self.scope, self.model.floor)
    }

    /// Whether it can be reached without steps.
    async fn step_free(&self) -> Fact {
        self.model.step_free
    }

    /// When it is open, if not always.
    async fn opening_hours(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.opening_hours)
    }
}

/// A room or a point of interest.
#[derive(Union)]
pub enum Location {
    /// A meeting room.
    Room(Room),
    /// Any other place.
    PointOfInterest(PointOfInterest),
}

pub struct Route {
    pub model: Arc<route::Model>,
    pub from: Option<Location>,
    pub to: Option<Location>,
    pub scope: Arc<Scope>,
}

/// Directions from one place to another, as text steps with decision points, landmarks and
/// distances (ITU-T F.921).
#[Object]
impl Route {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::Route, self.model.id)
    }

    /// Where the route starts.
    async fn from(&self) -> Option<&Location> {
        self.from.as_ref()
    }

    /// Where the route ends.
    async fn to(&self) -> Option<&Location> {
        self.to.as_ref()
    }

    /// Whether the whole route is without steps.
    async fn step_free(&self) -> Fact {
        self.model.step_free
    }

    /// Length in metres, when known.
    async fn distance_metres(&self) -> Option<i32> {
        self.model.distance_metres
    }

    /// Typical walking time in minutes, when known.
    async fn walking_minutes(&self) -> Option<i32> {
        self.model.walking_minutes
    }

    /// The directions, one step per decision point.
    async fn steps(&self) -> Vec<Text> {
        self.model.steps.0.iter().map(|s| self.scope.required_text(s)).collect()
    }

    /// True when the way can only be walked from `from` to `to` (an exit-only door, a
    /// screening lane). Otherwise it can be walked back; the way back has its own route
    /// when its steps are written.
    async fn one_way(&self) -> bool {
        self.model.one_way
    }
}
