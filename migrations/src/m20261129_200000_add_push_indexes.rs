//! Indexes the outbox needs as it grows: finding earlier messages of a topic (to supersede
//! them) and pruning finished deliveries.

use sea_orm_migration::prelude::*;

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_index(index("push_message", &["conference_id", "topic"])).await?;
        manager.create_index(index("push_delivery", &["finished_at"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, name) in
            [("push_delivery", "ix_push_delivery_finished_at"), ("push_message", "ix_push_message_conference_id_topic")]
        {
            manager.drop_index(Index::drop().name(name).table(table).to_owned()).await?;
        }
        Ok(())
    }
}
