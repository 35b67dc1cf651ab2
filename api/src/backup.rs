//! `sanad backup DEST` and `sanad restore SRC` (DESIGN §5): backups that restore.
//!
//! Why not copy `sanad.db`: in WAL mode most recent writes live in `sanad.db-wal` until a
//! checkpoint, so a copy of the main file alone can hold almost nothing (4 KB beside 2.4 MB of
//! WAL after `--demo`). `sanad backup` asks SQLite for `VACUUM INTO`, which writes one snapshot
//! of the whole database (main file and WAL as seen by one read transaction) into a new,
//! self-contained file while the server keeps serving and writing.
//!
//! The database is not all a deployment needs: the data key seals accommodation details and
//! the VAPID key signs push messages, and both live outside it. Both commands say where those
//! keys are (paths, never contents), and `restore` says when the key it will run with cannot
//! open the backup's sealed details.
//!
//! How `restore` knows no server holds the database: every SQLite connection to a database in
//! WAL mode (the mode Sanad always sets) keeps a SHARED lock on the database file for as long
//! as it is open, idle or not. `restore` opens the file with `locking_mode=EXCLUSIVE` and no
//! busy timeout and starts `BEGIN EXCLUSIVE`, which needs an EXCLUSIVE lock on the file: it
//! gets one only when no other connection, in this process or any other, has the database open.
//! That is the test SQLite itself uses on close to decide it is the last connection.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sanad_schema::entities::request_item;
use sanad_schema::service::accommodation::sealing::{Column, Sealer};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteLockingMode};
use sea_orm::sqlx::{ConnectOptions, Connection, Row};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, Statement};

use crate::data_key;
use crate::db::{self, DatabaseTarget, StatementCounter};
use crate::push::vapid;

/// `sanad backup`'s one-line summary.
pub const BACKUP_ABOUT: &str =
    "Copy the SQLite database, consistent while the server serves and writes, into one new file DEST.";

/// `sanad backup --help`.
pub const BACKUP_HELP: &str = "\
Copy the SQLite database, consistent while the server serves and writes, into one new file DEST.

DEST is one self-contained SQLite file (SQLite's VACUUM INTO: one snapshot of the database and its \
write-ahead log), so no -wal or -shm file is needed beside it. DEST must not exist (a backup never \
overwrites anything) and its directory must. The copy is written under a temporary name in that \
directory, checked, and only then given DEST's name: a crash never leaves half a backup under DEST.

The database alone does not restore a deployment. Keep its two keys beside it (the command prints \
where they are, never their contents):
  - the data key (--data-key or SANAD_DATA_KEY, else DATA_DIR/data.key) seals accommodation \
details: restored without the same data key, the details cannot be read;
  - the VAPID key (--vapid-private-key or SANAD_VAPID_PRIVATE_KEY, else DATA_DIR/vapid.key) signs \
push messages: restored without it, every device must subscribe again.

On PostgreSQL this command refuses: back up with `pg_dump --format=custom` and keep the same two keys.

Exit status: 0 backed up, 2 bad input (DEST exists, its directory is missing, no SQLite database), \
1 anything else.";

/// `sanad restore`'s one-line summary.
pub const RESTORE_ABOUT: &str =
    "Replace the SQLite database with a backup made by `sanad backup` (stop the server first).";

/// `sanad restore --help`.
pub const RESTORE_HELP: &str = "\
Replace the SQLite database (DATA_DIR/sanad.db, or the file of --database-url sqlite:PATH) with the \
backup SRC made by `sanad backup`.

SRC is never changed: a copy of it, made beside the database, must be a SQLite database that passes \
integrity_check and holds Sanad's migrations table; migrations this version has and SRC lacks run on \
the copy. Refused while a server or another sanad command has the database open: stop the server \
first. The database it replaces is never deleted: it is kept as NAME.before-restore-TIMESTAMP (with \
its -wal, if a crash left one), and the old -shm is removed.

Start the server with the keys the backup was made with:
  - the data key (--data-key or SANAD_DATA_KEY, else DATA_DIR/data.key) seals accommodation \
details: without the same data key they cannot be read (restore warns when the key it finds does \
not open them);
  - the VAPID key (--vapid-private-key or SANAD_VAPID_PRIVATE_KEY, else DATA_DIR/vapid.key) signs \
push messages: without it, every device must subscribe again.

On PostgreSQL this command refuses: restore a `pg_dump --format=custom` file with pg_restore.

Exit status: 0 restored, 2 bad input (SRC missing or not a Sanad database), 1 anything else \
(the database in use, a file that cannot be written).";

/// What `sanad backup` is told.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The new backup file: must not exist; its directory must.
    pub dest: PathBuf,
}

