//! The web pages' only way to data: our own GraphQL operations (each module's
//! `operations/*.graphql`), run in-process through the same gate as `POST /graphql` (limits,
//! mutation rate limits, error codes), with the visitor's own token. A page can show nothing
//! the API would not give its visitor, and every rule stays in the services behind the schema.

use std::sync::Arc;

use async_graphql::{Executor, Request, Variables};
use sanad_schema::error::{AppError, ErrorCode};
use sanad_schema::graphql::RequestContext;
use sanad_schema::graphql::loaders::Loaders;
use sanad_schema::service::accounts::{self, Identity};
use serde::de::DeserializeOwned;

use crate::http::AppState;

/// One operation of a web page, kept as a `.graphql` file beside its module.
#[derive(Clone, Copy, Debug)]
pub struct Operation {
    pub name: &'static str,
    pub document: &'static str,
}

/// Why an operation did not give its data: the API's error, as a page needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub code: ErrorCode,
    /// The input field a `BAD_USER_INPUT` is about.
    pub field: Option<String>,
    /// The API's plain message (never internals).
    pub message: String,
}

impl Refused {
    fn of(error: AppError) -> Self {
        Self { code: error.code(), field: None, message: error.message() }
    }
}

/// Who asks, in which languages, from where.
#[derive(Clone)]
pub struct Caller {
    pub viewer: Option<Arc<Identity>>,
    pub languages: Vec<String>,
    pub address: std::net::IpAddr,
}

/// The identity behind a session cookie's token, or `None` when it no longer works.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Option<Arc<Identity>>, Refused> {
    match accounts::authenticate(&state.db, token, state.clock.now()).await {
        Ok(identity) => Ok(Some(Arc::new(identity))),
        Err(AppError::Unauthenticated { .. }) => Ok(None),
        Err(error) => Err(Refused::of(error)),
    }
}

/// Runs `operation` as `caller` and reads its data as `T`. Any error refuses the whole
/// operation: the desk never shows half an answer.
pub async fn run<T: DeserializeOwned>(
    state: &AppState,
    operation: Operation,
    variables: serde_json::Value,
    caller: &Caller,
) -> Result<T, Refused> {
    // Past the server's capacity a page is refused like any client, at once.
    let Ok(_permit) = state.admission.admit().await else {
        return Err(Refused { code: ErrorCode::Unavailable, field: None, message: "the server is busy".into() });
    };
    let request =
        Request::new(operation.document).operation_name(operation.name).variables(Variables::from_json(variables));
    let context = RequestContext {
        accept_languages: caller.languages.clone(),
        viewer: caller.viewer.clone(),
        client_address: Some(caller.address),
    };
    let response = state.schema.execute(context.into_request(request, Loaders::new(state.db.clone()))).await;
    if let Some(error) = response.errors.first() {
        let extension = |name: &str| match error.extensions.as_ref().and_then(|e| e.get(name)) {
            Some(async_graphql::Value::String(value)) => Some(value.clone()),
            _ => None,
        };
        let code = extension("code")
            .and_then(|code| ErrorCode::ALL.into_iter().find(|c| c.as_str() == code))
            .unwrap_or(ErrorCode::Internal);
        if code == ErrorCode::Internal {
            tracing::error!(operation = operation.name, "a web page's operation failed: {}", error.message);
        }
        return Err(Refused { code, field: extension("field"), message: error.message.clone() });
    }
    let data = response.data.into_json().map_err(|e| {
        tracing::error!(operation = operation.name, error = %e, "a web page's operation gave data that is not JSON");
        Refused::of(AppError::unexpected("unreadable data"))
    })?;
    serde_json::from_value(data).map_err(|e| {
        tracing::error!(operation = operation.name, error = %e, "a web page's operation gave data of another shape");
        Refused::of(AppError::unexpected("unexpected data"))
    })
}
