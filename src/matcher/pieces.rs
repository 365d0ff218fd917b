//! Text to pieces: the first step of normalizing. Words of one script with their marks
//! (`$` before, `%` after, capitals, written as a name, joined to the previous piece),
//! sentence segments, Discord markup and URLs dropped; then chat made plain.

use std::borrow::Cow;

use compact_str::CompactString;

use unicode_normalization::UnicodeNormalization;

/// A raw piece of text before classification.
#[derive(Debug)]
pub(super) struct Piece {
    /// Lowercased text.
    pub(super) text: CompactString,
    /// Whether the original was all uppercase and at least 2 letters (`US`, `UK`).
    pub(super) upper: bool,
    /// Preceded directly by `$`.
    pub(super) dollar: bool,
    /// Followed directly by `%`.
    pub(super) percent: bool,
    pub(super) segment: u16,
    /// Written right after the previous piece, with no space (`5500` and `億` in `5500億`).
    pub(super) joined: bool,
    /// A run of kanji and kana (indexed as bigrams, never stemmed).
    pub(super) cjk: bool,
    /// Written as a name (see [`Token::name`]).
    pub(super) name: bool,
}

/// Splits text into pieces: words (letters, digits, inner apostrophes and dots as in
/// `U.S.` or `1.5`), remembering `$` and `%` and segment breaks. Discord mentions,
/// custom emoji and URLs are dropped. Then chat is made plain ([`plain`]).
pub(super) fn pieces(text: &str) -> Vec<Piece> {
    // NFKC only when needed: plain ASCII is already normalized.
    let text: Cow<'_, str> = if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    };
    // The characters and the pieces go into buffers each thread keeps: loading a large base
    // splits hundreds of thousands of texts, and each question splits one.
    let Scratch {
        mut chars,
        mut raw,
        spare,
    } = SCRATCH.take();
    chars.clear();
    chars.extend(text.chars());
    raw.clear();
    split(&text, &chars, &mut raw);
    let mut out = spare;
    out.clear();
    out.reserve(raw.len());
    plain(&mut raw, &mut out);
    raw.clear();
    // A very long text does not leave its buffers behind.
    if chars.capacity() <= MAX_KEPT_CHARS {
        SCRATCH.set(Scratch {
            chars,
            raw,
            spare: Vec::new(),
        });
    }
    out
}

/// Gives the pieces of a text that is read back to [`pieces`], for the next text's.
pub(super) fn recycle(mut done: Vec<Piece>) {
    // Pieces are at least two characters apart: more than this came from a long text.
    if done.capacity() > MAX_KEPT_CHARS / 2 {
        return;
    }
    done.clear();
    SCRATCH.with(|s| {
        let mut scratch = s.take();
        scratch.spare = done;
        s.set(scratch);
    });
}

thread_local! {
    /// The buffers of [`pieces`], kept per thread between texts.
    static SCRATCH: std::cell::Cell<Scratch> = const { std::cell::Cell::new(Scratch::new()) };
}

/// The buffers of [`pieces`]: the characters of a text, its raw pieces, and the pieces of
/// the last text read, given back ([`recycle`]).
#[derive(Default)]
struct Scratch {
    chars: Vec<char>,
    raw: Vec<Piece>,
    spare: Vec<Piece>,
}

impl Scratch {
    const fn new() -> Scratch {
        Scratch {
            chars: Vec::new(),
            raw: Vec::new(),
            spare: Vec::new(),
        }
    }
}

/// The largest character buffer [`pieces`] keeps for the next text (16 KiB).
const MAX_KEPT_CHARS: usize = 4096;

