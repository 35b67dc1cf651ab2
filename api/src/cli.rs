//! The `sanad` command line (DESIGN §5). Flags win over `SANAD_*` environment variables.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{ArgAction, Parser, Subcommand};
use sanad_schema::entities::conference;
use sanad_schema::entities::enums::Role;
use sanad_schema::error::AppError;
use sanad_schema::graphql::trusted::TrustedOperations;
use sanad_schema::service::accommodation::purge;
use sanad_schema::service::accounts::AccountPolicy;
use sanad_schema::service::clock::Clock;
use sanad_schema::service::conference::{self as conference_service, Draft as ConferenceDraft};
use sanad_schema::service::editing::texts::TextInput;
use sanad_schema::service::language_catalogue;
use sanad_schema::service::rate_limit::{MutationLimits, SignInLimits};
use sanad_schema::service::readiness;
use sanad_schema::service::secrets::Secret;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::backup;
use crate::data_key;
use crate::db::{self, DatabaseTarget, DbError, StatementCounter};
use crate::http::CorsPolicy;
use crate::http::listener::ConnectionLimits;
use crate::invite;
use crate::push::PushConfig;
use crate::push::vapid;
use crate::schedule::fetch::{FetchPolicy, Fetched, SourceClient};
use crate::schedule::sync::SourceConfig;
use crate::server::{self, Protection, ServeConfig, StartError};

/// The command line. The keys, the database URL and the source URLs are [`Secret`]s, so `Debug`
/// of the parsed arguments shows none of them.
#[derive(Debug, Parser)]
#[command(
    name = "sanad",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("SANAD_COMMIT"), ")"),
    about = "Sanad: the accessibility-first conference companion backend."
)]
pub struct Cli {
    /// Data directory: the SQLite file and keys live here.
    #[arg(long, global = true, env = "SANAD_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// The key that encrypts accommodation details: base64 of 32 bytes. Defaults to the
    /// data directory's data.key, created on first start. Give every instance the same.
    #[arg(long, global = true, env = "SANAD_DATA_KEY", hide_env_values = true)]
    pub data_key: Option<Secret<String>>,
    /// The VAPID private key that signs push messages: base64url of 32 bytes. Defaults to the
    /// data directory's vapid.key, created on first start. Give every instance the same.
    #[arg(long, global = true, env = "SANAD_VAPID_PRIVATE_KEY", hide_env_values = true)]
    pub vapid_private_key: Option<Secret<String>>,
    /// Database URL: postgres://… for PostgreSQL, sqlite:PATH for another SQLite file.
    /// Defaults to DATABASE_URL, then the SQLite file in the data directory.
    #[arg(long, global = true, env = "SANAD_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<Secret<String>>,
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
    /// Manage conferences.
    Conference {
        #[command(subcommand)]
        command: ConferenceCommand,
    },
    /// Import a programme from a pretalx or frab export (schedule.json, schedule.xml), creating
    /// its conference when absent; run it again after every change at the source to bring
    /// moves, new sessions and removals across, through the same rules as organisers' edits.
    Import(ImportArgs),
    #[command(about = backup::BACKUP_ABOUT, long_about = backup::BACKUP_HELP)]
    Backup(backup::BackupArgs),
    #[command(about = backup::RESTORE_ABOUT, long_about = backup::RESTORE_HELP)]
    Restore(backup::RestoreArgs),
}

/// The formats `sanad import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// Decide from the file's first character.
    Auto,
    /// pretalx's schedule.json (the c3voc format).
    PretalxJson,
    /// frab's (or pretalx's) schedule.xml.
    FrabXml,
    /// c3voc's schedule.json.
    C3vocJson,
    /// Sanad's own programme document (the demo is one): the whole programme with every
    /// accessibility fact and translation, or only some of it to complete a programme
    /// imported from pretalx or frab (what it does not list is left alone).
    Sanad,
}

