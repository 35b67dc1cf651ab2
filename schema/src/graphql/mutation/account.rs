//! Signing in and out, and a person's own preferences.

use std::sync::Arc;

use async_graphql::{Context, InputObject, Object, SimpleObject};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};

use crate::error::{AppError, AppResult};
use crate::graphql::access::signed_in;
use crate::graphql::context::{RequestContext, db, now, scope_for_person};
use crate::graphql::scalars;
use crate::graphql::types::me::Me;
use crate::service::accounts::{self, AccountPolicy};
use crate::service::language::parse_tag;
use crate::service::rate_limit::SignInLimiter;

const MAX_LANGUAGES: usize = 8;
const MAX_EXTRA_MINUTES: i32 = 60;
/// As far ahead as reminders are scanned for.
const MAX_REMINDER_MINUTES: i32 = crate::service::push::reminders::MAX_LEAD_MINUTES as i32;

#[derive(Default)]
pub struct AccountMutation;

/// What signing in gives.
#[derive(SimpleObject)]
pub struct SignInPayload {
    /// The bearer token: send it as `Authorization: Bearer …` on every request and in the
    /// WebSocket `connection_init` payload. Keep it like a password; it is shown only once.
    token: String,
    /// When the token stops working (in the conference's zone); sign in with a fresh code then.
    expires_at: scalars::DateTime,
    /// You, with your agenda as it was left on any earlier device.
    me: Me,
}

/// Changes to your preferences; fields left out stay as they are.
#[derive(InputObject)]
pub struct PreferencesInput {
    /// Your languages (BCP 47 tags), best first; at most 8.
    preferred_languages: Option<Vec<String>>,
    /// You use a screen reader.
    screen_reader: Option<bool>,
    /// You want live captions where sessions have them.
    captions: Option<bool>,
    /// You want large text.
    large_text: Option<bool>,
    /// Count only step-free routes when working out walking times.
    step_free_routes_only: Option<bool>,
    /// Minutes to add to every walk between rooms (0 to 60).
    extra_minutes_between_rooms: Option<i32>,
    /// Minutes before a session to remind you (1 to 240).
    reminder_minutes_before: Option<i32>,
    /// Reminders before the sessions in your agenda.
    session_reminders: Option<bool>,
    /// Notifications when a session in your agenda moves, is cancelled or comes back.
    agenda_changes: Option<bool>,
    /// The organisers' announcements (emergencies come through regardless).
    announcements: Option<bool>,
    /// Notifications when your accommodation requests change status.
    request_updates: Option<bool>,
}

#[Object]
impl AccountMutation {
    /// Exchanges a one-time invitation code (from your badge or the help desk) for a bearer
    /// token. A code works once; attempts are limited per address and per code
    /// (`RATE_LIMITED` with `extensions.retryAfterSeconds`).
    async fn sign_in(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The invitation code; case, spaces and dashes do not matter.")] code: String,
    ) -> AppResult<SignInPayload> {
        let symbols = accounts::parse_code(&code)?;
        let address = ctx.data_opt::<RequestContext>().and_then(|r| r.client_address);
        let limiter = ctx.data::<Arc<SignInLimiter>>().map_err(|e| AppError::unexpected(e.message))?;
        limiter.before_attempt(address, &accounts::code_key(&symbols))?;
        let policy = ctx.data::<AccountPolicy>().map_err(|e| AppError::unexpected(e.message))?;
        let signed_in = match accounts::sign_in(db(ctx)?, &symbols, now(ctx)?, policy).await {
            Ok(signed_in) => signed_in,
            Err(error) => {
                if matches!(error, AppError::Unauthenticated { .. }) {
                    limiter.failed(address);
                }
                return Err(error);
            }
        };
        tracing::info!(person = signed_in.person.id, "signed in");
        let scope = scope_for_person(ctx, &signed_in.person).await?;
        Ok(SignInPayload {
            token: signed_in.token,
            expires_at: scalars::DateTime(scope.local(signed_in.expires_at)),
            me: Me::new(signed_in.person, scope),
        })
    }

