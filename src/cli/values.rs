//! Parsers of flag values: URLs, sizes, rates, shards, statuses, durations.

/// An endpoint as curl, xh and Stripe CLI read one: without a scheme it is `http://`
/// (`localhost:3000/hook`), and a bare `:3000` is localhost. Anything that is then not an
/// http(s) URL with a host is refused at once, naming it, rather than failing at the first send.
pub fn parse_endpoint(text: &str) -> Result<String, String> {
    let url = if text.starts_with(':') {
        format!("http://localhost{text}")
    } else if text.contains("://") {
        text.to_string()
    } else {
        format!("http://{text}")
    };
    match url::Url::parse(&url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => Ok(url),
        Ok(parsed) => {
            Err(format!("{} is not an http(s) URL (scheme {})", crate::output::quoted(text), parsed.scheme()))
        }
        Err(why) => Err(format!("{} is not a URL: {why}", crate::output::quoted(text))),
    }
}

/// `10MiB`, `512KiB`, `1MB`, `2048` (bytes).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| format!("{text:?} is not a size like 10MiB"))?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => return Err(format!("{text:?} has an unknown unit; use B, KiB, MiB or GiB")),
    };
    Ok(number.saturating_mul(factor))
}

/// `200/s`, `50/m`, or a plain number per second.
pub(super) fn parse_rate(text: &str) -> Result<f64, String> {
    let (number, per) = text.split_once('/').unwrap_or((text, "s"));
    let seconds = match per {
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => return Err(format!("{text:?} is not a rate like 200/s")),
    };
    match number.parse::<f64>() {
        Ok(n) if n > 0.0 && n.is_finite() => Ok(n / seconds),
        _ => Err(format!("{text:?} is not a rate like 200/s")),
    }
}

/// `i/n` with 1 <= i <= n.
pub(super) fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("{text:?} is not a shard like 2/4 (the 2nd of 4)");
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n) = (i.parse::<usize>().map_err(|_| bad())?, n.parse::<usize>().map_err(|_| bad())?);
    if i == 0 || n == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

pub(super) fn parse_expect(text: &str) -> Result<crate::delivery::Expect, String> {
    crate::delivery::Expect::parse(text)
}

/// A humantime duration (`30s`, `1m`, `250ms`) or plain seconds.
pub(super) fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<u64>()
        .map(std::time::Duration::from_secs)
        .or_else(|_| humantime::parse_duration(text))
        .map_err(|_| format!("{text:?} is not a duration like 30s, 2m or 250ms"))
}

/// Seconds as a plain number, or a humantime duration such as `5m` or `90s`.
pub(super) fn parse_seconds(text: &str) -> Result<u64, String> {
    text.parse::<u64>()
        .or_else(|_| humantime::parse_duration(text).map(|d| d.as_secs()))
        .map_err(|_| format!("{text:?} is not a number of seconds or a duration like 5m"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_per_second() {
        assert_eq!(parse_rate("200/s"), Ok(200.0));
        assert_eq!(parse_rate("30/m"), Ok(0.5));
        assert_eq!(parse_rate("7200/h"), Ok(2.0));
        assert_eq!(parse_rate("5"), Ok(5.0));
        for bad in ["0/s", "-1/s", "fast", "10/day", "inf/s", "NaN"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn endpoints_without_a_scheme_are_http() {
        assert_eq!(parse_endpoint("127.0.0.1:8701/hook"), Ok("http://127.0.0.1:8701/hook".into()));
        assert_eq!(parse_endpoint("localhost:3000"), Ok("http://localhost:3000".into()));
        assert_eq!(parse_endpoint(":3000"), Ok("http://localhost:3000".into()));
        assert_eq!(parse_endpoint("https://example.com/x?y=1"), Ok("https://example.com/x?y=1".into()));
        for bad in ["http://exa mple.com", "ftp://example.com", "http://", "http://:80", ""] {
            assert!(parse_endpoint(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tolerance_takes_seconds_or_durations() {
        assert_eq!(parse_seconds("300"), Ok(300));
        assert_eq!(parse_seconds("5m"), Ok(300));
        assert!(parse_seconds("soon").is_err());
    }
}
