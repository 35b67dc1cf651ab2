//! The item workflow of DESIGN §6, in one place: which status may follow which, who may move
//! an item, and what each move needs. Pure rules; the database side is in `items.rs`.
//!
//! ```text
//! SUBMITTED → IN_REVIEW ⇄ NEEDS_INFO → APPROVED | ALTERNATIVE_PROPOSED | DECLINED
//! ALTERNATIVE_PROPOSED → APPROVED (delegate accepts) | WITHDRAWN
//! APPROVED → ARRANGING → CONFIRMED (booking reference) → DELIVERED | NOT_DELIVERED
//! CONFIRMED → AT_RISK (when a linked session moves or is cancelled) → ARRANGING
//! any open item → WITHDRAWN (delegate) | CANCELLED (coordinator, reason)
//! ```

use async_graphql::Enum;
use serde::{Deserialize, Serialize};

use crate::entities::enums::ItemStatus;

/// Who moves an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The delegate whose request it is.
    Delegate,
    /// An accessibility coordinator.
    Coordinator,
    /// Sanad itself (a linked session moved).
    System,
}

/// What a move may carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Move<'a> {
    /// Why (required to decline or cancel; the alternative offered, for ALTERNATIVE_PROPOSED).
    pub reason: Option<&'a str>,
    /// The booking made (required to confirm).
    pub booking_reference: Option<&'a str>,
}

/// Why a move is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Enum)]
pub enum Refusal {
    /// The item is closed: nothing may follow.
    Closed,
    /// This status cannot follow the current one.
    NotNext,
    /// Not for this actor (a delegate cannot approve, a coordinator cannot accept for the delegate).
    NotYours,
    /// A reason is required for this move.
    ReasonRequired,
    /// A booking reference is required to confirm.
    BookingReferenceRequired,
}

impl Refusal {
    pub fn message(self) -> &'static str {
        match self {
            Self::Closed => "the item is closed",
            Self::NotNext => "this status cannot follow the current one",
            Self::NotYours => "this move is not yours to make",
            Self::ReasonRequired => "give a reason, in the delegate's language",
            Self::BookingReferenceRequired => "give the booking reference",
        }
    }

    /// The `moveRequestItem` argument to fix, for `extensions.field`: a form shows the
    /// problem next to the reason or booking field, not the status.
    pub fn field(self) -> &'static str {
        match self {
            Self::Closed | Self::NotNext | Self::NotYours => "to",
            Self::ReasonRequired => "reason",
            Self::BookingReferenceRequired => "bookingReference",
        }
    }
}

/// True when nothing may follow.
pub fn is_closed(status: ItemStatus) -> bool {
    use ItemStatus::*;
    matches!(status, Declined | Delivered | NotDelivered | Withdrawn | Cancelled)
}

/// Whether `actor` may move an item from `from` to `to` with what `with` carries.
pub fn check(from: ItemStatus, to: ItemStatus, actor: Actor, with: Move<'_>) -> Result<(), Refusal> {
    use ItemStatus::*;
    if is_closed(from) {
        return Err(Refusal::Closed);
    }
    let allowed: &[Actor] = match (from, to) {
        (Submitted, InReview) => &[Actor::Coordinator],
        (InReview, NeedsInfo) => &[Actor::Coordinator],
        // The delegate answered, or the coordinator has what they need.
        (NeedsInfo, InReview) => &[Actor::Coordinator, Actor::Delegate],
        (InReview, Approved | AlternativeProposed | Declined) => &[Actor::Coordinator],
        (AlternativeProposed, Approved) => &[Actor::Delegate],
        (Approved, Arranging) => &[Actor::Coordinator],
        (Arranging, Confirmed) => &[Actor::Coordinator],
        (Confirmed, Delivered | NotDelivered) => &[Actor::Coordinator],
        (Confirmed, AtRisk) => &[Actor::System],
        (AtRisk, Arranging) => &[Actor::Coordinator],
        (_, Withdrawn) => &[Actor::Delegate],
        (_, Cancelled) => &[Actor::Coordinator],
        _ => return Err(Refusal::NotNext),
    };
    if !allowed.contains(&actor) {
        return Err(Refusal::NotYours);
    }
    let blank = |s: Option<&str>| s.is_none_or(|s| s.trim().is_empty());
    if matches!(to, Declined | Cancelled | AlternativeProposed) && blank(with.reason) {
        return Err(Refusal::ReasonRequired);
    }
    if to == Confirmed && blank(with.booking_reference) {
        return Err(Refusal::BookingReferenceRequired);
    }
    Ok(())
}