    /// Ends this token's session (other devices stay signed in) and stops notifications to the
    /// devices registered with it (`registerPushSubscription`). Returns true.
    async fn sign_out(&self, ctx: &Context<'_>) -> AppResult<bool> {
        let identity = signed_in(ctx)?;
        accounts::sign_out(db(ctx)?, identity.token_id, now(ctx)?).await?;
        Ok(true)
    }

    /// Changes your languages and accessibility preferences.
    async fn update_my_preferences(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The preferences to change.")] input: PreferencesInput,
    ) -> AppResult<Me> {
        let identity = signed_in(ctx)?;
        let mut person = identity.person.clone().into_active_model();
        if let Some(languages) = input.preferred_languages {
            person.languages = Set(crate::entities::texts::LanguageTags(check_languages(languages)?));
        }
        if let Some(v) = input.screen_reader {
            person.screen_reader = Set(v);
        }
        if let Some(v) = input.captions {
            person.captions = Set(v);
        }
        if let Some(v) = input.large_text {
            person.large_text = Set(v);
        }
        if let Some(v) = input.step_free_routes_only {
            person.step_free_only = Set(v);
        }
        if let Some(v) = input.extra_minutes_between_rooms {
            person.extra_transfer_minutes = Set(in_range(v, 0, MAX_EXTRA_MINUTES, "input.extraMinutesBetweenRooms")?);
        }
        if let Some(v) = input.reminder_minutes_before {
            person.reminder_minutes = Set(in_range(v, 1, MAX_REMINDER_MINUTES, "input.reminderMinutesBefore")?);
        }
        if let Some(v) = input.session_reminders {
            person.push_reminders = Set(v);
        }
        if let Some(v) = input.agenda_changes {
            person.push_agenda_changes = Set(v);
        }
        if let Some(v) = input.announcements {
            person.push_announcements = Set(v);
        }
        if let Some(v) = input.request_updates {
            person.push_request_updates = Set(v);
        }
        person.updated_at = Set(now(ctx)?);
        let person = person.update(db(ctx)?).await?;
        let scope = scope_for_person(ctx, &person).await?;
        Ok(Me::new(person, scope))
    }

    /// Deletes you and everything that is yours: sign-ins, agenda, consents, accommodation
    /// requests with their details and history. It cannot be undone; `confirm` must be true.
    /// Export first with `myDataExport` if you want a copy.
    async fn delete_my_data(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Must be true: this cannot be undone.")] confirm: bool,
    ) -> AppResult<bool> {
        let identity = signed_in(ctx)?;
        if !confirm {
            return Err(AppError::bad_input("confirm", "pass confirm: true to delete everything"));
        }
        crate::service::personal_data::delete(db(ctx)?, identity.person.id).await?;
        tracing::info!(person = identity.person.id, "a person deleted their data");
        Ok(true)
    }

    /// Gives your personal calendar feed a new secret address; the old one stops working at
    /// once (a feed address shared by mistake).
    async fn rotate_my_calendar_secret(&self, ctx: &Context<'_>) -> AppResult<Me> {
        let identity = signed_in(ctx)?;
        let mut person = identity.person.clone().into_active_model();
        person.calendar_secret = Set(crate::service::secrets::new_calendar_secret());
        person.updated_at = Set(now(ctx)?);
        let person = person.update(db(ctx)?).await?;
        let scope = scope_for_person(ctx, &person).await?;
        Ok(Me::new(person, scope))
    }
}

fn check_languages(languages: Vec<String>) -> AppResult<Vec<String>> {
    const FIELD: &str = "input.preferredLanguages";
    if languages.len() > MAX_LANGUAGES {
        return Err(AppError::bad_input(FIELD, format!("at most {MAX_LANGUAGES} languages")));
    }
    let mut tags: Vec<String> = Vec::with_capacity(languages.len());
    for language in languages {
        let tag = parse_tag(&language).map_err(|m| AppError::bad_input(FIELD, m))?;
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Ok(tags)
}

fn in_range(value: i32, min: i32, max: i32, field: &str) -> AppResult<i32> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(AppError::bad_input(field, format!("must be between {min} and {max}")))
    }
}
