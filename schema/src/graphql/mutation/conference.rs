//! A new conference from the API: an organiser of one conference starts the next without
//! shell access to the server (`sanad conference create` does the same from the command
//! line, through the same service and checks).
//!
//! Accounts belong to one conference, so the founder gets an organiser account of the new
//! one and its invitation code, shown once; signing in with it manages the new conference,
//! while the token that created it keeps managing the old.

use async_graphql::{Context, InputObject, Object, SimpleObject};

use super::edits::announce;
use crate::error::{AppError, AppResult};
use crate::graphql::access::organizer;
use crate::graphql::context::{db, now, scope_with};
use crate::graphql::scalars;
use crate::graphql::types::conference::Conference;
use crate::graphql::types::person::Person;
use crate::service::accounts::{AccountPolicy, NewPerson};
use crate::service::conference::{self as conference_service, Draft};
use crate::service::editing::texts::TextInput;

#[derive(Default)]
pub struct ConferenceMutation;

/// What a new conference needs before anything else can be added to it.
#[derive(InputObject)]
pub struct CreateConferenceInput {
    /// Stable short name used in URLs and in `conference(slug:)`: 1 to 64 of a-z, 0-9 and -.
    /// Fixed once created.
    slug: String,
    /// The full name, in each required language.
    name: Vec<TextInput>,
    /// The IANA time zone every time is given in, such as "Asia/Amman". Fixed once created.
    time_zone: String,
    /// The first day, in the conference's zone.
    start_date: scalars::Date,
    /// The last day, in the conference's zone: at most 31 days after the first.
    end_date: scalars::Date,
    /// BCP 47 tags (sign languages too, such as "ils"), in the order texts fall back in; 1 to 50.
    languages: Vec<String>,
    /// The language texts fall back to; the first of `languages` when omitted.
    default_language: Option<String>,
    /// The languages every public text must be given in; the default language when omitted.
    required_languages: Option<Vec<String>>,
    /// The venue's name; the conference's name when omitted. Rooms, places and routes are
    /// added to this venue afterwards.
    venue_name: Option<Vec<TextInput>>,
}

/// A conference just created, and how its founder signs in to manage it.
#[derive(SimpleObject)]
pub struct CreatedConference {
    /// The new conference: empty, with its venue, ready for rooms, sessions or an import.
    conference: Conference,
    /// The founder's organiser account in the new conference.
    organizer: Person,
    /// The one-time invitation code of that account, shown this once (it is stored only as a
    /// hash). Sign in with it to edit the new conference.
    invitation_code: String,
    /// When the code stops working unless used.
    invitation_expires_at: scalars::DateTime,
}

#[Object]
impl ConferenceMutation {
    /// Creates an empty conference with its venue (organisers only), and an organiser account
    /// of it for the caller, whose invitation code is returned. A slug already taken is a
    /// `CONFLICT`; any other problem is `BAD_USER_INPUT` naming the field, and writes nothing.
    async fn create_conference(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new conference.")] input: CreateConferenceInput,
    ) -> AppResult<CreatedConference> {
        let organizer = organizer(ctx)?;
        let founder = &organizer.identity.person;
        let draft = Draft {
            slug: input.slug,
            name: input.name,
            time_zone: input.time_zone,
            start: input.start_date.0,
            end: input.end_date.0,
            languages: input.languages,
            default_language: input.default_language,
            required_languages: input.required_languages,
            venue_name: input.venue_name,
        };
        let new = NewPerson {
            role: founder.role,
            name: founder.name.clone(),
            organisation: founder.organisation.clone(),
            delegation: founder.delegation.clone(),
            languages: founder.languages.0.clone(),
        };
        let policy = ctx.data::<AccountPolicy>().map_err(|e| AppError::unexpected(e.message))?;
        let now = now(ctx)?;
        let (row, invited, change) = conference_service::create_with_founder(db(ctx)?, draft, new, now, policy).await?;
        tracing::info!(conference = row.id, slug = %row.slug, by = founder.id, "created a conference");
        let scope = scope_with(ctx, row.into(), None);
        announce(ctx, change).await?;
        Ok(CreatedConference {
            invitation_expires_at: scalars::DateTime(scope.local(now + policy.invitation_ttl)),
            invitation_code: invited.code,
            organizer: Person { model: invited.person.into() },
            conference: Conference { scope },
        })
    }
}
