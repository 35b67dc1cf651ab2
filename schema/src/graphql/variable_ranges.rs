//! Every `Int` a request gives must fit in 32 bits: variables sent, the document's defaults,
//! and values written in the document as arguments, checked before anything runs.
//! async-graphql's validation takes any 64-bit integer as an `Int` and only fails when a
//! resolver reads the argument, so `first: 4294967296` answered `data: {conference: null}`
//! with a field error: a client could not tell a bad request from a failed field. The GraphQL
//! spec makes such a value a request error, without `data`; this check does that, through
//! lists and input objects, with the types of arguments and input fields read once from the
//! schema's own SDL.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{
    BaseType, ExecutableDocument, OperationDefinition, OperationType, Selection, SelectionSet, Type, TypeDefinition,
    TypeKind, TypeSystemDefinition,
};
use async_graphql::{Value as ConstValue, Variables};

/// A field of an object or interface type: its arguments' types and the named type it returns.
#[derive(Clone, Debug)]
struct FieldTypes {
    arguments: Vec<(String, Type)>,
    returns: String,
}

/// The types an `Int` may hide in: each input object's fields, each object's and interface's
/// fields with their arguments, and the root types.
#[derive(Clone, Debug, Default)]
pub struct IntRanges {
    inputs: HashMap<String, Vec<(String, Type)>>,
    fields: HashMap<String, HashMap<String, FieldTypes>>,
    /// The query, mutation and subscription root types, in that order.
    roots: [String; 3],
}

fn root_index(ty: OperationType) -> usize {
    match ty {
        OperationType::Query => 0,
        OperationType::Mutation => 1,
        OperationType::Subscription => 2,
    }
}

/// The named type under any list and non-null wrappers.
fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

fn field_types(
    fields: Vec<async_graphql::Positioned<async_graphql::parser::types::FieldDefinition>>,
) -> HashMap<String, FieldTypes> {
    fields
        .into_iter()
        .map(|field| {
            let field = field.node;
            let arguments =
                field.arguments.into_iter().map(|arg| (arg.node.name.node.to_string(), arg.node.ty.node)).collect();
            (field.name.node.to_string(), FieldTypes { arguments, returns: named(&field.ty.node).to_owned() })
        })
        .collect()
}

impl IntRanges {
    /// Reads the types of a schema's SDL (the schema's own, so it parses; a schema that did
    /// not would leave the table empty and only top-level variables checked).
    pub fn from_sdl(sdl: &str) -> Self {
        let mut table =
            Self { roots: ["Query".to_owned(), "Mutation".to_owned(), "Subscription".to_owned()], ..Self::default() };
        let Ok(document) = async_graphql::parser::parse_schema(sdl) else {
            return table;
        };
        for definition in document.definitions {
            match definition {
                TypeSystemDefinition::Type(definition) => {
                    let TypeDefinition { name, kind, .. } = definition.node;
                    let name = name.node.to_string();
                    match kind {
                        TypeKind::InputObject(input) => {
                            let fields = input
                                .fields
                                .into_iter()
                                .map(|field| (field.node.name.node.to_string(), field.node.ty.node))
                                .collect();
                            table.inputs.insert(name, fields);
                        }
                        TypeKind::Object(object) => _ = table.fields.insert(name, field_types(object.fields)),
                        TypeKind::Interface(interface) => _ = table.fields.insert(name, field_types(interface.fields)),
                        _ => {}
                    }
                }
                TypeSystemDefinition::Schema(schema) => {
                    let schema = schema.node;
                    for (ty, root) in [
                        (OperationType::Query, schema.query),
                        (OperationType::Mutation, schema.mutation),
                        (OperationType::Subscription, schema.subscription),
                    ] {
                        if let Some(root) = root {
                            table.roots[root_index(ty)] = root.node.to_string();
                        }
                    }
                }
                TypeSystemDefinition::Directive(_) => {}
            }
        }
        table
    }

