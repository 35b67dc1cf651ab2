//! Opening the database: an embedded SQLite file by default, PostgreSQL when the URL says so
//! (DESIGN §3), migrated on open.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sanad_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, TransactionTrait};
use url::{Position, Url};

/// Where the data lives. `Debug` (and [`DatabaseTarget::describe`]) print a PostgreSQL URL
/// with its password replaced, so a target can be logged or put in a panic message.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::fmt::Debug for DatabaseTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            Self::Postgres(url) => f.debug_tuple("Postgres").field(&redact(url)).finish(),
        }
    }
}

impl DatabaseTarget {
    /// From `--database-url`/`SANAD_DATABASE_URL`/`DATABASE_URL`, or the SQLite file in the
    /// data directory.
    pub fn from_config(database_url: Option<&str>, data_dir: &Path) -> Result<Self, DbError> {
        match database_url.map(str::trim).filter(|u| !u.is_empty()) {
            None => Ok(Self::Sqlite(data_dir.join("sanad.db"))),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(Self::Postgres(url.to_owned()))
            }
            Some(url) => match url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
                Some(path) => Ok(Self::Sqlite(PathBuf::from(path.split('?').next().unwrap_or(path)))),
                None => Err(DbError::Url(redact(url))),
            },
        }
    }

    /// How to name the target in logs and errors, without a password.
    pub fn describe(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("SQLite file {}", path.display()),
            Self::Postgres(url) => format!("PostgreSQL {}", redact(url)),
        }
    }
}

/// Query parameters that carry a password: sqlx reads `password`, libpq also `sslpassword`.
const PASSWORD_PARAMETERS: [&str; 2] = ["password", "sslpassword"];

/// A database URL fit for logs and errors: a password, in the user part or in the query,
/// becomes `***`; everything else (user, host, port, database, options) stays, to tell
/// targets apart.
fn redact(url: &str) -> String {
    let Ok(mut parsed) = Url::parse(url) else { return redact_unreadable(url) };
    // An '@' past the host means the parser ended the user part early, at a '/', '?' or '#'
    // written unescaped in the password (`sanad:12/x@db` reads as port 12, path `/x@db`).
    if parsed[Position::BeforePath..].contains('@') {
        return redact_unreadable(url);
    }
    if parsed.password().is_some() {
        // Fails only for a URL without a host, which has no password to hide.
        let _ = parsed.set_password(Some("***"));
    }
    let is_password = |name: &str| PASSWORD_PARAMETERS.iter().any(|p| name.eq_ignore_ascii_case(p));
    if parsed.query_pairs().any(|(name, _)| is_password(&name)) {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(name, value)| {
                let value = if is_password(&name) { "***".to_owned() } else { value.into_owned() };
                (name.into_owned(), value)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
}

/// A string the URL parser refuses or misreads (it cannot reach the server meant either): shown
/// as it is when it has no user part or query that could hold a password, else only its scheme.
fn redact_unreadable(url: &str) -> String {
    if !url.contains(['@', '?']) {
        return url.to_owned();
    }
    match url.split_once("://") {
        Some((scheme, _)) if scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) => {
            format!("{scheme}://*** (not a valid URL)")
        }
        _ => "*** (not a valid URL)".to_owned(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("'{0}' is not a database URL: use postgres://… or sqlite:PATH")]
    Url(String),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("cannot open the database {target}: {message}")]
    Open { target: String, message: String },
    #[error("cannot migrate the database {target}: {message}")]
    Migrate { target: String, message: String },
}

/// Counts SQL statements sent to the database (for `/metrics` and the benchmarks).
#[derive(Debug, Default)]
pub struct StatementCounter(AtomicU64);

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Longest a query waits for a free connection before it fails as `UNAVAILABLE` (the
/// admission control in front refuses most overload sooner, see `http::admission`).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections of one pool on PostgreSQL (a server opens two: requests, and the push worker
/// with `/metrics`). Two instances stay well inside PostgreSQL's default 100.
const POSTGRES_MAX_CONNECTIONS: u32 = 16;
const POSTGRES_MIN_CONNECTIONS: u32 = 4;

/// Opens (creating the SQLite file if needed) and migrates the database.
pub async fn open(target: &DatabaseTarget, counter: Arc<StatementCounter>) -> Result<DatabaseConnection, DbError> {
    let open_error = |e: sea_orm::DbErr| DbError::Open { target: target.describe(), message: one_line(&e.to_string()) };
    let mut db = match target {
        DatabaseTarget::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|source| DbError::DataDir { path: dir.display().to_string(), source })?;
            }
            let mut options = ConnectOptions::new(format!("sqlite://{}", path.display()));
            let file = path.clone();
            options
                .max_connections(8)
                .min_connections(1)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .sqlx_logging(false)
                .map_sqlx_sqlite_opts(move |_| {
                    SqliteConnectOptions::new()
                        .filename(&file)
                        .create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .busy_timeout(Duration::from_secs(5))
                        .foreign_keys(true)
                });
            Database::connect(options).await.map_err(open_error)?
        }
        DatabaseTarget::Postgres(url) => {
            let mut options = ConnectOptions::new(url.clone());
            // Connections are opened ahead of a burst (opening one costs a round trip and TLS), up
            // to what one instance uses; several instances share the server's max_connections.
            options
                .max_connections(POSTGRES_MAX_CONNECTIONS)
                .min_connections(POSTGRES_MIN_CONNECTIONS)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .sqlx_logging(false);
            Database::connect(options).await.map_err(open_error)?
        }
    };
    migrate(&db, target).await?;
    db.set_metric_callback(move |info| {
        // The statement text only: bound values may hold personal data.
        tracing::trace!(target: "sanad::sql", sql = %info.statement.sql);
        counter.0.fetch_add(1, Ordering::Relaxed);
    });
    Ok(db)
}

