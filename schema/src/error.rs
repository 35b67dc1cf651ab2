//! The one error type of Sanad's domain and API.
//!
//! Clients receive a stable code (DESIGN §5) and a short plain message they may show or
//! translate by code; causes that are ours (database, bugs) are logged here, inside the
//! request's tracing span (which carries the request id), and never sent to the client.

use async_graphql::ErrorExtensions;

/// The closed set of codes a client can receive in `extensions.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    RateLimited,
    /// The server is at capacity right now; try again after `retryAfterSeconds`.
    Unavailable,
    /// Only a persisted query's hash was sent, and this instance does not keep that document:
    /// send the hash again with the document (Apollo's automatic persisted queries).
    PersistedQueryNotFound,
    /// The server runs only the operations its operators listed (`--trusted-operations`), and
    /// this document, or this hash, is not one of them. Sending it again will not help.
    PersistedQueryNotInList,
    Internal,
}

impl ErrorCode {
    /// Every code, for code that maps wire forms back.
    pub const ALL: [ErrorCode; 10] = [
        Self::Unauthenticated,
        Self::Forbidden,
        Self::NotFound,
        Self::BadUserInput,
        Self::Conflict,
        Self::RateLimited,
        Self::Unavailable,
        Self::PersistedQueryNotFound,
        Self::PersistedQueryNotInList,
        Self::Internal,
    ];

    /// The wire form of the code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::Conflict => "CONFLICT",
            Self::RateLimited => "RATE_LIMITED",
            Self::Unavailable => "UNAVAILABLE",
            Self::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Self::PersistedQueryNotInList => "PERSISTED_QUERY_NOT_IN_LIST",
            Self::Internal => "INTERNAL",
        }
    }
}

/// An error a resolver or service returns.
///
/// Deliberately not `Display`: async-graphql turns any `Display` error into a client message
/// without a code, so a stray `?` could leak a database message. `AppError` converts into a
/// GraphQL error only through the `From` impl below, which always sets `extensions.code`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppError {
    /// The input is wrong; `field` names the argument or input field at fault.
    BadUserInput { field: String, message: String },
    /// Nothing with that identity exists (or the caller may not know it exists).
    NotFound { what: &'static str },
    /// The caller must sign in (again): no token, or one that is wrong, expired or revoked.
    Unauthenticated { message: &'static str },
    /// The caller is signed in but their role may not do this.
    Forbidden,
    /// The request contradicts the current state (a clash, a stale version).
    Conflict { message: String },
    /// Too many attempts; the client may try again after this many seconds.
    RateLimited { retry_after_seconds: u64 },
    /// The server is overloaded (no database connection came free in time): not the client's
    /// fault and not a bug; the client may try again after this many seconds.
    Unavailable { retry_after_seconds: u64 },
    /// The server runs only listed operations, and this is not one of them.
    NotInList,
    /// Anything that is our fault. The cause was logged when the error was made.
    Unexpected,
}

impl AppError {
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadUserInput { field: field.into(), message: message.into() }
    }

    pub fn not_found(what: &'static str) -> Self {
        Self::NotFound { what }
    }

    pub fn unauthenticated(message: &'static str) -> Self {
        Self::Unauthenticated { message }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict { message: message.into() }
    }

    /// Logs an internal cause (with the current span, which holds the request id) and
    /// returns the error the client sees, which says nothing about it.
    pub fn unexpected(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "unexpected error");
        Self::Unexpected
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::BadUserInput { .. } => ErrorCode::BadUserInput,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Unauthenticated { .. } => ErrorCode::Unauthenticated,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::Conflict { .. } => ErrorCode::Conflict,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Unavailable { .. } => ErrorCode::Unavailable,
            Self::NotInList => ErrorCode::PersistedQueryNotInList,
            Self::Unexpected => ErrorCode::Internal,
        }
    }

    /// The short plain message clients may show; they localise by code.
    pub fn message(&self) -> String {
        match self {
            Self::BadUserInput { message, .. } => message.clone(),
            Self::NotFound { what } => format!("{what} not found"),
            Self::Unauthenticated { message } => (*message).to_owned(),
            Self::Forbidden => "your role may not do this".to_owned(),
            Self::Conflict { message } => message.clone(),
            Self::RateLimited { retry_after_seconds } => {
                format!("too many attempts: try again in {retry_after_seconds} seconds")
            }
            Self::Unavailable { retry_after_seconds } => {
                format!("the server is busy: try again in {retry_after_seconds} seconds")
            }
            Self::NotInList => {
                "this server runs only the operations its operators listed, and this is not one of them".to_owned()
            }
            Self::Unexpected => "internal error".to_owned(),
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        // Every connection busy for the pool's whole wait: overload, which the client can
        // retry, not a fault to hide behind INTERNAL.
        if matches!(err, sea_orm::DbErr::ConnectionAcquire(sea_orm::error::ConnAcquireErr::Timeout)) {
            tracing::warn!("no database connection came free in time: answering UNAVAILABLE");
            return Self::Unavailable { retry_after_seconds: 1 };
        }
        Self::unexpected(err)
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        async_graphql::Error::new(err.message()).extend_with(|_, ext| {
            ext.set("code", err.code().as_str());
            match &err {
                AppError::BadUserInput { field, .. } => ext.set("field", field.as_str()),
                AppError::RateLimited { retry_after_seconds } | AppError::Unavailable { retry_after_seconds } => {
                    ext.set("retryAfterSeconds", *retry_after_seconds)
                }
                _ => {}
            }
        })
    }
}

/// What resolvers and services return.
pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod overload_tests {
    use super::*;

    #[test]
    fn a_pool_timeout_is_unavailable_and_other_database_errors_internal() {
        let timeout = sea_orm::DbErr::ConnectionAcquire(sea_orm::error::ConnAcquireErr::Timeout);
        assert_eq!(AppError::from(timeout), AppError::Unavailable { retry_after_seconds: 1 });
        assert_eq!(AppError::from(timeout_free()).code(), ErrorCode::Internal);
        let error = async_graphql::Error::from(AppError::Unavailable { retry_after_seconds: 1 });
        let extensions = error.extensions.expect("extensions");
        assert_eq!(extensions.get("code"), Some(&async_graphql::Value::from("UNAVAILABLE")));
        assert_eq!(extensions.get("retryAfterSeconds"), Some(&async_graphql::Value::from(1u64)));
    }

    fn timeout_free() -> sea_orm::DbErr {
        sea_orm::DbErr::Custom("something else".to_owned())
    }
}
