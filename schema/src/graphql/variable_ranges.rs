//! Variables of type `Int` must fit in 32 bits (the values sent, and the document's defaults),
//! checked before anything runs. async-graphql's
//! validation takes any 64-bit integer as an `Int` and only fails when a resolver reads the
//! argument, so `first: 4294967296` answered `data: {conference: null}` with a field error:
//! a client could not tell a bad request from a failed field. The GraphQL spec makes a
//! variable that cannot be coerced a request error, without `data`; this check does that,
//! through lists and input objects, with the input objects' field types read once from the
//! schema's own SDL.

use std::collections::HashMap;

use async_graphql::parser::types::{
    BaseType, OperationDefinition, Type, TypeDefinition, TypeKind, TypeSystemDefinition,
};
use async_graphql::{Value as ConstValue, Variables};

/// Each input object's fields and their types.
#[derive(Clone, Debug, Default)]
pub struct InputObjects(HashMap<String, Vec<(String, Type)>>);

impl InputObjects {
    /// Reads the input objects of a schema's SDL (the schema's own, so it parses; a schema
    /// that did not would leave the table empty and only top-level variables checked).
    pub fn from_sdl(sdl: &str) -> Self {
        let Ok(document) = async_graphql::parser::parse_schema(sdl) else {
            return Self::default();
        };
        let table = document
            .definitions
            .into_iter()
            .filter_map(|definition| match definition {
                TypeSystemDefinition::Type(definition) => {
                    let TypeDefinition { name, kind, .. } = definition.node;
                    match kind {
                        TypeKind::InputObject(input) => Some((
                            name.node.to_string(),
                            input
                                .fields
                                .into_iter()
                                .map(|field| (field.node.name.node.to_string(), field.node.ty.node))
                                .collect(),
                        )),
                        _ => None,
                    }
                }
                _ => None,
            })
            .collect();
        Self(table)
    }

    /// The first variable of `operation` whose value holds an `Int` out of range, as the
    /// message a client reads.
    pub fn check(&self, operation: &OperationDefinition, variables: &Variables) -> Result<(), String> {
        for definition in &operation.variable_definitions {
            let name = &definition.node.name.node;
            // The value sent, or else the default the document gives it.
            let value = variables.get(name).or(definition.node.default_value.as_ref().map(|d| &d.node));
            if let Some(value) = value
                && let Some(bad) = self.out_of_range(&definition.node.var_type.node, value, 0)
            {
                return Err(format!(
                    "Invalid value for variable \"${name}\": Int cannot represent {bad}, which is not a 32-bit signed integer"
                ));
            }
        }
        Ok(())
    }

    /// The first integer in `value` that a field of type `ty` would refuse. `depth` stops a
    /// self-referencing input type from walking a deeply nested value without end.
    fn out_of_range(&self, ty: &Type, value: &ConstValue, depth: usize) -> Option<String> {
        if depth > 64 {
            return None;
        }
        match (&ty.base, value) {
            (_, ConstValue::Null) => None,
            (BaseType::List(inner), ConstValue::List(items)) => {
                items.iter().find_map(|item| self.out_of_range(inner, item, depth + 1))
            }
            // A single value where a list is expected is a list of one (input coercion).
            (BaseType::List(inner), value) => self.out_of_range(inner, value, depth + 1),
            (BaseType::Named(name), ConstValue::Number(number)) if name.as_str() == "Int" => {
                match number.as_i64().map(i32::try_from) {
                    Some(Ok(_)) => None,
                    _ => Some(number.to_string()),
                }
            }
            (BaseType::Named(name), ConstValue::Object(fields)) => {
                let declared = self.0.get(name.as_str())?;
                declared.iter().find_map(|(field, ty)| {
                    fields.get(field.as_str()).and_then(|value| self.out_of_range(ty, value, depth + 1))
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDL: &str = "input Filter { first: Int days: [Int!] inner: Filter name: String } type Query { a: Int }";

    fn check(query: &str, variables: serde_json::Value) -> Result<(), String> {
        let document = async_graphql::parser::parse_query(query).unwrap();
        let operation = super::super::operation::operation(&document, None).unwrap();
        InputObjects::from_sdl(SDL).check(operation, &Variables::from_json(variables))
    }

    #[test]
    fn ints_must_fit_in_32_bits_at_any_depth() {
        let q = "query($n: Int, $l: [Int!], $f: Filter, $fs: [Filter]) { a }";
        let cases = [
            (serde_json::json!({"n": 2_147_483_647}), true),
            (serde_json::json!({"n": -2_147_483_648}), true),
            (serde_json::json!({"n": 2_147_483_648_i64}), false),
            (serde_json::json!({"n": -2_147_483_649_i64}), false),
            (serde_json::json!({"n": u64::MAX}), false),
            (serde_json::json!({"n": null}), true),
            (serde_json::json!({"l": [1, 2, 3_000_000_000_u64]}), false),
            (serde_json::json!({"l": 3_000_000_000_u64}), false),
            (serde_json::json!({"l": [1, 2]}), true),
            (serde_json::json!({"f": {"first": 10, "days": [1]}}), true),
            (serde_json::json!({"f": {"days": [1, 5_000_000_000_u64]}}), false),
            (serde_json::json!({"f": {"inner": {"inner": {"first": 1e12}}}}), false),
            (serde_json::json!({"fs": [{"first": 1}, {"first": 9_999_999_999_u64}]}), false),
            // Not this check's business: a string where an Int goes is refused by validation.
            (serde_json::json!({"n": "12"}), true),
            (serde_json::json!({"f": {"name": 5_000_000_000_u64}}), true),
        ];
        for (variables, fine) in cases {
            assert_eq!(check(q, variables.clone()).is_ok(), fine, "{variables}");
        }
    }

    #[test]
    fn a_default_out_of_range_is_refused_unless_a_value_is_sent() {
        let q = "query($n: Int = 4294967296) { a }";
        assert!(check(q, serde_json::json!({})).is_err());
        assert!(check(q, serde_json::json!({"n": 5})).is_ok());
        assert!(check("query($n: Int = 7) { a }", serde_json::json!({})).is_ok());
    }

    #[test]
    fn the_message_names_the_variable_and_the_value() {
        let error = check("query($first: Int) { a }", serde_json::json!({"first": 4_294_967_296_u64})).unwrap_err();
        assert!(error.contains("\"$first\"") && error.contains("4294967296"), "{error}");
        assert_eq!(super::super::error_codes::field_of(&error).as_deref(), Some("first"));
    }

    #[test]
    fn reads_the_input_objects_of_our_schema() {
        let objects = InputObjects::from_sdl(&super::super::sdl());
        assert!(!objects.0.is_empty());
    }
}
