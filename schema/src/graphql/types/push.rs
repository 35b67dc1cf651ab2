//! A delegate's devices for push notifications, and which notifications they want.

use std::sync::Arc;

use async_graphql::{ID, Object, SimpleObject};

use crate::entities::{person, push_subscription};
use crate::graphql::context::Scope;
use crate::graphql::relay::{Kind, encode};
use crate::graphql::scalars;

/// The server's settings for Web Push, as the schema needs them.
#[derive(Clone, Debug)]
pub struct PushSettings {
    /// The VAPID public key (base64url of the uncompressed P-256 point).
    pub public_key: String,
    pub policy: crate::service::push::subscriptions::PushPolicy,
}

pub struct PushSubscription {
    pub model: push_subscription::Model,
    pub scope: Arc<Scope>,
}

/// A device that receives your notifications. Only you see your devices.
#[Object]
impl PushSubscription {
    /// Global id: pass it to `sendTestNotification` or `removePushSubscription`.
    pub async fn id(&self) -> ID {
        encode(Kind::PushSubscription, self.model.id)
    }

    /// The name you gave the device ("My phone").
    async fn label(&self) -> &str {
        &self.model.label
    }

    /// The push service that carries its messages (the endpoint's host), never the full
    /// endpoint, which is a secret capability.
    async fn push_service(&self) -> String {
        url::Url::parse(&self.model.endpoint).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default()
    }

    /// When it was registered, with the conference zone's offset.
    async fn registered_at(&self) -> scalars::DateTime {
        scalars::DateTime(self.scope.local(self.model.created_at))
    }

    /// When a notification last reached its push service (null: none yet).
    async fn last_delivered_at(&self) -> Option<scalars::DateTime> {
        self.model.last_delivered_at.map(|at| scalars::DateTime(self.scope.local(at)))
    }

    /// True when its push service has refused our signature (401/403) since it was
    /// registered: register it again from the device.
    async fn refused(&self) -> bool {
        self.model.auth_failures > 0
    }
}

/// Which notifications you want; each is on until you turn it off.
#[derive(SimpleObject)]
pub struct NotificationPreferences {
    /// A reminder before each session in your agenda, `reminderMinutesBefore` ahead.
    pub session_reminders: bool,
    /// How many minutes before a session its reminder comes.
    pub reminder_minutes_before: i32,
    /// When a session in your agenda moves, is cancelled or comes back.
    pub agenda_changes: bool,
    /// Announcements from the organisers. Emergencies come through whatever you choose.
    pub announcements: bool,
    /// When the status of one of your accommodation requests changes.
    pub request_updates: bool,
}

impl From<&person::Model> for NotificationPreferences {
    fn from(p: &person::Model) -> Self {
        Self {
            session_reminders: p.push_reminders,
            reminder_minutes_before: p.reminder_minutes,
            agenda_changes: p.push_agenda_changes,
            announcements: p.push_announcements,
            request_updates: p.push_request_updates,
        }
    }
}
