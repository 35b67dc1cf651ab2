//! The alias limit (DESIGN §8): an alias bomb asks for one field thousands of times under
//! different names, which the depth and complexity limits price as one field each. Checked
//! when a document is parsed, for every transport.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, Variables};

/// Most aliases one document may use.
pub const MAX_ALIASES: usize = 30;

/// Aliases in every operation and fragment of a document.
pub fn count_aliases(document: &ExecutableDocument) -> usize {
    let mut aliases = 0;
    match &document.operations {
        DocumentOperations::Single(op) => count(&op.node.selection_set.node, &mut aliases),
        DocumentOperations::Multiple(ops) => {
            for op in ops.values() {
                count(&op.node.selection_set.node, &mut aliases);
            }
        }
    }
    for fragment in document.fragments.values() {
        count(&fragment.node.selection_set.node, &mut aliases);
    }
    aliases
}

fn count(set: &SelectionSet, aliases: &mut usize) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                if field.node.alias.is_some() {
                    *aliases += 1;
                }
                count(&field.node.selection_set.node, aliases);
            }
            Selection::InlineFragment(fragment) => count(&fragment.node.selection_set.node, aliases),
            Selection::FragmentSpread(_) => {}
        }
    }
}

/// The schema extension that refuses documents with too many aliases.
pub struct AliasLimit;

impl ExtensionFactory for AliasLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(AliasLimit)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for AliasLimit {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        if count_aliases(&document) > MAX_ALIASES {
            return Err(ServerError::new(format!("too many aliases: at most {MAX_ALIASES}"), None));
        }
        Ok(document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases(query: &str) -> usize {
        count_aliases(&async_graphql::parser::parse_query(query).unwrap())
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
