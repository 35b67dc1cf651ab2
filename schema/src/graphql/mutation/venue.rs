//! Organisers describe their conference and its venue: the conference's texts and languages,
//! the venue's texts and map, tracks, points of interest and routes. With rooms, sessions and
//! speakers (the other modules), this is everything a conference created with
//! `sanad conference create` needs, without a file.

use async_graphql::{Context, ID, InputObject, Object};

use super::edits::{Deleted, announce, deleted};
use crate::entities::enums::{Fact, PlaceKind};
use crate::error::{AppError, AppResult};
use crate::graphql::access::organizer;
use crate::graphql::context::{db, now, scope_with};
use crate::graphql::relay::{Kind, decode, decode_as};
use crate::graphql::types::conference::{Conference, load_venue};
use crate::graphql::types::track::Track;
use crate::graphql::types::venue::{PointOfInterest, Route, Venue};
use crate::service::editing::texts::TextInput;
use crate::service::editing::{self, place, route, track, venue};

#[derive(Default)]
pub struct VenueMutation;

/// The conference's public texts. Each replaces what was there; a text left out stays empty
/// and `sanad check` lists it.
#[derive(InputObject)]
pub struct ConferenceInput {
    /// The full name, in each required language.
    name: Vec<TextInput>,
    /// One line saying what the conference is.
    tagline: Option<Vec<TextInput>>,
    /// What the conference is about.
    description: Option<Vec<TextInput>>,
    /// The city it takes place in.
    city: Option<Vec<TextInput>>,
    /// Who organises it.
    organiser: Option<Vec<TextInput>>,
    /// Said on every page when the programme is sample content (a demo); leave out for a real
    /// event.
    sample_notice: Option<Vec<TextInput>>,
    /// The official website (http or https).
    website: Option<String>,
}

/// The venue's public texts and map. Each replaces what was there.
#[derive(InputObject)]
pub struct VenueInput {
    /// The venue's name, in each required language.
    name: Vec<TextInput>,
    /// Its postal address.
    address: Option<Vec<TextInput>>,
    /// What the venue is like.
    description: Option<Vec<TextInput>>,
    /// How to arrive: drop-off point, the step-free entrance, what one hears and feels at the
    /// door.
    arrival: Option<Vec<TextInput>>,
    /// The venue map; none when left out.
    map: Option<MapInput>,
}

/// A map of the venue: published only with its alt text.
#[derive(InputObject)]
pub struct MapInput {
    /// Where the image is (http or https).
    url: String,
    /// What the map shows, in a sentence, in each required language.
    alt: Vec<TextInput>,
    /// Everything the map shows, floor by floor, for people who cannot see it.
    long_description: Option<Vec<TextInput>>,
}

/// A track (theme) of the programme.
#[derive(InputObject)]
pub struct TrackInput {
    /// Its name, in each required language.
    name: Vec<TextInput>,
    /// What sessions in it are about.
    description: Option<Vec<TextInput>>,
}

/// A point of interest as organisers describe it. Unknown facts stay UNKNOWN, never NO.
#[derive(InputObject)]
pub struct PointOfInterestInput {
    /// What it is.
    kind: PlaceKind,
    /// Floor number: 0 is the ground floor, negative numbers are basements.
    floor: i32,
    /// Its name, in each required language.
    name: Vec<TextInput>,
    /// Where it is and what it is like, as someone who cannot see it needs to know.
    description: Option<Vec<TextInput>>,
    /// Whether it is reachable without steps.
    #[graphql(default_with = "Fact::Unknown")]
    step_free: Fact,
    /// When it is open, as text ("08:00 to 18:00 every conference day").
    opening_hours: Option<Vec<TextInput>>,
}

/// A route as organisers describe it: from one room or point of interest to another, one
/// step per decision point, with landmarks to feel or hear (ITU-T F.921).
#[derive(InputObject)]
pub struct RouteInput {
    /// Where it starts: a room's or a point of interest's id.
    from: ID,
    /// Where it ends: a room's or a point of interest's id.
    to: ID,
    /// Whether the whole way is without steps.
    #[graphql(default_with = "Fact::Unknown")]
    step_free: Fact,
    /// Its length in metres (0 to 10000).
    distance_metres: Option<i32>,
    /// Typical walking time in minutes (0 to 180).
    walking_minutes: Option<i32>,
    /// The directions, in order (1 to 40 steps), each in each required language.
    steps: Vec<RouteStepInput>,
    /// True when the way can only be walked from `from` to `to` (an exit-only door, a
    /// screening lane). Otherwise directions may walk it back; write the way back as a route
    /// of its own (`to` to `from`) so its steps say left and right from that end.
    #[graphql(default)]
    one_way: bool,
}

