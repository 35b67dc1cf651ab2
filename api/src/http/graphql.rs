//! Our own GraphQL-over-HTTP handler (DESIGN §2 traps, §8): one operation per request (no
//! batches), JSON bodies only, queries only over GET, every error with `extensions.code`, the
//! public response cache with `ETag`/`If-None-Match` on GET, and Apollo's automatic persisted
//! queries (`persisted`).
//!
//! The response's media type follows the GraphQL-over-HTTP spec: `application/graphql-response+json`
//! when the client's `Accept` prefers it, and then a GraphQL request error (the document does
//! not parse or validate, a variable is out of range, a persisted query is unknown) is a 400
//! (429 when rate-limited); with `application/json` (also when `Accept` is absent or names
//! neither) it is a 200, as legacy clients expect. Either way it has no `data` entry. A request
//! that is not well-formed GraphQL over HTTP (not JSON, neither a document nor a hash, a bad
//! `persistedQuery`, a hash of another document) is a 400 under both.

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
use super::persisted::{self, Resolved};
use super::telemetry::Outcome;

/// The body of a POST, and the parameters of a GET. `query` may be left out when
/// `extensions.persistedQuery` names a document sent before.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphqlParams {
    query: Option<String>,
    operation_name: Option<String>,
    #[serde(default)]
    variables: Option<serde_json::Value>,
    #[serde(default)]
    extensions: Option<serde_json::Value>,
}

/// The media type of a GraphQL response (GraphQL over HTTP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaType {
    /// `application/json`: every well-formed request is answered 200.
    Json,
    /// `application/graphql-response+json`: a request error is a 4xx.
    GraphqlResponse,
}

impl MediaType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::GraphqlResponse => "application/graphql-response+json",
        }
    }

    /// The type the client prefers by its `Accept` q-values; `application/json` when it names
    /// neither (also `*/*` alone: legacy clients), or prefers them equally by q-value and
    /// named `application/json` first.
    pub fn negotiate(accept: Option<&str>) -> Self {
        let Some(accept) = accept else { return Self::Json };
        let mut best: Option<(Self, f32)> = None;
        for range in accept.split(',') {
            let mut parts = range.split(';');
            let kind = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            // A q-value that does not parse makes the range unusable, not preferred.
            let quality = match parts.find_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            {
                None => 1.0,
                Some(q) => match q.trim().parse::<f32>() {
                    Ok(q) => q,
                    Err(_) => continue,
                },
            };
            let media = match kind.as_str() {
                "application/graphql-response+json" => Self::GraphqlResponse,
                "application/json" => Self::Json,
                _ => continue,
            };
            if quality > 0.0 && best.is_none_or(|(_, q)| quality > q) {
                best = Some((media, quality));
            }
        }
        best.map_or(Self::Json, |(media, _)| media)
    }

    /// The status of a response that failed before execution.
    fn request_error_status(self) -> StatusCode {
        match self {
            Self::Json => StatusCode::OK,
            Self::GraphqlResponse => StatusCode::BAD_REQUEST,
        }
    }
}

/// What a GraphQL response depends on besides its URL: a cache keeps one per combination.
const VARY: &str = "accept, accept-encoding, accept-language, authorization";

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
            "the body must be an object with a string `query` (or a persisted query's hash in `extensions`)",
            &headers,
        ),
    }
}

