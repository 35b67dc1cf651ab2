//! Devices for push notifications: register, test, remove. Each person manages only their own.

use async_graphql::{Context, ID, Object};

use crate::error::{AppError, AppResult};
use crate::graphql::access::signed_in;
use crate::graphql::context::{db, now, scope_for_person};
use crate::graphql::relay::{Kind, decode_as};
use crate::graphql::types::push::{PushSettings, PushSubscription};
use crate::service::live::Live;
use crate::service::push::{notify, subscriptions};

#[derive(Default)]
pub struct PushMutation;

fn settings<'a>(ctx: &Context<'a>) -> AppResult<&'a PushSettings> {
    ctx.data::<PushSettings>().map_err(|e| AppError::unexpected(e.message))
}

#[Object]
impl PushMutation {
    /// Registers this device for notifications, with what the browser's
    /// `PushSubscription.toJSON()` gives (subscribe with `vapidPublicKey` as the
    /// `applicationServerKey`). Registering the same endpoint again updates it. The device
    /// belongs to this sign-in: `signOut` with this token stops its notifications. Send a test
    /// with `sendTestNotification` to check it works.
    async fn register_push_subscription(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The push service's URL for this device (https, on a known push service).")] endpoint: String,
        #[graphql(name = "p256dh", desc = "`keys.p256dh`: the device's P-256 public key, base64url.")] p256dh: String,
        #[graphql(desc = "`keys.auth`: the device's 16-byte secret, base64url.")] auth: String,
        #[graphql(desc = "A name for the device, so you can tell your devices apart (1 to 100 characters).")]
        label: String,
    ) -> AppResult<PushSubscription> {
        let identity = signed_in(ctx)?;
        let new = subscriptions::NewSubscription { endpoint, p256dh, auth, label };
        let model = subscriptions::register(
            db(ctx)?,
            &settings(ctx)?.policy,
            &identity.person,
            identity.token_id,
            new,
            now(ctx)?,
        )
        .await?;
        Ok(PushSubscription { model, scope: scope_for_person(ctx, &identity.person).await? })
    }

    /// Stops notifications to one of your devices. True when it was removed.
    async fn remove_push_subscription(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The device's id (`me.pushSubscriptions`).")] id: ID,
    ) -> AppResult<bool> {
        let identity = signed_in(ctx)?;
        let id = decode_as(&id, Kind::PushSubscription, "id")?;
        subscriptions::remove(db(ctx)?, identity.person.id, id).await?;
        Ok(true)
    }

    /// Sends a test notification to one of your devices, in your language. True when it was
    /// queued; it arrives within seconds if the device is reachable.
    async fn send_test_notification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The device's id (`me.pushSubscriptions`).")] id: ID,
    ) -> AppResult<bool> {
        let identity = signed_in(ctx)?;
        let id = decode_as(&id, Kind::PushSubscription, "id")?;
        let db = db(ctx)?;
        let device = subscriptions::own(db, identity.person.id, id).await?;
        let scope = scope_for_person(ctx, &identity.person).await?;
        let queued = notify::test(db, &scope.conference, device.id).await?;
        ctx.data::<Live>().map_err(|e| AppError::unexpected(e.message))?.wake_outbox();
        Ok(queued > 0)
    }
}
