//! Replies as Discord embeds, always within Discord's limits.
//!
//! [`Layout`] is plain data built from a [`Reply`] (unit-tested without serenity); it
//! becomes a `CreateEmbed` at the edge. Anything that does not fit is shortened with an
//! ellipsis and the reader is pointed to `/topic`; building never fails.

use poise::serenity_prelude as serenity;

use crate::facts::Status;
use crate::reply::{Reply, TopicAnswer};

/// Discord's embed limits, in characters (counted as UTF-16 units, which is never less).
pub mod limits {
    /// Title.
    pub const TITLE: usize = 256;
    /// Description.
    pub const DESCRIPTION: usize = 4096;
    /// Fields per embed.
    pub const FIELDS: usize = 25;
    /// Field name.
    pub const FIELD_NAME: usize = 256;
    /// Field value.
    pub const FIELD_VALUE: usize = 1024;
    /// Footer text.
    pub const FOOTER: usize = 2048;
    /// All of the above together.
    pub const TOTAL: usize = 6000;
}

/// Embed colour when a topic matched.
const COLOUR_MATCH: u32 = 0x2f6fdb;
/// Embed colour when nothing matched.
const COLOUR_NONE: u32 = 0x8a8f98;

/// An embed as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// Embed title.
    pub title: String,
    /// Embed description (may be empty).
    pub description: String,
    /// (name, value) fields, in order.
    pub fields: Vec<(String, String)>,
    /// Footer text.
    pub footer: String,
    /// Side colour.
    pub colour: u32,
}