/// One step of a route.
#[derive(InputObject)]
pub struct RouteStepInput {
    /// The step, in each required language.
    text: Vec<TextInput>,
}

fn end(id: &ID, field: &str) -> AppResult<route::End> {
    match decode(id, field)? {
        (Kind::Room, id) => Ok(route::End::Room(id)),
        (Kind::Place, id) => Ok(route::End::Place(id)),
        _ => Err(AppError::bad_input(field, "not the id of a room or a point of interest")),
    }
}

fn route_draft(input: RouteInput) -> AppResult<route::Draft> {
    Ok(route::Draft {
        from: end(&input.from, "input.from")?,
        to: end(&input.to, "input.to")?,
        step_free: input.step_free,
        distance_metres: input.distance_metres,
        walking_minutes: input.walking_minutes,
        steps: input.steps.into_iter().map(|s| s.text).collect(),
        one_way: input.one_way,
    })
}

fn place_draft(input: PointOfInterestInput) -> place::Draft {
    place::Draft {
        kind: input.kind,
        floor: input.floor,
        name: input.name,
        description: input.description,
        step_free: input.step_free,
        opening_hours: input.opening_hours,
    }
}

async fn route_answer(ctx: &Context<'_>, change: crate::service::live::ProgrammeChange) -> AppResult<Route> {
    let id = change.id;
    let scope = announce(ctx, change).await?;
    let venue = load_venue(ctx, &scope).await?.ok_or_else(|| AppError::not_found("venue"))?;
    venue.routes_by_id(id).ok_or_else(|| AppError::not_found("route"))
}

#[Object]
impl VenueMutation {
    /// Replaces the conference's public texts (organisers only). Its slug, dates and time zone
    /// are fixed when it is created.
    async fn update_conference(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The conference's texts.")] input: ConferenceInput,
    ) -> AppResult<Conference> {
        let organizer = organizer(ctx)?;
        let draft = editing::conference::Draft {
            name: input.name,
            tagline: input.tagline,
            description: input.description,
            city: input.city,
            organiser: input.organiser,
            sample_notice: input.sample_notice,
            website: input.website,
        };
        let (row, change) = editing::conference::update(db(ctx)?, organizer.conference_id(), draft, now(ctx)?).await?;
        announce(ctx, change).await?;
        Ok(Conference { scope: scope_with(ctx, row.into(), None) })
    }

