//! How the programme's objects are executed more cheaply than async-graphql's default, with
//! the same answers.
//!
//! async-graphql resolves every field of every object as its own boxed future, polled through
//! a `FuturesUnordered`. A full programme has thousands of fields, nearly all of them values
//! already in memory, so that machinery, not the data, was most of a query's cost:
//!
//! - [`plain_object`]: objects made only of in-memory values (`Text`, `TimeRange`, `Image`),
//!   built in one synchronous pass;
//! - [`eager`]: any other object (`Eager<Session>`), its fields resolved one after another
//!   inside one future, by the resolvers async-graphql generates.
//!
//! Both read async-graphql's hidden context fields (`item`, `query_env`, `schema_env`), as its
//! own resolvers do; the workspace pins async-graphql 7.2. Both skip the per-field hooks of
//! schema extensions, and Sanad's schema registers none (`graphql::build_schema`).

pub mod eager;
pub mod plain_object;

use async_graphql::indexmap::IndexMap;
use async_graphql::indexmap::map::Entry;
use async_graphql::parser::types::{Field, Selection, SelectionSet, TypeCondition};
use async_graphql::{ContextSelectionSet, Name, Pos, Positioned, ServerError, ServerResult, Value};

/// Collects every field selected on an object of type `type_name`, in the order asked,
/// through the fragments that apply to it. False when a field carries a custom directive.
fn select<'a>(
    ctx: &ContextSelectionSet<'a>,
    type_name: &str,
    selections: &'a SelectionSet,
    fields: &mut Vec<&'a Positioned<Field>>,
) -> ServerResult<bool> {
    let mut plain = true;
    for selection in &selections.items {
        match &selection.node {
            Selection::Field(field) => {
                fields.push(field);
                plain &= field.node.directives.is_empty();
            }
            Selection::FragmentSpread(spread) => {
                let (condition, selections) = fragment(ctx, &spread.node.fragment_name.node, spread.pos)?;
                if applies(ctx, type_name, Some(condition)) {
                    plain &= select(ctx, type_name, &selections.node, fields)?;
                }
            }
            Selection::InlineFragment(inline) => {
                if applies(ctx, type_name, inline.node.type_condition.as_ref()) {
                    plain &= select(ctx, type_name, &inline.node.selection_set.node, fields)?;
                }
            }
        }
    }
    Ok(plain)
}

/// Whether a fragment with this type condition applies to an object of type `type_name`: no
/// condition, the type itself, or an interface it implements (`... on Node`).
fn applies(ctx: &ContextSelectionSet<'_>, type_name: &str, condition: Option<&Positioned<TypeCondition>>) -> bool {
    let Some(condition) = condition else { return true };
    let on = condition.node.on.node.as_str();
    on == type_name
        || ctx.schema_env.registry.implements.get(type_name).is_some_and(|interfaces| interfaces.contains(on))
}

/// The selection set of a fragment spread, or an error naming the unknown fragment.
fn fragment<'a>(
    ctx: &ContextSelectionSet<'a>,
    name: &Name,
    pos: Pos,
) -> ServerResult<(&'a Positioned<TypeCondition>, &'a Positioned<SelectionSet>)> {
    let fragments = &ctx.query_env.fragments;
    let fragment =
        fragments.get(name).ok_or_else(|| ServerError::new(format!(r#"Unknown fragment "{name}"."#), Some(pos)))?;
    Ok((&fragment.node.type_condition, &fragment.node.selection_set))
}

/// Adds a field's value under its response key. A key asked for twice keeps its first value;
/// objects, and lists of objects, asked for twice are merged, as async-graphql merges them.
fn merge(values: &mut IndexMap<Name, Value>, key: Name, value: Value) {
    match values.entry(key) {
        Entry::Vacant(vacant) => {
            vacant.insert(value);
        }
        Entry::Occupied(mut occupied) => match (occupied.get_mut(), value) {
            (Value::Object(existing), Value::Object(more)) => {
                for (key, value) in more {
                    merge(existing, key, value);
                }
            }
            (Value::List(existing), Value::List(more)) => {
                for (existing, more) in existing.iter_mut().zip(more) {
                    if let (Value::Object(existing), Value::Object(more)) = (existing, more) {
                        for (key, value) in more {
                            merge(existing, key, value);
                        }
                    }
                }
            }
            _ => {}
        },
    }
}
