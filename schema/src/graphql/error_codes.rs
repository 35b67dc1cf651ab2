//! Every error leaves with a code (DESIGN §5), over HTTP and WebSocket alike. Errors that
//! resolvers return carry one already (`AppError`); errors without one come from
//! async-graphql's parsing and validation of the client's document, so the client's input is
//! at fault.

use async_graphql::{Response, ServerError};

use crate::error::ErrorCode;

/// Gives `error` a code if it has none, and the request id when known, so a delegate's report
/// can be matched to our log lines.
pub fn give_code(error: &mut ServerError, request_id: Option<&str>) {
    shorten(&mut error.message);
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if !matches!(extensions.get("code"), Some(async_graphql::Value::String(_))) {
        extensions.set("code", ErrorCode::BadUserInput.as_str());
        if let Some(field) = field_of(&error.message) {
            extensions.set("field", field);
        }
    }
    // Every error names its request, so a delegate's "it said no" finds its log lines.
    if let Some(id) = request_id {
        extensions.set("requestId", id);
    }
}

/// Longest message sent: the parser quotes the client's document back, which for a 64 KiB
/// bomb is a 64 KiB message.
pub const MAX_MESSAGE_CHARS: usize = 300;

fn shorten(message: &mut String) {
    if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE_CHARS) {
        message.truncate(cut);
        message.push('…');
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

/// Codes every error of a response (subscription events included).
pub fn coded(mut response: Response) -> Response {
    for error in &mut response.errors {
        give_code(error, None);
    }
    response
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

    #[test]
    fn long_messages_are_cut_on_a_character_boundary() {
        let mut message = "ع".repeat(1000);
        shorten(&mut message);
        assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(message.ends_with('…'));
        let mut short = "Query is too complex.".to_owned();
        shorten(&mut short);
        assert_eq!(short, "Query is too complex.");
    }
}
