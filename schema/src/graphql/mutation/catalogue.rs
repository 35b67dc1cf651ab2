//! Organisers edit what sessions refer to: rooms, speakers, glossary entries, documents; and
//! publish announcements.

use async_graphql::{Context, ID, InputObject, Object};

use super::edits::{Deleted, announce, deleted};
use crate::entities::enums::{DocumentFormat, Fact, Severity};
use crate::entities::{document_variant, glossary_entry};
use crate::error::AppResult;
use crate::graphql::access::organizer;
use crate::graphql::context::{db, now};
use crate::graphql::loaders::DocumentWithVariants;
use crate::graphql::relay::{Kind, decode_as};
use crate::graphql::types::announcement::Announcement;
use crate::graphql::types::document::Document;
use crate::graphql::types::glossary::GlossaryEntry;
use crate::graphql::types::speaker::Speaker;
use crate::graphql::types::venue::Room;
use crate::service::editing::texts::TextInput;
use crate::service::editing::{announcement, document, glossary, room, speaker};

#[derive(Default)]
pub struct CatalogueMutation;

/// A room as organisers describe it. Unknown access facts stay UNKNOWN, never NO.
#[derive(InputObject)]
pub struct RoomInput {
    /// The room's name in each required conference language.
    name: Vec<TextInput>,
    /// Floor number: 0 is the ground floor, negative numbers are basements.
    floor: i32,
    /// Seats.
    capacity: Option<i32>,
    /// Places for wheelchair users.
    wheelchair_spaces: Option<i32>,
    /// Whether the room is reachable without steps.
    #[graphql(default_with = "Fact::Unknown")]
    step_free: Fact,
    /// Whether a hearing loop is installed.
    #[graphql(default_with = "Fact::Unknown")]
    hearing_loop: Fact,
    /// Whether the stage can be reached without steps.
    #[graphql(default_with = "Fact::Unknown")]
    stage_access: Fact,
    /// What a blind visitor meets on arrival, as text.
    layout: Option<Vec<TextInput>>,
    /// The nearest accessible toilet (a point of interest id).
    nearest_accessible_toilet_id: Option<ID>,
}

fn room_draft(input: RoomInput) -> AppResult<room::Draft> {
    let toilet = input
        .nearest_accessible_toilet_id
        .as_ref()
        .map(|id| decode_as(id, Kind::Place, "input.nearestAccessibleToiletId"))
        .transpose()?;
    Ok(room::Draft {
        name: input.name,
        floor: input.floor,
        capacity: input.capacity,
        wheelchair_spaces: input.wheelchair_spaces,
        step_free: input.step_free,
        hearing_loop: input.hearing_loop,
        stage_access: input.stage_access,
        layout: input.layout,
        nearest_accessible_toilet_id: toilet,
    })
}

/// A speaker as organisers describe them. Never a disability or survivor status unless the
/// person published it.
#[derive(InputObject)]
pub struct SpeakerInput {
    /// The name as the person writes it, in its own script.
    name: String,
    /// The language (BCP 47) the name is written in.
    name_lang: String,
    /// The name in Latin letters.
    transliteration: String,
    /// Pronunciation in the International Phonetic Alphabet.
    pronunciation_ipa: Option<String>,
    /// A plain pronunciation hint for each language.
    pronunciation_hint: Option<Vec<TextInput>>,
    /// Honorific, written out ("Her Excellency", not "H.E.").
    honorific: Option<Vec<TextInput>>,
    /// Organisation.
    affiliation: Option<Vec<TextInput>>,
    /// Job title.
    job_title: Option<Vec<TextInput>>,
    /// Short biography.
    bio: Option<Vec<TextInput>>,
    /// Photo URL (http or https).
    photo_url: Option<String>,
    /// What the photo shows; required with a photo unless it is decorative.
    photo_alt: Option<Vec<TextInput>>,
    /// The photo adds nothing a screen reader should say.
    #[graphql(default)]
    photo_decorative: bool,
}

fn speaker_draft(i: SpeakerInput) -> speaker::Draft {
    speaker::Draft {
        name: i.name,
        name_lang: i.name_lang,
        transliteration: i.transliteration,
        pronunciation_ipa: i.pronunciation_ipa,
        pronunciation_hint: i.pronunciation_hint,
        honorific: i.honorific,
        affiliation: i.affiliation,
        job_title: i.job_title,
        bio: i.bio,
        photo_url: i.photo_url,
        photo_alt: i.photo_alt,
        photo_decorative: i.photo_decorative,
    }
}

