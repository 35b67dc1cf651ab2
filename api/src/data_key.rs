//! The data key that seals accommodation details (DESIGN §6 rule 3): kept outside the
//! database, in `SANAD_DATA_KEY` (base64 of 32 bytes; give every instance the same) or in
//! `<data-dir>/data.key`, created with owner-only permissions on first start.

use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sanad_schema::service::accommodation::sealing::Sealer;

/// The key file's name in the data directory.
pub const FILE: &str = "data.key";

#[derive(Debug, thiserror::Error)]
pub enum DataKeyError {
    #[error("SANAD_DATA_KEY must be the base64 of 32 bytes")]
    BadKey,
    #[error("{path}: {message}")]
    File { path: String, message: String },
}

fn decode(text: &str) -> Option<[u8; 32]> {
    STANDARD.decode(text.trim()).ok()?.try_into().ok()
}

/// The key from `given` (the environment or a flag), else the data directory's key file,
/// which is created when absent.
pub fn load(given: Option<&str>, data_dir: &Path) -> Result<[u8; 32], DataKeyError> {
    if let Some(given) = given {
        return decode(given).ok_or(DataKeyError::BadKey);
    }
    let path = data_dir.join(FILE);
    let fail = |message: String| DataKeyError::File { path: path.display().to_string(), message };
    match std::fs::read_to_string(&path) {
        Ok(text) => decode(&text).ok_or_else(|| fail("not the base64 of 32 bytes".to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir).map_err(|e| fail(e.to_string()))?;
            let key = Sealer::generate_key();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&path).map_err(|e| fail(e.to_string()))?;
            file.write_all(STANDARD.encode(key).as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| fail(e.to_string()))?;
            tracing::info!(path = %path.display(), "created the data key: back it up; without it request details cannot be read");
            Ok(key)
        }
        Err(e) => Err(fail(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_and_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let first = load(None, dir.path()).unwrap();
        assert_eq!(load(None, dir.path()).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
        let given = STANDARD.encode([9u8; 32]);
        assert_eq!(load(Some(&given), dir.path()).unwrap(), [9u8; 32]);
        assert!(matches!(load(Some("c2hvcnQ="), dir.path()), Err(DataKeyError::BadKey)));
        std::fs::write(dir.path().join(FILE), "garbage").unwrap();
        assert!(load(None, dir.path()).is_err());
    }
}
