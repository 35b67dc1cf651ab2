//! `venue.directions(from, to)`: the way between any two rooms or points of interest, leg by
//! leg, each with the steps organisers wrote for it (`service::directions` finds the way).

use async_graphql::{Context, ID, Object, SimpleObject};

use crate::entities::enums::Fact;
use crate::entities::texts::Translations;
use crate::error::{AppError, AppResult};
use crate::graphql::access::viewer;
use crate::graphql::context::Scope;
use crate::graphql::relay::{Kind, decode};
use crate::graphql::types::text::Text;
use crate::graphql::types::venue::{Location, Route, Venue};
use crate::service::directions::{Spot, VenueGraph, Way};
use crate::service::spoken::{self, SPOKEN_LANGUAGES};

/// The way from one place to another, or why there is none.
pub struct Directions {
    from: Spot,
    to: Spot,
    step_free_only: bool,
    way: Option<WayView>,
    notice: Option<Text>,
    way_with_steps: Option<WayView>,
    venue: Venue,
}

/// Directions between two places of the venue, ready to read out.
#[Object]
impl Directions {
    /// Where the way starts.
    async fn from(&self) -> AppResult<Location> {
        location(&self.venue, self.from)
    }

    /// Where the way ends.
    async fn to(&self) -> AppResult<Location> {
        location(&self.venue, self.to)
    }

    /// Whether only step-free routes were used: as asked, or else the signed-in delegate's
    /// preference.
    async fn step_free_only(&self) -> bool {
        self.step_free_only
    }

    /// The quickest way (step-free when `stepFreeOnly`). When none is known, this is null with
    /// a `NOT_FOUND` error at this path; `notice` then says so in words, and
    /// `wayWithSteps` gives the way with steps if there is one.
    async fn way(&self) -> AppResult<Option<&WayView>> {
        // Nullable, so the error leaves `notice` and `wayWithSteps` standing beside it.
        self.way.as_ref().map(Some).ok_or_else(|| AppError::not_found("way"))
    }

    /// When no way was found: why, said to the delegate ("No step-free way from the main
    /// entrance to the garden terrace is known. The way below has steps, marked in it.").
    async fn notice(&self) -> Option<&Text> {
        self.notice.as_ref()
    }

    /// When only step-free ways were asked for and none is known: the quickest way with steps,
    /// its legs with steps marked `stepFree: NO`. Null otherwise.
    async fn way_with_steps(&self) -> Option<&WayView> {
        self.way_with_steps.as_ref()
    }
}

/// A way, leg by leg.
#[derive(SimpleObject)]
#[graphql(name = "Way")]
pub struct WayView {
    /// `YES` when every leg is known to be step-free, `NO` when one has steps, else `UNKNOWN`.
    pub step_free: Fact,
    /// Its length in metres, when every leg's is known.
    pub distance_metres: Option<i32>,
    /// Typical walking time in minutes, when every leg's is known.
    pub walking_minutes: Option<i32>,
    /// The walking time plus the signed-in delegate's extra time between rooms.
    pub minutes_needed: Option<i32>,
    /// The way in one or two sentences, to read before the steps: length, time and whether it
    /// is step-free ("About 95 metres, 4 minutes on foot. Step-free all the way.").
    pub summary: Text,
    /// The legs, in walking order.
    pub legs: Vec<WayLeg>,
}

/// One leg of a way: a route of the venue, walked as written or back.
#[derive(SimpleObject)]
pub struct WayLeg {
    /// Where the leg starts.
    pub from: Location,
    /// Where the leg ends.
    pub to: Location,
    /// The route walked.
    pub route: Route,
    /// True when the route is walked back (from its `to` to its `from`) because no route is
    /// written for this direction; the first step then says so and the route's steps follow
    /// last first.
    pub reversed: bool,
    /// Whether this leg is without steps.
    pub step_free: Fact,
    /// Its length in metres, when known.
    pub distance_metres: Option<i32>,
    /// Typical walking time in minutes, when known.
    pub walking_minutes: Option<i32>,
    /// What to do, one step per decision point, in the viewer's language.
    pub steps: Vec<Text>,
}

fn spot(id: &ID, field: &str) -> AppResult<Spot> {
    match decode(id, field)? {
        (Kind::Room, id) => Ok(Spot::Room(id)),
        (Kind::Place, id) => Ok(Spot::Place(id)),
        _ => Err(AppError::bad_input(field, "not the id of a room or a point of interest")),
    }
}

fn location(venue: &Venue, spot: Spot) -> AppResult<Location> {
    let found = match spot {
        Spot::Room(id) => venue.location(Some(id), None),
        Spot::Place(id) => venue.location(None, Some(id)),
    };
    found.ok_or_else(|| AppError::unexpected("a place of a way is not in its venue"))
}

fn names(venue: &Venue, spot: Spot) -> Option<&Translations> {
    match spot {
        Spot::Room(id) => venue.rooms.iter().find(|r| r.id == id).map(|r| &r.name),
        Spot::Place(id) => venue.places.iter().find(|p| p.id == id).map(|p| &p.name),
    }
}