/// What `sanad restore` is told.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup file to restore (made by `sanad backup`).
    pub src: PathBuf,
}

/// Where the keys come from: given values or the data directory's files.
#[derive(Clone, Copy)]
pub struct Keys<'a> {
    pub data_dir: &'a Path,
    /// `--data-key`/`SANAD_DATA_KEY`, when given (only ever decoded, never shown).
    pub data_key: Option<&'a str>,
    /// Whether `--vapid-private-key`/`SANAD_VAPID_PRIVATE_KEY` was given.
    pub vapid_key_given: bool,
}

impl std::fmt::Debug for Keys<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("data_dir", &self.data_dir)
            .field("data_key_given", &self.data_key.is_some())
            .field("vapid_key_given", &self.vapid_key_given)
            .finish()
    }
}

/// A backup or restore that failed for a reason other than its input (exit status 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BackupError(String);

/// Why a command stopped: its input (named, exit status 2) or anything else.
enum Stop {
    Refused { what: String, message: String },
    Failed(String),
}

fn refused(what: impl std::fmt::Display, message: impl Into<String>) -> Stop {
    Stop::Refused { what: what.to_string(), message: message.into() }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Self {
        Stop::Failed(e.to_string())
    }
}

/// The exit status of a command refused for what it was told (as for clap's usage errors).
const BAD_INPUT: u8 = 2;

/// Prints a refusal in the one-line form of every other CLI error and turns the outcome into
/// an exit status.
fn finish(outcome: Result<(), Stop>) -> Result<ExitCode, BackupError> {
    match outcome {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(Stop::Refused { what, message }) => {
            eprintln!("sanad: error: {what}: {message}");
            Ok(ExitCode::from(BAD_INPUT))
        }
        Err(Stop::Failed(message)) => Err(BackupError(message)),
    }
}

/// `sanad backup DEST`.
pub async fn backup(
    database: &DatabaseTarget,
    keys: Keys<'_>,
    args: &BackupArgs,
    out: &mut (dyn Write + Send),
) -> Result<ExitCode, BackupError> {
    finish(run_backup(database, keys, &args.dest, out).await)
}

/// `sanad restore SRC`.
pub async fn restore(
    database: &DatabaseTarget,
    keys: Keys<'_>,
    args: &RestoreArgs,
    out: &mut (dyn Write + Send),
) -> Result<ExitCode, BackupError> {
    finish(run_restore(database, keys, &args.src, out).await)
}

const POSTGRES_BACKUP: &str = "sanad backup copies the SQLite database only, and this deployment uses PostgreSQL: \
    back it up with `pg_dump --format=custom --file=sanad.dump DATABASE` and keep the data key and the VAPID key \
    beside the dump (README, Backups)";

const POSTGRES_RESTORE: &str = "sanad restore replaces the SQLite database only, and this deployment uses \
    PostgreSQL: restore a `pg_dump --format=custom` file with pg_restore, and start the server with the data key \
    and the VAPID key kept beside it (README, Backups)";

