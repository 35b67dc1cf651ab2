//! The query root.

use crate::error::{AppError, AppResult};
use crate::graphql::access::viewer;
use crate::graphql::context::{db, loaders, scope_for_person, scope_with};
use crate::graphql::types::conference::Conference;
use crate::graphql::types::me::Me;
use crate::graphql::types::node::{self, Node};
use crate::service::language::parse_tag;
use async_graphql::{Context, ID, Object};

pub struct QueryRoot;

/// The programme, the venue and the speakers (public), and `me` for signed-in people.
#[Object]
impl QueryRoot {
    /// A conference by its slug, or the default conference (the first one created) when the
    /// slug is omitted.
    async fn conference(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The conference's slug, e.g. \"amman-2019\".")] slug: Option<String>,
        #[graphql(desc = "Serve texts in this language (BCP 47 tag) first. Wins over the \
                          Accept-Language header; texts missing in it fall back visibly.")]
        lang: Option<String>,
    ) -> AppResult<Conference> {
        let lang = lang.map(|l| parse_tag(&l).map_err(|m| AppError::bad_input("lang", m))).transpose()?;
        let found = loaders(ctx)?.conference_by_slug(slug.as_deref()).await?;
        let model = found.ok_or_else(|| AppError::not_found("conference"))?;
        Ok(Conference { scope: scope_with(ctx, model, lang) })
    }

    /// Every conference this server serves, oldest first (the first is the default of
    /// `conference`). A client that does not know a slug lets the person choose here; each
    /// conference's texts are served in the person's language as in `conference`.
    async fn conferences(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Serve texts in this language (BCP 47 tag) first. Wins over the \
                          Accept-Language header; texts missing in it fall back visibly.")]
        lang: Option<String>,
    ) -> AppResult<Vec<Conference>> {
        let lang = lang.map(|l| parse_tag(&l).map_err(|m| AppError::bad_input("lang", m))).transpose()?;
        let all = loaders(ctx)?.conferences().await?;
        Ok(all.into_iter().map(|model| Conference { scope: scope_with(ctx, model, lang.clone()) }).collect())
    }

    /// The server's VAPID public key (base64url, uncompressed P-256 point): pass it as the
    /// `applicationServerKey` when the device subscribes to push, then send the subscription
    /// to `registerPushSubscription`.
    async fn vapid_public_key(&self, ctx: &Context<'_>) -> AppResult<String> {
        let settings = ctx
            .data::<crate::graphql::types::push::PushSettings>()
            .map_err(|e| crate::error::AppError::unexpected(e.message))?;
        Ok(settings.public_key.clone())
    }

    /// You, when the request carries a valid bearer token; null for anonymous requests.
    async fn me(&self, ctx: &Context<'_>) -> AppResult<Option<Me>> {
        let Some(viewer) = viewer(ctx) else { return Ok(None) };
        let scope = scope_for_person(ctx, &viewer.person).await?;
        Ok(Some(Me::new(viewer.person.clone(), scope)))
    }

    /// Everything Sanad holds about you, as one JSON document (profile, preferences, agenda,
    /// sign-ins, consents, accommodation requests with their details, history, messages and
    /// who viewed them). Signed-in people only; only your own.
    async fn my_data_export(&self, ctx: &Context<'_>) -> AppResult<crate::graphql::scalars::Json> {
        let identity = crate::graphql::access::signed_in(ctx)?;
        let sealer = ctx
            .data::<std::sync::Arc<crate::service::accommodation::sealing::Sealer>>()
            .map_err(|e| AppError::unexpected(e.message))?;
        let now = crate::graphql::context::now(ctx)?;
        let export = crate::service::personal_data::export(db(ctx)?, sealer, &identity.person, now).await?;
        Ok(crate::graphql::scalars::Json(export))
    }

    /// Any object by its global id.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id from any object's `id`.")] id: ID,
    ) -> AppResult<Node> {
        node::load(ctx, &id).await
    }
}
