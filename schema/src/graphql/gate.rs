//! What every operation passes before it runs, over HTTP and WebSocket alike, and the codes
//! its errors leave with (DESIGN §5, §8), in the order they are checked:
//! 1. no NUL in the document or the variables (`input_hygiene`), and, when the operators
//!    listed the operations their clients send, a document on that list (`trusted`);
//! 2. the document parses, within the alias, field and depth limits, as written and with
//!    fragments expanded (`document_limits`), before the schema validates it, and every
//!    `Int` it gives, sent or written, fits in 32 bits (`variable_ranges`);
//! 3. a mutation is charged to its token and address (`MutationLimiter`);
//! 4. on a WebSocket, the token the connection signed in with still works, and the
//!    operation gets fresh loaders (`connection_guard`).
//!
//! Done here, around the schema, rather than as async-graphql extensions: with any extension
//! registered async-graphql takes its slow path for every field (a registry lookup and a
//! boxed future per extension per field), which cost a third of the full programme query.

use std::sync::Arc;

use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{Data, Executor, Pos, Request, Response, ServerError};
use futures::stream::BoxStream;
use futures::{FutureExt, StreamExt};
use sea_orm::DatabaseConnection;

use super::connection_guard::{LiveConnection, token_still_valid};
use super::document_limits::{MAX_ALIASES, MAX_EXPANDED_FIELDS, MAX_FIELDS, MAX_INTROSPECTION_DEPTH, count_selections};
use super::error_codes::coded;
use super::input_hygiene::find_nul;
use super::loaders::Loaders;
use super::operation::{operation, operation_type};
use super::parsed_documents::ParsedDocuments;
use super::trusted::TrustedOperations;
use super::variable_ranges::IntRanges;
use super::{RequestContext, SanadSchema};
use crate::error::AppError;
use crate::service::accounts::BAD_TOKEN;
use crate::service::clock::Clock;
use crate::service::rate_limit::MutationLimiter;

/// The schema behind its checks: what the HTTP handler and the WebSocket serve.
#[derive(Clone)]
pub struct Gate {
    schema: SanadSchema,
    mutations: Arc<MutationLimiter>,
    documents: ParsedDocuments,
    db: DatabaseConnection,
    clock: Clock,
    /// The deepest nesting of business fields (introspection apart).
    depth: u32,
    /// For the check that every `Int` a request gives fits in 32 bits.
    int_ranges: Arc<IntRanges>,
    /// The only documents that may run, when the operators gave a list.
    trusted: Option<Arc<TrustedOperations>>,
}

impl std::fmt::Debug for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gate").finish_non_exhaustive()
    }
}

/// A request refused before it runs: no location, as it is about no place in the document
/// (GraphQL's locations start at line 1).
pub fn refusal(error: AppError) -> ServerError {
    let mut error = async_graphql::Error::from(error).into_server_error(Pos::default());
    error.locations.clear();
    error
}

/// A piece of the request's or the connection's data.
fn data_of<'a, T: 'static>(request: &'a Data, session: Option<&'a Data>) -> Option<&'a T> {
    let id = std::any::TypeId::of::<T>();
    request.get(&id).or_else(|| session?.get(&id)).and_then(|value| value.downcast_ref::<T>())
}

impl Gate {
    pub fn new(schema: SanadSchema, limits: &super::Limits, db: DatabaseConnection, clock: Clock) -> Self {
        let int_ranges = Arc::new(IntRanges::from_sdl(&schema.sdl()));
        Self {
            schema,
            mutations: Arc::new(MutationLimiter::new(limits.mutations)),
            documents: Default::default(),
            db,
            clock,
            depth: u32::try_from(limits.depth).unwrap_or(u32::MAX),
            int_ranges,
            trusted: limits.trusted.clone(),
        }
    }

    /// The operators' list of operations, when only those may run.
    pub fn trusted(&self) -> Option<&TrustedOperations> {
        self.trusted.as_deref()
    }

    /// Refuses a document that is not on the operators' list, when there is one. The HTTP
    /// handler asks before it parses, so an unlisted document costs a hash and no more.
    pub fn check_trusted(&self, document: &str) -> Result<(), ServerError> {
        match &self.trusted {
            Some(trusted) if !trusted.allows(document) => Err(refusal(AppError::NotInList)),
            _ => Ok(()),
        }
    }

