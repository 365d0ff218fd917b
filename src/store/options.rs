//! Turning a moderator's command options into an [`super::Edit`]'s parts: the source a new
//! statement cites, and the statement an edit is based on. The Discord commands only read
//! options and call these; every refusal names the option to fix.

use super::edit::invalid;
use super::{EditError, SourceChoice};
use crate::facts::{FactBase, Statement};

/// The source of a new statement in topic `topic_id`: an existing key (`source`), a new one
/// made from `source_title` (and `source_url`) with a key derived from the title, or the
/// deal's only source when none is given.
pub fn source_choice(
    facts: &FactBase,
    topic_id: &str,
    source: Option<String>,
    source_title: Option<String>,
    source_url: Option<String>,
) -> Result<SourceChoice, EditError> {
    let deal = facts.topic(topic_id).map(|(d, _)| d);
    match (source, source_title) {
        (Some(_), Some(_)) => Err(invalid(
            "source",
            "Give either `source` (an existing source) or `source_title` (a new one), not both.",
        )),
        (Some(_), None) if source_url.is_some() => Err(invalid(
            "source_url",
            "`source_url` goes with `source_title` (a new source), not with `source`.",
        )),
        (Some(key), None) => Ok(SourceChoice::Existing(key)),
        (None, Some(title)) => {
            let key = free_key(&slug(&title), |k| {
                deal.is_some_and(|d| d.sources.contains_key(k))
            });
            Ok(SourceChoice::New {
                key,
                title,
                url: source_url,
            })
        }
        (None, None) => match deal.map(|d| d.sources.keys().collect::<Vec<_>>()) {
            Some(keys) if keys.len() == 1 => Ok(SourceChoice::Existing(keys[0].clone())),
            _ => Err(invalid(
                "source",
                "`source` is required: pick an existing source, or give `source_title` (and `source_url`) for a new one.",
            )),
        },
    }
}

/// A source key from a title: its first six ASCII words, lowercase, joined by dashes.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        "source".into()
    } else {
        words.join("-")
    }
}

/// `base`, or `base-2`, `base-3`... whichever is not `taken`.
fn free_key(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut key = base.to_string();
    let mut n = 2;
    while taken(&key) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

/// The statement a moderator named (to base an edit or a retraction on its revision).
pub fn current_statement<'a>(facts: &'a FactBase, id: &str) -> Result<&'a Statement, EditError> {
    facts
        .statement(id.trim())
        .map(|(_, _, s)| s)
        .ok_or_else(|| {
            invalid(
                "statement",
                format!("unknown `statement` `{id}`: pick one from the list as you type"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_source_keys_come_from_the_title_and_never_clash() {
        assert_eq!(
            slug("Reuters: Japan's $550B — what we know"),
            "reuters-japan-s-550b-what-we"
        );
        assert_eq!(slug("日本経済新聞"), "source");
        assert_eq!(
            free_key("report", |k| k == "report" || k == "report-2"),
            "report-3"
        );
        let facts = crate::matcher::Snapshot::from_dir(std::path::Path::new("facts")).unwrap();
        let only = source_choice(&facts, "binding-agreement", None, None, None).unwrap();
        assert_eq!(only, SourceChoice::Existing("report".into()));
        let both = source_choice(
            &facts,
            "binding-agreement",
            Some("report".into()),
            Some("x".into()),
            None,
        );
        assert!(matches!(
            both,
            Err(EditError::Invalid {
                field: "source",
                ..
            })
        ));
        let url = source_choice(
            &facts,
            "binding-agreement",
            Some("report".into()),
            None,
            Some("https://x".into()),
        );
        assert!(matches!(
            url,
            Err(EditError::Invalid {
                field: "source_url",
                ..
            })
        ));
        assert!(current_statement(&facts, "binding-1").is_ok());
        assert!(matches!(
            current_statement(&facts, "nope"),
            Err(EditError::Invalid {
                field: "statement",
                ..
            })
        ));
    }
}
