//! Replies as Discord embeds, always within Discord's limits.
//!
//! [`Layout`] is plain data built from a [`Reply`] (unit-tested without serenity); it
//! becomes a `CreateEmbed` at the edge. Anything that does not fit is shortened with an
//! ellipsis and the reader is pointed to `/topic`; building never fails.

use poise::serenity_prelude as serenity;

use crate::reply::{as_of_line, today, Block, Lang, Reply, TopicAnswer, Word};

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

/// The embed for a reply: a speaker reply, the deal overview, or the best match in full
/// with others pointed to; or the no-match message with suggestions.
pub fn reply(reply: &Reply) -> Layout {
    let lang = reply.lang;
    if let Some(sp) = &reply.speaker {
        let footer = footer(
            &format!("speaker: {} · {}", sp.speaker, sp.answer.deal),
            &sp.answer,
            lang,
        );
        let hint = format!(
            "Ask about one topic, or use {}.",
            topic_hint(&sp.topics[0].topic)
        );
        return layout(&sp.answer.title, "", reply.speaker_blocks(sp), footer, hint);
    }
    if let Some(o) = &reply.overview {
        let footer = footer(&format!("deal: {}", o.topic), o, lang);
        let hint = "Ask about one part of it for the details.".to_string();
        return layout(&o.title, "", o.blocks(false, lang), footer, hint);
    }
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
    topic(best, description.trim_end(), false, lang)
}

/// The footer: what the reply is, and how current its facts are.
fn footer(what: &str, answer: &TopicAnswer, lang: Lang) -> String {
    let mut footer = what.to_string();
    if let Some(line) = as_of_line(answer.reviewed_on.as_deref(), today(), stale_days(), lang) {
        footer.push_str(" · ");
        footer.push_str(&line);
    }
    shorten(&footer, limits::FOOTER)
}

/// The embed for one topic, with `description` above the fields: both sides of each point
/// first, then the sections, the background and the sources (listed once). `detailed` (the
/// `/topic` view) adds each statement's quote.
pub fn topic(answer: &TopicAnswer, description: &str, detailed: bool, lang: Lang) -> Layout {
    let footer = footer(
        &format!("topic: {} · {}", answer.topic, answer.deal),
        answer,
        lang,
    );
    let more = format!(
        "Some statements did not fit here: see {}.",
        topic_hint(&answer.topic)
    );
    layout(
        &answer.title,
        description,
        answer.blocks(detailed, lang),
        footer,
        more,
    )
}

/// Blocks as embed fields, a field per block (continued when long); what does not fit is
/// cut and the closing field says `more`.
fn layout(
    title: &str,
    description: &str,
    blocks: Vec<Block>,
    footer: String,
    more: String,
) -> Layout {
    let mut layout = Layout {
        title: shorten(title, limits::TITLE),
        description: shorten(description, limits::DESCRIPTION),
        fields: Vec::new(),
        footer,
        colour: COLOUR_MATCH,
    };
    // Room kept for the closing "not shown" field.
    let more_name = "More";
    let reserve = len(more_name) + len(&more);
    let mut cut = false;
    'blocks: for block in blocks {
        let mut name = shorten(&block.heading, limits::FIELD_NAME - 10);
        let mut value = String::new();
        for entry in block.entries {
            let entry = shorten(&entry, limits::FIELD_VALUE);
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
                break 'blocks;
            }
            name = format!("{name} (cont.)");
            value = entry;
        }
        if !push_field(&mut layout, &name, &value, reserve) {
            cut = true;
            break;
        }
    }
    if cut {
        layout.fields.push((more_name.into(), more));
    }
    debug_assert!(layout.fits(), "{layout:?}");
    layout
}

/// How old facts may be before replies say they may be out of date (`facts_stale_days`).
static STALE_DAYS: std::sync::atomic::AtomicU32 =
    std::sync::atomic::AtomicU32::new(crate::reply::STALE_DAYS);

