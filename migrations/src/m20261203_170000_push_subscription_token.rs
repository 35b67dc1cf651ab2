//! A push subscription belongs to the sign-in that registered it: signing that phone out stops
//! its notifications, as the person expects of "sign out", while their other devices go on.
//! Rows registered before this column existed have no sign-in (`NULL`) and stay until the
//! person removes them or their access is revoked.
//!
//! No foreign key: SQLite cannot add one to an existing table, and tokens are revoked (a
//! timestamp), never deleted, so the service removes the subscription when it revokes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("push_subscription").add_column(big_integer_null("token_id")).to_owned())
            .await?;
        manager.create_index(index("push_subscription", &["token_id"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("ix_push_subscription_token_id").table("push_subscription").to_owned())
            .await?;
        manager.alter_table(Table::alter().table("push_subscription").drop_column("token_id").to_owned()).await
    }
}