/// Splits the text's characters into raw pieces, into `out` (see [`pieces`]).
fn split(text: &str, chars: &[char], out: &mut Vec<Piece>) {
    // About one piece per five characters of English.
    out.reserve(chars.len() / 5 + 4);
    let mut s = Splitter {
        out: std::mem::take(out),
        // In ASCII a character's place is its byte's: words are copied as slices.
        ascii: text.is_ascii().then_some(text),
        ..Splitter::default()
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(next) = skip_markup(chars, i) {
            i = next;
            continue;
        }
        if c == '$' {
            s.dollar = true;
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            i = s.word(chars, i);
            continue;
        }
        if let Some(country) = flag(chars, i) {
            s.named(country);
            i += 2;
            continue;
        }
        if let Some(word) = super::chat::emoji(c) {
            s.named(word);
            i += 1;
            continue;
        }
        s.punctuation(c);
        i += 1;
    }
    *out = s.out;
    // In a message written in capitals, capitals say nothing about names.
    let upper = out.iter().filter(|p| p.upper).count();
    if upper * 2 > out.len() {
        for p in out
            .iter_mut()
            .filter(|p| !super::companies::is_company(&p.text))
        {
            p.name = false;
        }
    }
}

/// Where Discord markup or an @-word starting at `i` ends, if one does: `<@123>`, `<@!123>`,
/// `<@&123>`, `<#123>`, `<:name:123>`, `<a:name:123>`, `<t:123>`, `@everyone`, `@name`.
fn skip_markup(chars: &[char], i: usize) -> Option<usize> {
    match chars[i] {
        '<' => {
            let end = chars[i..].iter().take(100).position(|&x| x == '>')?;
            let inner = &chars[i + 1..i + end];
            let markup = inner
                .first()
                .is_some_and(|c| matches!(c, '@' | '#' | ':' | 'a' | 't'))
                && inner.iter().any(char::is_ascii_digit)
                && !inner.contains(&' ');
            markup.then_some(i + end + 1)
        }
        '@' => {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            Some(j)
        }
        _ => None,
    }
}

/// The country of a flag emoji (two regional indicator letters) starting at `i`.
fn flag(chars: &[char], i: usize) -> Option<&'static str> {
    let letter = |c: char| {
        ('\u{1f1e6}'..='\u{1f1ff}')
            .contains(&c)
            .then(|| (b'a' + (c as u32 - 0x1f1e6) as u8) as char)
    };
    let code = [letter(chars[i])?, letter(*chars.get(i + 1)?)?];
    super::lexicon::flag_country(code)
}

/// The state of splitting one text.
#[derive(Default)]
struct Splitter<'t> {
    out: Vec<Piece>,
    /// The text, when it is ASCII.
    ascii: Option<&'t str>,
    segment: u16,
    /// A `$` came right before the next word.
    dollar: bool,
    /// A sentence ended: the next word starts a segment.
    break_pending: bool,
    /// A comma: the next word starts a segment if it is a conjunction.
    comma_pending: bool,
    /// Where the last piece ended, to tell `5500億` from `5500 億`.
    last_end: Option<usize>,
}

