//! The one integration-test binary: every test starts the real server on port 0 over a fresh
//! database and talks HTTP to it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accommodation;
mod accommodation_privacy;
mod accommodation_queue;
mod accommodation_services;
mod accounts;
mod agenda;
mod authorization;
mod backup;
mod bad_input;
mod calendar;
mod cli;
mod client_protocol;
mod conference_cli;
mod delta_sync;
mod desk;
mod directions;
mod editing;
mod faults;
mod hostile_input;
mod http_surface;
mod invite_cli;
mod language;
mod language_honesty;
mod live;
mod logs;
mod metrics_page;
mod overload;
mod programme;
mod programme_document;
mod programme_snapshot;
mod programme_sync;
mod push;
mod relay_faults;
mod response_cache;
mod scale_out;
mod schedule_export;
mod schedule_import;
mod schema_contract;
mod search;
mod sql_statements;
mod stored_enums;
mod venue_editing;
mod websocket_protocol;
