//! Our own GraphQL-over-HTTP handler (DESIGN §2 traps, §8): one operation per request (no
//! batches), JSON bodies only, queries only over GET, an alias limit on top of the schema's
//! depth and complexity limits, every error with `extensions.code`, and the public response
//! cache with `ETag`/`If-None-Match` on GET.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{Executor, Request as GqlRequest, ServerError, Variables};
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sanad_schema::error::{AppError, ErrorCode};
use sanad_schema::graphql::loaders::Loaders;
use sanad_schema::graphql::operation::{operation_name, operation_type};
use sanad_schema::graphql::{RequestContext, error_codes};
use sanad_schema::service::accounts::{self, Identity};
use sanad_schema::service::language::parse_accept_language;
use serde::Deserialize;

use super::AppState;
use super::cache::{CacheKey, CachedResponse, OperationName};
use super::errors::{error_response, request_id};
use super::telemetry::Outcome;

/// The body of a POST, and the parameters of a GET.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphqlParams {
    query: String,
    operation_name: Option<String>,
    #[serde(default)]
    variables: Option<serde_json::Value>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Post,
}

/// Where a request came from.
type Peer = ConnectInfo<std::net::SocketAddr>;

pub async fn post(State(state): State<AppState>, ConnectInfo(peer): Peer, headers: HeaderMap, body: Bytes) -> Response {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let media_type = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if media_type != "application/json" && media_type != "application/graphql-response+json" {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadUserInput,
            "send the operation as JSON with Content-Type: application/json",
            &headers,
        );
    }
    // Compressed bodies are not unpacked: a few kilobytes of gzip can inflate to gigabytes, and
    // an operation is small enough to send as it is.
    if headers.get(header::CONTENT_ENCODING).is_some_and(|v| !v.as_bytes().eq_ignore_ascii_case(b"identity")) {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadUserInput,
            "send the operation uncompressed (no Content-Encoding)",
            &headers,
        );
    }
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadUserInput,
            "batches are not supported: send one operation per request",
            &headers,
        );
    }
    match serde_json::from_slice::<GraphqlParams>(&body) {
        Ok(params) => execute(state, peer, headers, params, Method::Post).await,
        Err(e) if e.is_syntax() || e.is_eof() => {
            error_response(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, "the body is not valid JSON", &headers)
        }
        Err(_) => error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadUserInput,
            "the body must be an object with a string `query`",
            &headers,
        ),
    }
}

/// GET carries `variables` as a JSON string.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetParams {
    query: String,
    operation_name: Option<String>,
    variables: Option<String>,
}

pub async fn get(
    State(state): State<AppState>,
    ConnectInfo(peer): Peer,
    headers: HeaderMap,
    params: Result<Query<GetParams>, QueryRejection>,
) -> Response {
    let Ok(Query(params)) = params else {
        return error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadUserInput,
            "pass the operation as ?query=…",
            &headers,
        );
    };
    let variables = match params.variables.as_deref().map(serde_json::from_str::<serde_json::Value>).transpose() {
        Ok(variables) => variables,
        Err(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadUserInput,
                "`variables` is not valid JSON",
                &headers,
            );
        }
    };
    let params = GraphqlParams { query: params.query, operation_name: params.operation_name, variables };
    execute(state, peer, headers, params, Method::Get).await
}

/// The person whose bearer token the request carries. A request with a token that is not
/// valid is refused whole (401), even for public fields: the client should learn at once that
/// it must sign in again, not silently see the anonymous view.
async fn viewer(state: &AppState, headers: &HeaderMap) -> Result<Option<Arc<Identity>>, Response> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    let result = match token {
        Some(token) => accounts::authenticate(&state.db, token, state.clock.now()).await,
        None => Err(AppError::unauthenticated(accounts::MALFORMED_TOKEN)),
    };
    match result {
        Ok(identity) => Ok(Some(Arc::new(identity))),
        Err(error @ AppError::Unauthenticated { .. }) => {
            let mut response =
                error_response(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated, &error.message(), headers);
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
            Err(response)
        }
        Err(_) => {
            Err(error_response(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "internal error", headers))
        }
    }
}

