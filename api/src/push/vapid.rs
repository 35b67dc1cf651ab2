//! The VAPID key pair (RFC 8292) that identifies this server to push services: given by
//! `SANAD_VAPID_PRIVATE_KEY` or kept in `<data-dir>/vapid.key`, created on first start.
//! Every instance must use the same key: browsers subscribed with its public half.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use web_push::{PartialVapidSignatureBuilder, SubscriptionInfo, VapidSignature, VapidSignatureBuilder};

/// The key file's name in the data directory.
pub const FILE: &str = "vapid.key";
/// A signature is reused for this long per push service (its `exp` is 12 hours ahead): one
/// ES256 signature an hour instead of one per message.
const REUSE: Duration = Duration::from_secs(3_600);

#[derive(Debug, thiserror::Error)]
pub enum VapidError {
    #[error("the VAPID private key must be base64url of a 32-byte P-256 key")]
    BadKey,
    #[error("the VAPID contact must be a mailto: or https: URL")]
    BadContact,
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("cannot sign for {0}")]
    Sign(String),
}

/// A fresh private key, base64url.
pub fn generate() -> String {
    let key = p256::SecretKey::random(&mut p256::elliptic_curve::rand_core::OsRng);
    URL_SAFE_NO_PAD.encode(key.to_bytes())
}

/// The key from `given`, else the data directory's key file, created when absent.
pub fn load(given: Option<&str>, data_dir: &Path) -> Result<String, VapidError> {
    if let Some(given) = given {
        return Ok(given.trim().to_owned());
    }
    let path = data_dir.join(FILE);
    let fail = |message: String| VapidError::File { path: path.display().to_string(), message };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text.trim().to_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir).map_err(|e| fail(e.to_string()))?;
            let key = generate();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&path).map_err(|e| fail(e.to_string()))?;
            file.write_all(key.as_bytes()).and_then(|()| file.sync_all()).map_err(|e| fail(e.to_string()))?;
            tracing::info!(path = %path.display(), "created the VAPID key: back it up; devices subscribed with it");
            Ok(key)
        }
        Err(e) => Err(fail(e.to_string())),
    }
}

/// Signs VAPID headers, one signature per push service origin, reused for an hour.
pub struct Vapid {
    key: PartialVapidSignatureBuilder,
    contact: String,
    public_key: String,
    signed: Mutex<HashMap<String, (VapidSignature, Instant)>>,
}

impl std::fmt::Debug for Vapid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vapid").field("public_key", &self.public_key).finish_non_exhaustive()
    }
}

impl Vapid {
    pub fn new(private_key: &str, contact: &str) -> Result<Self, VapidError> {
        if !(contact.starts_with("mailto:") || contact.starts_with("https:")) {
            return Err(VapidError::BadContact);
        }
        let key = VapidSignatureBuilder::from_base64_no_sub(private_key).map_err(|_| VapidError::BadKey)?;
        let public_key = URL_SAFE_NO_PAD.encode(key.get_public_key());
        Ok(Self { key, contact: contact.to_owned(), public_key, signed: Mutex::new(HashMap::new()) })
    }

    /// The public key devices subscribe with (base64url, uncompressed point).
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The signature for a subscription's push service. The audience is the endpoint's
    /// origin with its port, which web-push would otherwise drop.
    pub fn signature(&self, info: &SubscriptionInfo, origin: &str) -> Result<VapidSignature, VapidError> {
        if let Ok(signed) = self.signed.lock()
            && let Some((signature, at)) = signed.get(origin)
            && at.elapsed() < REUSE
        {
            return Ok(signature.clone());
        }
        let mut builder = self.key.clone().add_sub_info(info);
        builder.add_claim("sub", self.contact.as_str());
        builder.add_claim("aud", origin);
        let signature = builder.build().map_err(|e| VapidError::Sign(e.to_string()))?;
        if let Ok(mut signed) = self.signed.lock() {
            signed.insert(origin.to_owned(), (signature.clone(), Instant::now()));
        }
        Ok(signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_and_signs() {
        let dir = tempfile::tempdir().unwrap();
        let key = load(None, dir.path()).unwrap();
        assert_eq!(load(None, dir.path()).unwrap(), key);
        let vapid = Vapid::new(&key, "mailto:desk@example.org").unwrap();
        assert_eq!(URL_SAFE_NO_PAD.decode(vapid.public_key()).unwrap().len(), 65);
        assert!(Vapid::new(&key, "desk@example.org").is_err());
        assert!(Vapid::new("short", "mailto:desk@example.org").is_err());
        let info = SubscriptionInfo::new("https://fcm.googleapis.com/x", "k", "a");
        let first = vapid.signature(&info, "https://fcm.googleapis.com").unwrap();
        assert_eq!(vapid.signature(&info, "https://fcm.googleapis.com").unwrap(), first, "reused");
    }
}