    /// The first argument written in the operation (or a fragment it spreads) whose value
    /// holds an `Int` out of range, as the message a client reads. Unknown fields and types
    /// are left to validation; a value that mentions a variable is checked through the
    /// variable.
    pub fn check_literals(&self, document: &ExecutableDocument, operation: &OperationDefinition) -> Result<(), String> {
        let root = self.roots[root_index(operation.ty)].as_str();
        let mut pending: Vec<(&SelectionSet, &str)> = vec![(&operation.selection_set.node, root)];
        let mut seen_fragments: HashSet<&str> = HashSet::new();
        while let Some((set, parent)) = pending.pop() {
            for item in &set.items {
                match &item.node {
                    Selection::Field(field) => {
                        let field = &field.node;
                        // Most fields are leaves without arguments: nothing to look up.
                        if field.arguments.is_empty() && field.selection_set.node.items.is_empty() {
                            continue;
                        }
                        let Some(types) = self.fields.get(parent).and_then(|f| f.get(field.name.node.as_str())) else {
                            continue;
                        };
                        for (name, value) in &field.arguments {
                            let declared = types.arguments.iter().find(|(arg, _)| arg == name.node.as_str());
                            if let Some((_, ty)) = declared
                                && let Some(value) = value.node.clone().into_const()
                                && let Some(bad) = self.out_of_range(ty, &value, 0)
                            {
                                return Err(format!(
                                    "Invalid value for argument \"{}\": Int cannot represent {bad}, which is not a 32-bit signed integer",
                                    name.node
                                ));
                            }
                        }
                        pending.push((&field.selection_set.node, types.returns.as_str()));
                    }
                    Selection::InlineFragment(fragment) => {
                        let fragment = &fragment.node;
                        let on = fragment.type_condition.as_ref().map_or(parent, |c| c.node.on.node.as_str());
                        pending.push((&fragment.selection_set.node, on));
                    }
                    Selection::FragmentSpread(spread) => {
                        let name = spread.node.fragment_name.node.as_str();
                        if let Some(fragment) = document.fragments.get(name)
                            && seen_fragments.insert(name)
                        {
                            let on = fragment.node.type_condition.node.on.node.as_str();
                            pending.push((&fragment.node.selection_set.node, on));
                        }
                    }
                }
            }
        }
        Ok(())
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
                let declared = self.inputs.get(name.as_str())?;
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

    const SDL: &str = "input Filter { first: Int days: [Int!] inner: Filter name: String } \
        type Query { a: Int b(n: Int, f: Filter, l: [Int!]): B node: Node } \
        type B { c(n: Int): Int b(n: Int): B } interface Node { id: ID } type Thing implements Node { id: ID m(n: Int): Int }";

    fn literals(query: &str) -> Result<(), String> {
        let document = async_graphql::parser::parse_query(query).unwrap();
        let operation = super::super::operation::operation(&document, None).unwrap();
        IntRanges::from_sdl(SDL).check_literals(&document, operation)
    }

    #[test]
    fn ints_written_in_the_document_must_fit_too() {
        let big = 4_294_967_296_i64;
        let cases = [
            ("{ b(n: 5) { c } }".to_owned(), true),
            (format!("{{ b(n: {big}) {{ c }} }}"), false),
            (format!("{{ b {{ c(n: {big}) }} }}"), false),
            (format!("{{ b {{ b {{ b(n: -{big}) {{ c }} }} }} }}"), false),
            (format!("{{ b(l: [1, {big}]) {{ c }} }}"), false),
            (format!("{{ b(f: {{ inner: {{ days: [{big}] }} }}) {{ c }} }}"), false),
            (format!("{{ ...F }} fragment F on Query {{ b(n: {big}) {{ c }} }}"), false),
            (format!("{{ node {{ ... on Thing {{ m(n: {big}) }} }} }}"), false),
            // Not this check's business: validation refuses unknown fields and arguments.
            (format!("{{ nope(n: {big}) }}"), true),
            (format!("{{ b(unknown: {big}) {{ c }} }}"), true),
            // A value with a variable inside is checked through the variable.
            ("query($x: Int) { b(l: [1, $x]) { c } }".to_owned(), true),
            // A fragment cycle ends.
            ("{ ...F } fragment F on Query { ...F b { c } }".to_owned(), true),
        ];
        for (query, fine) in cases {
            assert_eq!(literals(&query).is_ok(), fine, "{query}");
        }
        let error = literals(&format!("{{ b(n: {big}) {{ c }} }}")).unwrap_err();
        assert_eq!(super::super::error_codes::field_of(&error).as_deref(), Some("n"));
    }

    fn check(query: &str, variables: serde_json::Value) -> Result<(), String> {
        let document = async_graphql::parser::parse_query(query).unwrap();
        let operation = super::super::operation::operation(&document, None).unwrap();
        IntRanges::from_sdl(SDL).check(operation, &Variables::from_json(variables))
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
    fn reads_the_types_of_our_schema() {
        let objects = IntRanges::from_sdl(&super::super::sdl());
        assert!(!objects.inputs.is_empty());
        assert_eq!(objects.roots[root_index(OperationType::Query)], "QueryRoot");
        let sessions = &objects.fields["Conference"]["sessions"];
        assert!(sessions.arguments.iter().any(|(name, ty)| name == "first" && named(ty) == "Int"));
        assert_eq!(sessions.returns, "SessionConnection");
    }
}
