//! The two signature algorithms a trust list may hold (issue 18, SPEC §6 optional 国密):
//! Ed25519 (RFC 8032, payload version 1) and SM2 over SM3 (GB/T 32918.2 signatures, GB/T 32905
//! hash, the signer's identity digest Z_A with the user ID of GB/T 35276, payload version 2).
//! Both from RustCrypto-family crates: `ed25519-dalek`, and `sm2`/`sm3` (RustCrypto's
//! elliptic-curves and hashes; chosen over `libsm` and `gmsm` because they share the
//! `signature`/`elliptic-curve` traits already in the tree and are maintained with them).

use ed25519_dalek::{Signature as EdSignature, Verifier as _, VerifyingKey as EdKey};
use sha2::{Digest, Sha256};

/// The user ID (distinguishing identifier) of GB/T 35276-2017 §7 when none is agreed:
/// the ASCII of `1234567812345678`.
pub const SM2_DEFAULT_USER_ID: &str = "1234567812345678";

/// A signature algorithm, as the trust list and the version-2 payload name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// Ed25519, the algorithm of every key made before SM2 was offered (the default).
    #[default]
    Ed25519,
    /// SM2 signature over SM3 with Z_A (user ID [`SM2_DEFAULT_USER_ID`]).
    Sm2,
}

impl Algorithm {
    /// The algorithm byte of payload version 2 (docs/qr-format.md §3a).
    pub fn code(self) -> u8 {
        match self {
            Algorithm::Ed25519 => 1,
            Algorithm::Sm2 => 2,
        }
    }
    /// The algorithm a payload's algorithm byte names; `None` for a byte no version defines.
    pub fn from_code(c: u8) -> Option<Algorithm> {
        match c {
            1 => Some(Algorithm::Ed25519),
            2 => Some(Algorithm::Sm2),
            _ => None,
        }
    }
    /// The algorithm's name in the trust list and in machine output.
    pub fn word(self) -> &'static str {
        match self {
            Algorithm::Ed25519 => "ed25519",
            Algorithm::Sm2 => "sm2",
        }
    }
}

/// A public key of either algorithm, parsed once (at trust-list load).
#[derive(Debug, Clone)]
pub enum PublicKey {
    /// An Ed25519 public key.
    Ed25519(EdKey),
    /// Boxed: the SM2 key carries its precomputed Z_A.
    Sm2(Box<sm2::dsa::VerifyingKey>),
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &PublicKey) -> bool {
        self.algorithm() == other.algorithm() && self.to_bytes() == other.to_bytes()
    }
}
impl Eq for PublicKey {}

impl From<EdKey> for PublicKey {
    fn from(k: EdKey) -> PublicKey {
        PublicKey::Ed25519(k)
    }
}

impl PublicKey {
    /// Which algorithm this key verifies.
    pub fn algorithm(&self) -> Algorithm {
        match self {
            PublicKey::Ed25519(_) => Algorithm::Ed25519,
            PublicKey::Sm2(_) => Algorithm::Sm2,
        }
    }

