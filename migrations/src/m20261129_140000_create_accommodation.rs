//! The accommodation-request desk (DESIGN §6): consents, requests and their items, the items'
//! sessions, the append-only transition log, messages, and the log of coordinators' reads.
//!
//! Free text (details, reasons, messages) is stored only as AES-256-GCM ciphertext (`*_sealed`
//! columns, base64 of nonce and ciphertext) under a data key kept outside the database.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::helpers::{create_all, drop_all, fk, fk_set_null, index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_all(manager, tables(), indexes()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(
            manager,
            &[
                "request_view",
                "request_message",
                "item_transition",
                "item_session",
                "request_item",
                "accommodation_request",
                "consent",
            ],
        )
        .await
    }
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        // Consent to process the special-category data of requests, per version of its text.
        Table::create()
            .table("consent")
            .col(big_pk_auto("id"))
            .col(big_integer("person_id"))
            .col(integer("version"))
            .col(string_len("lang", 35))
            .col(timestamp_with_time_zone("given_at"))
            .col(timestamp_with_time_zone_null("withdrawn_at"))
            .foreign_key(&mut fk("consent", "person_id", "person"))
            .take(),
        Table::create()
            .table("accommodation_request")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(big_integer("person_id"))
            // A retried submission carries the same key and gets the first result.
            .col(string_len("idempotency_key", 128))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("accommodation_request", "conference_id", "conference"))
            .foreign_key(&mut fk("accommodation_request", "person_id", "person"))
            .take(),
        Table::create()
            .table("request_item")
            .col(big_pk_auto("id"))
            .col(big_integer("request_id"))
            .col(big_integer("conference_id"))
            .col(string_len("service_type", 40))
            .col(text_null("details_sealed"))
            .col(json_binary("days"))
            .col(string_len("status", 32))
            // Optimistic concurrency: every change raises it; a stale expectedVersion is a CONFLICT.
            .col(integer("version"))
            .col(boolean("late"))
            .col(date("due_on"))
            .col(timestamp_with_time_zone_null("first_session_at"))
            .col(big_integer_null("assignee_id"))
            .col(text_null("booking_reference_sealed"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("request_item", "request_id", "accommodation_request"))
            .foreign_key(&mut fk("request_item", "conference_id", "conference"))
            .foreign_key(&mut fk_set_null("request_item", "assignee_id", "person"))
            .take(),
        Table::create()
            .table("item_session")
            .col(big_integer("item_id"))
            .col(big_integer("session_id"))
            .primary_key(Index::create().col("item_id").col("session_id"))
            .foreign_key(&mut fk("item_session", "item_id", "request_item"))
            .foreign_key(&mut fk("item_session", "session_id", "session"))
            .take(),
        // Append-only: rows are inserted, never updated (purge blanks only the sealed reason).
        Table::create()
            .table("item_transition")
            .col(big_pk_auto("id"))
            .col(big_integer("item_id"))
            .col(big_integer_null("actor_id"))
            .col(string_len("actor_role", 16))
            .col(string_len_null("from_status", 32))
            .col(string_len("to_status", 32))
            .col(text_null("reason_sealed"))
            .col(integer("version"))
            .col(timestamp_with_time_zone("at"))
            .foreign_key(&mut fk("item_transition", "item_id", "request_item"))
            .foreign_key(&mut fk_set_null("item_transition", "actor_id", "person"))
            .take(),
        Table::create()
            .table("request_message")
            .col(big_pk_auto("id"))
            .col(big_integer("item_id"))
            .col(big_integer_null("author_id"))
            .col(string_len("author_role", 16))
            // Internal notes are for coordinators only; the delegate never sees them.
            .col(boolean("internal"))
            .col(text_null("body_sealed"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk("request_message", "item_id", "request_item"))
            .foreign_key(&mut fk_set_null("request_message", "author_id", "person"))
            .take(),
        // Who read a request, for the delegate (`whoViewedMyRequest`).
        Table::create()
            .table("request_view")
            .col(big_pk_auto("id"))
            .col(big_integer("request_id"))
            .col(big_integer_null("viewer_id"))
            .col(timestamp_with_time_zone("viewed_at"))
            .foreign_key(&mut fk("request_view", "request_id", "accommodation_request"))
            .foreign_key(&mut fk_set_null("request_view", "viewer_id", "person"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index("consent", &["person_id"]),
        unique("accommodation_request", &["person_id", "idempotency_key"]),
        index("request_item", &["request_id"]),
        index("request_item", &["conference_id", "status"]),
        index("item_session", &["session_id"]),
        index("item_transition", &["item_id"]),
        index("request_message", &["item_id"]),
        index("request_view", &["request_id"]),
    ]
}
