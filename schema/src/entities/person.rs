//! A delegate or a member of staff of one conference.

use super::enums::Role;
use super::texts::LanguageTags;
use sea_orm::entity::prelude::*;

/// `Debug` is written by hand below, to leave `calendar_secret` out: the model travels in
/// every signed-in request's identity, and the secret alone reads the person's calendar feed.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub role: Role,
    pub name: String,
    pub organisation: Option<String>,
    pub delegation: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub languages: LanguageTags,
    pub screen_reader: bool,
    pub captions: bool,
    pub large_text: bool,
    pub step_free_only: bool,
    pub extra_transfer_minutes: i32,
    pub reminder_minutes: i32,
    pub calendar_secret: String,
    /// Push notifications wanted, per kind.
    pub push_reminders: bool,
    pub push_agenda_changes: bool,
    pub push_announcements: bool,
    pub push_request_updates: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Destructured, so that a new column cannot be left out (or a new secret let in) unseen.
        let Self {
            id,
            conference_id,
            role,
            name,
            organisation,
            delegation,
            languages,
            screen_reader,
            captions,
            large_text,
            step_free_only,
            extra_transfer_minutes,
            reminder_minutes,
            calendar_secret: _,
            push_reminders,
            push_agenda_changes,
            push_announcements,
            push_request_updates,
            created_at,
            updated_at,
        } = self;
        f.debug_struct("Model")
            .field("id", id)
            .field("conference_id", conference_id)
            .field("role", role)
            .field("name", name)
            .field("organisation", organisation)
            .field("delegation", delegation)
            .field("languages", languages)
            .field("screen_reader", screen_reader)
            .field("captions", captions)
            .field("large_text", large_text)
            .field("step_free_only", step_free_only)
            .field("extra_transfer_minutes", extra_transfer_minutes)
            .field("reminder_minutes", reminder_minutes)
            .field("calendar_secret", &format_args!("[REDACTED]"))
            .field("push_reminders", push_reminders)
            .field("push_agenda_changes", push_agenda_changes)
            .field("push_announcements", push_announcements)
            .field("push_request_updates", push_request_updates)
            .field("created_at", created_at)
            .field("updated_at", updated_at)
            .finish()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A person whose calendar secret is known, for the tests that check it never prints.
    pub(crate) fn with_secret(calendar_secret: &str) -> Model {
        let at = chrono::DateTime::UNIX_EPOCH;
        Model {
            id: 7,
            conference_id: 1,
            role: Role::Delegate,
            name: "Rana".to_owned(),
            organisation: None,
            delegation: None,
            languages: LanguageTags(vec!["ar".to_owned()]),
            screen_reader: true,
            captions: false,
            large_text: false,
            step_free_only: false,
            extra_transfer_minutes: 0,
            reminder_minutes: 10,
            calendar_secret: calendar_secret.to_owned(),
            push_reminders: true,
            push_agenda_changes: true,
            push_announcements: true,
            push_request_updates: true,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn debug_leaves_the_calendar_secret_out() {
        let printed = format!("{:?}", with_secret("q7zk4xw2mh8tcr5vbn3jd6yf9gpelsau"));
        assert!(!printed.contains("q7zk4xw2mh8tcr5vbn3jd6yf9gpelsau"), "{printed}");
        assert!(printed.contains("calendar_secret: [REDACTED]") && printed.contains("Rana"), "{printed}");
    }
}
