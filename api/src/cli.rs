//! The `sanad` command line (DESIGN §5). Flags win over `SANAD_*` environment variables.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{ArgAction, Parser, Subcommand};
use sanad_schema::entities::enums::Role;
use sanad_schema::service::accommodation::purge;
use sanad_schema::service::accounts::AccountPolicy;
use sanad_schema::service::clock::Clock;
use sanad_schema::service::rate_limit::{MutationLimits, SignInLimits};
use sanad_schema::service::readiness;

use crate::data_key;
use crate::db::{self, DatabaseTarget, DbError, StatementCounter};
use crate::http::CorsPolicy;
use crate::http::listener::ConnectionLimits;
use crate::invite;
use crate::push::PushConfig;
use crate::push::vapid;
use crate::server::{self, Protection, ServeConfig, StartError};

#[derive(Debug, Parser)]
#[command(name = "sanad", version, about = "Sanad: the accessibility-first conference companion backend.")]
pub struct Cli {
    /// Data directory: the SQLite file and keys live here.
    #[arg(long, global = true, env = "SANAD_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// The key that encrypts accommodation details: base64 of 32 bytes. Defaults to the
    /// data directory's data.key, created on first start. Give every instance the same.
    #[arg(long, global = true, env = "SANAD_DATA_KEY", hide_env_values = true)]
    pub data_key: Option<String>,
    /// The VAPID private key that signs push messages: base64url of 32 bytes. Defaults to the
    /// data directory's vapid.key, created on first start. Give every instance the same.
    #[arg(long, global = true, env = "SANAD_VAPID_PRIVATE_KEY", hide_env_values = true)]
    pub vapid_private_key: Option<String>,
    /// Database URL: postgres://… for PostgreSQL, sqlite:PATH for another SQLite file.
    /// Defaults to DATABASE_URL, then the SQLite file in the data directory.
    #[arg(long, global = true, env = "SANAD_DATABASE_URL")]
    pub database_url: Option<String>,
    /// How log lines are written to standard error: text for people, json (one object per
    /// line, with the request's `request_id`) for log collectors.
    #[arg(long, global = true, env = "SANAD_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API.
    Serve(ServeArgs),
    /// Create or update the database tables, then exit.
    Migrate,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Print the accessibility readiness report of the loaded programme.
    Check {
        /// Exit with status 1 when anything is missing.
        #[arg(long)]
        strict: bool,
    },
    /// Invite the people of a delegate list: prints each person's one-time invitation code
    /// and writes the codes to a CSV file. Everyone is invited, or nobody.
    Invite(InviteArgs),
    /// Delete accommodation requests of conferences that ended more than the retention period
    /// ago, with every detail, message and read log; anonymous counts stay.
    Purge {
        /// Days after a conference's last day its requests are kept.
        #[arg(long, default_value_t = 60)]
        retention_days: u32,
        /// Purge as on this date (YYYY-MM-DD) instead of today.
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Debug, clap::Args)]
pub struct InviteArgs {
    /// The delegate list: CSV with the columns name, organisation, delegation, languages
    /// (BCP 47 tags separated by spaces, best first) and role (delegate, coordinator, organizer).
    pub file: PathBuf,
    /// Where to write the codes (a new file, readable only by you); FILE.codes.csv by default.
    #[arg(long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub target: InvitationTarget,
}

/// Which conference people join, and for how long their codes work.
#[derive(Debug, clap::Args)]
pub struct InvitationTarget {
    /// The conference's slug; the first conference when omitted.
    #[arg(long)]
    pub conference: Option<String>,
    /// Days an invitation code works unless used.
    #[arg(long, env = "SANAD_INVITATION_TTL_DAYS", default_value_t = 60)]
    pub invitation_ttl_days: u32,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a staff account and print its one-time invitation code.
    Add {
        /// What the account may do.
        #[arg(long, value_enum)]
        role: StaffRole,
        /// The person's name as they write it.
        #[arg(long)]
        name: String,
        /// Their organisation.
        #[arg(long)]
        organisation: Option<String>,
        /// Their languages (BCP 47 tags), best first, comma-separated.
        #[arg(long, value_delimiter = ',')]
        languages: Vec<String>,
        #[command(flatten)]
        target: InvitationTarget,
    },
}

