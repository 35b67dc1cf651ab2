//! What stays of accommodation requests after the retention period (DESIGN §6 rule 6):
//! anonymous counts per conference, service, final status, and session or day.

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
        drop_all(manager, &["accommodation_count"]).await
    }
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("accommodation_count")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(string_len("service_type", 40))
            .col(string_len("status", 32))
            // The session concerned (null for items without one; sessions may be deleted later).
            .col(big_integer_null("session_id"))
            .col(date_null("day"))
            .col(big_integer("count"))
            .col(timestamp_with_time_zone("purged_at"))
            .foreign_key(&mut fk("accommodation_count", "conference_id", "conference"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![index("accommodation_count", &["conference_id"])]
}
