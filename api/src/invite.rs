//! `sanad invite FILE.csv` and `sanad user add`: the file handling and printing around the
//! invitation rules of `sanad_schema::service::invitations`.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Duration, Utc};
use sanad_schema::entities::conference;
use sanad_schema::entities::enums::Role;
use sanad_schema::service::accounts::{self, AccountPolicy, Invited, NewPerson};
use sanad_schema::service::invitations::{self, InviteError, language_list};
use sanad_schema::service::write::begin_write;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::cli::{CliError, InvitationTarget, InviteArgs};

fn policy(target: &InvitationTarget) -> AccountPolicy {
    AccountPolicy { invitation_ttl: Duration::days(target.invitation_ttl_days.into()), ..AccountPolicy::default() }
}

async fn conference_of(db: &DatabaseConnection, target: &InvitationTarget) -> Result<conference::Model, CliError> {
    let query = conference::Entity::find();
    let found = match &target.conference {
        Some(slug) => query.filter(conference::Column::Slug.eq(slug.as_str())).one(db).await,
        None => query.order_by_asc(conference::Column::Id).one(db).await,
    };
    let found = found.map_err(|e| CliError::Invite(format!("cannot read the conferences: {e}")))?;
    found.ok_or_else(|| {
        CliError::Invite(match &target.conference {
            Some(slug) => format!("no conference has the slug `{slug}`"),
            None => "no conference is loaded: import a programme or run `sanad serve --demo` first".to_owned(),
        })
    })
}

/// Creates the output file before anything is imported, so an unwritable path costs nothing.
/// Only its owner may read it: it holds every code.
fn create_private(path: &Path) -> Result<File, CliError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| CliError::Invite(format!("cannot create {}: {e}", path.display())))
}

pub async fn run(
    db: &DatabaseConnection,
    args: InviteArgs,
    out: &mut (dyn Write + Send),
) -> Result<ExitCode, CliError> {
    let input =
        std::fs::read(&args.file).map_err(|e| CliError::Invite(format!("cannot read {}: {e}", args.file.display())))?;
    let rows = invitations::parse_csv(&input).map_err(|problems| report(&args.file, problems))?;
    let conference = conference_of(db, &args.target).await?;
    let output = args.output.clone().unwrap_or_else(|| default_output(&args.file));
    let file = create_private(&output)?;
    // The codes reach the file (synced) before anyone is committed: if writing fails, nobody
    // is invited and no code is lost.
    let keep = |invited: &[Invited]| {
        write_codes(&file, invited).map_err(|e| format!("cannot write {}: {e}", output.display()))
    };
    let result = invitations::invite_all(db, conference.id, rows, Utc::now(), &policy(&args.target), keep).await;
    let invited = match result {
        Ok(invited) => invited,
        Err(error) => {
            drop(file);
            let _ = std::fs::remove_file(&output);
            return Err(match error {
                InviteError::Problems(problems) => report(&args.file, problems),
                InviteError::NotKept(message) => CliError::Invite(format!("{message}; nothing was imported")),
                InviteError::Failed(_) => {
                    CliError::Invite("the database refused the import; nothing was imported".into())
                }
            });
        }
    };
    for person in &invited {
        print_code(out, person)?;
    }
    writeln!(out, "invited {} people to {}; codes written to {}", invited.len(), conference.slug, output.display())?;
    Ok(ExitCode::SUCCESS)
}

pub async fn add_user(
    db: &DatabaseConnection,
    role: Role,
    name: String,
    organisation: Option<String>,
    languages: Vec<String>,
    target: &InvitationTarget,
    out: &mut (dyn Write + Send),
) -> Result<ExitCode, CliError> {
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(CliError::Invite("--name is empty".to_owned()));
    }
    // `--languages ar,en`, `--languages "ar en"` and `--languages ar --languages en` alike,
    // read as `sanad invite` reads its CSV column.
    let languages = language_list(&languages.join(" "))
        .map_err(|problems| CliError::Invite(format!("--languages: {}", problems.join("; "))))?;
    let conference = conference_of(db, target).await?;
    let new = NewPerson { role, name, organisation, delegation: None, languages };
    let refused = |_| CliError::Invite("the database refused the new account".to_owned());
    // The person and their code are written together, or not at all.
    let txn = begin_write(db).await.map_err(|_| CliError::Invite("the database refused the new account".to_owned()))?;
    let invited =
        accounts::create_person(&txn, conference.id, new, Utc::now(), &policy(target)).await.map_err(refused)?;
    txn.commit().await.map_err(|_| CliError::Invite("the database refused the new account".to_owned()))?;
    print_code(out, &invited)?;
    Ok(ExitCode::SUCCESS)
}

fn default_output(file: &Path) -> PathBuf {
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "people".into());
    file.with_file_name(format!("{stem}.codes.csv"))
}

fn report(file: &Path, problems: Vec<invitations::Problem>) -> CliError {
    let mut message = format!("{} has {} problem(s); nothing was imported:", file.display(), problems.len());
    for problem in problems {
        message.push_str(&format!("\n  {problem}"));
    }
    CliError::Invite(message)
}

fn write_codes(file: &File, invited: &[Invited]) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(file);
    writer.write_record(["name", "organisation", "delegation", "role", "code"])?;
    for person in invited {
        let p = &person.person;
        writer.write_record([
            p.name.as_str(),
            p.organisation.as_deref().unwrap_or(""),
            p.delegation.as_deref().unwrap_or(""),
            role_name(p.role),
            person.code.as_str(),
        ])?;
    }
    writer.flush()?;
    file.sync_all()?;
    Ok(())
}

fn print_code(out: &mut (dyn Write + Send), invited: &Invited) -> std::io::Result<()> {
    let p = &invited.person;
    match &p.organisation {
        Some(org) => writeln!(out, "{}\t{} ({}, {})", invited.code, p.name, org, role_name(p.role)),
        None => writeln!(out, "{}\t{} ({})", invited.code, p.name, role_name(p.role)),
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Delegate => "delegate",
        Role::Coordinator => "coordinator",
        Role::Organizer => "organizer",
    }
}