/// A move `actor` may make from a status, and what it must carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextMove {
    pub to: ItemStatus,
    /// A reason must be given (decline, cancel, offer an alternative).
    pub needs_reason: bool,
    /// A booking reference must be given (confirm).
    pub needs_booking_reference: bool,
}

/// Every move `actor` may make from `from`, in status order, read off `check`: what a client
/// offers as buttons is exactly what the server accepts.
pub fn moves_from(from: ItemStatus, actor: Actor) -> Vec<NextMove> {
    let everything = Move { reason: Some("-"), booking_reference: Some("-") };
    all()
        .into_iter()
        .filter(|to| check(from, *to, actor, everything).is_ok())
        .map(|to| {
            let bare = check(from, to, actor, Move::default());
            NextMove {
                to,
                needs_reason: bare == Err(Refusal::ReasonRequired),
                needs_booking_reference: bare == Err(Refusal::BookingReferenceRequired),
            }
        })
        .collect()
}

/// Every status, in declaration order.
pub fn all() -> Vec<ItemStatus> {
    use sea_orm::Iterable;
    ItemStatus::iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ItemStatus::*;
    use proptest::prelude::*;

    const WITH_ALL: Move<'static> = Move { reason: Some("because"), booking_reference: Some("BK-1") };

    /// The intended table: (from, to, actor) that is legal with everything a move may need.
    fn legal() -> Vec<(ItemStatus, ItemStatus, Actor)> {
        let c = Actor::Coordinator;
        let d = Actor::Delegate;
        let mut table = vec![
            (Submitted, InReview, c),
            (InReview, NeedsInfo, c),
            (NeedsInfo, InReview, c),
            (NeedsInfo, InReview, d),
            (InReview, Approved, c),
            (InReview, AlternativeProposed, c),
            (InReview, Declined, c),
            (AlternativeProposed, Approved, d),
            (Approved, Arranging, c),
            (Arranging, Confirmed, c),
            (Confirmed, Delivered, c),
            (Confirmed, NotDelivered, c),
            (Confirmed, AtRisk, Actor::System),
            (AtRisk, Arranging, c),
        ];
        for from in all().into_iter().filter(|s| !is_closed(*s)) {
            table.push((from, Withdrawn, d));
            table.push((from, Cancelled, c));
        }
        table
    }

    #[test]
    fn every_move_is_legal_exactly_when_the_table_says() {
        let legal = legal();
        for from in all() {
            for to in all() {
                for actor in [Actor::Delegate, Actor::Coordinator, Actor::System] {
                    let expected = legal.contains(&(from, to, actor));
                    let result = check(from, to, actor, WITH_ALL);
                    assert_eq!(result.is_ok(), expected, "{from:?} → {to:?} by {actor:?}: {result:?}");
                }
            }
        }
    }

    #[test]
    fn moves_need_what_they_carry() {
        let c = Actor::Coordinator;
        assert_eq!(check(InReview, Declined, c, Move::default()), Err(Refusal::ReasonRequired));
        assert_eq!(
            check(InReview, Declined, c, Move { reason: Some("  "), ..Move::default() }),
            Err(Refusal::ReasonRequired)
        );
        assert_eq!(check(Approved, Cancelled, c, Move::default()), Err(Refusal::ReasonRequired));
        assert_eq!(check(InReview, AlternativeProposed, c, Move::default()), Err(Refusal::ReasonRequired));
        assert_eq!(check(Arranging, Confirmed, c, Move::default()), Err(Refusal::BookingReferenceRequired));
        assert_eq!(
            check(Submitted, Withdrawn, Actor::Delegate, Move::default()),
            Ok(()),
            "withdrawing needs no reason"
        );
        assert_eq!(check(Delivered, Cancelled, c, WITH_ALL), Err(Refusal::Closed));
        assert_eq!(check(InReview, Approved, Actor::Delegate, WITH_ALL), Err(Refusal::NotYours));
        assert_eq!(check(Submitted, Confirmed, c, WITH_ALL), Err(Refusal::NotNext));
    }

    #[test]
    fn each_refusal_names_the_argument_to_fix() {
        assert_eq!(Refusal::Closed.field(), "to");
        assert_eq!(Refusal::NotNext.field(), "to");
        assert_eq!(Refusal::NotYours.field(), "to");
        assert_eq!(Refusal::ReasonRequired.field(), "reason");
        assert_eq!(Refusal::BookingReferenceRequired.field(), "bookingReference");
    }

    #[test]
    fn the_moves_offered_are_the_table_row_of_each_status() {
        for from in all() {
            for actor in [Actor::Delegate, Actor::Coordinator, Actor::System] {
                let offered: Vec<ItemStatus> = moves_from(from, actor).iter().map(|m| m.to).collect();
                let table: Vec<ItemStatus> =
                    all().into_iter().filter(|to| legal().contains(&(from, *to, actor))).collect();
                assert_eq!(offered, table, "from {from:?} by {actor:?}");
            }
        }
    }

    #[test]
    fn the_moves_offered_say_what_they_need() {
        let c = Actor::Coordinator;
        let needs = |from, to| {
            moves_from(from, c).into_iter().find(|m| m.to == to).map(|m| (m.needs_reason, m.needs_booking_reference))
        };
        assert_eq!(needs(InReview, Declined), Some((true, false)));
        assert_eq!(needs(InReview, AlternativeProposed), Some((true, false)));
        assert_eq!(needs(InReview, Cancelled), Some((true, false)));
        assert_eq!(needs(InReview, Approved), Some((false, false)));
        assert_eq!(needs(Arranging, Confirmed), Some((false, true)));
        assert_eq!(needs(Submitted, Approved), None, "not next");
        assert!(moves_from(Delivered, c).is_empty(), "a closed item offers nothing");
        let delegate: Vec<ItemStatus> = moves_from(AlternativeProposed, Actor::Delegate).iter().map(|m| m.to).collect();
        assert_eq!(delegate, vec![Approved, Withdrawn]);
    }

    fn status() -> impl Strategy<Value = ItemStatus> {
        prop::sample::select(all())
    }

    fn actor() -> impl Strategy<Value = Actor> {
        prop::sample::select(vec![Actor::Delegate, Actor::Coordinator, Actor::System])
    }

    proptest! {
        /// Random attempts from SUBMITTED: whatever is accepted, the history stays a path of
        /// legal moves, a closed item never moves again, and CONFIRMED is only ever reached
        /// through APPROVED then ARRANGING.
        #[test]
        fn random_sequences_keep_the_invariants(attempts in prop::collection::vec((status(), actor(), any::<bool>()), 0..60)) {
            let mut current = Submitted;
            let mut history = vec![Submitted];
            for (to, actor, with_all) in attempts {
                let with = if with_all { WITH_ALL } else { Move::default() };
                let before = current;
                match check(current, to, actor, with) {
                    Ok(()) => {
                        prop_assert!(!is_closed(before));
                        prop_assert!(legal().contains(&(before, to, actor)));
                        current = to;
                        history.push(to);
                    }
                    Err(_) => prop_assert_eq!(current, before),
                }
            }
            for (i, status) in history.iter().enumerate() {
                if *status == Confirmed {
                    prop_assert_eq!(history[i - 1], Arranging);
                    prop_assert!(history[..i].contains(&Approved));
                }
                if is_closed(*status) {
                    prop_assert_eq!(i, history.len() - 1, "nothing follows a closed status");
                }
            }
        }
    }
}