/// GET carries `variables` and `extensions` as JSON strings.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetParams {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
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
            "pass the operation as ?query=… (or a persisted query's hash as ?extensions=…)",
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
    let extensions = match params.extensions.as_deref().map(serde_json::from_str::<serde_json::Value>).transpose() {
        Ok(extensions) => extensions,
        Err(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadUserInput,
                "`extensions` is not valid JSON",
                &headers,
            );
        }
    };
    let params = GraphqlParams { query: params.query, operation_name: params.operation_name, variables, extensions };
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
    let media = MediaType::negotiate(headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()));
    let trusted = state.schema.trusted();
    let (query, register) =
        match persisted::resolve(&state.persisted, trusted, params.query, params.extensions.as_ref()) {
            // With the operators' list, nothing is registered: the list is what may run.
            Ok(Resolved::Sent { query, hash }) => (query, hash.filter(|_| trusted.is_none())),
            Ok(Resolved::Kept(query)) => (query.to_string(), None),
            Ok(Resolved::NotFound) => return persisted_query_not_found(&headers, media),
            Ok(Resolved::NotInList) => return graphql_errors(vec![not_in_list()], &headers, media),
            Ok(Resolved::Missing) => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::BadUserInput,
                    "send the operation in `query` (or a persisted query's hash in `extensions`)",
                    &headers,
                );
            }
            Err(refusal) => {
                return error_response(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, refusal.message(), &headers);
            }
        };
    // Before anything else reads the document: an unlisted one costs its hash and no more.
    if let Err(error) = state.schema.check_trusted(&query) {
        return graphql_errors(vec![error], &headers, media);
    }
    let languages = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(parse_accept_language)
        .unwrap_or_default();

    // Anonymous queries are the same for everyone who sends the same languages. The lookup
    // comes before parsing: only queries are ever stored, so a hit needs no further checks.
    // A persisted query's hash and its document make the same key, so the same ETag.
    let key = (state.cache.enabled() && !headers.contains_key(header::AUTHORIZATION)).then(|| {
        let version = state.live.version();
        CacheKey::new(&query, params.operation_name.as_deref(), &variables.to_string(), &languages, version)
    });
    if let Some(key) = &key
        && let Some(hit) = state.cache.get(key)
    {
        state.metrics.cache_hits.fetch_add(1, Ordering::Relaxed);
        // A stored answer is a query's that parsed: keep its document under the hash it came
        // with, or the next request by hash alone would not be found.
        if let Some(hash) = register {
            state.persisted.register(hash, &query);
        }
        let mut response = cached_response(&hit, &headers, method, media, true);
        // Only queries are stored.
        response.extensions_mut().insert(OperationType::Query);
        if let Some(name) = hit.operation {
            response.extensions_mut().insert(name);
        }
        return response;
    }

    let mut request = GqlRequest::new(query).variables(Variables::from_json(variables));
    if let Some(name) = &params.operation_name {
        request = request.operation_name(name.clone());
    }
    let checked = state.schema.parse(&mut request).map(|document| {
        (
            check_document(document, params.operation_name.as_deref()),
            operation_name(document, params.operation_name.as_deref()).map(|name| OperationName(name.into())),
        )
    });
    let (operation, name) = match checked {
        Ok((Ok(operation), name)) => (operation, name),
        Ok((Err(message), _)) => return graphql_errors(vec![ServerError::new(message, None)], &headers, media),
        Err(error) => return graphql_errors(vec![error], &headers, media),
    };
    // Kept only once it parses and names an operation to run, and only queries: a mutation
    // may carry a delegate's words inline (DESIGN §6), and is sent whole each time instead.
    if let Some(hash) = register
        && operation == OperationType::Query
    {
        state.persisted.register(hash, &request.query);
    }
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
    if is_request_error(&response) {
        let mut http = graphql_errors(response.errors, &headers, media);
        http.extensions_mut().insert(operation);
        if let Some(name) = name {
            http.extensions_mut().insert(name);
        }
        return http;
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
            cached_response(&cached, &headers, method, media, false)
        }
        None => json_response(body, StatusCode::OK, media),
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

/// Whether a response failed before execution began (the document did not parse or
/// validate, the gate refused it): no data, and no error on a path.
fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty())
}