    /// Parses the request's document (or reuses an earlier parse of the same text). The
    /// checks and the schema then use this parse.
    pub fn parse<'r>(&self, request: &'r mut Request) -> Result<&'r ExecutableDocument, ServerError> {
        self.documents.parse(request)
    }

    /// Checks 1 to 3; the request comes back parsed (the schema reuses the parse). Requests
    /// over HTTP arrive parsed by the handler; those over a WebSocket are parsed here.
    fn admit(&self, request: &mut Request, session: Option<&Data>) -> Result<(), ServerError> {
        if let Some(field) = find_nul(&request.query, &request.variables) {
            return Err(refusal(AppError::bad_input(field, "text must not contain NUL characters")));
        }
        self.check_trusted(&request.query)?;
        let operation_name = request.operation_name.clone();
        // Held apart while the parse borrows the request; put back once checked (a refused
        // request is dropped anyway).
        let variables = std::mem::take(&mut request.variables);
        let document = match session {
            Some(_) => self.documents.parse(request)?,
            None => request.parsed_query()?,
        };
        let counts = count_selections(document);
        if counts.aliases > MAX_ALIASES {
            return Err(ServerError::new(format!("too many aliases: at most {MAX_ALIASES}"), None));
        }
        if counts.fields > MAX_FIELDS {
            return Err(ServerError::new(format!("too many fields: at most {MAX_FIELDS} in one document"), None));
        }
        if counts.expanded_fields > MAX_EXPANDED_FIELDS {
            return Err(ServerError::new(
                format!("too many fields once fragments are expanded: at most {MAX_EXPANDED_FIELDS} in one document"),
                None,
            ));
        }
        if counts.depth > self.depth {
            return Err(ServerError::new(format!("the query is nested too deep: at most {} levels", self.depth), None));
        }
        if counts.introspection_depth > MAX_INTROSPECTION_DEPTH {
            return Err(ServerError::new(
                format!("the introspection query is nested too deep: at most {MAX_INTROSPECTION_DEPTH} levels"),
                None,
            ));
        }
        if let Some(operation) = operation(document, operation_name.as_deref()) {
            self.int_ranges.check(operation, &variables).map_err(|message| ServerError::new(message, None))?;
            self.int_ranges.check_literals(document, operation).map_err(|message| ServerError::new(message, None))?;
        }
        if operation_type(document, operation_name.as_deref()) == Some(OperationType::Mutation) {
            let context = data_of::<RequestContext>(&request.data, session);
            let token_id = context.and_then(|c| c.viewer.as_ref()).map(|viewer| viewer.token_id);
            let address = context.and_then(|c| c.client_address);
            self.mutations.charge(token_id, address).map_err(refusal)?;
        }
        request.variables = variables;
        Ok(())
    }

    /// Check 4, for an operation on a WebSocket connection.
    async fn admit_on_connection(&self, request: Request, session: &Data) -> Result<Request, ServerError> {
        let Some(connection) = data_of::<LiveConnection>(&request.data, Some(session)).copied() else {
            return Ok(request);
        };
        if !token_still_valid(&self.db, &self.clock, connection).await.map_err(refusal)? {
            return Err(refusal(AppError::unauthenticated(BAD_TOKEN)));
        }
        // Rows cached by an earlier operation of the connection may be stale.
        Ok(request.data(Arc::new(Loaders::new(self.db.clone()))))
    }
}

impl Executor for Gate {
    async fn execute(&self, mut request: Request) -> Response {
        if let Err(error) = self.admit(&mut request, None) {
            return coded(Response::from_errors(vec![error]));
        }
        coded(self.schema.execute(request).await)
    }

    fn execute_stream(&self, request: Request, session: Option<Arc<Data>>) -> BoxStream<'static, Response> {
        let gate = self.clone();
        let admitted = async move {
            let mut request = match &session {
                Some(session) => gate.admit_on_connection(request, session).await?,
                None => request,
            };
            gate.admit(&mut request, session.as_deref())?;
            Ok::<_, ServerError>(Executor::execute_stream(&gate.schema, request, session))
        };
        // Boxed: the admission's future (a request and a token check) would otherwise be held
        // inline, at its full size, by every subscription for as long as it lives.
        futures::stream::once(admitted.boxed())
            .flat_map(|admitted| match admitted {
                Ok(stream) => stream,
                Err(error) => futures::stream::once(std::future::ready(Response::from_errors(vec![error]))).boxed(),
            })
            .map(coded)
            .boxed()
    }
}