/// Roles a staff account can have.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum StaffRole {
    /// Handles accommodation requests.
    Coordinator,
    /// Edits the programme and manages people.
    Organizer,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Load the demo conference (Amman 2019, sample content) into the database if absent.
    #[arg(long)]
    pub demo: bool,
    /// Address to listen on.
    #[arg(long, env = "SANAD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The public base URL, as clients reach the server (for the start-up line and links).
    #[arg(long, env = "SANAD_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Test clock: an RFC 3339 instant (fixed), or start=INSTANT (runs from it).
    #[arg(long, env = "SANAD_CLOCK")]
    pub clock: Option<String>,
    /// Browser origins allowed by CORS, comma-separated; any origin when omitted.
    #[arg(long = "cors-origin", env = "SANAD_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// Megabytes the public response cache may hold; 0 turns it off.
    #[arg(long, env = "SANAD_CACHE_MB", default_value_t = 64)]
    pub cache_mb: u64,
    /// Answer introspection queries (GraphiQL and code generators need them).
    #[arg(long, env = "SANAD_INTROSPECTION", default_value_t = true, action = ArgAction::Set)]
    pub introspection: bool,
    /// Hours a sign-in lasts. Long enough for the whole event: an expired token needs a fresh
    /// code from the help desk.
    #[arg(long, env = "SANAD_TOKEN_TTL_HOURS", default_value_t = 720)]
    pub token_ttl_hours: u32,
    /// Days a code issued by an organiser works unless used.
    #[arg(long, env = "SANAD_INVITATION_TTL_DAYS", default_value_t = 60)]
    pub invitation_ttl_days: u32,
    /// Behind a reverse proxy: take the client's address (for rate limits) from the last
    /// X-Forwarded-For entry. Never set it when clients reach the server directly.
    #[arg(long, env = "SANAD_TRUST_FORWARDED_FOR", default_value_t = false, action = ArgAction::Set)]
    pub trust_forwarded_for: bool,
    /// Who push services may contact about our messages (VAPID `sub`): a mailto: or https: URL.
    #[arg(long, env = "SANAD_PUSH_CONTACT", default_value = "mailto:accessibility-desk@localhost")]
    pub push_contact: String,
    /// Push service hosts devices may register ("*.example.com" for subdomains),
    /// comma-separated. Defaults to the push services of Chrome, Firefox, Safari and Edge.
    #[arg(long = "push-host", env = "SANAD_PUSH_HOSTS", value_delimiter = ',')]
    pub push_hosts: Vec<String>,
    /// Accept http push endpoints on loopback addresses (for a local test push service only).
    #[arg(long, env = "SANAD_PUSH_ALLOW_LOOPBACK", default_value_t = false, action = ArgAction::Set)]
    pub push_allow_loopback: bool,
    /// Seconds to wait for a push service before trying again later.
    #[arg(long, env = "SANAD_PUSH_TIMEOUT_SECONDS", default_value_t = 10)]
    pub push_timeout_seconds: u64,
    /// Seconds a claimed delivery stays with the instance that claimed it. After a crash, its
    /// unrecorded sends are retried once this has passed (it is stretched to outlast a batch).
    #[arg(long, env = "SANAD_PUSH_LEASE_SECONDS", default_value_t = 120)]
    pub push_lease_seconds: u64,
    /// Seconds a WebSocket may stay open without `connection_init` (then closed with 4408).
    #[arg(long, env = "SANAD_WS_INIT_TIMEOUT_SECONDS", default_value_t = 10)]
    pub ws_init_timeout_seconds: u64,
    /// Seconds a client may take to send a request's headers (slow clients hold a connection).
    #[arg(long, env = "SANAD_HEADER_TIMEOUT_SECONDS", default_value_t = 10)]
    pub header_timeout_seconds: u64,
    /// Seconds one request may take, its body included (then 408).
    #[arg(long, env = "SANAD_REQUEST_TIMEOUT_SECONDS", default_value_t = 30)]
    pub request_timeout_seconds: u64,
    /// Seconds to wait at shutdown for requests in flight.
    #[arg(long, env = "SANAD_DRAIN_SECONDS", default_value_t = 30)]
    pub drain_seconds: u64,
    /// Mutations one sign-in may send per minute, sustained (bursts of 30 pass).
    #[arg(long, env = "SANAD_MUTATIONS_PER_MINUTE_PER_TOKEN", default_value_t = 120)]
    pub mutations_per_minute_per_token: u32,
    /// Mutations one client address may send per minute, sustained (bursts of 2,000 pass). A
    /// venue's delegates may share one address.
    #[arg(long, env = "SANAD_MUTATIONS_PER_MINUTE_PER_ADDRESS", default_value_t = 30_000)]
    pub mutations_per_minute_per_address: u32,
}