/// A request error: only `errors`, no `data` (GraphQL over HTTP), with the status the media
/// type calls for.
fn graphql_errors(mut errors: Vec<ServerError>, headers: &HeaderMap, media: MediaType) -> Response {
    let request_id = request_id(headers);
    for error in &mut errors {
        give_code(error, &request_id);
    }
    let outcome = outcome_of(&errors);
    let status = match (media, outcome.0) {
        (MediaType::Json, _) => StatusCode::OK,
        (MediaType::GraphqlResponse, "RATE_LIMITED") => StatusCode::TOO_MANY_REQUESTS,
        (MediaType::GraphqlResponse, "INTERNAL") => StatusCode::INTERNAL_SERVER_ERROR,
        (MediaType::GraphqlResponse, _) => media.request_error_status(),
    };
    // A rate-limited client is told when to try again in the header too, as HTTP caches and
    // proxies read it.
    let retry_after =
        errors.first().and_then(|e| e.extensions.as_ref()).and_then(|ext| match ext.get("retryAfterSeconds") {
            Some(async_graphql::Value::Number(seconds)) => seconds.as_u64(),
            _ => None,
        });
    match serde_json::to_vec(&serde_json::json!({ "errors": errors })) {
        Ok(body) => {
            let mut http = json_response(Bytes::from(body), status, media);
            if status == StatusCode::TOO_MANY_REQUESTS
                && let Some(seconds) = retry_after
            {
                http.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            http.extensions_mut().insert(outcome);
            http
        }
        Err(_) => error_response(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "internal error", headers),
    }
}

/// Apollo's answer to a hash it does not know: the message and code its clients look for.
fn persisted_query_not_found(headers: &HeaderMap, media: MediaType) -> Response {
    let code = ErrorCode::PersistedQueryNotFound.as_str();
    let mut error = ServerError::new("PersistedQueryNotFound", None);
    error.extensions.get_or_insert_with(Default::default).set("code", code);
    graphql_errors(vec![error], headers, media)
}

/// Apollo Router's answer to a hash that is not on the safelist: the same code, so clients
/// built for it stop instead of sending the document.
fn not_in_list() -> ServerError {
    sanad_schema::graphql::gate::refusal(AppError::NotInList)
}

/// A stored response as the client accepts it (`CachedResponse::send`), marked hit or miss.
fn cached_response(
    cached: &CachedResponse,
    headers: &HeaderMap,
    method: Method,
    media: MediaType,
    hit: bool,
) -> Response {
    let mut response = cached.send(headers, media.as_str(), method == Method::Get);
    let out = response.headers_mut();
    out.insert("x-sanad-cache", HeaderValue::from_static(if hit { "hit" } else { "miss" }));
    out.insert(header::VARY, HeaderValue::from_static(VARY));
    response
}

/// An answer that is not stored (signed in, a mutation, an error, a field that depends on the
/// clock): nothing to revalidate, and nothing a cache on the way may keep.
fn json_response(body: Bytes, status: StatusCode, media: MediaType) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media.as_str()));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::VARY, HeaderValue::from_static(VARY));
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
    fn negotiates_the_media_type_by_accept() {
        use MediaType::{GraphqlResponse as G, Json as J};
        let cases = [
            (None, J),
            (Some(""), J),
            (Some("*/*"), J),
            (Some("text/html"), J),
            (Some("application/json"), J),
            (Some("application/graphql-response+json"), G),
            (Some("application/graphql-response+json, application/json;q=0.9"), G),
            (Some("application/json, application/graphql-response+json;q=0.9"), J),
            (Some("application/json;q=0.5, application/graphql-response+json"), G),
            (Some("Application/GraphQL-Response+JSON; charset=utf-8"), G),
            (Some("application/graphql-response+json;q=0, application/json"), J),
            (Some("application/json, application/graphql-response+json"), J),
            (Some("application/graphql-response+json;q=0"), J),
            (Some("application/graphql-response+json;q=high, application/json;q=0.1"), J),
        ];
        for (accept, media) in cases {
            assert_eq!(MediaType::negotiate(accept), media, "{accept:?}");
        }
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
