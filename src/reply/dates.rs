//! Dates in replies: days between ISO dates, and the "As of" line that says how current the
//! facts are.

/// Facts older than this many days (since the deal file's `reviewed_on`) are flagged as
/// possibly out of date (the bot's `facts_stale_days` overrides it).
pub const STALE_DAYS: u32 = 30;

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (proleptic Gregorian), or `None`.
pub fn days_of(date: &str) -> Option<i64> {
    if !crate::facts::validate::is_iso_date(date) {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (
        date[0..4].parse().ok()?,
        date[5..7].parse().ok()?,
        date[8..10].parse().ok()?,
    );
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Today, in days since 1970-01-01 (UTC).
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// "As of <reviewed_on>." and, past `stale_days`, a warning that the facts may be out of
/// date; `None` when the deal records no review date.
pub fn as_of_line(
    reviewed_on: Option<&str>,
    today: i64,
    stale_days: u32,
    lang: super::Lang,
) -> Option<String> {
    let date = reviewed_on?;
    let age = today - days_of(date)?;
    let stale = age > i64::from(stale_days);
    Some(match (lang, stale) {
        (super::Lang::Ja, false) => format!("{date}時点。"),
        (super::Lang::Ja, true) => format!("{date}時点（{age}日前）：情報が古い可能性があります。"),
        (super::Lang::En, true) => {
            format!("As of {date} ({age} days ago): these facts may be out of date.")
        }
        (super::Lang::En, false) => format!("As of {date}."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days_and_old_facts_are_flagged() {
        assert_eq!(days_of("1970-01-01"), Some(0));
        assert_eq!(days_of("2000-03-01"), Some(11_017));
        assert_eq!(days_of("2026-02-30"), None);
        let today = days_of("2026-12-31").unwrap();
        assert_eq!(
            as_of_line(Some("2026-12-01"), today, 30, crate::reply::Lang::En).as_deref(),
            Some("As of 2026-12-01.")
        );
        assert_eq!(
            as_of_line(Some("2026-11-01"), today, 30, crate::reply::Lang::En).as_deref(),
            Some("As of 2026-11-01 (60 days ago): these facts may be out of date.")
        );
        assert_eq!(as_of_line(None, today, 30, crate::reply::Lang::En), None);
    }
}
