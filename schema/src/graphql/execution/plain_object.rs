//! Objects made only of values already in memory (a `Text`, a time range, an image), built in
//! one synchronous pass over their selection set: a full programme holds a thousand `Text`s,
//! whose four fields are copies of strings. The walk gives the same answer as async-graphql
//! (aliases, `__typename`, fragments, keys in the order asked); `@skip` and `@include` are
//! gone by now, as async-graphql removes skipped selections before execution. The contract is
//! tested in `tests/it/programme.rs` (`texts_answer_any_selection_the_same_way`).

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Field, SelectionSet};
use async_graphql::{ContextSelectionSet, Positioned, ServerError, ServerResult, Value};

use super::{merge, select};

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
    answer(object, ctx, &ctx.item.node)
}

/// The value of `field`, a plain object selected inside another.
pub fn nested<T: PlainObject>(
    object: &T,
    ctx: &ContextSelectionSet<'_>,
    field: &Positioned<Field>,
) -> ServerResult<Value> {
    answer(object, ctx, &field.node.selection_set.node)
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

fn answer<T: PlainObject>(object: &T, ctx: &ContextSelectionSet<'_>, selections: &SelectionSet) -> ServerResult<Value> {
    let mut fields = Vec::with_capacity(selections.items.len());
    // Only custom directives are left at this point, and Sanad registers none.
    select(ctx, T::NAME, selections, &mut fields)?;
    let mut values = IndexMap::with_capacity(fields.len());
    for field in fields {
        let name = field.node.name.node.as_str();
        let value = match name {
            "__typename" => Value::String(T::NAME.to_owned()),
            _ => object.field(ctx, field, name)?,
        };
        merge(&mut values, field.node.response_key().node.clone(), value);
    }
    Ok(Value::Object(values))
}
