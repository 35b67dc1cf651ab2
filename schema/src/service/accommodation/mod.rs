//! The accommodation-request desk (DESIGN §6): consent, requests and their items, the item
//! workflow, and the coordinators' reads. Free text is sealed with [`sealing::Sealer`] before
//! it reaches the database and never appears in logs or errors.

pub mod consent;
pub mod items;
pub mod purge;
pub mod queue;
pub mod requests;
pub mod sealing;
pub mod services;
pub mod summary;
pub mod workflow;

/// Who acted: stored in the audit trail (`item_transition.actor_role`,
/// `request_message.author_role`) and served as the GraphQL enum `ActorRole`.
pub use crate::entities::enums::ActorRole;

impl ActorRole {
    /// The workflow's party for this role.
    pub fn actor(self) -> workflow::Actor {
        match self {
            Self::Delegate => workflow::Actor::Delegate,
            Self::Coordinator => workflow::Actor::Coordinator,
            Self::System => workflow::Actor::System,
        }
    }
}