/// Discord's length of a string.
pub fn len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Cuts `s` to at most `max` (Discord) characters, ending with an ellipsis when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if len(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.len_utf16();
        if used + w > max.saturating_sub(1) {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

impl Layout {
    /// Total characters Discord counts against [`limits::TOTAL`].
    pub fn total_len(&self) -> usize {
        len(&self.title)
            + len(&self.description)
            + len(&self.footer)
            + self
                .fields
                .iter()
                .map(|(n, v)| len(n) + len(v))
                .sum::<usize>()
    }

    /// Whether every limit holds (and no field is empty, which Discord refuses).
    pub fn fits(&self) -> bool {
        len(&self.title) <= limits::TITLE
            && len(&self.description) <= limits::DESCRIPTION
            && len(&self.footer) <= limits::FOOTER
            && self.fields.len() <= limits::FIELDS
            && self.fields.iter().all(|(n, v)| {
                !n.is_empty()
                    && !v.is_empty()
                    && len(n) <= limits::FIELD_NAME
                    && len(v) <= limits::FIELD_VALUE
            })
            && self.total_len() <= limits::TOTAL
    }

    /// The serenity builder.
    pub fn to_embed(&self) -> serenity::CreateEmbed {
        let mut e = serenity::CreateEmbed::new()
            .title(self.title.clone())
            .colour(self.colour);
        if !self.description.is_empty() {
            e = e.description(self.description.clone());
        }
        for (n, v) in &self.fields {
            e = e.field(n.clone(), v.clone(), false);
        }
        if !self.footer.is_empty() {
            e = e.footer(serenity::CreateEmbedFooter::new(self.footer.clone()));
        }
        e
    }
}

/// How to ask for a topic by id, shown wherever something did not fit.
pub fn topic_hint(id: &str) -> String {
    format!("`/topic name:{id}`")
}

/// The embed for a reply: the best match in full, others pointed to; or the no-match
/// message with suggestions.
pub fn reply(reply: &Reply) -> Layout {
    let Some(best) = reply.matches.first() else {
        return no_match(reply);
    };
    let mut description = String::new();
    for line in reply.figure_lines() {
        description.push_str(&format!("**Note:** {line}\n"));
    }
    if reply.matches.len() > 1 {
        description.push_str("Also relevant: ");
        let others: Vec<String> = reply.matches[1..]
            .iter()
            .map(|m| format!("{} ({})", m.title, topic_hint(&m.topic)))
            .collect();
        description.push_str(&others.join("; "));
    }
    topic(best, description.trim_end())
}

/// The embed for one topic, with `description` above the fields.
pub fn topic(answer: &TopicAnswer, description: &str) -> Layout {
    let mut layout = Layout {
        title: shorten(&answer.title, limits::TITLE),
        description: shorten(description, limits::DESCRIPTION),
        fields: Vec::new(),
        footer: shorten(
            &format!("topic: {} · {}", answer.topic, answer.deal),
            limits::FOOTER,
        ),
        colour: COLOUR_MATCH,
    };
    // Room kept for the closing "not shown" field.
    let more_name = "More";
    let more_value = format!(
        "Some statements did not fit here: see {}.",
        topic_hint(&answer.topic)
    );
    let reserve = len(more_name) + len(&more_value);
    let mut cut = false;
    'sections: for status in Status::ALL {
        let items = answer.section(status);
        let entries: Vec<String> = if items.is_empty() {
            vec!["_Nothing on record._".to_string()]
        } else {
            items
                .iter()
                .map(|a| {
                    let attribution = format!("— {}", a.attribution());
                    // Keep the attribution whole; shorten the claim when needed.
                    let room = limits::FIELD_VALUE
                        .saturating_sub(len(&attribution) + 4)
                        .max(40);
                    shorten(
                        &format!("• {}\n{}", shorten(&a.text, room), attribution),
                        limits::FIELD_VALUE,
                    )
                })
                .collect()
        };
        let mut name = status.heading().to_string();
        let mut value = String::new();
        for entry in entries {
            let joined = if value.is_empty() {
                entry.clone()
            } else {
                format!("{value}\n{entry}")
            };
            if len(&joined) <= limits::FIELD_VALUE {
                value = joined;
                continue;
            }
            if !push_field(&mut layout, &name, &value, reserve) {
                cut = true;
                break 'sections;
            }
            name = format!("{} (cont.)", status.heading());
            value = entry;
        }
        if !push_field(&mut layout, &name, &value, reserve) {
            cut = true;
            break;
        }
    }
    if cut {
        layout.fields.push((more_name.into(), more_value));
    }
    debug_assert!(layout.fits(), "{layout:?}");
    layout
}

/// Adds a field if it leaves room for the closing field; false when it does not fit.
fn push_field(layout: &mut Layout, name: &str, value: &str, reserve: usize) -> bool {
    let fits = layout.fields.len() + 2 <= limits::FIELDS
        && layout.total_len() + len(name) + len(value) + reserve <= limits::TOTAL;
    if fits {
        layout.fields.push((name.to_string(), value.to_string()));
    }
    fits
}

/// The embed when nothing is confident.
pub fn no_match(reply: &Reply) -> Layout {
    let mut description = reply.no_match_text();
    if !reply.suggestions.is_empty() {
        description.push_str("\n\n**Did you mean:**");
        for s in &reply.suggestions {
            description.push_str(&format!("\n• {} ({})", s.title, topic_hint(&s.topic)));
        }
    }
    description.push_str("\n\nUse `/topics` to see every topic I know.");
    Layout {
        title: "No confident match".into(),
        description: shorten(&description, limits::DESCRIPTION),
        fields: Vec::new(),
        footer: String::new(),
        colour: COLOUR_NONE,
    }
}

/// The `/topics` list.
pub fn topic_list(lines: &[(String, String)], deals: &[String]) -> Layout {
    let mut description = String::new();
    let mut shown = 0;
    for (id, title) in lines {
        let line = format!("• {title} — `{id}`\n");
        if len(&description) + len(&line) > limits::DESCRIPTION - 60 {
            break;
        }
        description.push_str(&line);
        shown += 1;
    }
    if shown < lines.len() {
        description.push_str(&format!(
            "…and {} more: start typing in `/topic name:` to search.",
            lines.len() - shown
        ));
    }
    Layout {
        title: shorten(
            &format!("Topics I can fact-check ({})", lines.len()),
            limits::TITLE,
        ),
        description,
        fields: Vec::new(),
        footer: shorten(&deals.join(" · "), limits::FOOTER),
        colour: COLOUR_MATCH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Attributed, SourceRef};

    fn statement(text: &str) -> Attributed {
        Attributed {
            id: "s".into(),
            text: text.into(),
            speaker: "Speaker".into(),
            party: "Japan".into(),
            source: SourceRef {
                title: "Report".into(),
                url: None,
            },
        }
    }

    fn answer(n: usize, text_len: usize) -> TopicAnswer {
        TopicAnswer {
            topic: "t".into(),
            title: "T".repeat(300),
            score: 0.9,
            deal: "Deal".into(),
            announced: (0..n).map(|_| statement(&"a".repeat(text_len))).collect(),
            clarified: (0..n)
                .map(|_| statement(&"é🙂".repeat(text_len / 2)))
                .collect(),
            under_negotiation: Vec::new(),
        }
    }

    #[test]
    fn small_topic_has_the_three_sections_with_attribution() {
        let l = topic(&answer(1, 20), "");
        let names: Vec<&str> = l.fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Announced", "Clarified", "Still under negotiation"]);
        assert!(l.fields[0]
            .1
            .contains("— Speaker, for Japan; reported in: Report"));
        assert_eq!(l.fields[2].1, "_Nothing on record._");
        assert!(l.fits());
    }

    #[test]
    fn oversized_topics_are_shortened_and_point_to_topic() {
        for (n, text_len) in [(1, 5000), (3, 1000), (40, 1000), (200, 10)] {
            let l = topic(&answer(n, text_len), &"d".repeat(5000));
            assert!(
                l.fits(),
                "{n}x{text_len}: {} chars, {} fields",
                l.total_len(),
                l.fields.len()
            );
            assert!(l.title.ends_with('…') && len(&l.title) <= limits::TITLE);
            if n >= 40 {
                let (name, value) = l.fields.last().unwrap();
                assert_eq!(name, "More");
                assert!(value.contains("/topic name:t"));
            }
        }
    }

    #[test]
    fn shorten_counts_utf16_and_marks_the_cut() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "ab…");
        let s = shorten(&"🙂".repeat(10), 5);
        assert!(len(&s) <= 5 && s.ends_with('…'));
    }
}
