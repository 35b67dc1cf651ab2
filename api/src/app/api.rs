//! The app's GraphQL operations (`operations/*.graphql`), run by `crate::web::api::run` with
//! the delegate's own token, so the app shows nothing the API would not give them. They are
//! also what a client developer reads to learn the API: each file says what its page needs.

pub use crate::web::api::{Operation, run};

macro_rules! operation {
    ($name:literal) => {
        Operation { name: $name, document: include_str!(concat!("operations/", $name, ".graphql")) }
    };
}

pub const PROGRAMME: Operation = operation!("AppProgramme");
pub const SESSION: Operation = operation!("AppSession");
pub const AGENDA: Operation = operation!("AppAgenda");
pub const GLOSSARY: Operation = operation!("AppGlossary");
pub const SIGN_IN: Operation = operation!("AppSignIn");
pub const SIGN_OUT: Operation = operation!("AppSignOut");
pub const ADD_TO_AGENDA: Operation = operation!("AppAddToAgenda");
pub const REMOVE_FROM_AGENDA: Operation = operation!("AppRemoveFromAgenda");
pub const REQUESTS: Operation = operation!("AppRequests");
pub const REQUEST_FORM: Operation = operation!("AppRequestForm");
pub const REQUEST_ITEM: Operation = operation!("AppRequestItem");
pub const GIVE_CONSENT: Operation = operation!("AppGiveConsent");
pub const SUBMIT_REQUEST: Operation = operation!("AppSubmitRequest");
pub const MOVE_ITEM: Operation = operation!("AppMoveItem");
pub const SEND_MESSAGE: Operation = operation!("AppSendMessage");
pub const SETTINGS: Operation = operation!("AppSettings");
pub const UPDATE_SETTINGS: Operation = operation!("AppUpdateSettings");
pub const REGISTER_PUSH: Operation = operation!("AppRegisterPush");
pub const REMOVE_PUSH: Operation = operation!("AppRemovePush");
pub const EXPORT_MY_DATA: Operation = operation!("AppExportMyData");
pub const DELETE_MY_DATA: Operation = operation!("AppDeleteMyData");
pub const ANNOUNCEMENTS: Operation = operation!("AppAnnouncements");
/// Run by the pages' script over the WebSocket, not here.
pub const ANNOUNCEMENT_PUBLISHED: Operation = operation!("AppAnnouncementPublished");
/// Run by the pages' script over the WebSocket for a signed-in delegate.
pub const MY_AGENDA_CHANGED: Operation = operation!("AppMyAgendaChanged");

/// Every operation, for the test that validates them against the schema.
pub const ALL: [Operation; 24] = [
    PROGRAMME,
    SESSION,
    AGENDA,
    GLOSSARY,
    SIGN_IN,
    SIGN_OUT,
    ADD_TO_AGENDA,
    REMOVE_FROM_AGENDA,
    REQUESTS,
    REQUEST_FORM,
    REQUEST_ITEM,
    GIVE_CONSENT,
    SUBMIT_REQUEST,
    MOVE_ITEM,
    SEND_MESSAGE,
    SETTINGS,
    UPDATE_SETTINGS,
    REGISTER_PUSH,
    REMOVE_PUSH,
    EXPORT_MY_DATA,
    DELETE_MY_DATA,
    ANNOUNCEMENTS,
    ANNOUNCEMENT_PUBLISHED,
    MY_AGENDA_CHANGED,
];