/// A sentence Sanad phrases around place names, in every language it can phrase it in where
/// both names exist, served in the viewer's best one. When no language has both names, the
/// names are taken in the conference's default language.
fn phrase(
    scope: &Scope,
    venue: &Venue,
    from: Spot,
    to: Spot,
    say: impl Fn(&str, &str, &str) -> Option<String>,
) -> Text {
    let (from, to) = (names(venue, from), names(venue, to));
    let default = scope.conference.default_language.as_str();
    let name = |texts: Option<&Translations>, lang: &str| texts.and_then(|t| t.get(lang)).map(str::to_owned);
    let mut said = Translations::default();
    for lang in SPOKEN_LANGUAGES {
        if let (Some(a), Some(b)) = (name(from, lang), name(to, lang))
            && let Some(text) = say(lang, &a, &b)
        {
            said.0.insert(lang.to_owned(), text);
        }
    }
    if said.0.is_empty() {
        let (a, b) = (name(from, default).unwrap_or_default(), name(to, default).unwrap_or_default());
        for lang in SPOKEN_LANGUAGES {
            if let Some(text) = say(lang, &a, &b) {
                said.0.insert(lang.to_owned(), text);
            }
        }
    }
    scope.required_text(&said)
}

fn view(venue: &Venue, way: &Way<'_>, extra_minutes: i32) -> AppResult<WayView> {
    let scope = &venue.scope;
    let (distance, walking, step_free) = (way.distance_metres(), way.walking_minutes(), way.step_free());
    let needed = walking.map(|m| m + extra_minutes);
    let flat = match step_free {
        Fact::Yes => Some(true),
        Fact::No => Some(false),
        Fact::Unknown => None,
    };
    let summary = scope.spoken(|lang| {
        spoken::way_summary(lang, distance.map(i64::from), walking.map(i64::from), needed.map(i64::from), flat)
    });
    let mut legs = Vec::with_capacity(way.legs.len());
    for leg in &way.legs {
        let written = leg.route.steps.0.iter().map(|step| scope.required_text(step));
        let steps = if leg.reversed {
            let note = phrase(scope, venue, leg.from, leg.to, spoken::written_the_other_way);
            std::iter::once(note).chain(written.rev()).collect()
        } else {
            written.collect()
        };
        legs.push(WayLeg {
            from: location(venue, leg.from)?,
            to: location(venue, leg.to)?,
            // The graph was made from `venue.routes`: the leg's index is its place there.
            route: venue
                .routes
                .get(leg.index)
                .map(|r| venue.route(r))
                .ok_or_else(|| AppError::unexpected("a leg's route is not in its venue"))?,
            reversed: leg.reversed,
            step_free: leg.route.step_free,
            distance_metres: leg.route.distance_metres,
            walking_minutes: leg.route.walking_minutes,
            steps,
        });
    }
    Ok(WayView {
        step_free,
        distance_metres: distance,
        walking_minutes: walking,
        minutes_needed: needed,
        summary,
        legs,
    })
}

/// Finds the way from `from` to `to` in a venue.
pub fn directions(
    ctx: &Context<'_>,
    venue: Venue,
    from: &ID,
    to: &ID,
    step_free_only: Option<bool>,
) -> AppResult<Directions> {
    let (from, to) = (spot(from, "from")?, spot(to, "to")?);
    for (what, end) in [("starting place", from), ("destination", to)] {
        if names(&venue, end).is_none() {
            return Err(AppError::not_found(what));
        }
    }
    if from == to {
        return Err(AppError::bad_input("to", "the same place as `from`: there is no way to walk"));
    }
    // A signed-in delegate of this conference: their step-free preference and extra time.
    let person = viewer(ctx).map(|v| &v.person).filter(|p| p.conference_id == venue.scope.conference.id);
    let step_free_only = step_free_only.unwrap_or(person.is_some_and(|p| p.step_free_only));
    let extra = person.map_or(0, |p| p.extra_transfer_minutes);

    let graph = VenueGraph::new(&venue.routes);
    let (way, notice, way_with_steps) = match graph.way(from, to, step_free_only) {
        Some(way) => (Some(view(&venue, &way, extra)?), None, None),
        None => {
            let with_steps = if step_free_only { graph.way(from, to, false) } else { None };
            let with_steps = with_steps.map(|way| view(&venue, &way, extra)).transpose()?;
            let notice = if step_free_only {
                let known = with_steps.is_some();
                phrase(&venue.scope, &venue, from, to, |lang, a, b| spoken::no_step_free_way(lang, a, b, known))
            } else {
                phrase(&venue.scope, &venue, from, to, spoken::no_way)
            };
            (None, Some(notice), with_steps)
        }
    };
    Ok(Directions { from, to, step_free_only, way, notice, way_with_steps, venue })
}