fn push_config(given_key: Option<&str>, data_dir: &std::path::Path, args: &ServeArgs) -> Result<PushConfig, CliError> {
    let key = vapid::load(given_key, data_dir)?;
    let mut config = PushConfig::new(key, args.push_contact.clone());
    if !args.push_hosts.is_empty() {
        config.policy.allowed_hosts = args.push_hosts.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    }
    config.policy.allow_loopback = args.push_allow_loopback;
    config.timeout = std::time::Duration::from_secs(args.push_timeout_seconds.max(1));
    config.lease = std::time::Duration::from_secs(args.push_lease_seconds.max(1));
    Ok(config)
}

fn protection(args: &ServeArgs) -> Protection {
    let seconds = |n: u64| std::time::Duration::from_secs(n.max(1));
    Protection {
        connections: ConnectionLimits {
            header_timeout: seconds(args.header_timeout_seconds),
            drain_deadline: seconds(args.drain_seconds),
            ..ConnectionLimits::default()
        },
        request_timeout: seconds(args.request_timeout_seconds),
        mutations: MutationLimits::default()
            .per_minute(args.mutations_per_minute_per_token, args.mutations_per_minute_per_address),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("SANAD_CLOCK: {0}")]
    Clock(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Invite(String),
    #[error("{0}")]
    Purge(String),
    #[error(transparent)]
    DataKey(#[from] data_key::DataKeyError),
    #[error(transparent)]
    Vapid(#[from] vapid::VapidError),
}

impl Cli {
    fn database(&self) -> Result<DatabaseTarget, DbError> {
        let env_fallback = std::env::var("DATABASE_URL").ok();
        DatabaseTarget::from_config(self.database_url.as_deref().or(env_fallback.as_deref()), &self.data_dir)
    }
}

/// Runs one command, writing its output to `out`.
pub async fn run(cli: Cli, out: &mut (dyn Write + Send)) -> Result<ExitCode, CliError> {
    let database = cli.database()?;
    match cli.command {
        Command::Schema => {
            out.write_all(sanad_schema::graphql::sdl().as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            db::open(&database, Arc::new(StatementCounter::default())).await?;
            writeln!(out, "migrated {}", database.describe())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { strict } => {
            let db = db::open(&database, Arc::new(StatementCounter::default())).await?;
            let reports = readiness::check_all(&db)
                .await
                .map_err(|e| DbError::Open { target: database.describe(), message: e.to_string() })?;
            let findings = print_reports(out, &reports)?;
            Ok(if strict && (findings > 0 || reports.is_empty()) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
        Command::Purge { retention_days, as_of } => {
            let db = db::open(&database, Arc::new(StatementCounter::default())).await?;
            let today = as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
            let purged = purge::purge(&db, today, retention_days, chrono::Utc::now())
                .await
                .map_err(|_| CliError::Purge("the database refused the purge; nothing was purged".to_owned()))?;
            if purged.is_empty() {
                writeln!(out, "nothing to purge: no conference ended more than {retention_days} days before {today}")?;
            }
            for p in purged {
                writeln!(
                    out,
                    "purged {}: {} requests, {} items; anonymous counts kept",
                    p.conference, p.requests, p.items
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Invite(args) => {
            let db = db::open(&database, Arc::new(StatementCounter::default())).await?;
            invite::run(&db, args, out).await
        }
        Command::User { command: UserCommand::Add { role, name, organisation, languages, target } } => {
            let db = db::open(&database, Arc::new(StatementCounter::default())).await?;
            let role = match role {
                StaffRole::Coordinator => Role::Coordinator,
                StaffRole::Organizer => Role::Organizer,
            };
            invite::add_user(&db, role, name, organisation, languages, &target, out).await
        }
        Command::Serve(args) => {
            let clock = match &args.clock {
                Some(spec) => Clock::parse(spec).map_err(CliError::Clock)?,
                None => Clock::System,
            };
            let config = ServeConfig {
                listen: args.listen,
                database: database.clone(),
                demo: args.demo,
                clock,
                cors: if args.cors_origins.is_empty() {
                    CorsPolicy::Any
                } else {
                    CorsPolicy::Only(args.cors_origins.clone())
                },
                cache_bytes: args.cache_mb.saturating_mul(1024 * 1024),
                introspection: args.introspection,
                accounts: AccountPolicy {
                    token_ttl: chrono::Duration::hours(args.token_ttl_hours.into()),
                    invitation_ttl: chrono::Duration::days(args.invitation_ttl_days.into()),
                },
                sign_in_limits: SignInLimits::default(),
                trust_forwarded_for: args.trust_forwarded_for,
                data_key: data_key::load(cli.data_key.as_deref(), &cli.data_dir)?,
                push: push_config(cli.vapid_private_key.as_deref(), &cli.data_dir, &args)?,
                ws_init_timeout: std::time::Duration::from_secs(args.ws_init_timeout_seconds.max(1)),
                protection: protection(&args),
                public_url: args.public_url.clone(),
            };
            let server = server::start(config).await?;
            let base = args.public_url.clone().unwrap_or_else(|| format!("http://{}", server.addr));
            let base = base.trim_end_matches('/');
            tracing::info!(
                "sanad serving {base}/graphql (GraphiQL {base}/graphiql, SDL {base}/schema.graphql, health {base}/healthz {base}/readyz, metrics {base}/metrics) from {}",
                database.describe()
            );
            shutdown_signal().await;
            tracing::info!("shutting down: finishing requests in flight");
            server.shutdown().await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_reports(out: &mut (dyn Write + Send), reports: &[readiness::Report]) -> std::io::Result<usize> {
    if reports.is_empty() {
        writeln!(out, "no conference is loaded: run `sanad serve --demo` or import a programme")?;
    }
    let mut total = 0;
    for report in reports {
        writeln!(out, "Accessibility readiness of {} ({} sessions)", report.conference, report.sessions)?;
        if report.findings.is_empty() {
            writeln!(out, "  ready: nothing missing")?;
        }
        let mut current = None;
        for finding in &report.findings {
            if current != Some(finding.check) {
                let count = report.findings.iter().filter(|f| f.check == finding.check).count();
                writeln!(out, "  {} ({count}):", finding.check.label())?;
                current = Some(finding.check);
            }
            writeln!(out, "    - {}: {}", finding.subject, finding.detail)?;
        }
        total += report.findings.len();
    }
    Ok(total)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
