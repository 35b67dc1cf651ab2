//! The delegate list organisers load with `sanad invite FILE.csv`: every row checked before
//! anything is written, then everyone created with an invitation code in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::accounts::{AccountPolicy, Invited, NewPerson, create_person};
use super::language::parse_tag;
use super::write::begin_write;
use crate::entities::enums::Role;
use crate::entities::person;
use crate::error::AppError;

/// The columns a delegate list must have (any order; more columns are ignored).
pub const COLUMNS: [&str; 5] = ["name", "organisation", "delegation", "languages", "role"];

const MAX_FIELD: usize = 200;
const MAX_LANGUAGES: usize = 8;

/// One problem in the file, with the line it is on (1 is the header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Why nothing was imported.
#[derive(Debug)]
pub enum InviteError {
    /// The file is wrong; every problem found is listed.
    Problems(Vec<Problem>),
    /// The database failed (logged).
    Failed(AppError),
    /// The codes could not be kept; nobody was created.
    NotKept(String),
}

impl From<AppError> for InviteError {
    fn from(e: AppError) -> Self {
        Self::Failed(e)
    }
}

impl From<sea_orm::DbErr> for InviteError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Failed(e.into())
    }
}

/// A person read from the file, with the line they came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub person: NewPerson,
}

/// Reads and checks a delegate list: header with [`COLUMNS`], one person per row. Languages
/// are BCP 47 tags separated by spaces, commas or semicolons, best first; the role is
/// `delegate` (the default when empty), `coordinator` or `organizer`.
pub fn parse_csv(input: &[u8]) -> Result<Vec<Row>, Vec<Problem>> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(false).from_reader(input);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|c| c.trim_start_matches('\u{feff}').to_lowercase().replace("organization", "organisation"))
            .collect(),
        Err(e) => return Err(vec![Problem { line: 1, message: format!("cannot read the header: {e}") }]),
    };
    let position = |name: &str| header.iter().position(|c| c == name);
    let missing: Vec<&str> = COLUMNS.into_iter().filter(|c| position(c).is_none()).collect();
    if !missing.is_empty() {
        let message = format!("missing columns: {} (the header needs {})", missing.join(", "), COLUMNS.join(", "));
        return Err(vec![Problem { line: 1, message }]);
    }
    let columns = COLUMNS.map(|c| position(c).unwrap_or_default());
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<(String, String, String), u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(Problem { line, message: format!("cannot read this row: {e}") });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(columns[i]).unwrap_or("").to_owned();
        match check_row(field(0), field(1), field(2), &field(3), &field(4)) {
            Ok(person) => {
                let key = identity_key(&person.name, person.organisation.as_deref(), person.delegation.as_deref());
                if let Some(first) = seen.insert(key, line) {
                    problems.push(Problem { line, message: format!("the same person as line {first}") });
                }
                rows.push(Row { line, person });
            }
            Err(messages) => problems.extend(messages.into_iter().map(|message| Problem { line, message })),
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(Problem { line: 1, message: "the file lists nobody".to_owned() });
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

/// Two rows are the same person when name, organisation and delegation match, ignoring case
/// and spacing (two delegates of different States may share a common name).
fn identity_key(name: &str, organisation: Option<&str>, delegation: Option<&str>) -> (String, String, String) {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    (fold(name), fold(organisation.unwrap_or("")), fold(delegation.unwrap_or("")))
}

/// A person's languages as people write them, in a spreadsheet cell or on the command line:
/// tags separated by spaces, commas or semicolons, best first, each kept once. Every tag that
/// is not one is named; more than [`MAX_LANGUAGES`] is refused. The one reading of a language
/// list for `sanad invite` (CSV) and `sanad user add --languages`.
pub fn language_list(text: &str) -> Result<Vec<String>, Vec<String>> {
    let mut tags = Vec::new();
    let mut problems = Vec::new();
    for tag in text.split([' ', ',', ';']).filter(|t| !t.is_empty()) {
        match parse_tag(tag) {
            Ok(tag) if !tags.contains(&tag) => tags.push(tag),
            Ok(_) => {}
            Err(_) => problems.push(format!("`{tag}` is not a language tag (BCP 47, like ar, en or fr-CH)")),
        }
    }
    if tags.len() > MAX_LANGUAGES {
        problems.push(format!("at most {MAX_LANGUAGES} languages"));
    }
    if problems.is_empty() { Ok(tags) } else { Err(problems) }
}

fn check_row(
    name: String,
    organisation: String,
    delegation: String,
    languages: &str,
    role: &str,
) -> Result<NewPerson, Vec<String>> {
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push("the name is empty".to_owned());
    }
    for (what, value) in [("name", &name), ("organisation", &organisation), ("delegation", &delegation)] {
        if value.chars().count() > MAX_FIELD {
            problems.push(format!("the {what} is longer than {MAX_FIELD} characters"));
        }
        if value.chars().any(char::is_control) {
            problems.push(format!("the {what} contains control characters"));
        }
    }
    let tags = match language_list(languages) {
        Ok(tags) => tags,
        Err(mut refused) => {
            problems.append(&mut refused);
            Vec::new()
        }
    };
    let role = match role.to_lowercase().as_str() {
        "" | "delegate" => Some(Role::Delegate),
        "coordinator" => Some(Role::Coordinator),
        "organizer" | "organiser" => Some(Role::Organizer),
        other => {
            problems.push(format!("`{other}` is not a role: use delegate, coordinator or organizer"));
            None
        }
    };
    let optional = |s: String| (!s.is_empty()).then_some(s);
    match role {
        Some(role) if problems.is_empty() => Ok(NewPerson {
            role,
            name,
            organisation: optional(organisation),
            delegation: optional(delegation),
            languages: tags,
        }),
        _ => Err(problems),
    }
}

