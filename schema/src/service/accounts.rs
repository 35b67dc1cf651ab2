//! People and their access: creating a person with an invitation code, signing in with the
//! code (once), checking a bearer token on every request, signing out and revoking.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::secrets::{self, hash};
use super::write::begin_write;
use crate::entities::enums::Role;
use crate::entities::texts::LanguageTags;
use crate::entities::{access_token, invitation, person};
use crate::error::{AppError, AppResult};

const CODE: &str = "invitation-code";
const TOKEN: &str = "access-token";

/// How long codes and tokens stay valid.
#[derive(Clone, Copy, Debug)]
pub struct AccountPolicy {
    /// A token lasts the whole event by default: a delegate whose token expires needs a fresh
    /// code from the help desk.
    pub token_ttl: Duration,
    pub invitation_ttl: Duration,
}

impl Default for AccountPolicy {
    fn default() -> Self {
        Self { token_ttl: Duration::days(30), invitation_ttl: Duration::days(60) }
    }
}

/// Who a valid token belongs to.
#[derive(Clone, Debug)]
pub struct Identity {
    pub person: person::Model,
    pub token_id: i64,
}

impl Identity {
    pub fn role(&self) -> Role {
        self.person.role
    }
}

/// A person to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPerson {
    pub role: Role,
    pub name: String,
    pub organisation: Option<String>,
    pub delegation: Option<String>,
    /// Valid BCP 47 tags, best first.
    pub languages: Vec<String>,
}

/// A person just created, with the invitation code to hand them (shown once, never stored).
/// `Debug` leaves the code out: it signs the person in until used.
#[derive(Clone)]
pub struct Invited {
    pub person: person::Model,
    pub code: String,
}

impl std::fmt::Debug for Invited {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Invited").field("person", &self.person).field("code", &format_args!("[REDACTED]")).finish()
    }
}

