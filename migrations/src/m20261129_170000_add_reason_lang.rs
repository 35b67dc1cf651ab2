//! The language a workflow reason is written in, so clients can read it with the right voice
//! and direction (DESIGN §4).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("item_transition").add_column(string_len_null("reason_lang", 35)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("item_transition").drop_column("reason_lang").to_owned()).await
    }
}