    /// The key's bytes as the trust list writes them: 32 for Ed25519, the 65-byte uncompressed
    /// SEC1 point (`04 || x || y`) for SM2.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            PublicKey::Ed25519(k) => k.as_bytes().to_vec(),
            PublicKey::Sm2(k) => k.to_sec1_bytes().to_vec(),
        }
    }

    /// Parse `bytes` as a key of `alg`.
    pub fn from_bytes(alg: Algorithm, bytes: &[u8]) -> Result<PublicKey, String> {
        match alg {
            Algorithm::Ed25519 => {
                let b: [u8; 32] = bytes.try_into().map_err(|_| "an Ed25519 public key has 32 bytes".to_string())?;
                let key = EdKey::from_bytes(&b).map_err(|_| "not an Ed25519 point".to_string())?;
                // Only a key a real private key makes: a point of the prime-order subgroup,
                // which [a]B always is. A small-order ("weak") key verifies signatures anyone
                // can make, and a key with a torsion component is where single and batch
                // verification could disagree (docs/qr-format.md, "Batch verification").
                let torsion_free =
                    curve25519_dalek::edwards::CompressedEdwardsY(b).decompress().is_some_and(|p| p.is_torsion_free());
                if key.is_weak() || !torsion_free {
                    return Err(
                        "a weak Ed25519 key (small order or with a torsion component): no private key makes it".into(),
                    );
                }
                Ok(PublicKey::Ed25519(key))
            }
            Algorithm::Sm2 => {
                if bytes.len() != 65 || bytes[0] != 4 {
                    return Err("an SM2 public key is the 65-byte uncompressed point 04||x||y".into());
                }
                sm2::dsa::VerifyingKey::from_sec1_bytes(SM2_DEFAULT_USER_ID, bytes)
                    .map(|k| PublicKey::Sm2(Box::new(k)))
                    .map_err(|_| "not a point of the SM2 curve".to_string())
            }
        }
    }

    /// The 16-bit key id: the first two bytes of SHA-256 (Ed25519, as always) or of SM3 (SM2)
    /// of the key's bytes.
    pub fn key_id_bits(&self) -> u16 {
        match self {
            PublicKey::Ed25519(k) => {
                let h = Sha256::digest(k.as_bytes());
                u16::from_be_bytes([h[0], h[1]])
            }
            PublicKey::Sm2(_) => {
                let h = sm3::Sm3::digest(self.to_bytes());
                u16::from_be_bytes([h[0], h[1]])
            }
        }
    }

    /// SHA-256 (Ed25519) or SM3 (SM2) of the key's bytes: the fingerprint administrators compare.
    pub fn digest(&self) -> Vec<u8> {
        match self {
            PublicKey::Ed25519(k) => Sha256::digest(k.as_bytes()).to_vec(),
            PublicKey::Sm2(_) => sm3::Sm3::digest(self.to_bytes()).to_vec(),
        }
    }

    /// Verify a 64-byte signature (Ed25519 `R||s`, SM2 `r||s`) over `msg`. Strict: dalek 2
    /// rejects a non-canonical Ed25519 `s`; SM2 rejects r or s outside 1..n-1.
    pub fn verify(&self, msg: &[u8], sig: &[u8; 64]) -> bool {
        match self {
            PublicKey::Ed25519(k) => k.verify(msg, &EdSignature::from_bytes(sig)).is_ok(),
            PublicKey::Sm2(k) => sm2::dsa::Signature::from_bytes(sig)
                .is_ok_and(|s| signature::Verifier::verify(k.as_ref(), msg, &s).is_ok()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use signature::Signer as _;

    fn unhex(s: &str) -> Vec<u8> {
        hex::decode(s.replace([' ', '\n'], "")).unwrap()
    }

    /// GB/T 32905-2016 Appendix A: example 1 ("abc") and example 2 ("abcd" × 16).
    #[test]
    fn sm3_standard_examples() {
        assert_eq!(
            hex::encode(sm3::Sm3::digest(b"abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        assert_eq!(
            hex::encode(sm3::Sm3::digest(b"abcd".repeat(16))),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
        );
    }

    /// The SM2 signature example on the recommended curve (GM/T 0003.5 / GB/T 32918.5, with the
    /// GB/T 35276 default user ID 1234567812345678, message "message digest"): the published
    /// key pair belongs together, and the published (r, s) verifies; one changed bit does not.
    #[test]
    fn sm2_standard_example() {
        let d = unhex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");
        let sk = sm2::dsa::SigningKey::from_slice(SM2_DEFAULT_USER_ID, &d).unwrap();
        let public = unhex(
            "04 09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020
                CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13",
        );
        assert_eq!(sk.verifying_key().to_sec1_bytes().to_vec(), public);
        let key = PublicKey::from_bytes(Algorithm::Sm2, &public).unwrap();
        let sig: [u8; 64] = unhex(
            "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3
             B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA",
        )
        .try_into()
        .unwrap();
        assert!(key.verify(b"message digest", &sig));
        for bit in [0, 100, 300, 511] {
            let mut bad = sig;
            bad[bit / 8] ^= 1 << (bit % 8);
            assert!(!key.verify(b"message digest", &bad), "bit {bit}");
        }
        assert!(!key.verify(b"message digesT", &sig));
        // and our own signatures verify
        let s: sm2::dsa::Signature = sk.sign(b"certdesk");
        assert!(key.verify(b"certdesk", &s.to_bytes()));
    }

    #[test]
    fn bad_key_bytes_are_refused() {
        assert!(PublicKey::from_bytes(Algorithm::Sm2, &[4; 65]).is_err());
        assert!(PublicKey::from_bytes(Algorithm::Sm2, &[0; 64]).is_err());
        assert!(PublicKey::from_bytes(Algorithm::Ed25519, &[0; 31]).is_err());
    }

    /// The trust list takes no Ed25519 key that no private key makes: the identity and the
    /// other small-order points (under which anyone's signature verifies), and a real key plus
    /// a point of order 8 (where the batch equation and the one-signature check could
    /// disagree). A real key is taken.
    #[test]
    fn weak_ed25519_keys_are_refused() {
        use curve25519_dalek::constants::EIGHT_TORSION;
        let good = ed25519_dalek::SigningKey::from_bytes(&[9; 32]).verifying_key();
        assert!(PublicKey::from_bytes(Algorithm::Ed25519, good.as_bytes()).is_ok());
        for t in EIGHT_TORSION {
            let small = t.compress().to_bytes();
            assert!(PublicKey::from_bytes(Algorithm::Ed25519, &small).is_err(), "small order {small:02x?}");
            let mixed = (good.to_edwards() + t).compress().to_bytes();
            if mixed != *good.as_bytes() {
                assert!(PublicKey::from_bytes(Algorithm::Ed25519, &mixed).is_err(), "torsion {mixed:02x?}");
            }
        }
        assert_eq!(Algorithm::from_code(3), None);
    }
}