/// An acronym or term and how to say it.
#[derive(InputObject)]
pub struct GlossaryEntryInput {
    /// The term as written ("ICBL").
    term: String,
    /// What it stands for, in each required language.
    expansion: Vec<TextInput>,
    /// How a screen reader should say it ("I C B L").
    spoken_as: Option<Vec<TextInput>>,
    /// Pronunciation in IPA.
    pronunciation_ipa: Option<String>,
    /// A plain definition.
    definition: Option<Vec<TextInput>>,
}

fn glossary_draft(i: GlossaryEntryInput) -> glossary::Draft {
    glossary::Draft {
        term: i.term,
        expansion: i.expansion,
        spoken_as: i.spoken_as,
        pronunciation_ipa: i.pronunciation_ipa,
        definition: i.definition,
    }
}

/// A document and its accessible formats.
#[derive(InputObject)]
pub struct DocumentInput {
    /// Title in each required language.
    title: Vec<TextInput>,
    /// What it contains.
    description: Option<Vec<TextInput>>,
    /// The files, one per format and language (1 to 40).
    variants: Vec<DocumentVariantInput>,
}

/// One file of a document.
#[derive(InputObject)]
pub struct DocumentVariantInput {
    /// Its accessible format.
    format: DocumentFormat,
    /// Its language (BCP 47 tag).
    lang: String,
    /// Where to download it (http or https).
    url: String,
    /// Its size, so delegates on poor Wi-Fi can decide.
    size_bytes: Option<i64>,
}

fn document_draft(i: DocumentInput) -> document::Draft {
    document::Draft {
        title: i.title,
        description: i.description,
        variants: i
            .variants
            .into_iter()
            .map(|v| document::Variant { format: v.format, lang: v.lang, url: v.url, size_bytes: v.size_bytes })
            .collect(),
    }
}

/// An announcement: a short front-loaded title, what changed and what to do.
#[derive(InputObject)]
pub struct AnnouncementInput {
    /// How urgent it is; EMERGENCY reaches phones at once.
    severity: Severity,
    /// A short title (at most 120 characters), most important words first.
    title: Vec<TextInput>,
    /// What changed.
    what_changed: Vec<TextInput>,
    /// What delegates should do.
    what_to_do: Vec<TextInput>,
    /// The session it concerns, if any.
    session_id: Option<ID>,
}

#[Object]
impl CatalogueMutation {
    /// Adds a room to the venue (organisers only).
    async fn create_room(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Stable short name: 1 to 64 of a-z, 0-9 and -.")] slug: String,
        #[graphql(desc = "The room.")] input: RoomInput,
    ) -> AppResult<Room> {
        let organizer = organizer(ctx)?;
        let (row, change) =
            room::create(db(ctx)?, organizer.conference_id(), &slug, room_draft(input)?, now(ctx)?).await?;
        Ok(Room::new(row, &announce(ctx, change).await?))
    }