/// Runs pending migrations. On PostgreSQL they run under a transaction-scoped advisory lock,
/// so instances starting together on an empty database migrate once.
async fn migrate(db: &DatabaseConnection, target: &DatabaseTarget) -> Result<(), DbError> {
    let fail = |e: sea_orm::DbErr| DbError::Migrate { target: target.describe(), message: one_line(&e.to_string()) };
    if db.get_database_backend() == DbBackend::Postgres {
        let txn = db.begin().await.map_err(fail)?;
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7306251965)").await.map_err(fail)?;
        Migrator::up(&txn, None).await.map_err(fail)?;
        txn.commit().await.map_err(fail)
    } else {
        Migrator::up(db, None).await.map_err(fail)
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chooses_the_backend_from_the_url() {
        let dir = Path::new("/srv/sanad");
        assert_eq!(DatabaseTarget::from_config(None, dir).unwrap(), DatabaseTarget::Sqlite(dir.join("sanad.db")));
        assert_eq!(DatabaseTarget::from_config(Some(" "), dir).unwrap(), DatabaseTarget::Sqlite(dir.join("sanad.db")));
        assert_eq!(
            DatabaseTarget::from_config(Some("sqlite:/tmp/x.db?mode=rwc"), dir).unwrap(),
            DatabaseTarget::Sqlite("/tmp/x.db".into())
        );
        assert!(matches!(
            DatabaseTarget::from_config(Some("postgresql://u@h/db"), dir).unwrap(),
            DatabaseTarget::Postgres(_)
        ));
        assert!(DatabaseTarget::from_config(Some("mysql://root@h/db"), dir).is_err());
    }

    #[test]
    fn passwords_never_reach_logs() {
        let target = DatabaseTarget::Postgres("postgres://sanad:s3cret@db:5432/sanad".into());
        assert_eq!(target.describe(), "PostgreSQL postgres://sanad:***@db:5432/sanad");
        assert!(!target.describe().contains("s3cret"));
    }

    #[test]
    fn debug_hides_the_password() {
        let target = DatabaseTarget::Postgres("postgres://sanad:hunter2@db/sanad".into());
        let printed = format!("{target:?} {target:#?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert_eq!(format!("{target:?}"), r#"Postgres("postgres://sanad:***@db/sanad")"#);
        assert_eq!(target.clone(), target, "still compared and cloned");
        let file = DatabaseTarget::Sqlite("/srv/sanad/sanad.db".into());
        assert_eq!(format!("{file:?}"), r#"Sqlite("/srv/sanad/sanad.db")"#);
    }

    #[test]
    fn query_passwords_and_unreadable_urls_are_hidden_too() {
        let target = DatabaseTarget::Postgres("postgres://sanad@db/sanad?sslmode=require&password=hunter2".into());
        for printed in [format!("{target:?}"), target.describe()] {
            assert!(!printed.contains("hunter2"), "{printed}");
            assert!(printed.contains("sslmode=require&password=***") && printed.contains("@db/sanad"), "{printed}");
        }
        // A '?' in the password ends the parser's authority: the URL is refused, so hidden.
        let target = DatabaseTarget::Postgres("postgres://sanad:hun?ter2@db/sanad".into());
        for printed in [format!("{target:?}"), target.describe()] {
            assert!(!printed.contains("hun"), "{printed}");
            assert!(printed.contains("postgres://***"), "{printed}");
        }
        let target = DatabaseTarget::Postgres("postgres://sanad:12/hunter2@db/sanad".into());
        assert!(!format!("{target:?}").contains("hunter2"), "{target:?}");
        let refused = DatabaseTarget::from_config(Some("mysql://root:hunter2@h/db"), Path::new(".")).unwrap_err();
        assert!(!refused.to_string().contains("hunter2"), "{refused}");
        assert!(refused.to_string().contains("mysql://root:***@h/db"), "{refused}");
    }
}
