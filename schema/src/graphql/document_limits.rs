//! Limits on the size of a document that the depth and complexity limits do not catch
//! (DESIGN §8), checked by the `gate` once a document is parsed, for every transport:
//! - aliases: an alias bomb asks for one field thousands of times under different names;
//! - fields: async-graphql runs a field selected twice twice (merging only the answers), so
//!   one field written 2,000 times costs 2,000 times its work on every row of a list, for a
//!   request of a few kilobytes. The full programme query selects about 160 fields.

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet};

/// Most aliases one document may use.
pub const MAX_ALIASES: usize = 30;

/// Most fields one document may select, as written (a fragment counts once).
pub const MAX_FIELDS: usize = 500;

/// What a document selects, counted as written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub aliases: usize,
    pub fields: usize,
}

/// Aliases and fields in every operation and fragment of a document.
pub fn count_selections(document: &ExecutableDocument) -> Counts {
    let mut counts = Counts::default();
    match &document.operations {
        DocumentOperations::Single(op) => count(&op.node.selection_set.node, &mut counts),
        DocumentOperations::Multiple(ops) => {
            for op in ops.values() {
                count(&op.node.selection_set.node, &mut counts);
            }
        }
    }
    for fragment in document.fragments.values() {
        count(&fragment.node.selection_set.node, &mut counts);
    }
    counts
}

fn count(set: &SelectionSet, counts: &mut Counts) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                counts.fields += 1;
                if field.node.alias.is_some() {
                    counts.aliases += 1;
                }
                count(&field.node.selection_set.node, counts);
            }
            Selection::InlineFragment(fragment) => count(&fragment.node.selection_set.node, counts),
            Selection::FragmentSpread(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases(query: &str) -> usize {
        count_selections(&async_graphql::parser::parse_query(query).unwrap()).aliases
    }

    #[test]
    fn counts_fields_as_written_with_fragments_once() {
        let document = async_graphql::parser::parse_query(
            "query A { a { b c } ...F ...F } fragment F on Query { d { e } } query Q { x: a }",
        )
        .unwrap();
        assert_eq!(count_selections(&document), Counts { aliases: 1, fields: 6 });
    }

    #[test]
    fn counts_aliases_in_operations_fragments_and_inline_fragments() {
        let thirty: String = (0..30).map(|i| format!("a{i}: __typename ")).collect();
        assert_eq!(aliases(&format!("{{ {thirty} }}")), 30);
        let split = format!("query {{ ...F ... on Query {{ {thirty} }} }} fragment F on Query {{ x: __typename }}");
        assert_eq!(aliases(&split), 31);
        assert_eq!(aliases("query A { a: x } mutation B { b: y c: z }"), 3);
        assert_eq!(aliases("{ x { y: z { w: v } } }"), 2);
    }
}
