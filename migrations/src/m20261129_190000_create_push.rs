//! Web Push (DESIGN §7): delegates' device subscriptions, their notification preferences, the
//! durable outbox (one message, one delivery per subscription), and the reminders already sent.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::helpers::{create_all, drop_all, fk, index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Per-kind switches on the person, all on until the delegate turns one off.
const PREFERENCES: [&str; 4] = ["push_reminders", "push_agenda_changes", "push_announcements", "push_request_updates"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in PREFERENCES {
            manager
                .alter_table(Table::alter().table("person").add_column(boolean(column).default(true)).to_owned())
                .await?;
        }
        create_all(manager, tables(), indexes()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, &["push_reminder", "push_delivery", "push_message", "push_subscription"]).await?;
        for column in PREFERENCES {
            manager.alter_table(Table::alter().table("person").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("push_subscription")
            .col(big_pk_auto("id"))
            .col(big_integer("person_id"))
            .col(big_integer("conference_id"))
            .col(text("endpoint"))
            // Endpoints can be long; their SHA-256 keeps the unique index small on both databases.
            .col(string_len("endpoint_hash", 64))
            .col(string_len("p256dh", 100))
            .col(string_len("auth", 40))
            .col(string_len("label", 100))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("last_delivered_at"))
            // 401/403 answers: kept, counted and alerted on (DESIGN §7).
            .col(integer("auth_failures").default(0))
            .foreign_key(&mut fk("push_subscription", "person_id", "person"))
            .foreign_key(&mut fk("push_subscription", "conference_id", "conference"))
            .take(),
        // What to say, once per event; `content` holds ids, a link and the texts in every
        // language, so each delivery speaks its delegate's language.
        Table::create()
            .table("push_message")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(string_len("kind", 32))
            .col(string_len_null("topic", 32))
            .col(string_len("urgency", 16))
            .col(integer("ttl_seconds"))
            .col(json_binary("content"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("expires_at"))
            .foreign_key(&mut fk("push_message", "conference_id", "conference"))
            .take(),
        // One message to one subscription: the unit the worker claims, retries and finishes.
        Table::create()
            .table("push_delivery")
            .col(big_pk_auto("id"))
            .col(big_integer("message_id"))
            .col(big_integer("subscription_id"))
            .col(string_len("status", 16))
            .col(integer("attempts").default(0))
            .col(timestamp_with_time_zone("next_attempt_at"))
            // A worker's lease: another instance may take the delivery once it passes.
            .col(timestamp_with_time_zone_null("claimed_until"))
            .col(integer_null("last_status"))
            .col(string_len_null("last_error", 200))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("finished_at"))
            .foreign_key(&mut fk("push_delivery", "message_id", "push_message"))
            .foreign_key(&mut fk("push_delivery", "subscription_id", "push_subscription"))
            .take(),
        Table::create()
            .table("push_reminder")
            .col(big_pk_auto("id"))
            .col(big_integer("person_id"))
            .col(big_integer("session_id"))
            .col(timestamp_with_time_zone("sent_at"))
            .foreign_key(&mut fk("push_reminder", "person_id", "person"))
            .foreign_key(&mut fk("push_reminder", "session_id", "session"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        unique("push_subscription", &["endpoint_hash"]),
        index("push_subscription", &["person_id"]),
        index("push_subscription", &["conference_id"]),
        index("push_delivery", &["status", "next_attempt_at"]),
        index("push_delivery", &["subscription_id"]),
        index("push_delivery", &["message_id"]),
        unique("push_reminder", &["person_id", "session_id"]),
    ]
}
