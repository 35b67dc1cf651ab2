//! The way from any room or place of a venue to any other, over its routes.
//!
//! Organisers write routes as text directions from one end to the other (ITU-T F.921 style:
//! decision points, landmarks, distances). A delegate needs a way between two places nobody
//! wrote a single route for, so the routes form a graph (`petgraph`) and the way is the
//! quickest path through it:
//!
//! - a route is walked as written; it is walked back too unless it is one-way. When the venue
//!   has a route written for the way back (same ends, swapped), that route is the way back
//!   and the original is not reversed: its steps say left and right from the right end;
//! - a route's cost is its walking time when known, else its length at a slow walker's pace
//!   (one metre a second), else [`UNKNOWN_COST`]: long enough that a way nobody measured is
//!   taken only when nothing else leads there. Times are whole minutes, so many ways tie:
//!   then the shorter in metres is taken;
//! - for a delegate who needs step-free ways, only routes known to be step-free count (an
//!   unknown is not a yes);
//! - a way's totals are known only when every leg's are.
//!
//! Agenda clash warnings ask the same graph how long a move between two rooms takes.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};

use petgraph::algo::astar;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeFiltered;

use crate::entities::enums::Fact;
use crate::entities::route;

/// The cost of a route with neither a walking time nor a length, in seconds.
pub const UNKNOWN_COST: u32 = 30 * 60;

/// A room or a point of interest: where a way can start, pass or end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Spot {
    Room(i64),
    Place(i64),
}

impl Spot {
    fn of(room: Option<i64>, place: Option<i64>) -> Option<Self> {
        room.map(Spot::Room).or(place.map(Spot::Place))
    }

    /// Where a route starts and ends.
    pub fn ends(route: &route::Model) -> Option<(Spot, Spot)> {
        Some((Self::of(route.from_room_id, route.from_place_id)?, Self::of(route.to_room_id, route.to_place_id)?))
    }
}

#[derive(Clone, Copy, Debug)]
struct Edge {
    /// Index of the route in the graph's routes.
    route: usize,
    reversed: bool,
    cost: u64,
}

/// One leg of a way: a route, walked as written or back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leg<'a> {
    pub route: &'a route::Model,
    /// Where the route stands in the rows the graph was made from.
    pub index: usize,
    /// Walked from its `to` end to its `from` end (no route is written for this direction).
    pub reversed: bool,
    pub from: Spot,
    pub to: Spot,
}

/// A way from one spot to another, leg by leg.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Way<'a> {
    pub legs: Vec<Leg<'a>>,
}

impl Way<'_> {
    /// `YES` when every leg is known to be step-free, `NO` when one has steps, else `UNKNOWN`.
    pub fn step_free(&self) -> Fact {
        combine(self.legs.iter().map(|leg| leg.route.step_free))
    }

    /// The length, when every leg's is known.
    pub fn distance_metres(&self) -> Option<i32> {
        self.legs.iter().map(|leg| leg.route.distance_metres).sum()
    }

    /// The typical walking time, when every leg's is known.
    pub fn walking_minutes(&self) -> Option<i32> {
        self.legs.iter().map(|leg| leg.route.walking_minutes).sum()
    }
}

/// Facts of the parts, as a fact of the whole: any `NO` makes it `NO`; else any `UNKNOWN`
/// makes it `UNKNOWN`.
pub fn combine(facts: impl IntoIterator<Item = Fact>) -> Fact {
    let mut whole = Fact::Yes;
    for fact in facts {
        match fact {
            Fact::No => return Fact::No,
            Fact::Unknown => whole = Fact::Unknown,
            Fact::Yes => {}
        }
    }
    whole
}

/// A route's cost: its time (see the module), then its length to choose between ways of the
/// same whole minutes (the shorter of two 3-minute ways).
fn cost(route: &route::Model) -> u64 {
    let minutes = route.walking_minutes.and_then(|m| u64::try_from(m).ok()).map(|m| m * 60);
    let metres = route.distance_metres.and_then(|m| u64::try_from(m).ok());
    let seconds = minutes.or(metres).unwrap_or(u64::from(UNKNOWN_COST));
    // Lengths are at most 10,000 metres: they never outweigh a second.
    seconds * 100_000 + metres.unwrap_or(0)
}

/// A venue's routes as a graph.
pub struct VenueGraph<'a> {
    routes: Vec<&'a route::Model>,
    graph: DiGraph<Spot, Edge>,
    nodes: HashMap<Spot, NodeIndex>,
}

