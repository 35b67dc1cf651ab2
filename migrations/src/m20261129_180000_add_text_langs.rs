//! The language of a request item's details and of each message, so clients read them with
//! the right voice and direction (DESIGN §4), as reasons already are.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("request_item").add_column(string_len_null("details_lang", 35)).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table("request_message").add_column(string_len_null("body_lang", 35)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("request_message").drop_column("body_lang").to_owned()).await?;
        manager.alter_table(Table::alter().table("request_item").drop_column("details_lang").to_owned()).await
    }
}