/// What `sanad import` is told.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The export to read (at most 50 MB): a file, or an http(s) URL such as pretalx's
    /// `https://HOST/EVENT/schedule/export/schedule.json`.
    pub source: Secret<String>,
    /// Fetch a URL on a private address too (a pretalx on the venue's own network).
    #[arg(long)]
    pub allow_private_source: bool,
    /// The conference to import into; default: the source's acronym. Created when absent.
    #[arg(long)]
    pub conference: Option<String>,
    #[arg(long, value_enum, default_value_t = ImportFormat::Auto)]
    pub format: ImportFormat,
    /// Say what would change, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The conference's IANA zone, for a new conference from a source that names none.
    #[arg(long)]
    pub time_zone: Option<String>,
    /// Let the source remove more than half of the sessions it brought (refused otherwise, as
    /// a wrong file or an unpublished schedule looks like that).
    #[arg(long)]
    pub allow_removals: bool,
}

/// What `sanad conference` does.
#[derive(Debug, Subcommand)]
pub enum ConferenceCommand {
    /// Create an empty conference (dates, zone, languages, name, and a venue to add rooms to),
    /// ready for `sanad import FILE --conference SLUG` or the organisers' desk.
    Create(ConferenceCreateArgs),
}

/// What `sanad conference create` is told.
#[derive(Debug, clap::Args)]
pub struct ConferenceCreateArgs {
    /// Stable short name used in URLs: 1 to 64 of a-z, 0-9 and -.
    #[arg(long)]
    pub slug: String,
    /// The conference's full name, in the default language.
    #[arg(long)]
    pub name: String,
    /// The name in another language, as TAG=TEXT (`--name-in ar=…`); repeat for each language.
    /// Every required language needs one.
    #[arg(long = "name-in", value_name = "TAG=TEXT")]
    pub name_in: Vec<String>,
    /// The IANA time zone all times are given in, such as Asia/Amman.
    #[arg(long)]
    pub time_zone: String,
    /// First day (YYYY-MM-DD), in the conference's zone.
    #[arg(long)]
    pub start: chrono::NaiveDate,
    /// Last day (YYYY-MM-DD), at most 31 days after the first.
    #[arg(long)]
    pub end: chrono::NaiveDate,
    /// The conference's languages (BCP 47 tags; sign languages too, such as ils), comma-separated,
    /// in the order texts fall back to.
    #[arg(long, value_delimiter = ',', required = true)]
    pub languages: Vec<String>,
    /// The language texts fall back to; the first of --languages when omitted.
    #[arg(long)]
    pub default_language: Option<String>,
    /// The languages every public text must be given in, comma-separated; the default language
    /// when omitted.
    #[arg(long, value_delimiter = ',')]
    pub required_languages: Option<Vec<String>>,
    /// The venue's name, in the default language; the conference's name when omitted.
    #[arg(long)]
    pub venue: Option<String>,
    /// The venue's name in another language, as TAG=TEXT; repeat for each language.
    #[arg(long = "venue-in", value_name = "TAG=TEXT")]
    pub venue_in: Vec<String>,
}

/// A command-line value that is wrong: the flag, and what is wrong with it.
type BadFlag = (&'static str, String);

impl ConferenceCreateArgs {
    /// The language `--name` and `--venue` are written in.
    fn default_language(&self) -> String {
        self.default_language.clone().or_else(|| self.languages.first().cloned()).unwrap_or_default()
    }

    fn draft(&self) -> Result<ConferenceDraft, BadFlag> {
        let default = self.default_language();
        let mut name = vec![TextInput { lang: default.clone(), value: self.name.clone() }];
        name.extend(self.name_in.iter().map(|v| tagged("--name-in", v)).collect::<Result<Vec<_>, _>>()?);
        let mut venue: Vec<TextInput> =
            self.venue.iter().map(|v| TextInput { lang: default.clone(), value: v.clone() }).collect();
        venue.extend(self.venue_in.iter().map(|v| tagged("--venue-in", v)).collect::<Result<Vec<_>, _>>()?);
        Ok(ConferenceDraft {
            slug: self.slug.clone(),
            name,
            time_zone: self.time_zone.clone(),
            start: self.start,
            end: self.end,
            languages: self.languages.iter().map(|tag| tag.trim().to_owned()).collect(),
            default_language: self.default_language.clone(),
            required_languages: self.required_languages.clone(),
            venue_name: if venue.is_empty() { None } else { Some(venue) },
        })
    }

    /// The flag behind a field the conference service names: `name[0]` is `--name` (written
    /// first), `name[1]` the first `--name-in`, and so on.
    fn flag_of(&self, field: &str) -> &'static str {
        let (root, index) = match field.split_once('[') {
            Some((root, rest)) => (root, rest.split(']').next().and_then(|i| i.parse::<usize>().ok())),
            None => (field.split('.').next().unwrap_or(field), None),
        };
        match root {
            "slug" => "--slug",
            "timeZone" => "--time-zone",
            "start" => "--start",
            "end" => "--end",
            "languages" => "--languages",
            "defaultLanguage" => "--default-language",
            "requiredLanguages" => "--required-languages",
            "name" if index.is_some_and(|i| i > 0) => "--name-in",
            "name" => "--name",
            // `--venue`, when given, is written first.
            "venueName" if self.venue.is_some() && index.is_none_or(|i| i == 0) => "--venue",
            "venueName" => "--venue-in",
            _ => "input",
        }
    }
}