impl<'a> VenueGraph<'a> {
    /// The graph of these routes (rows, or rows shared by `Arc`).
    pub fn new<R: Borrow<route::Model>>(rows: &'a [R]) -> Self {
        let routes: Vec<&'a route::Model> = rows.iter().map(Borrow::borrow).collect();
        let mut graph = DiGraph::new();
        let mut nodes: HashMap<Spot, NodeIndex> = HashMap::new();
        let mut node =
            |graph: &mut DiGraph<Spot, Edge>, spot: Spot| *nodes.entry(spot).or_insert_with(|| graph.add_node(spot));
        let written: HashSet<(Spot, Spot)> = routes.iter().filter_map(|r| Spot::ends(r)).collect();
        for (i, route) in routes.iter().enumerate() {
            let Some((from, to)) = Spot::ends(route) else { continue };
            let (a, b) = (node(&mut graph, from), node(&mut graph, to));
            let cost = cost(route);
            graph.add_edge(a, b, Edge { route: i, reversed: false, cost });
            if !route.one_way && !written.contains(&(to, from)) {
                graph.add_edge(b, a, Edge { route: i, reversed: true, cost });
            }
        }
        Self { routes, graph, nodes }
    }

    /// The quickest way from one spot to another; `step_free_only` uses only routes known to be
    /// step-free. `None` when no way is known (or `from` is `to`: there is nothing to walk).
    pub fn way(&self, from: Spot, to: Spot, step_free_only: bool) -> Option<Way<'a>> {
        let (&start, &goal) = (self.nodes.get(&from)?, self.nodes.get(&to)?);
        if start == goal {
            return None;
        }
        let routes = &self.routes;
        let usable = EdgeFiltered::from_fn(&self.graph, |edge: petgraph::graph::EdgeReference<'_, Edge>| {
            !step_free_only || routes[edge.weight().route].step_free == Fact::Yes
        });
        let (_, path) = astar(&usable, start, |n| n == goal, |e| e.weight().cost, |_| 0)?;
        let mut legs = Vec::with_capacity(path.len().saturating_sub(1));
        for pair in path.windows(2) {
            // The cheapest usable edge between the two nodes: the one the search took.
            let edge = self
                .graph
                .edges_connecting(pair[0], pair[1])
                .filter(|e| !step_free_only || routes[e.weight().route].step_free == Fact::Yes)
                .min_by_key(|e| (e.weight().cost, e.weight().reversed))?;
            let weight = edge.weight();
            legs.push(Leg {
                route: routes[weight.route],
                index: weight.route,
                reversed: weight.reversed,
                from: self.graph[pair[0]],
                to: self.graph[pair[1]],
            });
        }
        Some(Way { legs })
    }

    /// The walking minutes between two rooms, when a way with known times connects them
    /// (agenda clash warnings).
    pub fn minutes(&self, from_room: i64, to_room: i64, step_free_only: bool) -> Option<i64> {
        if from_room == to_room {
            return Some(0);
        }
        let way = self.way(Spot::Room(from_room), Spot::Room(to_room), step_free_only)?;
        way.walking_minutes().map(i64::from)
    }

    /// The spots no step-free way leads to from any of `from` (for `sanad check`).
    pub fn unreachable_step_free(&self, from: &[Spot], spots: &[Spot]) -> Vec<Spot> {
        spots
            .iter()
            .copied()
            .filter(|&spot| !from.iter().any(|&start| start == spot || self.way(start, spot, true).is_some()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::texts::RouteSteps;

    fn route(id: i64, from: Spot, to: Spot, minutes: Option<i32>, step_free: Fact) -> route::Model {
        let (from_room_id, from_place_id) = match from {
            Spot::Room(id) => (Some(id), None),
            Spot::Place(id) => (None, Some(id)),
        };
        let (to_room_id, to_place_id) = match to {
            Spot::Room(id) => (Some(id), None),
            Spot::Place(id) => (None, Some(id)),
        };
        route::Model {
            id,
            venue_id: 1,
            from_room_id,
            from_place_id,
            to_room_id,
            to_place_id,
            step_free,
            distance_metres: minutes.map(|m| m * 60),
            walking_minutes: minutes,
            steps: RouteSteps(Vec::new()),
            one_way: false,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    const ENTRANCE: Spot = Spot::Place(1);
    const LIFT: Spot = Spot::Place(2);
    const HALL: Spot = Spot::Room(10);
    const UPSTAIRS: Spot = Spot::Room(11);

    fn venue() -> Vec<route::Model> {
        vec![
            route(1, ENTRANCE, HALL, Some(2), Fact::Yes),
            route(2, HALL, UPSTAIRS, Some(1), Fact::No),
            route(3, HALL, LIFT, Some(2), Fact::Yes),
            route(4, LIFT, UPSTAIRS, Some(2), Fact::Yes),
            route(5, UPSTAIRS, LIFT, Some(2), Fact::Yes),
        ]
    }

    fn ids(way: &Way<'_>) -> Vec<(i64, bool)> {
        way.legs.iter().map(|leg| (leg.route.id, leg.reversed)).collect()
    }

    #[test]
    fn the_quickest_way_takes_the_stairs_and_the_step_free_way_the_lift() {
        let routes = venue();
        let graph = VenueGraph::new(&routes);
        let any = graph.way(ENTRANCE, UPSTAIRS, false).unwrap();
        assert_eq!(ids(&any), [(1, false), (2, false)]);
        assert_eq!((any.step_free(), any.walking_minutes(), any.distance_metres()), (Fact::No, Some(3), Some(180)));
        let step_free = graph.way(ENTRANCE, UPSTAIRS, true).unwrap();
        assert_eq!(ids(&step_free), [(1, false), (3, false), (4, false)]);
        assert_eq!((step_free.step_free(), step_free.walking_minutes()), (Fact::Yes, Some(6)));
    }

    #[test]
    fn routes_are_walked_back_by_their_reverse_route_or_reversed() {
        let routes = venue();
        let graph = VenueGraph::new(&routes);
        let back = graph.way(UPSTAIRS, ENTRANCE, true).unwrap();
        // Upstairs to the lift has a route of its own (5); the lift to the hall and the hall
        // to the entrance are walked back.
        assert_eq!(ids(&back), [(5, false), (3, true), (1, true)]);
        assert_eq!(back.legs[1].from, LIFT);
        assert_eq!(back.legs[1].to, HALL);
    }

    #[test]
    fn a_one_way_route_is_never_walked_back() {
        let mut routes = venue();
        routes[0].one_way = true;
        let graph = VenueGraph::new(&routes);
        assert!(graph.way(ENTRANCE, HALL, false).is_some());
        assert_eq!(graph.way(HALL, ENTRANCE, false), None);
    }

    #[test]
    fn unknown_is_not_step_free_and_unknown_totals_stay_unknown() {
        let routes = vec![route(1, ENTRANCE, HALL, None, Fact::Unknown), route(2, HALL, UPSTAIRS, Some(1), Fact::Yes)];
        let graph = VenueGraph::new(&routes);
        assert_eq!(graph.way(ENTRANCE, UPSTAIRS, true), None);
        let way = graph.way(ENTRANCE, UPSTAIRS, false).unwrap();
        assert_eq!((way.step_free(), way.walking_minutes(), way.distance_metres()), (Fact::Unknown, None, None));
        assert_eq!(graph.minutes(10, 11, false), Some(1));
    }

    #[test]
    fn an_unmeasured_route_is_taken_only_when_nothing_else_leads_there() {
        let routes = vec![
            route(1, ENTRANCE, UPSTAIRS, None, Fact::Yes),
            route(2, ENTRANCE, HALL, Some(10), Fact::Yes),
            route(3, HALL, UPSTAIRS, Some(10), Fact::Yes),
        ];
        let graph = VenueGraph::new(&routes);
        assert_eq!(ids(&graph.way(ENTRANCE, UPSTAIRS, false).unwrap()), [(2, false), (3, false)]);
    }

    #[test]
    fn of_two_ways_of_the_same_minutes_the_shorter_is_taken() {
        let mut routes = vec![
            route(1, ENTRANCE, HALL, Some(2), Fact::Yes),
            route(2, ENTRANCE, LIFT, Some(1), Fact::Yes),
            route(3, LIFT, HALL, Some(1), Fact::Yes),
        ];
        routes[0].distance_metres = Some(90);
        routes[1].distance_metres = Some(20);
        routes[2].distance_metres = Some(25);
        let graph = VenueGraph::new(&routes);
        assert_eq!(ids(&graph.way(ENTRANCE, HALL, false).unwrap()), [(2, false), (3, false)]);
        routes[0].distance_metres = Some(40);
        let graph = VenueGraph::new(&routes);
        assert_eq!(ids(&graph.way(ENTRANCE, HALL, false).unwrap()), [(1, false)]);
    }

    #[test]
    fn nowhere_to_walk_and_unknown_spots_give_no_way() {
        let routes = venue();
        let graph = VenueGraph::new(&routes);
        assert_eq!(graph.way(HALL, HALL, false), None);
        assert_eq!(graph.way(HALL, Spot::Room(99), false), None);
    }

    #[test]
    fn combined_facts_say_no_before_unknown() {
        assert_eq!(combine([Fact::Yes, Fact::Yes]), Fact::Yes);
        assert_eq!(combine([Fact::Yes, Fact::Unknown]), Fact::Unknown);
        assert_eq!(combine([Fact::Unknown, Fact::No]), Fact::No);
        assert_eq!(combine([]), Fact::Yes);
    }

    #[test]
    fn check_lists_what_no_step_free_way_reaches() {
        let routes = venue();
        let graph = VenueGraph::new(&routes);
        let terrace = Spot::Room(12);
        assert_eq!(graph.unreachable_step_free(&[ENTRANCE], &[HALL, UPSTAIRS, terrace]), [terrace]);
    }
}