impl Splitter<'_> {
    /// A character that is not part of a word: segment breaks, commas, `$` reset.
    fn punctuation(&mut self, c: char) {
        if matches!(
            c,
            '.' | '?' | '!' | ';' | ':' | '\n' | '\u{3002}' | '\u{ff1f}' | '\u{ff01}'
        ) {
            self.break_pending = true;
        }
        if c == ',' {
            self.comma_pending = true;
        }
        if !c.is_whitespace() {
            self.dollar = false;
        }
    }

    /// A word that stands for a symbol (a flag's country, an emoji's thing), in the current
    /// segment.
    fn named(&mut self, word: &str) {
        if self.break_pending && !self.out.is_empty() {
            self.segment = self.segment.saturating_add(1);
        }
        self.break_pending = false;
        self.comma_pending = false;
        self.last_end = None;
        self.out.push(Piece {
            name: false,
            text: word.into(),
            upper: false,
            dollar: false,
            percent: false,
            segment: self.segment,
            joined: false,
            cjk: false,
        });
    }

    /// Reads the word starting at `start` (a URL is skipped) and returns where it ends.
    fn word(&mut self, chars: &[char], start: usize) -> usize {
        let cjk = super::cjk::is_cjk(chars[start]);
        let (mut word, mut i, stats) = read_word(chars, self.ascii, start, cjk);
        let letters = stats.letters;
        let upper = letters >= 2 && stats.upper == letters;
        let percent = i < chars.len() && chars[i] == '%';
        if percent {
            i += 1;
        }
        // URLs: skip the rest of the run of non-space characters.
        if i + 2 < chars.len() && chars[i] == ':' && chars[i + 1] == '/' && chars[i + 2] == '/' {
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            self.dollar = false;
            return i;
        }
        let conjunction = word.len() <= 4
            && ["and", "or", "but", "also", "plus"]
                .iter()
                .any(|c| word.eq_ignore_ascii_case(c));
        if (self.break_pending || (self.comma_pending && conjunction)) && !self.out.is_empty() {
            self.segment = self.segment.saturating_add(1);
        }
        self.break_pending = false;
        self.comma_pending = false;
        let joined = self.last_end == Some(start);
        self.last_end = Some(i);
        let capital = chars[start].is_uppercase();
        let starts_segment = self.out.last().is_none_or(|p| p.segment != self.segment);
        let name = (capital && !starts_segment) || (upper && (2..=6).contains(&letters));
        // `read_word` wrote apostrophes as `'`; most words need no lowercasing at all.
        let text = if stats.upper == 0 {
            word
        } else if word.is_ascii() {
            word.make_ascii_lowercase();
            word
        } else {
            word.to_lowercase()
        };
        // A company is a name however it is written (`honda`, `Intel` first in a sentence).
        let name = name || super::companies::is_company(&text);
        self.out.push(Piece {
            name,
            text,
            upper,
            dollar: self.dollar,
            percent,
            segment: self.segment,
            joined,
            cjk,
        });
        self.dollar = false;
        i
    }
}

/// The word starting at `i`: letters and digits of one script (a Japanese run ends where
/// another script starts: `JBICは`, `5500億`), with inner apostrophes, decimal points and
/// thousands commas, and the dots of an acronym (`u.s.`). Returns it and where it ends.
fn read_word(
    chars: &[char],
    ascii: Option<&str>,
    mut i: usize,
    cjk: bool,
) -> (CompactString, usize, Letters) {
    let mut word = CompactString::default();
    let mut stats = Letters::default();
    while i < chars.len() {
        // A run of letters and digits, copied at once.
        let run = i;
        while i < chars.len() && chars[i].is_alphanumeric() && super::cjk::is_cjk(chars[i]) == cjk {
            if chars[i].is_alphabetic() {
                stats.letters += 1;
                stats.upper += usize::from(chars[i].is_uppercase());
            }
            i += 1;
        }
        match ascii {
            Some(text) => word.push_str(&text[run..i]),
            None => word.extend(&chars[run..i]),
        }
        if i == chars.len() {
            break;
        }
        let ch = chars[i];
        let inner = !cjk
            && matches!(ch, '\'' | '\u{2019}' | '.' | ',')
            && i + 1 < chars.len()
            && chars[i + 1].is_alphanumeric()
            && !word.is_empty();
        if !inner {
            break;
        }
        let (prev, next) = (chars[i - 1], chars[i + 1]);
        let numeric = prev.is_ascii_digit() && next.is_ascii_digit();
        let acronym = ch == '.'
            && prev.is_alphabetic()
            && next.is_alphabetic()
            && stats.letters <= 3
            && (i + 2 == chars.len() || chars[i + 2] == '.' || !chars[i + 2].is_alphanumeric());
        match ch {
            ',' | '.' if numeric => {
                if ch == '.' {
                    word.push('.');
                }
            }
            '.' if acronym => word.push('.'),
            '\'' | '\u{2019}' if !numeric => word.push('\''),
            _ => break,
        }
        i += 1;
    }
    // Keep the trailing dot of an acronym (`u.s.`).
    if i < chars.len()
        && chars[i] == '.'
        && word.contains('.')
        && !word.ends_with('.')
        && !word.chars().any(|x| x.is_ascii_digit())
    {
        word.push('.');
        i += 1;
    }
    (word, i, stats)
}

