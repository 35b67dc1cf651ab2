//! Every error leaves with a code (DESIGN §5), over HTTP and WebSocket alike. Errors that
//! resolvers return carry one already (`AppError`); errors without one come from
//! async-graphql's parsing and validation of the client's document, so the client's input is
//! at fault.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextRequest, NextSubscribe};
use async_graphql::{Response, ServerError};
use futures::StreamExt;
use futures::stream::BoxStream;

use crate::error::ErrorCode;

/// Gives `error` a code if it has none; `INTERNAL` errors also get the request id, so a
/// delegate's report can be matched to our log line.
pub fn give_code(error: &mut ServerError, request_id: Option<&str>) {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    let internal = match extensions.get("code") {
        Some(async_graphql::Value::String(code)) => code == ErrorCode::Internal.as_str(),
        _ => {
            extensions.set("code", ErrorCode::BadUserInput.as_str());
            if let Some(field) = field_of(&error.message) {
                extensions.set("field", field);
            }
            false
        }
    };
    if let (true, Some(id)) = (internal, request_id) {
        extensions.set("requestId", id);
    }
}

/// The argument or variable an async-graphql message names ('… argument "first" …').
pub fn field_of(message: &str) -> Option<String> {
    for marker in ["argument \"", "variable \"$", "variable \"", "field \""] {
        if let Some(start) = message.find(marker) {
            let rest = &message[start + marker.len()..];
            return rest.split('"').next().map(str::to_owned);
        }
    }
    None
}

fn coded(mut response: Response) -> Response {
    for error in &mut response.errors {
        give_code(error, None);
    }
    response
}

/// The schema extension that codes every response, including each event of a subscription.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        coded(next.run(ctx).await)
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        next.run(ctx, stream).map(coded).boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_argument_at_fault() {
        assert_eq!(field_of(r#"Invalid value for argument "first", expected type "Int""#).as_deref(), Some("first"));
        assert_eq!(field_of(r#"Variable "$id" is not defined"#), None);
        assert_eq!(field_of(r#"Invalid value for variable "$id""#).as_deref(), Some("id"));
        assert_eq!(field_of("Query is too complex."), None);
    }
}
