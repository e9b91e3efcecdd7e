//! What providers put in headers and bodies besides the MAC: `k=v` lists, timestamps and their
//! tolerance windows, ids, JSON fields, and the counters a sender numbers its attempts with.

use super::*;

/// Splits `k=v<sep>k=v` (Stripe's `t=…,v1=…`, Paddle's `ts=…;h1=…`), trimming spaces and
/// skipping items without `=`, as the SDKs do.
pub fn parse_pairs(text: &str, sep: char) -> Vec<(&str, &str)> {
    text.split(sep).filter_map(|item| item.split_once('=')).map(|(k, v)| (k.trim(), v.trim())).collect()
}

/// A `k=v` list header carrying a timestamp and one or more signatures: Stripe's
/// `t=…,v1=…`, Paddle's `ts=…;h1=…`, Calendly's and Convoy's.
pub struct PairList {
    pub header: &'static str,
    pub separator: char,
    pub timestamp_key: &'static str,
    pub signature_key: &'static str,
    /// Keys other than these two make the header malformed (Paddle's parser raises on them).
    pub strict: bool,
    /// Check the age before the signature, as the provider's SDK does.
    pub time_first: bool,
    /// The provider's age rule, before `--tolerance`.
    pub window: Window,
    pub encoding: Encoding,
}

impl PairList {
    /// `t=<ts>,v1=<sig>[,v1=<sig>…]` for the signatures given, in order.
    pub fn format(&self, timestamp: i64, signatures: &[String]) -> String {
        let mut value = format!("{}={timestamp}", self.timestamp_key);
        for signature in signatures {
            value.push(self.separator);
            value.push_str(&format!("{}={signature}", self.signature_key));
        }
        value
    }

    /// Verifies the list: `recipe` builds the signed message from the timestamp text.
    pub fn verify(
        &self,
        provider: &str,
        request: &Request,
        secrets: &[Secret],
        opts: &VerifyOptions,
        recipe: impl Fn(&str) -> Recipe,
    ) -> Result<Verdict, Error> {
        let Some(value) = request.headers.get(self.header) else {
            return Ok(Mismatch::missing(self.header));
        };
        let pairs = parse_pairs(value, self.separator);
        let unknown = |k: &&str| *k != self.timestamp_key && *k != self.signature_key;
        if let Some((key, _)) = pairs.iter().find(|(k, _)| self.strict && unknown(k)) {
            return Ok(Mismatch::malformed(self.header, format!("unknown element {}", crate::output::quoted(key))));
        }
        let Some(ts) = pairs.iter().find(|(k, _)| *k == self.timestamp_key).map(|(_, v)| *v) else {
            return Ok(Mismatch::malformed(self.header, format!("no {}=<timestamp> element", self.timestamp_key)));
        };
        let timestamp = match parse_unix(self.header, ts) {
            Ok(t) => t,
            Err(verdict) => return Ok(verdict),
        };
        let provided: Vec<String> =
            pairs.iter().filter(|(k, _)| *k == self.signature_key).map(|(_, v)| v.to_string()).collect();
        if provided.is_empty() {
            return Ok(Mismatch::malformed(self.header, format!("no {}=<signature> element", self.signature_key)));
        }
        let stale = self.window.with_override(opts.tolerance).check(timestamp, opts.now);
        if self.time_first {
            if let Some(mismatch) = stale {
                return Ok(Verdict::Invalid(mismatch));
            }
        }
        require_secrets(provider, secrets)?;
        let prefix = format!("{}=", self.signature_key);
        let accepted = [self.encoding];
        let check =
            DigestCheck { header: self.header, recipe: recipe(ts), provided, accepted: &accepted, prefix: &prefix };
        match check.run(secrets, request.body)? {
            Verdict::Valid(valid) => Ok(stale.map_or(Verdict::Valid(valid), Verdict::Invalid)),
            other => Ok(other),
        }
    }
}

/// A provider's rule for how old (or new) a signed timestamp may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Unchecked,
    /// Reject only timestamps older than this (Stripe's SDKs let future ones pass).
    Past(u64),
    /// Reject timestamps this far either way.
    Both(u64),
}

