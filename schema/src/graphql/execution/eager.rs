//! `Eager<T>`: an object whose selected fields are resolved one after another inside one
//! future, by the resolvers async-graphql generates for `T`.
//!
//! async-graphql's default gives each field a boxed future and polls them all through a
//! `FuturesUnordered`: two allocations, atomic wake-ups and a hash map look-up per field,
//! which a full programme's sessions, speakers, rooms and languages pay thousands of times.
//! Their fields read the programme snapshot, which is in memory, so running them one after
//! another loses nothing. Where fields do wait on the database (mutations, subscription
//! events), sessions in a list still run side by side and each DataLoader still batches
//! across them: a field of every session, then the next field of every session.
//!
//! Same answers as async-graphql (tested in `tests/it/programme.rs`): aliases, `__typename`,
//! fragments on the type or on an interface it implements, fields asked for twice merged,
//! keys in the order asked, and a field whose resolver fails reported in `errors` and left
//! out. A field carrying a custom directive falls back to async-graphql's own path.

use std::borrow::Cow;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::resolve_container;
use async_graphql::{
    ContainerType, Context, ContextSelectionSet, ObjectType, OutputType, Positioned, ServerResult, Value,
};

use super::{merge, select};

/// `T`, served under `T`'s GraphQL type with its fields resolved eagerly.
pub struct Eager<T>(pub T);

impl<T> Deref for Eager<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: ObjectType> OutputType for Eager<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn qualified_type_name() -> String {
        T::qualified_type_name()
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        self.0.introspection_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(&self, ctx: &ContextSelectionSet<'_>, _: &Positioned<Field>) -> ServerResult<Value> {
        // One allocation per object. It also breaks the cycle of future types (a session's
        // speakers list their sessions), which would otherwise have no size.
        let fields: Pin<Box<dyn Future<Output = ServerResult<Value>> + Send + '_>> =
            Box::pin(resolve_fields(ctx, &self.0));
        fields.await
    }
}

impl<T: ObjectType> ContainerType for Eager<T> {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        self.0.resolve_field(ctx).await
    }
}

impl<T: ObjectType> ObjectType for Eager<T> {}

async fn resolve_fields<'a, T: ObjectType>(ctx: &ContextSelectionSet<'a>, object: &'a T) -> ServerResult<Value> {
    let type_name = T::type_name();
    let mut fields = Vec::with_capacity(ctx.item.node.items.len());
    if !select(ctx, &type_name, &ctx.item.node, &mut fields)? {
        return resolve_container(ctx, object).await;
    }
    let mut values = IndexMap::with_capacity(fields.len());
    for field in fields {
        let key = field.node.response_key().node.clone();
        if field.node.name.node == "__typename" {
            merge(&mut values, key, Value::String(object.introspection_type_name().into_owned()));
            continue;
        }
        match object.resolve_field(&ctx.with_field(field)).await {
            Ok(value) => merge(&mut values, key, value.unwrap_or_default()),
            Err(error) => ctx.add_error(error),
        }
    }
    // async-graphql answers null for an object none of whose fields resolved; so does this.
    Ok(if values.is_empty() { Value::Null } else { Value::Object(values) })
}