/// How many letters a word has, and how many of them are capitals.
#[derive(Default)]
struct Letters {
    letters: usize,
    upper: usize,
}

/// Chat made plain ([`super::chat`]): repeated letters squeezed, filler dropped, chat words
/// and synonyms replaced, synonym phrases joined; Japanese figure words split off a number.
/// Pieces are moved, not copied: this runs on every question.
fn plain(pieces: &mut [Piece], out: &mut Vec<Piece>) {
    let mut i = 0;
    while i < pieces.len() {
        if pieces[i].cjk {
            let after_number = pieces[i].joined
                && out
                    .last()
                    .is_some_and(|q: &Piece| q.text.starts_with(|c: char| c.is_ascii_digit()));
            let text = std::mem::take(&mut pieces[i].text);
            if after_number {
                for part in super::cjk::split_figure_words(&text) {
                    out.push(Piece {
                        text: part.into(),
                        ..pieces[i].with_empty_text()
                    });
                }
            } else {
                out.push(Piece {
                    text,
                    ..pieces[i].with_empty_text()
                });
            }
            i += 1;
            continue;
        }
        // `tl;dr`: one word, across the semicolon.
        if pieces[i].text == "tl" && pieces.get(i + 1).is_some_and(|p| p.text == "dr") {
            out.push(Piece {
                text: "tldr".into(),
                ..pieces[i].with_empty_text()
            });
            i += 2;
            continue;
        }
        let segment = pieces[i].segment;
        let entry = super::chat::entry(&pieces[i].text);
        let phrase = if !entry.is_some_and(super::chat::Entry::starts_phrase) {
            None
        } else {
            let mut run: [&str; super::chat::MAX_PHRASE_WORDS] =
                [""; super::chat::MAX_PHRASE_WORDS];
            let mut n = 0;
            for p in pieces[i..]
                .iter()
                .take(super::chat::MAX_PHRASE_WORDS)
                .take_while(|p| p.segment == segment)
            {
                run[n] = &p.text;
                n += 1;
            }
            super::chat::phrase(&run[..n])
        };
        if let Some((n, word)) = phrase {
            out.push(Piece {
                text: word.into(),
                ..pieces[i].with_empty_text()
            });
            i += n;
            continue;
        }
        let text = std::mem::take(&mut pieces[i].text);
        let squeezed = super::chat::squeeze(&text);
        let entry = match &squeezed {
            Cow::Borrowed(_) => entry,
            Cow::Owned(s) => super::chat::entry(s),
        };
        let next = pieces.get(i + 1).filter(|p| p.segment == segment);
        if super::chat::is_filler_with(&squeezed, entry)
            || super::chat::is_aspect_verb(&squeezed, next.map(|p| p.text.as_str()))
        {
            i += 1;
            continue;
        }
        let text = match entry.and_then(super::chat::Entry::plain) {
            Some(word) => word.into(),
            None => match squeezed {
                Cow::Borrowed(_) => text,
                Cow::Owned(s) => s.into(),
            },
        };
        out.push(Piece {
            text,
            ..pieces[i].with_empty_text()
        });
        i += 1;
    }
}

impl Piece {
    /// The same piece with no text (to fill in another).
    fn with_empty_text(&self) -> Piece {
        Piece {
            text: CompactString::default(),
            upper: self.upper,
            dollar: self.dollar,
            percent: self.percent,
            segment: self.segment,
            joined: self.joined,
            cjk: self.cjk,
            name: self.name,
        }
    }
}

/// Splits `550b` into `550` and `b`, `90pct` into `90` and `pct`.
pub(super) fn split_number_suffix(text: &str) -> Option<(f64, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    if end == 0 {
        return None;
    }
    let value: f64 = text[..end].parse().ok()?;
    Some((value, &text[end..]))
}
