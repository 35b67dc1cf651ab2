//! Delegates' devices. A subscription is accepted only if a real push service could have
//! made it: an https endpoint on a push host we allow (no private addresses), and keys that
//! encrypt (DESIGN §7).

use std::net::IpAddr;

use base64::Engine;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use sha2::{Digest, Sha256};

use crate::entities::{person, push_subscription};
use crate::error::{AppError, AppResult};
use crate::service::write::begin_write;

/// Where push messages may go.
#[derive(Clone, Debug)]
pub struct PushPolicy {
    /// Push service hosts: exact names, or "*.example.com" for any subdomain.
    pub allowed_hosts: Vec<String>,
    /// Accept http endpoints on loopback addresses (the tests' push service).
    pub allow_loopback: bool,
    /// Most devices one person may register.
    pub max_per_person: usize,
}

impl Default for PushPolicy {
    fn default() -> Self {
        Self { allowed_hosts: default_hosts(), allow_loopback: false, max_per_person: 10 }
    }
}

/// The push services of the browsers delegates use.
pub fn default_hosts() -> Vec<String> {
    [
        "fcm.googleapis.com",
        "updates.push.services.mozilla.com",
        "*.push.apple.com",
        "*.notify.windows.com",
        "*.push.services.mozilla.com",
    ]
    .map(String::from)
    .to_vec()
}

/// A device as the browser's `PushSubscription.toJSON()` describes it.
#[derive(Clone, Debug)]
pub struct NewSubscription {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub label: String,
}

const MAX_ENDPOINT: usize = 1_024;
const MAX_LABEL: usize = 100;

fn decode_key(value: &str, field: &str, length: usize) -> AppResult<Vec<u8>> {
    let value = value.trim();
    let bytes = URL_SAFE_NO_PAD
        .decode(value.trim_end_matches('='))
        .or_else(|_| URL_SAFE.decode(value))
        .map_err(|_| AppError::bad_input(field, "not base64url"))?;
    if bytes.len() != length {
        return Err(AppError::bad_input(field, format!("must be {length} bytes, not {}", bytes.len())));
    }
    Ok(bytes)
}

