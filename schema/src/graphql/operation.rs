//! Which operation of a document runs, and so whether it is a mutation: the `gate` charges
//! every mutation to its token and address (DESIGN §8) once the document is parsed, before any
//! resolver runs. Queries and subscriptions are not charged.

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationDefinition, OperationType};

/// The operation a request runs: the only one, or the one named.
pub fn operation<'d>(
    document: &'d ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<&'d OperationDefinition> {
    match &document.operations {
        DocumentOperations::Single(op) => Some(&op.node),
        DocumentOperations::Multiple(ops) => match operation_name {
            Some(name) => ops.iter().find(|(n, _)| n.as_str() == name).map(|(_, op)| &op.node),
            None if ops.len() == 1 => ops.values().next().map(|op| &op.node),
            None => None,
        },
    }
}

/// The type of the operation a request runs: the only one, or the one named.
pub fn operation_type(document: &ExecutableDocument, operation_name: Option<&str>) -> Option<OperationType> {
    operation(document, operation_name).map(|op| op.ty)
}

/// The name the operation goes by: the one asked for, or the only operation's own.
pub fn operation_name<'a>(document: &'a ExecutableDocument, asked: Option<&'a str>) -> Option<&'a str> {
    match (asked, &document.operations) {
        (Some(name), _) => Some(name),
        (None, DocumentOperations::Multiple(ops)) if ops.len() == 1 => ops.keys().next().map(|name| name.as_str()),
        (None, _) => None,
    }
}
