//! What verification concludes: valid (with the secret that matched), unsigned, or invalid with
//! the part of the request that failed, in words a user can act on.

use super::*;

#[derive(Debug)]
pub enum Verdict {
    Valid(Valid),
    /// The request carries no signature and the provider does not always sign.
    Unsigned(String),
    Invalid(Mismatch),
}

#[derive(Debug)]
pub struct Valid {
    /// Index into the secrets given, so rotation can report which one matched.
    pub secret: usize,
    /// Anything worth saying about how it matched ("base64 signature", "legacy header").
    pub note: Option<String>,
}

/// Which part of the request failed, in words a user can act on.
#[derive(Debug)]
pub enum Mismatch {
    MissingHeader {
        header: String,
        note: Option<String>,
    },
    MalformedHeader {
        header: String,
        reason: String,
    },
    Timestamp {
        timestamp: i64,
        now: i64,
        tolerance: u64,
    },
    Digest(Box<DigestMismatch>),
    /// An asymmetric signature (Ed25519, ECDSA) that does not verify with any public key given.
    Signature {
        header: String,
    },
    Rejected(String),
}

/// Enough to recompute the signature, so `diagnose` can try the usual mistakes.
#[derive(Debug)]
pub struct DigestMismatch {
    pub header: String,
    pub recipe: Recipe,
    /// Signature values as sent, without their prefix.
    pub provided: Vec<String>,
    pub encoding: Encoding,
    /// What precedes the encoded signature in the header (`sha256=`, `v1,`), for `--show-expected`.
    pub prefix: String,
}

impl Mismatch {
    pub fn kind(&self) -> &'static str {
        match self {
            Mismatch::MissingHeader { .. } => "missing_header",
            Mismatch::MalformedHeader { .. } => "malformed_header",
            Mismatch::Timestamp { .. } => "timestamp",
            Mismatch::Digest(_) => "digest",
            Mismatch::Signature { .. } => "signature",
            Mismatch::Rejected(_) => "rejected",
        }
    }

    pub fn missing(header: &str) -> Verdict {
        Verdict::Invalid(Mismatch::MissingHeader { header: header.to_string(), note: None })
    }

    pub fn malformed(header: &str, reason: impl Into<String>) -> Verdict {
        Verdict::Invalid(Mismatch::MalformedHeader { header: header.to_string(), reason: reason.into() })
    }
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::MissingHeader { header, note } => {
                write!(f, "missing header {header}")?;
                note.as_ref().map_or(Ok(()), |n| write!(f, " ({n})"))
            }
            Mismatch::MalformedHeader { header, reason } => {
                write!(f, "malformed {header} header: {reason}")
            }
            Mismatch::Timestamp { timestamp, now, tolerance } => {
                let skew = now - timestamp;
                let (amount, way) = if skew >= 0 { (skew, "in the past") } else { (-skew, "in the future") };
                let exact = if amount >= 120 { format!(" ({amount}s)") } else { String::new() };
                write!(
                    f,
                    "timestamp {timestamp} is {}{exact} {way}, outside the {tolerance}s tolerance (now {now})",
                    human_seconds(amount.unsigned_abs())
                )
            }
            Mismatch::Digest(d) => {
                write!(f, "signature in {} does not match the body", d.header)
            }
            Mismatch::Signature { header } => {
                write!(f, "signature in {header} does not verify with the public key")
            }
            Mismatch::Rejected(reason) => f.write_str(reason),
        }
    }
}

/// A span of seconds in the largest unit that keeps it readable: `420s` is `7 min`, and a
/// capture's age is `4 years`, not `154762856s`.
pub fn human_seconds(seconds: u64) -> String {
    const MIN: u64 = 60;
    const HOUR: u64 = 60 * MIN;
    const DAY: u64 = 24 * HOUR;
    const YEAR: u64 = 365 * DAY + DAY / 4;
    let (count, unit) = match seconds {
        s if s < 2 * MIN => return format!("{s}s"),
        s if s < 2 * HOUR => (s / MIN, "min"),
        s if s < 2 * DAY => (s / HOUR, "hours"),
        s if s < 60 * DAY => (s / DAY, "days"),
        s if s < 2 * YEAR => (s / (YEAR / 12), "months"),
        s => (s / YEAR, "years"),
    };
    format!("{count} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_in_human_units() {
        assert_eq!(human_seconds(59), "59s");
        assert_eq!(human_seconds(420), "7 min");
        assert_eq!(human_seconds(3 * 3600), "3 hours");
        assert_eq!(human_seconds(10 * 86400), "10 days");
        assert_eq!(human_seconds(154_762_856), "4 years");
    }
}
