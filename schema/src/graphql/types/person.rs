//! A person as organisers see them when they manage invitations and access.

use std::sync::Arc;

use async_graphql::{ID, Object};

use crate::entities::enums::Role;
use crate::entities::person;
use crate::graphql::relay::{Kind, encode};

pub struct Person {
    pub model: Arc<person::Model>,
}

/// A delegate or member of staff. Only organisers of the person's conference see this type;
/// it never carries accessibility preferences, agendas or requests.
#[Object]
impl Person {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::Person, self.model.id)
    }

    /// The name as the person writes it.
    async fn name(&self) -> &str {
        &self.model.name
    }

    /// Their organisation, as written in the delegate list.
    async fn organisation(&self) -> Option<&str> {
        self.model.organisation.as_deref()
    }

    /// The State or organisation delegation they belong to.
    async fn delegation(&self) -> Option<&str> {
        self.model.delegation.as_deref()
    }

    /// What they may do.
    async fn role(&self) -> Role {
        self.model.role
    }
}
