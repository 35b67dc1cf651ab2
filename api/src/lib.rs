//! The Sanad server: HTTP, configuration, database setup and the command line. Business rules
//! live in `sanad-schema`; this crate wires them to the outside world.

pub mod app;
pub mod backup;
pub mod cli;
pub mod data_key;
pub mod db;
pub mod demo;
pub mod desk;
pub mod entry;
pub mod http;
pub mod invite;
pub mod push;
pub mod relay;
pub mod schedule;
pub mod server;
pub mod web;
