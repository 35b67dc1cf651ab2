//! The desk's GraphQL operations (`operations/*.graphql`), run by `crate::web::api::run` with
//! the visitor's own token: the desk can do exactly what the API lets its visitor do.

pub use crate::web::api::{Caller, Operation, Refused, authenticate, run};

macro_rules! operation {
    ($name:literal) => {
        Operation { name: $name, document: include_str!(concat!("operations/", $name, ".graphql")) }
    };
}

pub const SIGN_IN: Operation = operation!("DeskSignIn");
pub const SIGN_OUT: Operation = operation!("DeskSignOut");
pub const QUEUE: Operation = operation!("DeskQueue");
pub const ITEM: Operation = operation!("DeskItem");
pub const MOVE_ITEM: Operation = operation!("DeskMoveItem");
pub const ASSIGN_ITEM: Operation = operation!("DeskAssignItem");
pub const SEND_MESSAGE: Operation = operation!("DeskSendMessage");
pub const PLANNING: Operation = operation!("DeskPlanning");
pub const ANNOUNCEMENT_FORM: Operation = operation!("DeskAnnouncementForm");
pub const PUBLISH_ANNOUNCEMENT: Operation = operation!("DeskPublishAnnouncement");
/// Run by the queue page's script over the WebSocket, not here.
pub const QUEUE_CHANGED: Operation = operation!("DeskQueueChanged");

/// Every operation, for the test that validates them against the schema.
pub const ALL: [Operation; 11] = [
    SIGN_IN,
    SIGN_OUT,
    QUEUE,
    ITEM,
    MOVE_ITEM,
    ASSIGN_ITEM,
    SEND_MESSAGE,
    PLANNING,
    ANNOUNCEMENT_FORM,
    PUBLISH_ANNOUNCEMENT,
    QUEUE_CHANGED,
];