/// Sets the age past which replies flag the facts as possibly out of date.
pub fn set_stale_days(days: u32) {
    STALE_DAYS.store(days, std::sync::atomic::Ordering::Relaxed);
}

fn stale_days() -> u32 {
    STALE_DAYS.load(std::sync::atomic::Ordering::Relaxed)
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
    let lang = reply.lang;
    let mut description = reply.no_match_text();
    if !reply.suggestions.is_empty() {
        description.push_str(&format!("\n\n**{}:**", lang.word(Word::DidYouMean)));
        for s in &reply.suggestions {
            description.push_str(&format!("\n• {} ({})", s.title, topic_hint(&s.topic)));
        }
    }
    description.push_str(match lang {
        Lang::Ja => "\n\n`/topics` で扱っているトピックの一覧を表示できます。",
        Lang::En => "\n\nUse `/topics` to see every topic I know.",
    });
    Layout {
        title: lang.word(Word::NoMatch).into(),
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
    use crate::reply::{Attributed, Pair, SourceEntry, SourceRef};

    fn statement(id: &str, text: &str, party: &str) -> Attributed {
        Attributed {
            id: id.into(),
            text: text.into(),
            text_ja: None,
            speaker: "Speaker".into(),
            party: party.into(),
            source: SourceRef {
                title: "Report".into(),
                url: None,
            },
            source_n: 1,
            quote: Some("the words".into()),
            quote_verified: true,
            said_on: None,
            responds_to: None,
        }
    }

    fn answer(n: usize, text_len: usize) -> TopicAnswer {
        TopicAnswer {
            topic: "t".into(),
            title: "T".repeat(300),
            score: 0.9,
            deal: "Deal".into(),
            announced: (0..n)
                .map(|i| statement(&format!("a{i}"), &"a".repeat(text_len), "United States"))
                .collect(),
            clarified: (0..n)
                .map(|i| statement(&format!("c{i}"), &"é🙂".repeat(text_len / 2), "Japan"))
                .collect(),
            under_negotiation: Vec::new(),
            background: vec![statement("b", "The report's own context.", "neither")],
            pairs: Vec::new(),
            sources: vec![SourceEntry {
                n: 1,
                title: "Report".into(),
                url: None,
                archived: true,
            }],
            reviewed_on: None,
        }
    }

    #[test]
    fn small_topic_shows_sides_sections_background_and_sources_once() {
        let mut a = answer(2, 20);
        a.pairs.push(Pair {
            claim: "a0".into(),
            response: "c0".into(),
        });
        let l = topic(&a, "", false, Lang::En);
        let names: Vec<&str> = l.fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Both sides",
                "Announced",
                "Clarified",
                "Nothing on record",
                "Background (the source's own context)",
                "Sources"
            ]
        );
        assert!(l.fields[0].1.starts_with("🇺🇸 United States: aaaa"), "{l:?}");
        assert!(l.fields[0].1.contains("\n🇯🇵 Japan: é🙂"), "{l:?}");
        assert!(l.fields[1].1.contains("— Speaker (🇺🇸 United States) [1]"));
        assert_eq!(l.fields[3].1, "Still under negotiation");
        assert!(!l.fields[4].1.contains('🇯') && !l.fields[4].1.contains("(report)"));
        assert_eq!(l.fields[5].1, "[1] Report (archived copy kept)");
        // The source title appears once; quotes only in the detailed view.
        let all: String = l.fields.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(all.matches("Report").count(), 1);
        assert!(!all.contains("the words"));
        let detailed = topic(&a, "", true, Lang::En);
        let all: String = detailed.fields.iter().map(|(_, v)| v.as_str()).collect();
        assert!(all.contains("> \u{201c}the words\u{201d}"));
        assert!(l.fits() && detailed.fits());
    }

    #[test]
    fn oversized_topics_are_shortened_and_point_to_topic() {
        for (n, text_len) in [(1, 5000), (3, 1000), (40, 1000), (200, 10)] {
            let l = topic(&answer(n, text_len), &"d".repeat(5000), true, Lang::En);
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