/// Checks an endpoint against the policy.
pub fn check_endpoint(endpoint: &str, policy: &PushPolicy) -> AppResult<url::Url> {
    let bad = |m: &str| AppError::bad_input("endpoint", m);
    if endpoint.len() > MAX_ENDPOINT {
        return Err(bad("too long"));
    }
    let url = url::Url::parse(endpoint).map_err(|_| bad("not a URL"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not carry credentials"));
    }
    let host = url.host_str().ok_or_else(|| bad("has no host"))?.trim_start_matches('[').trim_end_matches(']');
    let ip: Option<IpAddr> = host.parse().ok();
    let loopback = ip.is_some_and(|ip| ip.is_loopback()) || host.eq_ignore_ascii_case("localhost");
    if loopback && policy.allow_loopback {
        return match url.scheme() {
            "http" | "https" => Ok(url),
            _ => Err(bad("must be an http(s) URL")),
        };
    }
    if url.scheme() != "https" {
        return Err(bad("must be https"));
    }
    if let Some(ip) = ip {
        let private = crate::service::addresses::is_private(ip);
        return Err(bad(if private { "must not be a private address" } else { "must be a push service's name" }));
    }
    let host = host.to_ascii_lowercase();
    let allowed = policy.allowed_hosts.iter().any(|pattern| match pattern.strip_prefix("*.") {
        Some(domain) => host.ends_with(&format!(".{domain}")),
        None => host == *pattern,
    });
    if !allowed {
        return Err(bad("is not a push service we send to"));
    }
    Ok(url)
}

/// Checks the keys by encrypting a trial message with them, as every real message will be.
pub fn check_keys(endpoint: &str, p256dh: &str, auth: &str) -> AppResult<()> {
    let point = decode_key(p256dh, "p256dh", 65)?;
    if point[0] != 0x04 {
        return Err(AppError::bad_input("p256dh", "must be an uncompressed P-256 point"));
    }
    decode_key(auth, "auth", 16)?;
    let info = web_push::SubscriptionInfo::new(endpoint, p256dh.trim(), auth.trim());
    let mut builder = web_push::WebPushMessageBuilder::new(&info);
    builder.set_payload(web_push::ContentEncoding::Aes128Gcm, b"{}");
    builder.build().map_err(|_| AppError::bad_input("p256dh", "not a P-256 public key"))?;
    Ok(())
}

fn endpoint_hash(endpoint: &str) -> String {
    Sha256::digest(endpoint.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Registers a device for `person`. Registering an endpoint again updates it (a browser
/// that renewed its keys, or another person now signed in on that device).
/// Registers `person`'s device under the sign-in `token_id` (the access token the request
/// carries): signing that token out removes it (`accounts::sign_out`).
pub async fn register(
    db: &DatabaseConnection,
    policy: &PushPolicy,
    person: &person::Model,
    token_id: i64,
    new: NewSubscription,
    now: DateTime<Utc>,
) -> AppResult<push_subscription::Model> {
    let endpoint = new.endpoint.trim();
    check_endpoint(endpoint, policy)?;
    check_keys(endpoint, &new.p256dh, &new.auth)?;
    let label = new.label.trim();
    if label.is_empty() || label.chars().count() > MAX_LABEL || label.chars().any(char::is_control) {
        return Err(AppError::bad_input("label", format!("1 to {MAX_LABEL} characters, no control characters")));
    }
    let hash = endpoint_hash(endpoint);
    let txn = begin_write(db).await?;
    let others = push_subscription::Entity::find()
        .filter(push_subscription::Column::PersonId.eq(person.id))
        .filter(push_subscription::Column::EndpointHash.ne(hash.clone()))
        .all(&txn)
        .await?;
    if others.len() >= policy.max_per_person {
        return Err(AppError::bad_input(
            "endpoint",
            format!("at most {} devices: remove one first", policy.max_per_person),
        ));
    }
    // A device now used by someone else: the previous owner's waiting notifications must not
    // reach the new one, so the old subscription goes with them.
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::EndpointHash.eq(hash.clone()))
        .filter(push_subscription::Column::PersonId.ne(person.id))
        .exec(&txn)
        .await?;
    push_subscription::Entity::insert(push_subscription::ActiveModel {
        person_id: Set(person.id),
        conference_id: Set(person.conference_id),
        endpoint: Set(endpoint.to_owned()),
        endpoint_hash: Set(hash.clone()),
        p256dh: Set(new.p256dh.trim().to_owned()),
        auth: Set(new.auth.trim().to_owned()),
        label: Set(label.to_owned()),
        created_at: Set(now),
        last_delivered_at: Set(None),
        auth_failures: Set(0),
        token_id: Set(Some(token_id)),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(push_subscription::Column::EndpointHash)
            .update_columns([
                push_subscription::Column::PersonId,
                push_subscription::Column::ConferenceId,
                push_subscription::Column::P256dh,
                push_subscription::Column::Auth,
                push_subscription::Column::Label,
                push_subscription::Column::AuthFailures,
                // Registered again from another sign-in: it now ends with that one.
                push_subscription::Column::TokenId,
            ])
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    let row = push_subscription::Entity::find()
        .filter(push_subscription::Column::EndpointHash.eq(hash))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::unexpected("a subscription just written is missing"))?;
    txn.commit().await?;
    Ok(row)
}

/// A person's devices, oldest first.
pub async fn of_person(db: &DatabaseConnection, person_id: i64) -> AppResult<Vec<push_subscription::Model>> {
    Ok(push_subscription::Entity::find()
        .filter(push_subscription::Column::PersonId.eq(person_id))
        .order_by_asc(push_subscription::Column::Id)
        .all(db)
        .await?)
}

/// One of a person's devices; `NOT_FOUND` for anyone else's.
pub async fn own(db: &DatabaseConnection, person_id: i64, id: i64) -> AppResult<push_subscription::Model> {
    push_subscription::Entity::find_by_id(id)
        .filter(push_subscription::Column::PersonId.eq(person_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("push subscription"))
}

/// Removes one of a person's devices, with its pending deliveries.
pub async fn remove(db: &DatabaseConnection, person_id: i64, id: i64) -> AppResult<()> {
    let row = own(db, person_id, id).await?;
    push_subscription::Entity::delete_by_id(row.id).exec(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(allow_loopback: bool) -> PushPolicy {
        PushPolicy { allow_loopback, ..PushPolicy::default() }
    }

    #[test]
    fn endpoints_must_be_https_on_an_allowed_push_host() {
        for good in [
            "https://fcm.googleapis.com/fcm/send/abc",
            "https://web.push.apple.com/QGx",
            "https://wns2-par02p.notify.windows.com/w/?token=x",
        ] {
            assert!(check_endpoint(good, &policy(false)).is_ok(), "{good}");
        }
        for (bad, why) in [
            ("http://fcm.googleapis.com/fcm/send/abc", "https"),
            ("https://evil.example.com/push", "push service"),
            ("https://fcm.googleapis.com.evil.com/x", "push service"),
            ("https://push.apple.com.evil/x", "push service"),
            ("https://10.0.0.5/push", "private"),
            ("https://192.168.1.1/push", "private"),
            ("https://[fd00::1]/push", "private"),
            ("https://169.254.169.254/latest", "private"),
            ("https://127.0.0.1:8443/push", "private"),
            ("https://user:pw@fcm.googleapis.com/x", "credentials"),
            ("not a url", "URL"),
        ] {
            let refused = check_endpoint(bad, &policy(false)).unwrap_err();
            assert!(format!("{refused:?}").contains(why), "{bad}: {refused:?}");
        }
    }

    #[test]
    fn loopback_only_when_allowed() {
        assert!(check_endpoint("http://127.0.0.1:9000/push/1", &policy(true)).is_ok());
        assert!(check_endpoint("http://[::1]:9000/push/1", &policy(true)).is_ok());
        assert!(check_endpoint("http://127.0.0.1:9000/push/1", &policy(false)).is_err());
        assert!(check_endpoint("http://10.0.0.1:9000/push/1", &policy(true)).is_err());
    }

    #[test]
    fn keys_must_have_the_right_shape_and_encrypt() {
        // A key pair from RFC 8291 §5's example.
        let p256dh = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
        let auth = "BTBZMqHH6r4Tts7J_aSIgg";
        let endpoint = "https://fcm.googleapis.com/fcm/send/abc";
        assert!(check_keys(endpoint, p256dh, auth).is_ok());
        let field = |r: AppResult<()>| match r {
            Err(AppError::BadUserInput { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(check_keys(endpoint, &p256dh[..40], auth)), "p256dh");
        assert_eq!(field(check_keys(endpoint, "!!!", auth)), "p256dh");
        assert_eq!(field(check_keys(endpoint, p256dh, "BTBZMqHH6r4Tts7J")), "auth");
        // 65 bytes starting 0x04 but not on the curve.
        let off_curve = URL_SAFE_NO_PAD.encode([[4u8].as_slice(), &[1u8; 64]].concat());
        assert_eq!(field(check_keys(endpoint, &off_curve, auth)), "p256dh");
    }
}
