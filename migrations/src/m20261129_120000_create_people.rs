//! People: delegates and staff of a conference, their invitation codes and access tokens (both
//! stored only as SHA-256 hashes), and each person's agenda.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::helpers::{create_all, drop_all, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_all(manager, tables(), indexes()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, &["agenda_item", "access_token", "invitation", "person"]).await
    }
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("person")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(string_len("role", 16))
            .col(string("name"))
            .col(string_null("organisation"))
            .col(string_null("delegation"))
            // Language tags, best first: they choose the language of every Text the person
            // reads when the request names none.
            .col(json_binary("languages"))
            .col(boolean("screen_reader").default(false))
            .col(boolean("captions").default(false))
            .col(boolean("large_text").default(false))
            .col(boolean("step_free_only").default(false))
            .col(integer("extra_transfer_minutes").default(0))
            .col(integer("reminder_minutes").default(15))
            // The secret of the personal calendar feed. It only reads the agenda, which is
            // in the next table in clear: a hash would protect nothing a database reader lacks,
            // and `me` must be able to show the feed's address again.
            .col(string_len_uniq("calendar_secret", 64))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("person", "conference_id", "conference"))
            .take(),
        Table::create()
            .table("invitation")
            .col(big_pk_auto("id"))
            .col(big_integer("person_id"))
            .col(string_len_uniq("code_hash", 64))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("expires_at"))
            .col(timestamp_with_time_zone_null("used_at"))
            // Set when a fresh code replaces this one before it was used.
            .col(timestamp_with_time_zone_null("revoked_at"))
            .foreign_key(&mut fk("invitation", "person_id", "person"))
            .take(),
        Table::create()
            .table("access_token")
            .col(big_pk_auto("id"))
            .col(big_integer("person_id"))
            .col(string_len_uniq("token_hash", 64))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("expires_at"))
            .col(timestamp_with_time_zone_null("revoked_at"))
            .foreign_key(&mut fk("access_token", "person_id", "person"))
            .take(),
        Table::create()
            .table("agenda_item")
            .col(big_integer("person_id"))
            .col(big_integer("session_id"))
            .col(timestamp_with_time_zone("added_at"))
            .primary_key(Index::create().col("person_id").col("session_id"))
            .foreign_key(&mut fk("agenda_item", "person_id", "person"))
            .foreign_key(&mut fk("agenda_item", "session_id", "session"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index("person", &["conference_id", "name"]),
        index("invitation", &["person_id"]),
        index("access_token", &["person_id"]),
        // Who has a session in their agenda: read when a session moves.
        index("agenda_item", &["session_id"]),
    ]
}
