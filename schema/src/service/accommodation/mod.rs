//! The accommodation-request desk (DESIGN §6): consent, requests and their items, the item
//! workflow, and the coordinators' reads. Free text is sealed with [`sealing::Sealer`] before
//! it reaches the database and never appears in logs or errors.

pub mod consent;
pub mod items;
pub mod purge;
pub mod queue;
pub mod requests;
pub mod sealing;
pub mod summary;
pub mod workflow;

use async_graphql::Enum;

/// Who acted, as the audit trail records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
pub enum ActorRole {
    /// The delegate whose request it is.
    Delegate,
    /// An accessibility coordinator.
    Coordinator,
    /// Sanad itself (a linked session moved, consent was withdrawn).
    System,
}

impl ActorRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Delegate => "DELEGATE",
            Self::Coordinator => "COORDINATOR",
            Self::System => "SYSTEM",
        }
    }

    pub fn parse(stored: &str) -> Self {
        match stored {
            "DELEGATE" => Self::Delegate,
            "COORDINATOR" => Self::Coordinator,
            _ => Self::System,
        }
    }

    pub fn actor(self) -> workflow::Actor {
        match self {
            Self::Delegate => workflow::Actor::Delegate,
            Self::Coordinator => workflow::Actor::Coordinator,
            Self::System => workflow::Actor::System,
        }
    }
}