    /// Replaces the conference's languages (organisers only): the order clients fall back
    /// in, the default, and those every public text must be written in. Texts already written
    /// stay; `sanad check` lists what a newly required language lacks.
    async fn set_conference_languages(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "BCP 47 tags, in the order used for fallback (1 to 50).")] languages: Vec<String>,
        #[graphql(desc = "The language texts fall back to; the first of `languages` when omitted.")]
        default_language: Option<String>,
        #[graphql(desc = "The languages every public text must be given in; the default language when omitted.")]
        required_languages: Option<Vec<String>>,
    ) -> AppResult<Conference> {
        let organizer = organizer(ctx)?;
        let draft = editing::conference::Languages { languages, default_language, required_languages };
        let (row, change) =
            editing::conference::set_languages(db(ctx)?, organizer.conference_id(), draft, now(ctx)?).await?;
        announce(ctx, change).await?;
        Ok(Conference { scope: scope_with(ctx, row.into(), None) })
    }

    /// Replaces the venue's texts and map (organisers only).
    async fn update_venue(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The venue.")] input: VenueInput,
    ) -> AppResult<Venue> {
        let organizer = organizer(ctx)?;
        let draft = venue::Draft {
            name: input.name,
            address: input.address,
            description: input.description,
            arrival: input.arrival,
            map: input.map.map(|m| venue::MapDraft { url: m.url, alt: m.alt, long_description: m.long_description }),
        };
        let (_, change) = venue::update(db(ctx)?, organizer.conference_id(), draft, now(ctx)?).await?;
        let scope = announce(ctx, change).await?;
        load_venue(ctx, &scope).await?.ok_or_else(|| AppError::not_found("venue"))
    }

    /// Adds a track (organisers only).
    async fn create_track(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Stable short name: 1 to 64 of a-z, 0-9 and -.")] slug: String,
        #[graphql(desc = "The track.")] input: TrackInput,
    ) -> AppResult<Track> {
        let organizer = organizer(ctx)?;
        let draft = track::Draft { name: input.name, description: input.description };
        let (row, change) = track::create(db(ctx)?, organizer.conference_id(), &slug, draft, now(ctx)?).await?;
        Ok(Track::new(row, &announce(ctx, change).await?))
    }

    /// Replaces a track's name and description (organisers only).
    async fn update_track(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The track's id.")] id: ID,
        #[graphql(desc = "The track.")] input: TrackInput,
    ) -> AppResult<Track> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Track, "id")?;
        let draft = track::Draft { name: input.name, description: input.description };
        let (row, change) = track::update(db(ctx)?, organizer.conference_id(), id, draft, now(ctx)?).await?;
        Ok(Track::new(row, &announce(ctx, change).await?))
    }

    /// Deletes a track (organisers only); refused with `CONFLICT` while sessions are in it.
    async fn delete_track(&self, ctx: &Context<'_>, #[graphql(desc = "The track's id.")] id: ID) -> AppResult<Deleted> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Track, "id")?;
        let change = track::delete(db(ctx)?, organizer.conference_id(), id, now(ctx)?).await?;
        deleted(ctx, Kind::Track, change).await
    }

    /// Adds a point of interest to the venue (organisers only).
    async fn create_point_of_interest(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Stable short name: 1 to 64 of a-z, 0-9 and -.")] slug: String,
        #[graphql(desc = "The point of interest.")] input: PointOfInterestInput,
    ) -> AppResult<PointOfInterest> {
        let organizer = organizer(ctx)?;
        let (row, change) =
            place::create(db(ctx)?, organizer.conference_id(), &slug, place_draft(input), now(ctx)?).await?;
        Ok(PointOfInterest::new(row, &announce(ctx, change).await?))
    }

    /// Replaces a point of interest's description (organisers only). An accessible toilet
    /// that rooms name as their nearest stays one (`CONFLICT`) until they name another.
    async fn update_point_of_interest(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The point of interest's id.")] id: ID,
        #[graphql(desc = "The point of interest.")] input: PointOfInterestInput,
    ) -> AppResult<PointOfInterest> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Place, "id")?;
        let (row, change) =
            place::update(db(ctx)?, organizer.conference_id(), id, place_draft(input), now(ctx)?).await?;
        Ok(PointOfInterest::new(row, &announce(ctx, change).await?))
    }

    /// Deletes a point of interest and the routes to and from it (organisers only); refused
    /// with `CONFLICT` while a room names it as its nearest accessible toilet.
    async fn delete_point_of_interest(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The point of interest's id.")] id: ID,
    ) -> AppResult<Deleted> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Place, "id")?;
        let change = place::delete(db(ctx)?, organizer.conference_id(), id, now(ctx)?).await?;
        deleted(ctx, Kind::Place, change).await
    }

    /// Adds a route between two rooms or points of interest (organisers only). One route per
    /// direction: a second with the same ends is refused; update the first.
    async fn create_route(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The route.")] input: RouteInput,
    ) -> AppResult<Route> {
        let organizer = organizer(ctx)?;
        let (_, change) = route::create(db(ctx)?, organizer.conference_id(), route_draft(input)?, now(ctx)?).await?;
        route_answer(ctx, change).await
    }

    /// Replaces a route (organisers only).
    async fn update_route(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The route's id.")] id: ID,
        #[graphql(desc = "The route.")] input: RouteInput,
    ) -> AppResult<Route> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Route, "id")?;
        let (_, change) =
            route::update(db(ctx)?, organizer.conference_id(), id, route_draft(input)?, now(ctx)?).await?;
        route_answer(ctx, change).await
    }

    /// Deletes a route (organisers only).
    async fn delete_route(&self, ctx: &Context<'_>, #[graphql(desc = "The route's id.")] id: ID) -> AppResult<Deleted> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Route, "id")?;
        let change = route::delete(db(ctx)?, organizer.conference_id(), id, now(ctx)?).await?;
        deleted(ctx, Kind::Route, change).await
    }
}
