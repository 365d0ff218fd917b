//! Living answers, the pure part: which statements a fact change altered (as the
//! `id@revision` pairs earlier replies recorded), and the line an updated reply carries.
//! The Discord layer finds the replies ([`crate::records::RecordStore::live`]) and edits them.

use crate::facts::FactBase;
use crate::store::revision;

/// How a shown statement was altered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Altered {
    /// Its text, status, speaker, party, source, quote, link or date changed.
    Edited,
    /// It is no longer served.
    Retracted,
}

/// One statement a change altered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementChange {
    /// The statement id.
    pub id: String,
    /// `id@revision` as replies recorded it before the change.
    pub shown: String,
    /// Who said it (before the change).
    pub speaker: String,
    /// How it was altered.
    pub how: Altered,
}

/// The statements served in `before` that `after` changed or no longer serves, in file order.
pub fn altered(before: &FactBase, after: &FactBase) -> Vec<StatementChange> {
    before
        .topics()
        .flat_map(|(_, t)| &t.statements)
        .filter_map(|s| {
            let old = revision(s);
            let how = match after.statement(&s.id) {
                None => Altered::Retracted,
                Some((_, _, now)) if revision(now) != old => Altered::Edited,
                Some(_) => return None,
            };
            Some(StatementChange {
                id: s.id.clone(),
                shown: format!("{}@{old}", s.id),
                speaker: s.speaker.clone(),
                how,
            })
        })
        .collect()
}

/// The line an updated reply carries: `Updated 2026-12-01: ...`, naming what changed among
/// the statements it showed (`shown`, `id@revision`).
pub fn update_line(date: &str, changes: &[StatementChange], shown: &[String]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .filter(|c| shown.contains(&c.shown))
        .map(|c| {
            let verb = match c.how {
                Altered::Edited => "corrected",
                Altered::Retracted => "retracted",
            };
            format!("{verb} a statement by {} (`{}`)", c.speaker, c.id)
        })
        .collect();
    if parts.is_empty() {
        format!("Updated {date}: the facts behind this answer changed.")
    } else {
        format!("Updated {date}: {}.", parts.join("; "))
    }
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    let mut s = crate::store::history::format_rfc3339(crate::records::now().max(0) as u64);
    s.truncate(10);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled(edit: impl Fn(String) -> String) -> FactBase {
        let (mut texts, archives, problems) =
            crate::facts::read_dir_texts(std::path::Path::new("facts"));
        assert!(problems.is_empty());
        for t in &mut texts {
            t.1 = edit(std::mem::take(&mut t.1));
        }
        FactBase::from_parts(texts, &archives).unwrap()
    }

    #[test]
    fn edits_and_retractions_are_found_and_named() {
        let before = bundled(|t| t);
        let after = bundled(|t| {
            let t = t.replace(
                "text = \"No firm, written agreement has been signed.\"",
                "text = \"No written agreement has been signed.\"",
            );
            let start = t.find("[[topics.statements]]\nid = \"binding-3\"").unwrap();
            let end = start
                + t[start..]
                    .find("[[topics.statements]]\nid = \"binding-4\"")
                    .unwrap();
            format!("{}{}", &t[..start], &t[end..])
        });
        let changes = altered(&before, &after);
        let ids: Vec<(&str, Altered)> = changes.iter().map(|c| (c.id.as_str(), c.how)).collect();
        assert_eq!(
            ids,
            [
                ("binding-1", Altered::Edited),
                ("binding-3", Altered::Retracted)
            ]
        );
        let shown = vec![changes[1].shown.clone(), "other-1@00".into()];
        let line = update_line("2026-12-01", &changes, &shown);
        assert_eq!(
            line,
            "Updated 2026-12-01: retracted a statement by The news report (`binding-3`)."
        );
        assert!(altered(&before, &before).is_empty());
        assert_eq!(today().len(), 10);
    }
}
