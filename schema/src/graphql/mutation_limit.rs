//! Rate limits on every mutation, per token and per client address (DESIGN §8), over HTTP and
//! WebSocket alike: charged when the document is parsed and the operation to run is known to
//! be a mutation, before any resolver runs. Queries and subscriptions are not charged.

use std::sync::{Arc, Mutex};

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{Request, ServerResult, Variables};

use super::RequestContext;
use crate::service::rate_limit::MutationLimiter;

/// The type of the operation a request runs: the only one, or the one named.
pub fn operation_type(document: &ExecutableDocument, operation_name: Option<&str>) -> Option<OperationType> {
    match &document.operations {
        DocumentOperations::Single(op) => Some(op.node.ty),
        DocumentOperations::Multiple(ops) => match operation_name {
            Some(name) => ops.iter().find(|(n, _)| n.as_str() == name).map(|(_, op)| op.node.ty),
            None if ops.len() == 1 => ops.values().next().map(|op| op.node.ty),
            None => None,
        },
    }
}

pub struct MutationLimit;

impl ExtensionFactory for MutationLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(PerRequest::default())
    }
}

/// One request's state: the operation name it asked for.
#[derive(Default)]
struct PerRequest {
    operation_name: Mutex<Option<String>>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for PerRequest {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        *self.operation_name.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = request.operation_name.clone();
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let name = self.operation_name.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
        if operation_type(&document, name.as_deref()) == Some(OperationType::Mutation)
            && let Some(limiter) = ctx.data_opt::<Arc<MutationLimiter>>()
        {
            let request = ctx.data_opt::<RequestContext>();
            let token_id = request.and_then(|r| r.viewer.as_ref()).map(|viewer| viewer.token_id);
            let address = request.and_then(|r| r.client_address);
            limiter
                .charge(token_id, address)
                .map_err(|e| async_graphql::Error::from(e).into_server_error(async_graphql::Pos::default()))?;
        }
        Ok(document)
    }
}