async fn run_backup(
    database: &DatabaseTarget,
    keys: Keys<'_>,
    dest: &Path,
    out: &mut (dyn Write + Send),
) -> Result<(), Stop> {
    let source = match database {
        DatabaseTarget::Postgres(_) => return Err(refused("--database-url", POSTGRES_BACKUP)),
        DatabaseTarget::Sqlite(path) => path,
    };
    if !source.is_file() {
        return Err(refused(
            "--data-dir/--database-url",
            format!("no SQLite database at {}: nothing to back up", source.display()),
        ));
    }
    let dest_dir = directory_of(dest);
    if dest.symlink_metadata().is_ok() {
        return Err(refused(
            dest.display(),
            "DEST already exists: sanad backup never overwrites anything; give a new file name",
        ));
    }
    if !dest_dir.is_dir() {
        return Err(refused(
            dest.display(),
            format!("DEST's directory {} does not exist: create it first", dest_dir.display()),
        ));
    }
    let Some(name) = dest.file_name().and_then(|n| n.to_str()) else {
        return Err(refused(dest.display(), "DEST must name a file, in UTF-8"));
    };

    let started = Instant::now();
    // Owner-only from the start: the backup holds people's names and sealed details. VACUUM
    // INTO writes into an existing file only when it is empty, which this one is.
    let partial = Partial::create(&dest_dir, &format!(".{name}"), "backup-partial")?;
    let Some(partial_name) = partial.path.to_str() else {
        return Err(refused(dest.display(), "DEST's directory must be a UTF-8 path"));
    };
    let db = db::open(database, Arc::new(StatementCounter::default()))
        .await
        .map_err(|e| Stop::Failed(format!("{e}; nothing was written")))?;
    let copied = db
        .execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [partial_name.into()]))
        .await
        .map_err(|e| {
            Stop::Failed(format!("SQLite could not copy {}: {}; nothing was written", source.display(), one_line(&e)))
        });
    // The copy is done: the server's database is not needed any more, whatever happened.
    let _ = db.close().await;
    copied?;
    File::open(&partial.path)?.sync_all()?;
    inspect(&partial.path).await.map_err(|problem| {
        Stop::Failed(format!("the copy of {} is not sound ({problem}); nothing was written", source.display()))
    })?;
    partial.publish(dest)?;
    let elapsed = started.elapsed();
    let bytes = std::fs::metadata(dest)?.len();

    writeln!(
        out,
        "backed up {} to {} ({bytes} bytes, {} ms): one self-contained file, no -wal or -shm needed beside it",
        database.describe(),
        dest.display(),
        elapsed.as_millis()
    )?;
    writeln!(out, "keep these keys beside the backup (copy them as files; their contents are secret):")?;
    for line in key_lines(keys) {
        writeln!(out, "  - {line}")?;
    }
    Ok(())
}

async fn run_restore(
    database: &DatabaseTarget,
    keys: Keys<'_>,
    src: &Path,
    out: &mut (dyn Write + Send),
) -> Result<(), Stop> {
    let target = match database {
        DatabaseTarget::Postgres(_) => return Err(refused("--database-url", POSTGRES_RESTORE)),
        DatabaseTarget::Sqlite(path) => path,
    };
    let what = src.display();
    let metadata = src.metadata().map_err(|e| refused(&what, format!("cannot read SRC: {e}")))?;
    if !metadata.is_file() {
        return Err(refused(&what, "SRC is not a file"));
    }
    if !has_sqlite_header(src).map_err(|e| refused(&what, format!("cannot read SRC: {e}")))? {
        return Err(refused(&what, "SRC is not a SQLite database (its first bytes are not a SQLite header)"));
    }
    let wal = with_suffix(src, "-wal");
    if wal.metadata().is_ok_and(|m| m.len() > 0) {
        return Err(refused(
            &what,
            format!(
                "{} beside SRC holds writes SRC lacks: SRC is a live database, not a backup; make one with sanad backup",
                wal.display()
            ),
        ));
    }
    if same_file(src, target) {
        return Err(refused(&what, "SRC is the database restore would replace"));
    }
    // Refuse early, before copying a large file, when a server is running; checked again just
    // before the swap.
    ensure_unused(target).await?;

    let dir = directory_of(target);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Stop::Failed(format!("cannot create the data directory {}: {e}", dir.display())))?;
    let target_name = target.file_name().and_then(|n| n.to_str()).unwrap_or("sanad.db");
    let partial = Partial::create(&dir, &format!(".{target_name}"), "restoring")?;
    {
        let mut from = File::open(src).map_err(|e| refused(&what, format!("cannot read SRC: {e}")))?;
        let mut to = OpenOptions::new().write(true).open(&partial.path)?;
        std::io::copy(&mut from, &mut to)?;
        to.sync_all()?;
    }
    let before = inspect(&partial.path).await.map_err(|problem| refused(&what, problem))?;
    let copy = DatabaseTarget::Sqlite(partial.path.clone());
    let db = db::open(&copy, Arc::new(StatementCounter::default())).await.map_err(|e| {
        refused(&what, format!("SRC cannot be brought to this version of Sanad: {e}; nothing was changed"))
    })?;
    let applied = migration_count(&db).await.map(|after| after.saturating_sub(before.migrations));
    let key_check = check_data_key(&db, keys).await;
    let _ = db.close().await;
    let applied = applied.map_err(|e| Stop::Failed(format!("cannot read the migrated copy of SRC: {e}")))?;
    settle(&partial.path).await?;

    ensure_unused(target).await?;
    let aside = swap(target, &partial)?;

    match &aside {
        Some(aside) => writeln!(
            out,
            "restored {} into {} ({applied} migrations applied); the database it replaced is kept as {}",
            src.display(),
            database.describe(),
            aside.display()
        )?,
        None => writeln!(
            out,
            "restored {} into {} ({applied} migrations applied); there was no database there before",
            src.display(),
            database.describe()
        )?,
    }
    writeln!(out, "start the server with the keys this backup was made with:")?;
    for line in key_lines(keys) {
        writeln!(out, "  - {line}")?;
    }
    match key_check {
        KeyCheck::Opens | KeyCheck::NothingSealed => {}
        KeyCheck::NoKey(path) => writeln!(
            out,
            "warning: there is no data key at {} and none was given: a server started now would make a new one and \
             could not read the accommodation details of this backup; put the backup's data key there first",
            path.display()
        )?,
        KeyCheck::WrongKey(from) => writeln!(
            out,
            "warning: the data key {from} does not open the accommodation details of this backup: it is not the key \
             the backup was made with; give that key before starting the server"
        )?,
        KeyCheck::Unreadable(problem) => writeln!(out, "warning: the data key cannot be read: {problem}")?,
    }
    Ok(())
}

