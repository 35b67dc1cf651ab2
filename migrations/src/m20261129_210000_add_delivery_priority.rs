//! Deliveries are taken by priority (the message's urgency), so an emergency does not wait
//! behind a large fan-out already in the outbox.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("push_delivery").add_column(integer("priority").default(1)).to_owned())
            .await?;
        manager.create_index(index("push_delivery", &["status", "priority", "next_attempt_at"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_push_delivery_status_priority_next_attempt_at")
                    .table("push_delivery")
                    .to_owned(),
            )
            .await?;
        manager.alter_table(Table::alter().table("push_delivery").drop_column("priority").to_owned()).await
    }
}