impl Window {
    /// `--tolerance` keeps the provider's direction but sets the size; 0 switches it off.
    pub fn with_override(self, tolerance: Option<u64>) -> Window {
        match (self, tolerance) {
            (_, Some(0)) => Window::Unchecked,
            (Window::Past(_), Some(t)) => Window::Past(t),
            (_, Some(t)) => Window::Both(t),
            (window, None) => window,
        }
    }

    pub fn check(self, timestamp: i64, now: i64) -> Option<Mismatch> {
        self.outside(now.saturating_sub(timestamp), 1).then(|| self.mismatch(timestamp, now))
    }

    /// As [`Window::check`] for a timestamp in milliseconds, compared in milliseconds as the
    /// SDKs that send them (HubSpot, Linear) do.
    pub fn check_millis(self, millis: i64, now: i64) -> Option<Mismatch> {
        let skew = now.saturating_mul(1000).saturating_sub(millis);
        self.outside(skew, 1000).then(|| self.mismatch(millis.div_euclid(1000), now))
    }

    fn outside(self, skew: i64, unit: u64) -> bool {
        match self {
            Window::Unchecked => false,
            Window::Past(t) => skew > t.saturating_mul(unit) as i64,
            Window::Both(t) => skew.unsigned_abs() > t.saturating_mul(unit),
        }
    }

    fn mismatch(self, timestamp: i64, now: i64) -> Mismatch {
        let tolerance = match self {
            Window::Past(t) | Window::Both(t) => t,
            Window::Unchecked => 0,
        };
        Mismatch::Timestamp { timestamp, now, tolerance }
    }
}

/// Parses a Unix-seconds header value; the verdict for anything else is "malformed".
pub fn parse_unix(header: &str, value: &str) -> Result<i64, Verdict> {
    value.trim().parse::<i64>().map_err(|_| {
        Mismatch::malformed(header, format!("{} is not a Unix timestamp in seconds", crate::output::quoted(value)))
    })
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

pub fn fresh_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// RFC 3339 UTC with seconds, e.g. `2024-01-15T10:30:05Z`.
pub fn rfc3339(unix: i64) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix.max(0) as u64);
    humantime::format_rfc3339_seconds(t).to_string()
}

/// The values of top-level JSON string or number fields, parsing the body once — for schemes
/// whose headers repeat envelope fields (MediLab's event, id and attempt).
pub fn json_fields<const N: usize>(body: &Body, fields: [&str; N]) -> [Option<String>; N] {
    let value: Option<serde_json::Value> =
        body.load(PARSED_BODY_LIMIT).ok().flatten().and_then(|bytes| serde_json::from_slice(&bytes).ok());
    fields.map(|field| body_field(value.as_ref(), field))
}

pub fn json_field(body: &Body, field: &str) -> Option<String> {
    let [value] = json_fields(body, [field]);
    value
}

/// A top-level string or number field of a parsed JSON body as text (a number as its digits);
/// an object or array is no id or name, however large a sender makes it.
pub fn body_field(body: Option<&serde_json::Value>, name: &str) -> Option<String> {
    match body?.get(name)? {
        serde_json::Value::String(text) => Some(text.clone()),
        number @ serde_json::Value::Number(_) => Some(number.to_string()),
        _ => None,
    }
}

/// A place a sender counts its attempts in, and the count attempt 1 carries there.
#[derive(Debug, Clone, Copy)]
pub enum AttemptCounter {
    Header(&'static str, i64),
    /// A top-level field of the JSON body.
    Field(&'static str, i64),
}

impl AttemptCounter {
    /// What this counter says on a request, where it says anything.
    pub fn read(self, headers: &HeaderMap, body: Option<&serde_json::Value>) -> Option<i64> {
        match self {
            AttemptCounter::Header(name, _) => headers.get(name)?.trim().parse().ok(),
            AttemptCounter::Field(name, _) => body?.get(name)?.as_i64(),
        }
    }

    /// What attempt `number` (1-based) must say.
    pub fn expected(self, number: i64) -> i64 {
        let (AttemptCounter::Header(_, first) | AttemptCounter::Field(_, first)) = self;
        first + number - 1
    }

    pub fn describe(self, value: i64) -> String {
        match self {
            AttemptCounter::Header(name, _) => format!("{name}: {value}"),
            AttemptCounter::Field(name, _) => format!("\"{name}\": {value} in its body"),
        }
    }
}
