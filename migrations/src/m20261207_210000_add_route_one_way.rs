//! A route can be walked back the way it came unless it is marked one-way (an exit-only door,
//! a screening lane): directions between any two places walk the venue's routes both ways.
//! Every existing route was written as a way one can walk back, so all start two-way.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("route").add_column(boolean("one_way").default(false)).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("route").drop_column("one_way").to_owned()).await
    }
}
