//! Error responses outside GraphQL execution (wrong media type, bad JSON, GET mutations, …),
//! in the same shape as GraphQL errors so clients handle one format.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
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
    response.extensions_mut().insert(Outcome(code.as_str()));
    response
}