/// What a database file holds, once checked.
struct Inspection {
    /// Rows of Sanad's migrations table.
    migrations: u64,
}

/// Checks a SQLite file is a sound Sanad database: `integrity_check` says `ok` and Sanad's
/// migrations table is there. The error says what is wrong, for a message.
async fn inspect(path: &Path) -> Result<Inspection, String> {
    let not_sound =
        |e: sea_orm::sqlx::Error| format!("not a sound SQLite database (damaged or cut short?): {}", one_line(&e));
    let mut conn = connect(SqliteConnectOptions::new().filename(path)).await.map_err(not_sound)?;
    let outcome = async {
        let rows = sea_orm::sqlx::query("PRAGMA integrity_check").fetch_all(&mut conn).await.map_err(not_sound)?;
        let findings: Vec<String> = rows.iter().filter_map(|row| row.try_get::<String, _>(0).ok()).collect();
        if findings != ["ok"] {
            let shown: Vec<&str> = findings.iter().take(3).map(String::as_str).collect();
            return Err(format!("a damaged SQLite database: integrity_check found {}", shown.join("; ")));
        }
        let table = sea_orm::sqlx::query(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'",
        )
        .fetch_one(&mut conn)
        .await
        .map_err(not_sound)?;
        if table.try_get::<i64, _>(0).unwrap_or(0) == 0 {
            return Err("a SQLite database, but not Sanad's: it has no seaql_migrations table".to_owned());
        }
        let count = sea_orm::sqlx::query("SELECT COUNT(*) FROM seaql_migrations")
            .fetch_one(&mut conn)
            .await
            .map_err(not_sound)?;
        Ok(Inspection { migrations: u64::try_from(count.try_get::<i64, _>(0).unwrap_or(0)).unwrap_or(0) })
    }
    .await;
    let _ = conn.close().await;
    outcome
}

async fn migration_count(db: &DatabaseConnection) -> Result<u64, String> {
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, "SELECT COUNT(*) AS n FROM seaql_migrations"))
        .await
        .map_err(|e| one_line(&e))?;
    let count = row.map(|r| r.try_get::<i64>("", "n")).transpose().map_err(|e| one_line(&e))?.unwrap_or(0);
    Ok(u64::try_from(count).unwrap_or(0))
}

/// Whether the data key the server would start with opens the backup's sealed details.
enum KeyCheck {
    Opens,
    NothingSealed,
    NoKey(PathBuf),
    WrongKey(String),
    Unreadable(String),
}

async fn check_data_key(db: &DatabaseConnection, keys: Keys<'_>) -> KeyCheck {
    let sealed = request_item::Entity::find().filter(request_item::Column::DetailsSealed.is_not_null()).one(db).await;
    let stored = match sealed {
        Ok(Some(request_item::Model { details_sealed: Some(stored), .. })) => stored,
        Ok(_) => return KeyCheck::NothingSealed,
        Err(e) => return KeyCheck::Unreadable(format!("cannot read a sealed detail to try it: {}", one_line(&e))),
    };
    let file = keys.data_dir.join(data_key::FILE);
    let (key, from) = match keys.data_key {
        Some(given) => (data_key::load(Some(given), keys.data_dir), "given by --data-key/SANAD_DATA_KEY".to_owned()),
        // `load` would make a new key file when there is none: look first.
        None if !file.exists() => return KeyCheck::NoKey(file),
        None => (data_key::load(None, keys.data_dir), format!("at {}", file.display())),
    };
    match key {
        Ok(key) if Sealer::new(&key).open(Column::ItemDetails, &stored).is_ok() => KeyCheck::Opens,
        Ok(_) => KeyCheck::WrongKey(from),
        Err(e) => KeyCheck::Unreadable(e.to_string()),
    }
}

