//! Objects made only of values already in memory (a `Text`, a time range, an image), built in
//! one synchronous pass over their selection set: a full programme holds a thousand `Text`s,
//! whose four fields are copies of strings. The walk gives the same answer as async-graphql
//! (aliases, `__typename`, fragments, keys in the order asked); `@skip` and `@include` are
//! gone by now, as async-graphql removes skipped selections before execution. The contract is
//! tested in `tests/it/programme.rs` (`texts_answer_any_selection_the_same_way`).

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Field, Selection, SelectionSet};
use async_graphql::{ContextSelectionSet, Name, Positioned, ServerError, ServerResult, Value};

use super::{applies, fragment, merge};

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
                let (condition, selections) = fragment(ctx, &spread.node.fragment_name.node, spread.pos)?;
                if applies(ctx, T::NAME, Some(condition)) {
                    collect(object, ctx, &selections.node, values)?;
                }
            }
            Selection::InlineFragment(inline) => {
                if applies(ctx, T::NAME, inline.node.type_condition.as_ref()) {
                    collect(object, ctx, &inline.node.selection_set.node, values)?;
                }
            }
        }
    }
    Ok(())
}