/// Reads `TAG=TEXT`.
fn tagged(flag: &'static str, value: &str) -> Result<TextInput, BadFlag> {
    match value.split_once('=') {
        Some((lang, text)) if !lang.trim().is_empty() => {
            Ok(TextInput { lang: lang.trim().to_owned(), value: text.to_owned() })
        }
        _ => Err((flag, format!("'{value}' is not TAG=TEXT, such as ar=المؤتمر"))),
    }
}

/// The exit status of a command refused for what it was told (as for clap's usage errors).
const BAD_INPUT: u8 = 2;

/// Says which flag is wrong and why, in the one-line form of every other error, and gives
/// the bad-input exit status.
fn refuse(flag: &str, message: &str) -> ExitCode {
    eprintln!("sanad: error: {flag}: {message}");
    ExitCode::from(BAD_INPUT)
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
        /// Their languages (BCP 47 tags), best first, separated by commas or spaces (as in
        /// `sanad invite`'s CSV).
        #[arg(long, num_args = 1..)]
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
    /// Keep a conference in step with this export (pretalx, frab or c3voc; an http(s) URL):
    /// fetched at start, then every --sync-every, by one instance only.
    #[arg(long, env = "SANAD_PROGRAMME_SOURCE", hide_env_values = true)]
    pub programme_source: Option<Secret<String>>,
    /// How often to fetch the programme source: 30s, 5m, 1h (at least 10s).
    #[arg(long, env = "SANAD_SYNC_EVERY", default_value = "5m", value_parser = crate::schedule::sync::parse_every)]
    pub sync_every: std::time::Duration,
    /// The conference the source keeps; default: the source's acronym. Created when absent.
    #[arg(long, env = "SANAD_SOURCE_CONFERENCE")]
    pub source_conference: Option<String>,
    /// The conference's IANA zone, for a source that names none (frab XML).
    #[arg(long, env = "SANAD_SOURCE_TIME_ZONE")]
    pub source_time_zone: Option<String>,
    /// Fetch the source from a private address too (a pretalx on the venue's own network).
    #[arg(long, env = "SANAD_ALLOW_PRIVATE_SOURCE", default_value_t = false, action = ArgAction::Set)]
    pub allow_private_source: bool,
    /// Run only the operations listed in this file (an Apollo persisted query manifest, or
    /// graphql-codegen's map from SHA-256 to document); anything else is refused with
    /// PERSISTED_QUERY_NOT_IN_LIST. The desk's and the app's own operations always run.
    #[arg(long, env = "SANAD_TRUSTED_OPERATIONS")]
    pub trusted_operations: Option<PathBuf>,
}

