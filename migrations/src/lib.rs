//! Sanad's database migrations.
//!
//! Each migration names its tables and columns with its own frozen identifiers: a migration
//! describes the database as it was on the day it was written, so it never imports entities.

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261129_100000_create_programme;
mod m20261129_120000_create_people;
mod m20261129_140000_create_accommodation;
mod m20261129_160000_create_accommodation_count;
mod m20261129_170000_add_reason_lang;
mod m20261129_180000_add_text_langs;
mod m20261129_190000_create_push;
mod m20261129_200000_add_push_indexes;
mod m20261129_210000_add_delivery_priority;
mod m20261203_170000_push_subscription_token;
mod m20261207_180000_create_programme_change;
mod m20261207_210000_add_route_one_way;

/// Runs every migration in order.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_100000_create_programme::Migration),
            Box::new(m20261129_120000_create_people::Migration),
            Box::new(m20261129_140000_create_accommodation::Migration),
            Box::new(m20261129_160000_create_accommodation_count::Migration),
            Box::new(m20261129_170000_add_reason_lang::Migration),
            Box::new(m20261129_180000_add_text_langs::Migration),
            Box::new(m20261129_190000_create_push::Migration),
            Box::new(m20261129_200000_add_push_indexes::Migration),
            Box::new(m20261129_210000_add_delivery_priority::Migration),
            Box::new(m20261203_170000_push_subscription_token::Migration),
            Box::new(m20261207_180000_create_programme_change::Migration),
            Box::new(m20261207_210000_add_route_one_way::Migration),
        ]
    }
}
