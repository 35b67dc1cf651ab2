//! The secrets people hold: invitation codes typed from a badge, bearer tokens, calendar-feed
//! secrets. Codes and tokens are stored only as hashes ([`hash`]); a database copy cannot sign
//! anyone in. Also [`Secret`], which keeps the server's own keys and passwords out of logs.

use std::fmt;

use rand::Rng;
use sha2::{Digest, Sha256};

/// Symbols of invitation codes: digits and capitals without the look-alikes 0/O and 1/I, so a
/// code read aloud or copied from a badge is typed right. 32 symbols: 5 bits each.
const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Symbols in an invitation code: 12 × 5 = 60 bits of randomness.
pub const CODE_SYMBOLS: usize = 12;

const TOKEN_PREFIX: &str = "sanad_";
const TOKEN_BYTES: usize = 32;

/// A fresh invitation code, grouped for reading: `7KQM-2XHD-P9WT`.
pub fn new_invitation_code() -> String {
    let mut rng = rand::rng();
    let symbols: Vec<u8> = (0..CODE_SYMBOLS).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())]).collect();
    symbols.chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// The code as typed, reduced to its symbols: case, spaces and dashes do not matter. `None`
/// when it cannot be a code (wrong length or a symbol codes never contain).
pub fn normalise_code(typed: &str) -> Option<String> {
    let symbols: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    let valid = symbols.len() == CODE_SYMBOLS && symbols.bytes().all(|b| ALPHABET.contains(&b));
    valid.then_some(symbols)
}

/// A fresh bearer token: a prefix that secret scanners recognise, then 256 random bits.
pub fn new_token() -> String {
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rng().fill(&mut bytes);
    format!("{TOKEN_PREFIX}{}", base64_url(&bytes))
}

/// True when the string has the shape of a token (checked before touching the database).
pub fn is_token_shaped(token: &str) -> bool {
    token.strip_prefix(TOKEN_PREFIX).is_some_and(|rest| {
        rest.len() == TOKEN_BYTES.div_ceil(3) * 4 - 1
            && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// A fresh secret for a personal calendar address: 160 random bits in lower-case symbols.
pub fn new_calendar_secret() -> String {
    let mut rng = rand::rng();
    (0..32).map(|_| (ALPHABET[rng.random_range(0..ALPHABET.len())] as char).to_ascii_lowercase()).collect()
}

/// What is stored of a code or token. Tokens carry 256 bits, so a plain hash is enough; codes
/// carry 60, which is slow enough to search and they expire and work once. The label keeps the
/// two kinds apart.
pub fn hash(label: &str, secret: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(label.as_bytes());
    hasher.update([0]);
    hasher.update(secret.as_bytes());
    format!("{:x}", hasher.finalize())
}

/// A value that must never reach a log line, a panic message or an error: a key, a password,
/// a URL with a token. Configuration holding one can still derive `Debug` (its secret prints
/// as `Secret([REDACTED])`), and every read of the value goes through [`Secret::expose`], so
/// each use is a visible choice that review can find. There is no `Display`, `Serialize` or
/// `PartialEq` on purpose: none has a use that could not leak or be timed.
#[derive(Clone)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub const fn new(value: T) -> Self {
        Self(value)
    }

    /// The value itself: pass it on to what needs it (a cipher, a signer, a connection), never
    /// into a message.
    pub const fn expose(&self) -> &T {
        &self.0
    }
}

/// Lets clap parse a flag straight into a secret (`Option<Secret<String>>`).
impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_sixty_bits_in_unambiguous_symbols() {
        let code = new_invitation_code();
        assert_eq!(code.len(), 14, "{code}");
        assert_eq!(code.matches('-').count(), 2);
        let symbols = normalise_code(&code).expect("a fresh code is valid");
        assert!(!symbols.contains(['0', 'O', '1', 'I']));
        assert!((ALPHABET.len() as f64).log2() * CODE_SYMBOLS as f64 >= 50.0);
    }

    #[test]
    fn typed_codes_forgive_case_spaces_and_dashes_only() {
        assert_eq!(normalise_code(" 7kqm-2xhd p9wt ").as_deref(), Some("7KQM2XHDP9WT"));
        assert_eq!(normalise_code("7KQM-2XHD-P9W"), None, "too short");
        assert_eq!(normalise_code("7KQM-2XHD-P9WTT"), None, "too long");
        assert_eq!(normalise_code("7KQM-2XHD-P9W0"), None, "zero is never in a code");
        assert_eq!(normalise_code("7KQM-2XHD-P9WÉ"), None);
    }

    #[test]
    fn tokens_are_recognised_by_shape() {
        let token = new_token();
        assert!(is_token_shaped(&token), "{token}");
        assert!(!is_token_shaped(&token[1..]));
        assert!(!is_token_shaped(&format!("{token}x")));
        assert!(!is_token_shaped("sanad_"));
        assert_ne!(new_token(), new_token());
    }

    #[test]
    fn a_secret_never_shows_in_debug() {
        let key = Secret::new([0xAB_u8; 32]);
        let printed = format!("{key:?} {:#?}", Some(&key));
        assert!(printed.contains("Secret([REDACTED])"), "{printed}");
        assert!(!printed.contains("171") && !printed.to_ascii_lowercase().contains("abab"), "{printed}");
        assert_eq!(key.expose(), &[0xAB; 32]);

        let password = Secret::from("hunter2".to_owned());
        assert!(!format!("{password:?}").contains("hunter2"));
        assert_eq!(password.clone().expose(), "hunter2");
    }

    #[test]
    fn hashes_depend_on_the_label() {
        assert_ne!(hash("code", "X"), hash("token", "X"));
        assert_eq!(hash("code", "X"), hash("code", "X"));
        assert_eq!(hash("code", "X").len(), 64);
    }
}
