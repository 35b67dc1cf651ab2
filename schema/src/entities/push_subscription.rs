//! A delegate's device, as its browser's push service gave it (RFC 8030 / 8291).

use sea_orm::entity::prelude::*;

/// `Debug` is written by hand below: the endpoint is a capability URL (its host is printed)
/// and `auth` the device's secret.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "push_subscription")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i64,
    pub conference_id: i64,
    #[sea_orm(column_type = "Text")]
    pub endpoint: String,
    pub endpoint_hash: String,
    /// The device's P-256 public key, base64url.
    pub p256dh: String,
    /// The device's 16-byte authentication secret, base64url.
    pub auth: String,
    pub label: String,
    pub created_at: DateTimeUtc,
    pub last_delivered_at: Option<DateTimeUtc>,
    pub auth_failures: i32,
    /// The sign-in (access token) that registered it: signing out stops it. `None` for rows
    /// from before sign-ins were recorded.
    pub token_id: Option<i64>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Destructured, so that a new column cannot be left out (or a new secret let in) unseen.
        let Self {
            id,
            person_id,
            conference_id,
            endpoint,
            endpoint_hash,
            p256dh,
            auth: _,
            label,
            created_at,
            last_delivered_at,
            auth_failures,
            token_id,
        } = self;
        let service = url::Url::parse(endpoint).ok().and_then(|u| u.host_str().map(str::to_owned));
        f.debug_struct("Model")
            .field("id", id)
            .field("person_id", person_id)
            .field("conference_id", conference_id)
            .field("endpoint", &format_args!("[REDACTED] on {}", service.as_deref().unwrap_or("?")))
            .field("endpoint_hash", endpoint_hash)
            .field("p256dh", p256dh)
            .field("auth", &format_args!("[REDACTED]"))
            .field("label", label)
            .field("created_at", created_at)
            .field("last_delivered_at", last_delivered_at)
            .field("auth_failures", auth_failures)
            .field("token_id", token_id)
            .finish()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_push_service_but_not_the_endpoint_or_auth() {
        let at = chrono::DateTime::UNIX_EPOCH;
        let device = Model {
            id: 1,
            person_id: 2,
            conference_id: 3,
            endpoint: "https://fcm.googleapis.com/fcm/send/cap-abc123".to_owned(),
            endpoint_hash: "hash".to_owned(),
            p256dh: "BPublicKey".to_owned(),
            auth: "authsecret16".to_owned(),
            label: "My phone".to_owned(),
            created_at: at,
            last_delivered_at: None,
            auth_failures: 0,
            token_id: Some(4),
        };
        let printed = format!("{device:?}");
        assert!(!printed.contains("cap-abc123") && !printed.contains("authsecret16"), "{printed}");
        assert!(printed.contains("fcm.googleapis.com") && printed.contains("My phone"), "{printed}");
    }
}
