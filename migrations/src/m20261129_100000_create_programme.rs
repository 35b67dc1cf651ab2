//! The public programme: conferences, their languages, venue (places, rooms, routes), tracks,
//! sessions with their languages and speakers, documents with format variants, glossary,
//! announcements, schedule changes and tombstones.
//!
//! Human-readable fields are JSON objects mapping a BCP 47 tag to the text in that language
//! (`{"en": "…", "ar": "…"}`): one column per field keeps every translation of a row in the
//! row, so reading the whole programme costs one statement per table, not one per language.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::helpers::{create_all, drop_all, fk, fk_set_null, index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A translated text column (JSON object of language tag to text).
fn texts(name: &'static str) -> ColumnDef {
    json_binary(name)
}

fn texts_null(name: &'static str) -> ColumnDef {
    json_binary_null(name)
}

/// A three-valued access fact: `YES`, `NO` or `UNKNOWN` (unknown is never shown as no).
fn fact(name: &'static str) -> ColumnDef {
    string_len(name, 8).default("UNKNOWN").take()
}

fn updated_at() -> ColumnDef {
    timestamp_with_time_zone("updated_at")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_all(manager, tables(), indexes()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(
            manager,
            &[
                "tombstone",
                "schedule_change",
                "announcement",
                "glossary_entry",
                "document_variant",
                "document",
                "session_speaker",
                "speaker",
                "session_language",
                "session",
                "track",
                "route",
                "room",
                "place",
                "venue",
                "conference",
                "language",
            ],
        )
        .await
    }
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("language")
            .col(string_len("tag", 35).primary_key())
            .col(string("native_name"))
            .col(texts("name"))
            .col(string_len("dir", 3))
            .col(boolean("is_sign"))
            .col(updated_at())
            .take(),
        Table::create()
            .table("conference")
            .col(big_pk_auto("id"))
            .col(string_len_uniq("slug", 64))
            .col(string_len("time_zone", 64))
            .col(date("start_date"))
            .col(date("end_date"))
            .col(string_len("default_language", 35))
            .col(json_binary("languages"))
            .col(texts("name"))
            .col(texts("tagline"))
            .col(texts("description"))
            .col(texts("city"))
            .col(texts("organiser"))
            .col(texts_null("sample_notice"))
            .col(string_null("website"))
            .col(big_integer("programme_version").default(1))
            .col(updated_at())
            .take(),
        Table::create()
            .table("venue")
            .col(big_pk_auto("id"))
            .col(big_integer_uniq("conference_id"))
            .col(texts("name"))
            .col(texts("address"))
            .col(texts("description"))
            .col(texts("arrival"))
            .col(string_null("map_url"))
            .col(texts_null("map_alt"))
            .col(texts_null("map_long_description"))
            .col(updated_at())
            .foreign_key(&mut fk("venue", "conference_id", "conference"))
            .take(),
        Table::create()
            .table("place")
            .col(big_pk_auto("id"))
            .col(big_integer("venue_id"))
            .col(string_len("slug", 64))
            .col(string_len("kind", 32))
            .col(integer("floor"))
            .col(texts("name"))
            .col(texts("description"))
            .col(fact("step_free"))
            .col(texts_null("opening_hours"))
            .col(updated_at())
            .foreign_key(&mut fk("place", "venue_id", "venue"))
            .take(),
        Table::create()
            .table("room")
            .col(big_pk_auto("id"))
            .col(big_integer("venue_id"))
            .col(string_len("slug", 64))
            .col(texts("name"))
            .col(integer("floor"))
            .col(integer_null("capacity"))
            .col(integer_null("wheelchair_spaces"))
            .col(fact("step_free"))
            .col(fact("hearing_loop"))
            .col(fact("stage_access"))
            .col(texts_null("layout"))
            .col(big_integer_null("nearest_accessible_toilet_id"))
            .col(updated_at())
            .foreign_key(&mut fk("room", "venue_id", "venue"))
            .foreign_key(&mut fk_set_null("room", "nearest_accessible_toilet_id", "place"))
            .take(),
        Table::create()
            .table("route")
            .col(big_pk_auto("id"))
            .col(big_integer("venue_id"))
            .col(big_integer_null("from_room_id"))
            .col(big_integer_null("from_place_id"))
            .col(big_integer_null("to_room_id"))
            .col(big_integer_null("to_place_id"))
            .col(fact("step_free"))
            .col(integer_null("distance_metres"))
            .col(integer_null("walking_minutes"))
            .col(json_binary("steps"))
            .col(updated_at())
            .foreign_key(&mut fk("route", "venue_id", "venue"))
            .foreign_key(&mut fk("route", "from_room_id", "room"))
            .foreign_key(&mut fk("route", "from_place_id", "place"))
            .foreign_key(&mut fk("route", "to_room_id", "room"))
            .foreign_key(&mut fk("route", "to_place_id", "place"))
            // A route runs from exactly one room or place to exactly one room or place.
            .check(Expr::cust(
                "(from_room_id IS NULL) <> (from_place_id IS NULL) AND (to_room_id IS NULL) <> (to_place_id IS NULL)",
            ))
            .take(),
        Table::create()
            .table("track")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(string_len("slug", 64))
            .col(texts("name"))
            .col(texts_null("description"))
            .col(updated_at())
            .foreign_key(&mut fk("track", "conference_id", "conference"))
            .take(),
        Table::create()
            .table("session")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(string_len("slug", 64))
            .col(string_len("kind", 32))
            .col(big_integer_null("track_id"))
            .col(big_integer_null("room_id"))
            .col(timestamp_with_time_zone("starts_at"))
            .col(timestamp_with_time_zone("ends_at"))
            .col(string_len("status", 16).default("SCHEDULED"))
            .col(texts("title"))
            .col(texts_null("summary"))
            .col(texts_null("plain_summary"))
            .col(texts_null("content_note"))
            .col(fact("captions"))
            .col(string_null("captions_url"))
            .col(updated_at())
            .foreign_key(&mut fk("session", "conference_id", "conference"))
            .foreign_key(&mut fk_set_null("session", "track_id", "track"))
            .foreign_key(&mut fk_set_null("session", "room_id", "room"))
            .check(Expr::cust("ends_at > starts_at"))
            .take(),
        Table::create()
            .table("session_language")
            .col(big_pk_auto("id"))
            .col(big_integer("session_id"))
            .col(string_len("lang", 35))
            .col(string_len("kind", 16))
            .col(string_len_null("channel", 16))
            .col(integer("position"))
            .foreign_key(&mut fk("session_language", "session_id", "session"))
            .take(),
        Table::create()
            .table("speaker")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(string_len("slug", 64))
            .col(string("name"))
            .col(string_len("name_lang", 35))
            .col(string("transliteration"))
            .col(string_null("pronunciation_ipa"))
            .col(texts_null("pronunciation_hint"))
            .col(texts_null("honorific"))
            .col(texts_null("affiliation"))
            .col(texts_null("job_title"))
            .col(texts_null("bio"))
            .col(string_null("photo_url"))
            .col(texts_null("photo_alt"))
            .col(boolean("photo_decorative").default(false))
            .col(updated_at())
            .foreign_key(&mut fk("speaker", "conference_id", "conference"))
            .take(),
        Table::create()
            .table("session_speaker")
            .col(big_pk_auto("id"))
            .col(big_integer("session_id"))
            .col(big_integer("speaker_id"))
            .col(string_len("role", 16))
            .col(integer("position"))
            .foreign_key(&mut fk("session_speaker", "session_id", "session"))
            .foreign_key(&mut fk("session_speaker", "speaker_id", "speaker"))
            .take(),
        Table::create()
            .table("document")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(big_integer_null("session_id"))
            .col(string_len("slug", 64))
            .col(texts("title"))
            .col(texts_null("description"))
            .col(integer("position"))
            .col(updated_at())
            .foreign_key(&mut fk("document", "conference_id", "conference"))
            .foreign_key(&mut fk("document", "session_id", "session"))
            .take(),
        Table::create()
            .table("document_variant")
            .col(big_pk_auto("id"))
            .col(big_integer("document_id"))
            .col(string_len("format", 16))
            .col(string_len("lang", 35))
            .col(string("url"))
            .col(big_integer_null("size_bytes"))
            .col(updated_at())
            .foreign_key(&mut fk("document_variant", "document_id", "document"))
            .take(),
        Table::create()
            .table("glossary_entry")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(string_len("term", 64))
            .col(texts("expansion"))
            .col(texts_null("spoken_as"))
            .col(string_null("pronunciation_ipa"))
            .col(texts_null("definition"))
            .col(updated_at())
            .foreign_key(&mut fk("glossary_entry", "conference_id", "conference"))
            .take(),
        Table::create()
            .table("announcement")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(string_len("slug", 64))
            .col(string_len("severity", 16))
            .col(texts("title"))
            .col(texts("what_changed"))
            .col(texts("what_to_do"))
            .col(big_integer_null("session_id"))
            .col(timestamp_with_time_zone("published_at"))
            .col(updated_at())
            .foreign_key(&mut fk("announcement", "conference_id", "conference"))
            .foreign_key(&mut fk_set_null("announcement", "session_id", "session"))
            .take(),
        Table::create()
            .table("schedule_change")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(big_integer("session_id"))
            .col(string_len("kind", 16))
            .col(texts("description"))
            .col(big_integer_null("previous_room_id"))
            .col(timestamp_with_time_zone_null("previous_starts_at"))
            .col(timestamp_with_time_zone_null("previous_ends_at"))
            .col(big_integer_null("new_room_id"))
            .col(timestamp_with_time_zone_null("new_starts_at"))
            .col(timestamp_with_time_zone_null("new_ends_at"))
            .col(big_integer("programme_version"))
            .col(timestamp_with_time_zone("changed_at"))
            .foreign_key(&mut fk("schedule_change", "conference_id", "conference"))
            .foreign_key(&mut fk("schedule_change", "session_id", "session"))
            .take(),
        // A deleted public row leaves a tombstone so offline clients that sync by programme
        // version learn that it is gone.
        Table::create()
            .table("tombstone")
            .col(big_pk_auto("id"))
            .col(big_integer("conference_id"))
            .col(string_len("entity", 32))
            .col(big_integer("entity_id"))
            .col(big_integer("programme_version"))
            .col(timestamp_with_time_zone("deleted_at"))
            .foreign_key(&mut fk("tombstone", "conference_id", "conference"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        unique("place", &["venue_id", "slug"]),
        unique("room", &["venue_id", "slug"]),
        unique("track", &["conference_id", "slug"]),
        unique("session", &["conference_id", "slug"]),
        index("session", &["conference_id", "starts_at"]),
        index("session", &["room_id"]),
        index("session_language", &["session_id"]),
        unique("speaker", &["conference_id", "slug"]),
        unique("session_speaker", &["session_id", "speaker_id", "role"]),
        index("session_speaker", &["speaker_id"]),
        unique("document", &["conference_id", "slug"]),
        index("document", &["session_id"]),
        index("document_variant", &["document_id"]),
        unique("glossary_entry", &["conference_id", "term"]),
        index("announcement", &["conference_id", "published_at"]),
        index("schedule_change", &["session_id"]),
        index("tombstone", &["conference_id", "programme_version"]),
        index("route", &["venue_id"]),
    ]
}