    /// Replaces a room's description (organisers only).
    async fn update_room(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The room's id.")] id: ID,
        #[graphql(desc = "The room.")] input: RoomInput,
    ) -> AppResult<Room> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Room, "id")?;
        let (row, change) =
            room::update(db(ctx)?, organizer.conference_id(), id, room_draft(input)?, now(ctx)?).await?;
        Ok(Room::new(row, &announce(ctx, change).await?))
    }

    /// Deletes a room and its routes (organisers only); refused with `CONFLICT` while
    /// sessions take place in it.
    async fn delete_room(&self, ctx: &Context<'_>, #[graphql(desc = "The room's id.")] id: ID) -> AppResult<Deleted> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Room, "id")?;
        let change = room::delete(db(ctx)?, organizer.conference_id(), id, now(ctx)?).await?;
        deleted(ctx, Kind::Room, change).await
    }

    /// Adds a speaker (organisers only).
    async fn create_speaker(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Stable short name: 1 to 64 of a-z, 0-9 and -.")] slug: String,
        #[graphql(desc = "The speaker.")] input: SpeakerInput,
    ) -> AppResult<Speaker> {
        let organizer = organizer(ctx)?;
        let (row, change) =
            speaker::create(db(ctx)?, organizer.conference_id(), &slug, speaker_draft(input), now(ctx)?).await?;
        Ok(Speaker::new(row, &announce(ctx, change).await?))
    }

    /// Replaces a speaker's description (organisers only).
    async fn update_speaker(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The speaker's id.")] id: ID,
        #[graphql(desc = "The speaker.")] input: SpeakerInput,
    ) -> AppResult<Speaker> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Speaker, "id")?;
        let (row, change) =
            speaker::update(db(ctx)?, organizer.conference_id(), id, speaker_draft(input), now(ctx)?).await?;
        Ok(Speaker::new(row, &announce(ctx, change).await?))
    }

    /// Deletes a speaker (organisers only); their sessions lose them.
    async fn delete_speaker(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The speaker's id.")] id: ID,
    ) -> AppResult<Deleted> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Speaker, "id")?;
        let change = speaker::delete(db(ctx)?, organizer.conference_id(), id, now(ctx)?).await?;
        deleted(ctx, Kind::Speaker, change).await
    }

    /// Adds a glossary entry (organisers only).
    async fn create_glossary_entry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The entry.")] input: GlossaryEntryInput,
    ) -> AppResult<GlossaryEntry> {
        let organizer = organizer(ctx)?;
        let (model, change) =
            glossary::create(db(ctx)?, organizer.conference_id(), glossary_draft(input), now(ctx)?).await?;
        Ok(glossary_answer(model, &announce(ctx, change).await?))
    }

    /// Replaces a glossary entry (organisers only).
    async fn update_glossary_entry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The entry's id.")] id: ID,
        #[graphql(desc = "The entry.")] input: GlossaryEntryInput,
    ) -> AppResult<GlossaryEntry> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::GlossaryEntry, "id")?;
        let (model, change) =
            glossary::update(db(ctx)?, organizer.conference_id(), id, glossary_draft(input), now(ctx)?).await?;
        Ok(glossary_answer(model, &announce(ctx, change).await?))
    }

    /// Deletes a glossary entry (organisers only).
    async fn delete_glossary_entry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The entry's id.")] id: ID,
    ) -> AppResult<Deleted> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::GlossaryEntry, "id")?;
        let change = glossary::delete(db(ctx)?, organizer.conference_id(), id, now(ctx)?).await?;
        deleted(ctx, Kind::GlossaryEntry, change).await
    }

    /// Adds a document to a session (organisers only).
    async fn create_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session it belongs to.")] session_id: ID,
        #[graphql(desc = "Stable short name: 1 to 64 of a-z, 0-9 and -.")] slug: String,
        #[graphql(desc = "The document.")] input: DocumentInput,
    ) -> AppResult<Document> {
        let organizer = organizer(ctx)?;
        let session_id = decode_as(&session_id, Kind::Session, "sessionId")?;
        let (row, change) =
            document::create(db(ctx)?, organizer.conference_id(), session_id, &slug, document_draft(input), now(ctx)?)
                .await?;
        document_answer(ctx, row, change).await
    }

    /// Replaces a document's title, description and files (organisers only).
    async fn update_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The document's id.")] id: ID,
        #[graphql(desc = "The document.")] input: DocumentInput,
    ) -> AppResult<Document> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Document, "id")?;
        let (row, change) =
            document::update(db(ctx)?, organizer.conference_id(), id, document_draft(input), now(ctx)?).await?;
        document_answer(ctx, row, change).await
    }

    /// Deletes a document (organisers only).
    async fn delete_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The document's id.")] id: ID,
    ) -> AppResult<Deleted> {
        let organizer = organizer(ctx)?;
        let id = decode_as(&id, Kind::Document, "id")?;
        let change = document::delete(db(ctx)?, organizer.conference_id(), id, now(ctx)?).await?;
        deleted(ctx, Kind::Document, change).await
    }

    /// Publishes an announcement now (organisers only); subscribers receive it at once.
    async fn publish_announcement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The announcement.")] input: AnnouncementInput,
    ) -> AppResult<Announcement> {
        let organizer = organizer(ctx)?;
        let session_id =
            input.session_id.as_ref().map(|id| decode_as(id, Kind::Session, "input.sessionId")).transpose()?;
        let draft = announcement::Draft {
            severity: input.severity,
            title: input.title,
            what_changed: input.what_changed,
            what_to_do: input.what_to_do,
            session_id,
        };
        let (model, change) = announcement::publish(db(ctx)?, organizer.conference_id(), draft, now(ctx)?).await?;
        Ok(Announcement { model, scope: announce(ctx, change).await? })
    }
}

fn glossary_answer(
    model: glossary_entry::Model,
    scope: &std::sync::Arc<crate::graphql::context::Scope>,
) -> GlossaryEntry {
    GlossaryEntry { model, scope: scope.clone() }
}

async fn document_answer(
    ctx: &Context<'_>,
    document: crate::entities::document::Model,
    change: crate::service::live::ProgrammeChange,
) -> AppResult<Document> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    // Announce first: the change is committed, whatever happens to this answer.
    let scope = announce(ctx, change).await?;
    let variants = document_variant::Entity::find()
        .filter(document_variant::Column::DocumentId.eq(document.id))
        .all(db(ctx)?)
        .await?;
    Ok(Document::new(DocumentWithVariants { document, variants }, &scope))
}
