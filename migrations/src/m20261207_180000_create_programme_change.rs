//! The programme's change log (`programme_change`), read by `Conference.changedSince` so an
//! offline copy catches up with what changed instead of reading the whole programme again.
//!
//! Conferences that exist already start their log at their current version with one row of
//! their own (`conference`, `updated`): a copy made before that reads the programme whole,
//! since what changed before the log existed is not known.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("programme_change")
                    .col(big_pk_auto("id"))
                    .col(big_integer("conference_id"))
                    .col(big_integer("programme_version"))
                    .col(string_len("target", 32))
                    .col(big_integer("entity_id"))
                    .col(string_len("action", 16))
                    .foreign_key(&mut fk("programme_change", "conference_id", "conference"))
                    .take(),
            )
            .await?;
        manager.create_index(index("programme_change", &["conference_id", "programme_version"])).await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO programme_change (conference_id, programme_version, target, entity_id, action) \
                 SELECT id, programme_version, 'conference', id, 'updated' FROM conference",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("programme_change").to_owned()).await
    }
}