/// Creates everyone in the list, or no one: people already in the conference are reported
/// as problems, like any other. `keep` runs before the commit with everyone's codes (the CLI
/// writes them to a file): when it fails, nobody is created, so no code is ever lost.
pub async fn invite_all(
    db: &DatabaseConnection,
    conference_id: i64,
    rows: Vec<Row>,
    now: DateTime<Utc>,
    policy: &AccountPolicy,
    keep: impl FnOnce(&[Invited]) -> Result<(), String>,
) -> Result<Vec<Invited>, InviteError> {
    let txn = begin_write(db).await?;
    let existing = person::Entity::find().filter(person::Column::ConferenceId.eq(conference_id)).all(&txn).await?;
    let known: std::collections::HashSet<_> =
        existing.iter().map(|p| identity_key(&p.name, p.organisation.as_deref(), p.delegation.as_deref())).collect();
    let problems: Vec<Problem> = rows
        .iter()
        .filter(|r| {
            known.contains(&identity_key(
                &r.person.name,
                r.person.organisation.as_deref(),
                r.person.delegation.as_deref(),
            ))
        })
        .map(|r| Problem { line: r.line, message: format!("{} is already invited", r.person.name) })
        .collect();
    if !problems.is_empty() {
        return Err(InviteError::Problems(problems));
    }
    let mut invited = Vec::with_capacity(rows.len());
    for row in rows {
        invited.push(create_person(&txn, conference_id, row.person, now, policy).await?);
    }
    keep(&invited).map_err(InviteError::NotKept)?;
    txn.commit().await?;
    Ok(invited)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_list_in_any_column_order() {
        let csv = "Role,Name,Languages,Organization,Delegation\n\
                   ,Amina Haddad,ar en,Jordanian Survivors Network,Jordan\n\
                   organiser,Lucía Pérez,\"es;en\",,\n";
        let rows = parse_csv(csv.as_bytes()).expect("valid list");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].person.role, Role::Delegate);
        assert_eq!(rows[0].person.languages, ["ar", "en"]);
        assert_eq!(rows[0].person.organisation.as_deref(), Some("Jordanian Survivors Network"));
        assert_eq!(rows[1].person.role, Role::Organizer);
        assert_eq!(rows[1].person.organisation, None);
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let csv = "name,organisation,delegation,languages,role\n\
                   Amina Haddad,JSN,Jordan,ar,delegate\n\
                   ,JSN,Jordan,xx-!!,chief\n\
                   amina  HADDAD,jsn,Jordan,en,\n\
                   Amina Haddad,JSN,Lebanon,ar,\n";
        let problems = parse_csv(csv.as_bytes()).expect_err("invalid list");
        let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 3, 3, 4], "a namesake of another delegation is another person: {problems:?}");
        assert!(problems[3].message.contains("line 2"));
    }

    #[test]
    fn names_missing_columns() {
        let problems = parse_csv(b"name,languages\nAmina,ar\n").expect_err("columns missing");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("organisation, delegation, role"), "{}", problems[0].message);
        assert!(parse_csv(b"name,organisation,delegation,languages,role\n").is_err(), "nobody listed");
        assert!(parse_csv(b"name,organisation,delegation,languages,role\nA,B,C\n").is_err(), "short row");
    }
}