/// Leaves the restored copy as one file in rollback-journal mode: whatever the migrations left
/// in its write-ahead log is folded into it, and the log removed, so renaming the file alone
/// moves all of it. The server turns WAL on again when it opens the file.
async fn settle(path: &Path) -> Result<(), Stop> {
    let fail = |e: sea_orm::sqlx::Error| Stop::Failed(format!("cannot finish the copy of SRC: {}", one_line(&e)));
    let conn = connect(SqliteConnectOptions::new().filename(path).journal_mode(SqliteJournalMode::Delete))
        .await
        .map_err(fail)?;
    conn.close().await.map_err(fail)?;
    for suffix in ["-wal", "-shm"] {
        remove_if_present(&with_suffix(path, suffix))?;
    }
    File::open(path)?.sync_all()?;
    Ok(())
}

/// Refuses when any connection, in any process, has the database open (see the module docs).
async fn ensure_unused(target: &Path) -> Result<(), Stop> {
    if !target.exists() {
        return Ok(());
    }
    let options = SqliteConnectOptions::new()
        .filename(target)
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(Duration::ZERO);
    let in_use = || {
        Stop::Failed(format!(
            "{} is in use (a running server or another sanad command has it open): stop it, then run sanad restore \
             again; nothing was changed",
            target.display()
        ))
    };
    let mut conn = match connect(options).await {
        Ok(conn) => conn,
        Err(e) if is_busy(&e) => return Err(in_use()),
        // A damaged file cannot be served either: it is what restore is for.
        Err(_) => return Ok(()),
    };
    let taken = sea_orm::sqlx::query("BEGIN EXCLUSIVE").execute(&mut conn).await;
    if taken.is_ok() {
        let _ = sea_orm::sqlx::query("ROLLBACK").execute(&mut conn).await;
    }
    // Closing the only connection checkpoints the database's log into it.
    let _ = conn.close().await;
    match taken {
        Err(e) if is_busy(&e) => Err(in_use()),
        _ => Ok(()),
    }
}

fn is_busy(error: &sea_orm::sqlx::Error) -> bool {
    const SQLITE_BUSY: i64 = 5;
    const SQLITE_LOCKED: i64 = 6;
    let code = error.as_database_error().and_then(|e| e.code()).and_then(|c| c.parse::<i64>().ok());
    // Extended codes keep the primary code in their low byte.
    code.is_some_and(|c| matches!(c & 0xff, SQLITE_BUSY | SQLITE_LOCKED))
}

/// Moves the current database (and a WAL a crash left) aside, removes its `-shm` (an index
/// rebuilt from the WAL), and gives the restored copy its name. Returns where the old one went.
fn swap(target: &Path, partial: &Partial) -> Result<Option<PathBuf>, Stop> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let base = with_suffix(target, &format!(".before-restore-{stamp}"));
    let aside = (1..)
        .map(|n| if n == 1 { base.clone() } else { with_suffix(&base, &format!("-{n}")) })
        .find(|candidate| candidate.symlink_metadata().is_err())
        .unwrap_or(base);
    let moved = target.symlink_metadata().is_ok();
    if moved {
        std::fs::rename(target, &aside).map_err(|e| {
            Stop::Failed(format!(
                "cannot move {} aside to {}: {e}; nothing was changed",
                target.display(),
                aside.display()
            ))
        })?;
    }
    for suffix in ["-wal", "-journal"] {
        let stale = with_suffix(target, suffix);
        if stale.symlink_metadata().is_ok() {
            std::fs::rename(&stale, with_suffix(&aside, suffix))?;
        }
    }
    remove_if_present(&with_suffix(target, "-shm"))?;
    if let Err(e) = std::fs::rename(&partial.path, target) {
        if moved {
            // Put the old database back rather than leave none.
            let _ = std::fs::rename(&aside, target);
        }
        return Err(Stop::Failed(format!("cannot put the restored database at {}: {e}", target.display())));
    }
    sync_directory(&directory_of(target));
    Ok(moved.then_some(aside))
}

/// A file being written under a temporary name, removed (with any `-wal`/`-shm` SQLite made
/// beside it) unless published.
struct Partial {
    path: PathBuf,
}