/// The operators' list of operations, read and checked before anything starts.
fn trusted_operations(args: &ServeArgs) -> Result<Option<TrustedOperations>, CliError> {
    let Some(path) = &args.trusted_operations else { return Ok(None) };
    let refused = |problem: String| CliError::TrustedOperations(format!("{}: {problem}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| refused(e.to_string()))?;
    let list = TrustedOperations::from_manifest(&text).map_err(|e| refused(e.to_string()))?;
    tracing::info!(operations = list.len(), "only the operations of {} will run", path.display());
    Ok(Some(list))
}

/// The programme source `serve` keeps in step with, checked before anything starts.
fn programme_source(args: &ServeArgs) -> Result<Option<SourceConfig>, CliError> {
    let Some(url) = args.programme_source.as_ref().map(Secret::expose) else { return Ok(None) };
    let url = reqwest::Url::parse(url)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"))
        // Not echoed: a mistyped URL may still hold its access token.
        .ok_or_else(|| CliError::Import("--programme-source: give the export's http(s) URL".to_owned()))?;
    if let Some(zone) = &args.source_time_zone
        && zone.parse::<chrono_tz::Tz>().is_err()
    {
        return Err(CliError::Import(format!(
            "--source-time-zone: '{zone}' is not an IANA time zone such as Europe/Berlin"
        )));
    }
    Ok(Some(SourceConfig {
        url,
        every: args.sync_every,
        import: crate::schedule::import::Options {
            conference: args.source_conference.clone(),
            format: None,
            dry_run: false,
            time_zone: args.source_time_zone.clone(),
            // A source that suddenly lost most of its sessions is refused, and logged: an
            // organiser confirms it with `sanad import URL --allow-removals`.
            allow_removals: false,
        },
        fetch: FetchPolicy { allow_private: args.allow_private_source, ..FetchPolicy::default() },
    }))
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
        admission: crate::http::admission::AdmissionLimits::default(),
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
    /// `sanad conference create` failed for a reason that is not its input.
    #[error("{0}")]
    Conference(String),
    /// `sanad import` wrote nothing, for this reason.
    #[error("{0}")]
    Import(String),
    #[error(transparent)]
    DataKey(#[from] data_key::DataKeyError),
    #[error(transparent)]
    Vapid(#[from] vapid::VapidError),
    /// `sanad backup` or `sanad restore` failed for a reason that is not its input.
    #[error(transparent)]
    Backup(#[from] backup::BackupError),
    /// `--trusted-operations` names a file that cannot be read or is not a list of operations.
    #[error("--trusted-operations {0}")]
    TrustedOperations(String),
}

/// The text of a secret flag, to hand to what needs it (never to a message).
fn exposed(flag: &Option<Secret<String>>) -> Option<&str> {
    flag.as_ref().map(|secret| secret.expose().as_str())
}

impl Cli {
    fn database(&self) -> Result<DatabaseTarget, DbError> {
        let env_fallback = std::env::var("DATABASE_URL").ok();
        DatabaseTarget::from_config(exposed(&self.database_url).or(env_fallback.as_deref()), &self.data_dir)
    }
}

/// Where `backup` and `restore` say the keys are (whether given, never their values).
fn backup_keys(cli: &Cli) -> backup::Keys<'_> {
    backup::Keys {
        data_dir: &cli.data_dir,
        data_key: exposed(&cli.data_key),
        vapid_key_given: cli.vapid_private_key.is_some(),
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
        Command::Import(args) => import(&database, &args, out).await,
        Command::Backup(ref args) => Ok(backup::backup(&database, backup_keys(&cli), args, out).await?),
        Command::Restore(ref args) => Ok(backup::restore(&database, backup_keys(&cli), args, out).await?),
        Command::Conference { command: ConferenceCommand::Create(args) } => {
            // Everything but the slug's uniqueness is checked before the database is touched.
            let draft = match args.draft() {
                Ok(draft) => draft,
                Err((flag, message)) => return Ok(refuse(flag, &message)),
            };
            if let Err(error) = conference_service::check(draft.clone(), chrono::Utc::now()) {
                return refused(&args, error);
            }
            let db = db::open(&database, Arc::new(StatementCounter::default())).await?;
            match conference_service::create(&db, draft, chrono::Utc::now()).await {
                Ok(created) => print_created(out, &created).map(|()| ExitCode::SUCCESS).map_err(CliError::from),
                Err(error) => refused(&args, error),
            }
        }
        Command::Serve(args) => {
            let clock = match &args.clock {
                Some(spec) => Clock::parse(spec).map_err(CliError::Clock)?,
                None => Clock::System,
            };
            let programme_source = programme_source(&args)?;
            let trusted_operations = trusted_operations(&args)?;
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
                data_key: Secret::new(data_key::load(exposed(&cli.data_key), &cli.data_dir)?),
                push: push_config(exposed(&cli.vapid_private_key), &cli.data_dir, &args)?,
                ws_init_timeout: std::time::Duration::from_secs(args.ws_init_timeout_seconds.max(1)),
                protection: protection(&args),
                public_url: args.public_url.clone(),
                programme_source,
                trusted_operations,
            };
            let server = server::start(config).await?;
            let base = args.public_url.clone().unwrap_or_else(|| format!("http://{}", server.addr));
            let base = base.trim_end_matches('/');
            tracing::info!(
                "sanad serving {base}/graphql (GraphiQL {base}/graphiql, SDL {base}/schema.graphql, health {base}/healthz {base}/readyz, metrics {base}/metrics) from {}",
                database.describe()
            );
            if !args.demo {
                hint_when_empty(&server.state.db).await;
            }
            shutdown_signal().await;
            tracing::info!("shutting down: finishing requests in flight");
            server.shutdown().await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// How to put a conference in an empty database.
const HOW_TO_START: &str = "create one with `sanad conference create --slug SLUG --name NAME --time-zone AREA/CITY \
    --start YYYY-MM-DD --end YYYY-MM-DD --languages en,ar` or import one with `sanad import FILE`, \
    or run `sanad serve --demo` for the demo";

/// Tells whoever starts a server on an empty database how to fill it (one count query).
async fn hint_when_empty(db: &DatabaseConnection) {
    match conference::Entity::find().count(db).await {
        Ok(0) => tracing::warn!("no conference in the database: {HOW_TO_START}, then start the server again"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "cannot count the conferences"),
    }
}

/// Reports a refused `conference create`: bad input and a taken slug name their flag and exit
/// with the bad-input status; anything else is the database's fault.
fn refused(args: &ConferenceCreateArgs, error: AppError) -> Result<ExitCode, CliError> {
    match error {
        AppError::BadUserInput { field, message } => Ok(refuse(args.flag_of(&field), &message)),
        AppError::Conflict { message } => Ok(refuse("--slug", &message)),
        _ => Err(CliError::Conference("the database refused the new conference; nothing was written".to_owned())),
    }
}

/// One line saying what was created and what to do next, and a note for each language the
/// catalogue does not know (shown by its tag until a programme names it).
fn print_created(out: &mut (dyn Write + Send), c: &conference::Model) -> std::io::Result<()> {
    let tags: Vec<&str> = c.languages.0.iter().map(|l| l.tag.as_str()).collect();
    let required: Vec<&str> = c.languages.0.iter().filter(|l| l.required).map(|l| l.tag.as_str()).collect();
    writeln!(
        out,
        "created conference {slug} ({name}, {start} to {end}, {zone}, languages {tags}; default {default}; required \
         {required}); next: sanad import FILE --conference {slug}",
        slug = c.slug,
        name = c.name.get(&c.default_language).unwrap_or_default(),
        start = c.start_date,
        end = c.end_date,
        zone = c.time_zone,
        tags = tags.join(", "),
        default = c.default_language,
        required = required.join(", "),
    )?;
    for tag in tags.iter().filter(|tag| language_catalogue::lookup(tag).is_none()) {
        writeln!(
            out,
            "note: Sanad's language catalogue does not know {tag}: unless a programme names it, it is shown as {tag}"
        )?;
    }
    Ok(())
}

fn print_reports(out: &mut (dyn Write + Send), reports: &[readiness::Report]) -> std::io::Result<usize> {
    if reports.is_empty() {
        writeln!(out, "no conference is loaded: {HOW_TO_START}")?;
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

/// Fetches `sanad import URL`'s source.
async fn fetch_source(args: &ImportArgs) -> Result<Vec<u8>, CliError> {
    let source = args.source.expose();
    let url = reqwest::Url::parse(source).map_err(|e| CliError::Import(format!("the source is not a URL: {e}")))?;
    let policy = FetchPolicy { allow_private: args.allow_private_source, ..FetchPolicy::default() };
    let client =
        SourceClient::new(policy).map_err(|e| CliError::Import(format!("cannot build an HTTP client: {e}")))?;
    match client.fetch(&url, None).await {
        Ok(Fetched::Body { bytes, .. }) => Ok(bytes),
        Ok(Fetched::NotModified) => {
            Err(CliError::Import(format!("{}: answered 304 unasked", url.host_str().unwrap_or(""))))
        }
        Err(e) => Err(CliError::Import(format!("{e}; nothing was imported"))),
    }
}

/// `sanad import`: everything is checked first; a source with any problem writes nothing.
async fn import(
    database: &DatabaseTarget,
    args: &ImportArgs,
    out: &mut (dyn Write + Send),
) -> Result<ExitCode, CliError> {
    use crate::schedule::{Format, import as schedule_import, read};
    let path = args.source.expose();
    let bytes = if path.starts_with("http://") || path.starts_with("https://") {
        fetch_source(args).await?
    } else {
        let metadata = std::fs::metadata(path).map_err(|e| CliError::Import(format!("{path}: {e}")))?;
        if metadata.len() > read::MAX_SOURCE_BYTES as u64 {
            return Err(CliError::Import(format!("{path}: the file is over 50 MB")));
        }
        std::fs::read(path).map_err(|e| CliError::Import(format!("{path}: {e}")))?
    };
    // A URL is named by its host from here on: its query may hold an API token.
    let path = match reqwest::Url::parse(path) {
        Ok(url) if url.has_host() => url.host_str().unwrap_or_default().to_owned(),
        _ => path.clone(),
    };
    let format = match args.format {
        ImportFormat::Sanad => return import_document(database, args, &path, &bytes, out).await,
        ImportFormat::Auto if is_sanad_document(&bytes) => {
            return import_document(database, args, &path, &bytes, out).await;
        }
        ImportFormat::Auto => Some(read::detect(&bytes).ok_or_else(|| {
            CliError::Import(format!(
                "{path}: not a format Sanad reads (frab XML, pretalx or c3voc JSON, Sanad's own document)"
            ))
        })?),
        ImportFormat::FrabXml => Some(Format::FrabXml),
        ImportFormat::PretalxJson | ImportFormat::C3vocJson => Some(Format::C3vocJson),
    };
    if let Some(zone) = &args.time_zone
        && zone.parse::<chrono_tz::Tz>().is_err()
    {
        return Err(CliError::Import(format!("--time-zone: '{zone}' is not an IANA time zone such as Europe/Berlin")));
    }
    let options = schedule_import::Options {
        conference: args.conference.clone(),
        format,
        dry_run: args.dry_run,
        time_zone: args.time_zone.clone(),
        allow_removals: args.allow_removals,
    };
    let db = db::open(database, Arc::new(StatementCounter::default())).await?;
    let report = schedule_import::import_source(&db, &bytes, &options, chrono::Utc::now())
        .await
        .map_err(|e| CliError::Import(format!("{path}: nothing was imported: {e}")))?;
    // Servers running on the same database hear of it (on SQLite they watch the file).
    crate::relay::announce(&db, &report.outcome.published).await;
    schedule_import::print_report(out, &report, args.dry_run)?;
    Ok(ExitCode::SUCCESS)
}

/// Whether a file is Sanad's own programme document: a JSON object with a venue and
/// sessions (c3voc's has a `schedule` instead).
fn is_sanad_document(bytes: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(map)) => map.contains_key("venue") && !map.contains_key("schedule"),
        _ => false,
    }
}

/// `sanad import` of Sanad's own document, through the same editing services as organisers'
/// mutations; a document with any problem writes nothing.
async fn import_document(
    database: &DatabaseTarget,
    args: &ImportArgs,
    path: &str,
    bytes: &[u8],
    out: &mut (dyn Write + Send),
) -> Result<ExitCode, CliError> {
    use sanad_schema::service::programme_import;
    let text = std::str::from_utf8(bytes).map_err(|e| CliError::Import(format!("{path}: not UTF-8: {e}")))?;
    let doc = programme_import::parse(text).map_err(|e| CliError::Import(format!("{path}: {e}")))?;
    if let Some(slug) = &args.conference
        && *slug != doc.conference.slug
    {
        return Err(CliError::Import(format!(
            "{path}: the document is for conference {}, not {slug}; nothing was imported",
            doc.conference.slug
        )));
    }
    if args.time_zone.is_some() {
        return Err(CliError::Import(format!(
            "--time-zone: a Sanad document gives its zone as conference.timeZone ({path}); nothing was imported"
        )));
    }
    let db = db::open(database, Arc::new(StatementCounter::default())).await?;
    let imported = programme_import::import_at(&db, &doc, chrono::Utc::now(), args.dry_run)
        .await
        .map_err(|e| CliError::Import(format!("{path}: nothing was imported: {e}")))?;
    if !args.dry_run {
        crate::relay::announce(&db, &imported.published).await;
    }
    let slug = &doc.conference.slug;
    let count = imported.published.len();
    match (args.dry_run, imported.created, count) {
        (true, _, _) => {
            writeln!(out, "{slug}: {} sessions; a real run would make {count} change(s)", imported.sessions)?
        }
        (false, true, _) => writeln!(
            out,
            "created conference {slug} with {} sessions (programme version {})",
            imported.sessions, imported.version
        )?,
        (false, false, 0) => writeln!(
            out,
            "{slug}: {} sessions, no changes (programme version {})",
            imported.sessions, imported.version
        )?,
        (false, false, _) => writeln!(
            out,
            "{slug}: {} sessions; made {count} change(s), programme version {}",
            imported.sessions, imported.version
        )?,
    }
    let mut kinds: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for change in &imported.published {
        *kinds.entry(format!("{:?} {:?}", change.target, change.action).to_lowercase()).or_default() += 1;
    }
    for (kind, n) in kinds {
        writeln!(out, "  {n} × {kind}")?;
    }
    for note in &imported.notes {
        writeln!(out, "  note: {note}")?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_the_arguments_holds_no_secret() {
        let cli = Cli::try_parse_from([
            "sanad",
            "--data-key",
            "q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=",
            "--vapid-private-key",
            "vApIdPrIvAtEkEy_secret",
            "--database-url",
            "postgres://sanad:hunter2@db/sanad",
            "serve",
            "--programme-source",
            "https://pretalx.example/x/schedule.json?token=abc123",
        ])
        .unwrap();
        let printed = format!("{cli:?}");
        for secret in ["q6ur", "vApIdPrIvAtEkEy", "hunter2", "abc123"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert!(printed.contains("Secret([REDACTED])") && printed.contains("Serve("), "{printed}");
        // The values still reach what needs them.
        assert_eq!(exposed(&cli.database_url), Some("postgres://sanad:hunter2@db/sanad"));
        assert_eq!(cli.data_key.as_ref().map(|k| k.expose().len()), Some(44));

        let import = Cli::try_parse_from(["sanad", "import", "https://pretalx.example/x.json?token=abc123"]).unwrap();
        assert!(!format!("{import:?}").contains("abc123"), "{import:?}");
    }

    /// `--help` shows the environment's value of a flag unless told not to: set in production,
    /// these would print a key, a password or a token to anyone reading the help.
    #[test]
    fn help_never_shows_a_secret_from_the_environment() {
        let cli = <Cli as clap::CommandFactory>::command();
        let serve = cli.find_subcommand("serve").unwrap();
        let secret_flags = ["data_key", "vapid_private_key", "database_url"].map(|id| (&cli, id));
        for (command, id) in secret_flags.into_iter().chain([(serve, "programme_source")]) {
            let arg = command.get_arguments().find(|a| a.get_id() == id).unwrap();
            assert!(arg.is_hide_env_values_set(), "--{id} would show its value in --help");
        }
    }
}
