//! Objects made only of values already in memory (a `Text`, a time range, an image), built in
//! one pass over their selection set.
//!
//! async-graphql resolves every field of an object as its own boxed future, polled through a
//! `FuturesUnordered`. That is right for fields that read data, and it is most of the cost of a
//! `Text`, whose four fields are copies of strings: a full programme holds a thousand of
//! them. This walk gives the same answer (aliases, `__typename`, fragments, and keys in the
//! order asked) without the futures. `@skip` and `@include` are gone by now: async-graphql
//! removes skipped selections before execution. The contract is tested in
//! `tests/it/programme.rs` (`texts_answer_any_selection_the_same_way`).
//!
//! It reads two of async-graphql's hidden context fields (`item`, `query_env.fragments`),
//! which its own resolvers use; the workspace pins async-graphql 7.2.

use async_graphql::indexmap::IndexMap;
use async_graphql::indexmap::map::Entry;
use async_graphql::parser::types::{Field, Selection, SelectionSet};
use async_graphql::{ContextSelectionSet, Name, Positioned, ServerError, ServerResult, Value};

/// An object whose fields are plain values, or other plain objects.
pub trait PlainObject {
    /// The GraphQL type's name.
    const NAME: &'static str;

    /// The value of the field named `name`. `ctx` is the object's own context: a field that
    /// is itself a plain object resolves with [`nested`].
    fn field(&self, ctx: &ContextSelectionSet<'_>, field: &Positioned<Field>, name: &str) -> ServerResult<Value>;
}

/// The object's value for the selection set of `ctx`.
pub fn resolve<T: PlainObject>(object: &T, ctx: &ContextSelectionSet<'_>) -> ServerResult<Value> {
    let mut values = IndexMap::with_capacity(ctx.item.node.items.len());
    collect(object, ctx, &ctx.item.node, &mut values)?;
    Ok(Value::Object(values))
}

/// The value of `field`, a plain object selected inside another.
pub fn nested<T: PlainObject>(
    object: &T,
    ctx: &ContextSelectionSet<'_>,
    field: &Positioned<Field>,
) -> ServerResult<Value> {
    let mut values = IndexMap::with_capacity(field.node.selection_set.node.items.len());
    collect(object, ctx, &field.node.selection_set.node, &mut values)?;
    Ok(Value::Object(values))
}

/// The same, for an optional plain object.
pub fn nested_opt<T: PlainObject>(
    object: Option<&T>,
    ctx: &ContextSelectionSet<'_>,
    field: &Positioned<Field>,
) -> ServerResult<Value> {
    object.map_or(Ok(Value::Null), |object| nested(object, ctx, field))
}

/// A field the type registers but its `field` does not serve: a bug, answered as an error
/// rather than a silent null.
pub fn no_such_field<T: PlainObject>(field: &Positioned<Field>, name: &str) -> ServerError {
    ServerError::new(format!("{} cannot serve its field {name}", T::NAME), Some(field.pos))
}

fn collect<T: PlainObject>(
    object: &T,
    ctx: &ContextSelectionSet<'_>,
    selections: &SelectionSet,
    values: &mut IndexMap<Name, Value>,
) -> ServerResult<()> {
    for selection in &selections.items {
        match &selection.node {
            Selection::Field(field) => {
                let name = field.node.name.node.as_str();
                let value = match name {
                    "__typename" => Value::String(T::NAME.to_owned()),
                    _ => object.field(ctx, field, name)?,
                };
                merge(values, field.node.response_key().node.clone(), value);
            }
            Selection::FragmentSpread(spread) => {
                let name = &spread.node.fragment_name.node;
                let fragment = ctx
                    .query_env
                    .fragments
                    .get(name)
                    .ok_or_else(|| ServerError::new(format!(r#"Unknown fragment "{name}"."#), Some(spread.pos)))?;
                // Validation has checked that the fragment can apply to this object type.
                if fragment.node.type_condition.node.on.node == T::NAME {
                    collect(object, ctx, &fragment.node.selection_set.node, values)?;
                }
            }
            Selection::InlineFragment(fragment) => {
                if fragment.node.type_condition.as_ref().is_none_or(|condition| condition.node.on.node == T::NAME) {
                    collect(object, ctx, &fragment.node.selection_set.node, values)?;
                }
            }
        }
    }
    Ok(())
}

/// A key asked for twice keeps its first value; objects asked for twice are merged, as
/// async-graphql merges them.
fn merge(values: &mut IndexMap<Name, Value>, key: Name, value: Value) {
    match values.entry(key) {
        Entry::Vacant(vacant) => {
            vacant.insert(value);
        }
        Entry::Occupied(mut occupied) => {
            if let (Value::Object(existing), Value::Object(more)) = (occupied.get_mut(), value) {
                for (key, value) in more {
                    merge(existing, key, value);
                }
            }
        }
    }
}