/// Inserts a person and their first invitation code.
pub async fn create_person<C: ConnectionTrait>(
    db: &C,
    conference_id: i64,
    new: NewPerson,
    now: DateTime<Utc>,
    policy: &AccountPolicy,
) -> AppResult<Invited> {
    let person = person::ActiveModel {
        conference_id: Set(conference_id),
        role: Set(new.role),
        name: Set(new.name),
        organisation: Set(new.organisation),
        delegation: Set(new.delegation),
        languages: Set(LanguageTags(new.languages)),
        screen_reader: Set(false),
        captions: Set(false),
        large_text: Set(false),
        step_free_only: Set(false),
        extra_transfer_minutes: Set(0),
        reminder_minutes: Set(15),
        calendar_secret: Set(secrets::new_calendar_secret()),
        push_reminders: Set(true),
        push_agenda_changes: Set(true),
        push_announcements: Set(true),
        push_request_updates: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let code = insert_invitation(db, person.id, now, policy).await?;
    Ok(Invited { person, code })
}

/// A fresh code for a person (a lost badge, a code that expired); any unused older code stops
/// working.
pub async fn issue_invitation(
    db: &DatabaseConnection,
    person_id: i64,
    now: DateTime<Utc>,
    policy: &AccountPolicy,
) -> AppResult<String> {
    let txn = begin_write(db).await?;
    void_unused_codes(&txn, person_id, now).await?;
    let code = insert_invitation(&txn, person_id, now, policy).await?;
    txn.commit().await?;
    Ok(code)
}

/// Stops a person's unused codes from working.
async fn void_unused_codes<C: ConnectionTrait>(db: &C, person_id: i64, now: DateTime<Utc>) -> AppResult<()> {
    invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(now))
        .filter(invitation::Column::PersonId.eq(person_id))
        .filter(invitation::Column::UsedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn insert_invitation<C: ConnectionTrait>(
    db: &C,
    person_id: i64,
    now: DateTime<Utc>,
    policy: &AccountPolicy,
) -> AppResult<String> {
    let code = secrets::new_invitation_code();
    let symbols = secrets::normalise_code(&code).ok_or_else(|| AppError::unexpected("a fresh code is not valid"))?;
    invitation::ActiveModel {
        person_id: Set(person_id),
        code_hash: Set(hash(CODE, &symbols)),
        created_at: Set(now),
        expires_at: Set(now + policy.invitation_ttl),
        used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(code)
}

/// The symbols of a typed code, or the error that tells the delegate it was mistyped.
pub fn parse_code(typed: &str) -> AppResult<String> {
    secrets::normalise_code(typed).ok_or_else(|| {
        AppError::bad_input(
            "code",
            format!(
                "an invitation code has {} letters and digits, like 7KQM-2XHD-P9WT; it never contains 0, O, 1 or I",
                secrets::CODE_SYMBOLS
            ),
        )
    })
}

/// The key a sign-in attempt is rate-limited by: the code's hash, never the code.
pub fn code_key(symbols: &str) -> String {
    hash(CODE, symbols)
}

/// What signing in gives. `Debug` leaves the bearer token out.
#[derive(Clone)]
pub struct SignedIn {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub person: person::Model,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("token", &format_args!("[REDACTED]"))
            .field("expires_at", &self.expires_at)
            .field("person", &self.person)
            .finish()
    }
}

const BAD_CODE: &str =
    "this code does not work: it may be mistyped, used already or expired; the help desk can give you a new one";

/// Exchanges a code (already parsed with [`parse_code`]) for a token. The code works once:
/// two phones racing with one code get one token between them.
pub async fn sign_in(
    db: &DatabaseConnection,
    symbols: &str,
    now: DateTime<Utc>,
    policy: &AccountPolicy,
) -> AppResult<SignedIn> {
    let txn = begin_write(db).await?;
    let claimed = invitation::Entity::update_many()
        .col_expr(invitation::Column::UsedAt, Expr::value(now))
        .filter(invitation::Column::CodeHash.eq(hash(CODE, symbols)))
        .filter(invitation::Column::UsedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .exec_with_returning(&txn)
        .await?;
    let Some(invitation) = claimed.into_iter().next() else {
        return Err(AppError::unauthenticated(BAD_CODE));
    };
    let person = person::Entity::find_by_id(invitation.person_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::unexpected("an invitation's person is missing"))?;
    let token = secrets::new_token();
    let expires_at = now + policy.token_ttl;
    access_token::ActiveModel {
        person_id: Set(person.id),
        token_hash: Set(hash(TOKEN, &token)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(SignedIn { token, expires_at, person })
}

/// Why a bearer token was refused.
pub const BAD_TOKEN: &str = "sign in again: this token is not valid, has expired or was revoked";
pub const MALFORMED_TOKEN: &str = "send the token as `Authorization: Bearer sanad_…`";

/// The person a token belongs to, if it is valid now.
pub async fn authenticate(db: &DatabaseConnection, token: &str, now: DateTime<Utc>) -> AppResult<Identity> {
    if !secrets::is_token_shaped(token) {
        return Err(AppError::unauthenticated(MALFORMED_TOKEN));
    }
    // The token and its person in one statement: this runs on every signed-in request.
    let found = access_token::Entity::find()
        .find_also_related(person::Entity)
        .filter(access_token::Column::TokenHash.eq(hash(TOKEN, token)))
        .filter(access_token::Column::RevokedAt.is_null())
        .filter(access_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?;
    let Some((token, Some(person))) = found else {
        return Err(AppError::unauthenticated(BAD_TOKEN));
    };
    Ok(Identity { person, token_id: token.id })
}

/// Ends the session of one token.
pub async fn sign_out(db: &DatabaseConnection, token_id: i64, now: DateTime<Utc>) -> AppResult<()> {
    let txn = begin_write(db).await?;
    access_token::Entity::update_many()
        .col_expr(access_token::Column::RevokedAt, Expr::value(now))
        .filter(access_token::Column::Id.eq(token_id))
        .filter(access_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    // A phone signed out stops hearing about the person's agenda and requests on its lock
    // screen; their other devices keep theirs. Its queued notifications go with it.
    crate::entities::push_subscription::Entity::delete_many()
        .filter(crate::entities::push_subscription::Column::TokenId.eq(token_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Signs a person out everywhere (a lost phone), voids their unused codes, gives their
/// calendar feed a new address (the lost phone's calendar app knew the old one) and forgets
/// their push devices (a stolen phone's lock screen must not keep telling where they will be;
/// they register their devices again). Returns how many tokens were revoked.
pub async fn revoke_access(db: &DatabaseConnection, person_id: i64, now: DateTime<Utc>) -> AppResult<u64> {
    let txn = begin_write(db).await?;
    let revoked = access_token::Entity::update_many()
        .col_expr(access_token::Column::RevokedAt, Expr::value(now))
        .filter(access_token::Column::PersonId.eq(person_id))
        .filter(access_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    void_unused_codes(&txn, person_id, now).await?;
    person::Entity::update_many()
        .col_expr(person::Column::CalendarSecret, Expr::value(secrets::new_calendar_secret()))
        .col_expr(person::Column::UpdatedAt, Expr::value(now))
        .filter(person::Column::Id.eq(person_id))
        .exec(&txn)
        .await?;
    crate::entities::push_subscription::Entity::delete_many()
        .filter(crate::entities::push_subscription::Column::PersonId.eq(person_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(revoked)
}

/// Whether a token still works (a WebSocket checks before each operation and event: a phone
/// signed out or revoked must lose its open connection's rights too).
pub async fn token_valid(db: &DatabaseConnection, token_id: i64, now: DateTime<Utc>) -> AppResult<bool> {
    let found = access_token::Entity::find_by_id(token_id)
        .filter(access_token::Column::RevokedAt.is_null())
        .filter(access_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?;
    Ok(found.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::person::tests::with_secret;

    #[test]
    fn debug_leaves_out_the_fresh_code_and_token() {
        let invited = Invited { person: with_secret("calsecret"), code: "7KQM-2XHD-P9WT".to_owned() };
        let printed = format!("{invited:?}");
        assert!(!printed.contains("7KQM") && !printed.contains("calsecret"), "{printed}");
        assert!(printed.contains("Rana"), "{printed}");

        let signed_in = SignedIn {
            token: "sanad_Zm9vYmFyYmF6".to_owned(),
            expires_at: chrono::DateTime::UNIX_EPOCH,
            person: with_secret("calsecret"),
        };
        let printed = format!("{signed_in:?}");
        assert!(!printed.contains("Zm9vYmFyYmF6") && !printed.contains("calsecret"), "{printed}");
        assert!(printed.contains("expires_at") && printed.contains("Rana"), "{printed}");
    }
}
