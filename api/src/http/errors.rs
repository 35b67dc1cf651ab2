//! Error responses outside GraphQL execution (wrong media type, bad JSON, GET mutations, …),
//! in the same shape as GraphQL errors so clients handle one format.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sanad_schema::error::ErrorCode;

use super::telemetry::Outcome;

pub const REQUEST_ID: &str = "x-request-id";

pub fn request_id(headers: &HeaderMap) -> String {
    headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
}

pub fn error_response(status: StatusCode, code: ErrorCode, message: &str, headers: &HeaderMap) -> Response {
    // Every error names its request (the id is also in the `x-request-id` header and the logs).
    let extensions = serde_json::json!({ "code": code.as_str(), "requestId": request_id(headers) });
    let body = serde_json::json!({ "errors": [{ "message": message, "extensions": extensions }] });
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.extensions_mut().insert(Outcome(code.as_str()));
    response
}

/// Rewrites refusals that layers we do not own write as plain text into our JSON shape. Today
/// that is 413: tower-http's body limit answers it before the handler runs when `Content-Length`
/// is over the limit, and axum's body extractor when a chunked body grows over it; both wrote
/// "length limit exceeded" as `text/plain`, which clients that translate by
/// `extensions.code` cannot read.
pub async fn json_refusals(request: Request, next: Next) -> Response {
    // Only the request id is needed to answer; the rest of the headers go on with the request.
    let mut id = HeaderMap::new();
    if let Some(value) = request.headers().get(REQUEST_ID) {
        id.insert(REQUEST_ID, value.clone());
    }
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json {
        let limit = super::MAX_BODY_BYTES;
        let message = format!("the request body is over {} KiB ({limit} bytes)", limit / 1024);
        return error_response(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BadUserInput, &message, &id);
    }
    // The request timeout answers with an empty body; on a poor network that is a request
    // worth sending again, so it says so in our shape.
    if response.status() == StatusCode::REQUEST_TIMEOUT && !is_json {
        let message = "the request took longer than the server allows (a slow network?): send it again";
        return error_response(StatusCode::REQUEST_TIMEOUT, ErrorCode::Unavailable, message, &id);
    }
    response
}