/// Runs an operation and counts it by name, type and outcome.
async fn execute(
    state: AppState,
    peer: std::net::SocketAddr,
    headers: HeaderMap,
    params: GraphqlParams,
    method: Method,
) -> Response {
    let telemetry = state.telemetry.clone();
    let response = run(state, peer, headers, params, method).await;
    let name = response.extensions().get::<OperationName>().map(|name| name.0.clone());
    let kind = match response.extensions().get::<OperationType>() {
        Some(OperationType::Query) => "query",
        Some(OperationType::Mutation) => "mutation",
        Some(OperationType::Subscription) => "subscription",
        None => "unknown",
    };
    let outcome = response.extensions().get::<Outcome>().copied().unwrap_or(Outcome("OK"));
    telemetry.operation(name.as_deref(), kind, outcome);
    response
}

/// The outcome of an executed operation: `OK`, or its first error's code.
fn outcome_of(errors: &[ServerError]) -> Outcome {
    let code = errors.first().and_then(|e| e.extensions.as_ref()).and_then(|ext| match ext.get("code") {
        Some(async_graphql::Value::String(code)) => ErrorCode::ALL.into_iter().find(|c| c.as_str() == code),
        _ => None,
    });
    match (errors.is_empty(), code) {
        (true, _) => Outcome("OK"),
        (false, Some(code)) => Outcome(code.as_str()),
        (false, None) => Outcome(ErrorCode::Internal.as_str()),
    }
}

async fn run(
    state: AppState,
    peer: std::net::SocketAddr,
    headers: HeaderMap,
    params: GraphqlParams,
    method: Method,
) -> Response {
    let variables = match params.variables {
        None | Some(serde_json::Value::Null) => serde_json::Value::Object(Default::default()),
        Some(value @ serde_json::Value::Object(_)) => value,
        Some(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadUserInput,
                "`variables` must be an object",
                &headers,
            );
        }
    };
    let languages = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(parse_accept_language)
        .unwrap_or_default();

    // Anonymous queries are the same for everyone who sends the same languages. The lookup
    // comes before parsing: only queries are ever stored, so a hit needs no further checks.
    let key = (state.cache.enabled() && !headers.contains_key(header::AUTHORIZATION)).then(|| {
        let version = state.live.version();
        CacheKey::new(&params.query, params.operation_name.as_deref(), &variables.to_string(), &languages, version)
    });
    if let Some(key) = &key
        && let Some(hit) = state.cache.get(key)
    {
        state.metrics.cache_hits.fetch_add(1, Ordering::Relaxed);
        let mut response = cached_response(&hit, &headers, method, true);
        // Only queries are stored.
        response.extensions_mut().insert(OperationType::Query);
        if let Some(name) = hit.operation {
            response.extensions_mut().insert(name);
        }
        return response;
    }

    let mut request = GqlRequest::new(params.query).variables(Variables::from_json(variables));
    if let Some(name) = &params.operation_name {
        request = request.operation_name(name.clone());
    }
    let (operation, name) = match state.schema.parse(&mut request) {
        Ok(document) => match check_document(document, params.operation_name.as_deref()) {
            Ok(operation) => (
                operation,
                operation_name(document, params.operation_name.as_deref()).map(|name| OperationName(name.into())),
            ),
            Err(message) => return graphql_errors(vec![ServerError::new(message, None)], &headers),
        },
        Err(error) => return graphql_errors(vec![error], &headers),
    };
    if method == Method::Get && operation != OperationType::Query {
        let mut response = error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::BadUserInput,
            "only queries may use GET: send mutations with POST",
            &headers,
        );
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        response.extensions_mut().insert(operation);
        return response;
    }
    let key = key.filter(|_| operation == OperationType::Query);

    // Everything from here may wait for the database: past the server's capacity, refuse at
    // once rather than queue into the pool's timeout.
    let Ok(_permit) = state.admission.admit().await else {
        return unavailable(&headers, operation);
    };
    state.metrics.graphql_requests.fetch_add(1, Ordering::Relaxed);
    let viewer = match viewer(&state, &headers).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let context = RequestContext {
        accept_languages: languages,
        viewer,
        client_address: Some(super::client_address(&state, peer, &headers)),
    };
    // Queries read the programme of the version they start at; mutations read what they write.
    let loaders = match operation {
        OperationType::Query => Loaders::with_programme(state.db.clone(), state.programme.at(state.live.version())),
        _ => Loaders::new(state.db.clone()),
    };
    let request = context.into_request(request, loaders);
    let mut response = state.schema.execute(request).await;
    let request_id = request_id(&headers);
    for error in &mut response.errors {
        give_code(error, &request_id);
    }
    let body = match serde_json::to_vec(&response) {
        Ok(body) => Bytes::from(body),
        Err(e) => {
            tracing::error!(error = %e, "cannot serialise a GraphQL response");
            return error_response(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "internal error", &headers);
        }
    };
    let store = response.errors.is_empty() && response.cache_control.public && response.cache_control.max_age != -1;
    let mut http = match key.filter(|_| store) {
        Some(key) => {
            let cached = CachedResponse::new(body, key.etag().into(), name.clone());
            state.cache.insert(key, cached.clone());
            cached_response(&cached, &headers, method, false)
        }
        None => json_response(body),
    };
    http.extensions_mut().insert(operation);
    http.extensions_mut().insert(outcome_of(&response.errors));
    if let Some(name) = name {
        http.extensions_mut().insert(name);
    }
    http
}

