//! Encryption at rest of request details, reasons and messages (DESIGN §6 rule 3): AES-256-GCM
//! (RustCrypto `aes-gcm`) under a data key kept outside the database, a fresh random nonce per
//! text, and the column's name as associated data, so a sealed text cannot be moved to
//! another column and read there. A copy of the database alone reveals no detail.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::Rng;

use crate::error::{AppError, AppResult};

const NONCE_BYTES: usize = 12;

/// What a sealed text is, bound into its ciphertext.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    ItemDetails,
    BookingReference,
    TransitionReason,
    MessageBody,
}

impl Column {
    fn label(self) -> &'static [u8] {
        match self {
            Self::ItemDetails => b"sanad:request_item.details",
            Self::BookingReference => b"sanad:request_item.booking_reference",
            Self::TransitionReason => b"sanad:item_transition.reason",
            Self::MessageBody => b"sanad:request_message.body",
        }
    }
}

/// Seals and opens texts with the data key.
pub struct Sealer {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

impl Sealer {
    /// A sealer for a 32-byte key.
    pub fn new(key: &[u8; 32]) -> Self {
        Self { cipher: Aes256Gcm::new(&Key::<Aes256Gcm>::from(*key)) }
    }

    /// A fresh random key, for a data directory that has none yet.
    pub fn generate_key() -> [u8; 32] {
        let mut key = [0u8; 32];
        rand::rng().fill(&mut key);
        key
    }

    /// The text as stored: base64 of nonce and ciphertext.
    pub fn seal(&self, column: Column, text: &str) -> AppResult<String> {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), Payload { msg: text.as_bytes(), aad: column.label() })
            .map_err(|_| AppError::unexpected("cannot seal a text"))?;
        let mut stored = Vec::with_capacity(NONCE_BYTES + sealed.len());
        stored.extend_from_slice(&nonce);
        stored.extend_from_slice(&sealed);
        Ok(STANDARD.encode(stored))
    }

    /// The text again. Fails (logged, `INTERNAL` to the client) with another key, another
    /// column or any change to the stored bytes.
    pub fn open(&self, column: Column, stored: &str) -> AppResult<String> {
        let bytes = STANDARD.decode(stored).map_err(|_| AppError::unexpected("a sealed text is not base64"))?;
        if bytes.len() < NONCE_BYTES {
            return Err(AppError::unexpected("a sealed text is too short"));
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] =
            nonce.try_into().map_err(|_| AppError::unexpected("a sealed text is too short"))?;
        let plain = self
            .cipher
            .decrypt(&Nonce::from(nonce), Payload { msg: sealed, aad: column.label() })
            .map_err(|_| AppError::unexpected("a sealed text does not open with this data key"))?;
        String::from_utf8(plain).map_err(|_| AppError::unexpected("a sealed text is not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_and_refuses_anything_else() {
        let sealer = Sealer::new(&[7; 32]);
        let stored = sealer.seal(Column::ItemDetails, "I need a sighted guide from the hotel").unwrap();
        assert!(!stored.contains("guide"));
        assert_eq!(sealer.open(Column::ItemDetails, &stored).unwrap(), "I need a sighted guide from the hotel");
        assert_ne!(
            stored,
            sealer.seal(Column::ItemDetails, "I need a sighted guide from the hotel").unwrap(),
            "fresh nonce"
        );
        assert!(sealer.open(Column::MessageBody, &stored).is_err(), "bound to its column");
        assert!(Sealer::new(&[8; 32]).open(Column::ItemDetails, &stored).is_err(), "bound to its key");
        let mut bytes = STANDARD.decode(&stored).unwrap();
        bytes[20] ^= 1;
        assert!(sealer.open(Column::ItemDetails, &STANDARD.encode(bytes)).is_err(), "tampering is detected");
    }
}
