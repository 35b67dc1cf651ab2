//! The GraphQL schema: one module per type under `types/`, the roots under `query/`, and the
//! per-request DataLoaders under `loaders/`.

pub mod access;
pub mod connection_guard;
pub mod context;
pub mod document_limits;
pub mod error_codes;
pub mod execution;
pub mod gate;
pub mod input_hygiene;
pub mod loaders;
pub mod mutation;
pub mod operation;
pub mod parsed_documents;
pub mod query;
pub mod relay;
pub mod scalars;
pub mod subscription;
pub mod trusted;
pub mod types;
pub mod variable_ranges;

use std::sync::Arc;

use async_graphql::Schema;
use sea_orm::DatabaseConnection;

use crate::service::accommodation::sealing::Sealer;
use crate::service::accounts::AccountPolicy;
use crate::service::clock::Clock;
use crate::service::live::Live;
use crate::service::rate_limit::{MutationLimits, SignInLimiter, SignInLimits};
pub use context::RequestContext;
pub use mutation::MutationRoot;
pub use query::QueryRoot;
pub use subscription::SubscriptionRoot;

/// The schema type served over HTTP.
pub type SanadSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Limits that keep one query from exhausting the server (DESIGN §8).
#[derive(Clone, Debug)]
pub struct Limits {
    /// The deepest nesting of fields outside introspection (the gate's check).
    pub depth: usize,
    pub complexity: usize,
    pub recursive_depth: usize,
    pub directives: usize,
    pub introspection: bool,
    pub sign_in: SignInLimits,
    pub mutations: MutationLimits,
    /// When set, the only documents the gate lets run (`sanad serve --trusted-operations`).
    pub trusted: Option<Arc<trusted::TrustedOperations>>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            depth: 12,
            complexity: 5_000,
            recursive_depth: 32,
            directives: 10,
            introspection: true,
            sign_in: SignInLimits::default(),
            mutations: MutationLimits::default(),
            trusted: None,
        }
    }
}

/// Builds the schema, behind its gate: nothing else can run an operation, so no transport can
/// skip the checks. Loaders are not created here: they hold per-request caches and are
/// attached to each request by [`RequestContext::into_request`].
pub fn build_schema(
    db: DatabaseConnection,
    clock: Clock,
    limits: &Limits,
    accounts: AccountPolicy,
    live: Live,
    sealer: Arc<Sealer>,
    push: types::push::PushSettings,
) -> gate::Gate {
    let gate_db = db.clone();
    let gate_clock = clock.clone();
    let mut builder = Schema::build(QueryRoot, MutationRoot::default(), SubscriptionRoot)
        .data(db)
        .data(live)
        .data(sealer)
        .data(push)
        .data(clock)
        .data(accounts)
        .data(Arc::new(SignInLimiter::new(limits.sign_in)))
        .data(Arc::new(subscription::EventRows::default()))
        // No `limit_depth`: it counts introspection with the business fields, and the standard
        // introspection query is deeper than any business query needs. The gate bounds both
        // apart (`document_limits`).
        .limit_complexity(limits.complexity)
        .limit_recursive_depth(limits.recursive_depth)
        .limit_directives(limits.directives)
        // Suggestions ("did you mean …") let a stranger map a schema that introspection hides.
        // No `.extension(…)`: the programme's objects skip extensions' per-field hooks
        // (`execution`), so an extension added here would not see most fields. Held by the
        // test `schema_contract::the_schema_registers_no_extensions`, against the exact
        // async-graphql release pinned in the workspace `Cargo.toml`.
        .disable_suggestions();
    if !limits.introspection {
        builder = builder.disable_introspection();
    }
    gate::Gate::new(builder.finish(), limits, gate_db, gate_clock)
}

/// The SDL of the schema as served (what `sanad schema` prints), with each custom scalar's
/// `@specifiedBy` as introspection gives it.
pub fn sdl() -> String {
    Schema::build(QueryRoot, MutationRoot::default(), SubscriptionRoot)
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().include_specified_by())
}