/// 503 with `Retry-After` and the GraphQL code `UNAVAILABLE`: the server is at capacity.
fn unavailable(headers: &HeaderMap, operation: OperationType) -> Response {
    let retry_after_seconds: u64 = 1;
    let error = AppError::Unavailable { retry_after_seconds };
    let extensions = serde_json::json!({
        "code": error.code().as_str(),
        "retryAfterSeconds": retry_after_seconds,
        "requestId": request_id(headers),
    });
    let body = serde_json::json!({ "errors": [{ "message": error.message(), "extensions": extensions }] });
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
    response.extensions_mut().insert(operation);
    response.extensions_mut().insert(Outcome(error.code().as_str()));
    response
}

/// Which operation of the document runs (GET may run only queries). The alias limit is the
/// schema's (`document_limits`), checked when the schema parses the document.
fn check_document(document: &ExecutableDocument, operation_name: Option<&str>) -> Result<OperationType, String> {
    operation_type(document, operation_name).ok_or_else(|| "name the operation to run with operationName".to_owned())
}

fn give_code(error: &mut ServerError, request_id: &str) {
    error_codes::give_code(error, Some(request_id));
}

fn graphql_errors(errors: Vec<ServerError>, headers: &HeaderMap) -> Response {
    let request_id = request_id(headers);
    let mut response = async_graphql::Response::from_errors(errors);
    for error in &mut response.errors {
        give_code(error, &request_id);
    }
    match serde_json::to_vec(&response) {
        Ok(body) => {
            let mut http = json_response(Bytes::from(body));
            http.extensions_mut().insert(outcome_of(&response.errors));
            http
        }
        Err(_) => error_response(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "internal error", headers),
    }
}

/// A stored response as the client accepts it (`CachedResponse::send`), marked hit or miss.
fn cached_response(cached: &CachedResponse, headers: &HeaderMap, method: Method, hit: bool) -> Response {
    let mut response = cached.send(headers, "application/json", method == Method::Get);
    response.headers_mut().insert("x-sanad-cache", HeaderValue::from_static(if hit { "hit" } else { "miss" }));
    response
}

/// An answer that is not stored (signed in, a mutation, an error): nothing to revalidate.
fn json_response(body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert("x-sanad-cache", HeaderValue::from_static("miss"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str, name: Option<&str>) -> Result<OperationType, String> {
        let document = async_graphql::parser::parse_query(query).unwrap();
        check_document(&document, name)
    }

    #[test]
    fn finds_the_operation_to_run() {
        assert_eq!(check("mutation { a }", None), Ok(OperationType::Mutation));
        assert_eq!(check("query A { a } mutation B { b }", Some("B")), Ok(OperationType::Mutation));
        assert!(check("query A { a } mutation B { b }", None).is_err());
        assert_eq!(check("query A { a }", None), Ok(OperationType::Query));
        assert!(check("query A { a }", Some("C")).is_err());
    }
}