impl Partial {
    /// A new empty file, owner-only, in `dir`.
    fn create(dir: &Path, stem: &str, kind: &str) -> Result<Self, Stop> {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let path = dir.join(format!("{stem}.{}-{nanos}.{kind}", std::process::id()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&path).map_err(|e| Stop::Failed(format!("cannot write in {}: {e}", dir.display())))?;
        Ok(Self { path })
    }

    /// Gives the file its final name, never replacing a file there: a hard link fails when the
    /// name is taken, where a rename would replace it. Filesystems without hard links get a
    /// rename after one more look.
    fn publish(self, dest: &Path) -> Result<(), Stop> {
        let taken = || refused(dest.display(), "DEST appeared while the backup was written; it was left as it is");
        match std::fs::hard_link(&self.path, dest) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(taken()),
            Err(_) if dest.symlink_metadata().is_ok() => return Err(taken()),
            Err(_) => {
                std::fs::rename(&self.path, dest)?;
            }
        }
        sync_directory(&directory_of(dest));
        Ok(())
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        for path in [self.path.clone(), with_suffix(&self.path, "-wal"), with_suffix(&self.path, "-shm")] {
            let _ = std::fs::remove_file(path);
        }
    }
}

async fn connect(options: SqliteConnectOptions) -> Result<SqliteConnection, sea_orm::sqlx::Error> {
    options.create_if_missing(false).connect().await
}

fn has_sqlite_header(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut file = File::open(path)?;
    match file.read_exact(&mut header) {
        Ok(()) => Ok(&header == b"SQLite format 3\0"),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(e),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The directory a path's file is in (`.` for a bare name).
fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `path` with `suffix` added to its file name (`sanad.db` → `sanad.db-wal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Makes a rename in `dir` durable (best effort: not every platform can sync a directory).
fn sync_directory(dir: &Path) {
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// Where the two keys are, for the reminder: paths or the flag that gave them, never contents.
fn key_lines(keys: Keys<'_>) -> [String; 2] {
    let place = |given: bool, flag: &str, file: &str| {
        if given {
            format!("given by {flag}: keep that value")
        } else {
            let path = keys.data_dir.join(file);
            let missing = if path.exists() { "" } else { " (not there now)" };
            format!("{}{missing}", path.display())
        }
    };
    [
        format!(
            "the data key, {}: it seals accommodation details; without the same data key they cannot be read",
            place(keys.data_key.is_some(), "--data-key/SANAD_DATA_KEY", data_key::FILE)
        ),
        format!(
            "the VAPID key, {}: it signs push messages; without it every device must subscribe again",
            place(keys.vapid_key_given, "--vapid-private-key/SANAD_VAPID_PRIVATE_KEY", vapid::FILE)
        ),
    ]
}

fn one_line(error: &dyn std::fmt::Display) -> String {
    error.to_string().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_go_on_the_file_name() {
        assert_eq!(with_suffix(Path::new("/srv/sanad.db"), "-wal"), PathBuf::from("/srv/sanad.db-wal"));
        assert_eq!(directory_of(Path::new("backup.db")), PathBuf::from("."));
        assert_eq!(directory_of(Path::new("/b/backup.db")), PathBuf::from("/b"));
    }

    #[test]
    fn the_key_reminder_names_paths_or_flags_never_values() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(data_key::FILE), "q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=").unwrap();
        let keys = Keys { data_dir: dir.path(), data_key: None, vapid_key_given: true };
        let [data, vapid] = key_lines(keys);
        assert!(data.contains(&dir.path().join("data.key").display().to_string()), "{data}");
        assert!(!data.contains("q6ur") && !data.contains("not there"), "{data}");
        assert!(vapid.contains("given by --vapid-private-key") && vapid.contains("subscribe again"), "{vapid}");
        let given = Keys { data_key: Some("secret-value"), ..keys };
        assert!(!format!("{:?} {}", given, key_lines(given).join(" ")).contains("secret-value"));
    }

    #[test]
    fn only_sqlite_files_pass_the_header_check() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "not a database at all").unwrap();
        assert!(!has_sqlite_header(&text).unwrap());
        let short = dir.path().join("short");
        std::fs::write(&short, "SQLite").unwrap();
        assert!(!has_sqlite_header(&short).unwrap());
        let header = dir.path().join("header");
        std::fs::write(&header, b"SQLite format 3\0rest").unwrap();
        assert!(has_sqlite_header(&header).unwrap());
    }
}
