//! The fact base: every deal file in `facts/`, loaded, validated and indexed into one
//! immutable snapshot that readers share.

mod load;
pub mod model;
mod raw;
pub mod validate;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use model::{Deal, Source, Speaker, Statement, Status, Topic, NEITHER};

/// One broken rule in a fact file, printed on one line as `file:line:col: message`, or
/// `file: message` when it is about the whole file (unreadable, or a folder that is missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column, in characters; 0 when the problem is about the whole file.
    pub col: usize,
    /// What is wrong, in words a fact editor understands.
    pub message: String,
}

impl Problem {
    /// A problem about a whole file or folder, with no position in it.
    pub fn whole_file(file: &Path, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_path_buf(),
            line: 0,
            col: 0,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = display_path(&self.file);
        let message = one_line_message(&self.message);
        if self.line == 0 {
            write!(f, "{file}: {message}")
        } else {
            write!(f, "{file}:{}:{}: {message}", self.line, self.col)
        }
    }
}

/// A path as one line: quoted (with escapes) when it holds a line break or another control
/// character, or a `:` that would make the position ambiguous; as is otherwise.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if text.chars().any(|c| c.is_control() || c == ':') {
        format!("{text:?}")
    } else {
        text.into_owned()
    }
}

/// A parser's message on one line: its lines joined with "; " (a TOML error puts its
/// detail on a second line), so every problem prints as exactly one line.
pub fn one_line_message(message: &str) -> String {
    let parts: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    parts.join("; ")
}

/// Archived source texts, by path relative to the facts folder (`sources/report.txt`), kept
/// normalized for quote checks ([`normalize_quote`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Archives(std::collections::BTreeMap<String, String>);

impl Archives {
    /// Adds an archived text under its relative path.
    pub fn insert(&mut self, path: impl Into<String>, text: &str) {
        self.0.insert(path.into(), normalize_quote(text));
    }

    /// The normalized text of an archive.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.0.get(path).map(String::as_str)
    }
}

/// Text as quotes are compared: typographic quotes and apostrophes as ASCII, every run of
/// whitespace as one space, trimmed. Nothing else is changed.
pub fn normalize_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.push(match c {
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201c}' | '\u{201d}' => '"',
                c => c,
            });
        }
    }
    out
}

/// Why a fact base could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder or files in it could not be read, or they break rules; every problem is
    /// listed, one per line (a file that cannot be read does not hide the others' problems).
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// Every problem, file by file, in position order.
        problems: Vec<Problem>,
    },
}

/// Position of a topic: deal index, topic index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TopicRef {
    /// Index into [`FactBase::deals`].
    pub deal: u32,
    /// Index into that deal's topics.
    pub topic: u32,
}

/// Every deal, validated. Immutable: a change builds a new one. The matcher's index is
/// built over it by whoever loads it ([`crate::matcher::Snapshot`]).
#[derive(Debug)]
pub struct FactBase {
    deals: Vec<Deal>,
    topics: Vec<TopicRef>,
    topic_by_id: HashMap<String, TopicRef>,
    /// Statement id → where it is filed: its topic and its place there.
    statement_by_id: HashMap<String, (TopicRef, u32)>,
}

impl FactBase {
    /// Reads every `*.toml` file in `dir` (in name order) and loads them. Every file is
    /// checked even when another cannot be read.
    pub fn from_dir(dir: &Path) -> Result<FactBase, LoadError> {
        let (files, archives, mut problems) = read_dir_texts(dir);
        if files.is_empty() && problems.is_empty() {
            problems.push(Problem::whole_file(
                dir,
                "no fact files (*.toml) in this folder",
            ));
        }
        let loaded = FactBase::from_parts(files, &archives);
        match loaded {
            Ok(base) if problems.is_empty() => return Ok(base),
            Ok(_) => {}
            Err(mut p) => problems.append(&mut p),
        }
        // Each file's problems together, files in name order, each in position order.
        problems.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        Err(LoadError::Invalid { problems })
    }

    /// Loads deals from `(origin, text)` pairs with no archived sources (a source that names
    /// an archive is then a problem). Pure: tests call it directly.
    pub fn from_texts(files: Vec<(PathBuf, String)>) -> Result<FactBase, Vec<Problem>> {
        FactBase::from_parts(files, &Archives::default())
    }

    /// Loads deals from `(origin, text)` pairs, checking quotes against `archives`. Pure.
    pub fn from_parts(
        files: Vec<(PathBuf, String)>,
        archives: &Archives,
    ) -> Result<FactBase, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut deals = Vec::new();
        let mut seen: HashMap<(load::IdKind, String), Problem> = HashMap::new();
        for parsed in parse_all(&files, archives) {
            match parsed {
                Ok(parsed) => {
                    let before = problems.len();
                    unique_ids(parsed.ids, &mut seen, &mut problems);
                    if problems.len() == before {
                        deals.push(parsed.deal);
                    }
                }
                Err(mut p) => problems.append(&mut p),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(FactBase::build(deals))
    }

    /// Indexes validated deals.
    fn build(deals: Vec<Deal>) -> FactBase {
        let mut topics = Vec::new();
        let mut topic_by_id = HashMap::new();
        let mut statement_by_id = HashMap::new();
        for (d, deal) in deals.iter().enumerate() {
            for (t, topic) in deal.topics.iter().enumerate() {
                let r = TopicRef {
                    deal: d as u32,
                    topic: t as u32,
                };
                topics.push(r);
                topic_by_id.insert(topic.id.clone(), r);
                for (s, statement) in topic.statements.iter().enumerate() {
                    statement_by_id.insert(statement.id.clone(), (r, s as u32));
                }
            }
        }
        FactBase {
            deals,
            topics,
            topic_by_id,
            statement_by_id,
        }
    }

    /// Every deal, in load order.
    pub fn deals(&self) -> &[Deal] {
        &self.deals
    }

    /// Every topic, deal by deal, in file order.
    pub fn topics(&self) -> impl Iterator<Item = (&Deal, &Topic)> + '_ {
        self.topics.iter().map(|r| self.get(*r))
    }

    /// The position of the `n`th topic in the matcher's global order.
    pub fn topic_ref_at(&self, n: u32) -> TopicRef {
        self.topics[n as usize]
    }

    /// Number of topics in all deals.
    pub fn topic_count(&self) -> usize {
        self.topics.len()
    }

    /// Number of statements in all deals.
    pub fn statement_count(&self) -> usize {
        self.topics().map(|(_, t)| t.statements.len()).sum()
    }

    /// The deal and topic at a position.
    pub fn get(&self, r: TopicRef) -> (&Deal, &Topic) {
        let deal = &self.deals[r.deal as usize];
        (deal, &deal.topics[r.topic as usize])
    }

    /// A topic by id.
    pub fn topic(&self, id: &str) -> Option<(&Deal, &Topic)> {
        self.topic_by_id.get(id).map(|r| self.get(*r))
    }

    /// A topic's position by id.
    pub fn topic_ref(&self, id: &str) -> Option<TopicRef> {
        self.topic_by_id.get(id).copied()
    }

    /// A statement by id, with the deal and topic it is filed under.
    pub fn statement(&self, id: &str) -> Option<(&Deal, &Topic, &Statement)> {
        let &(r, s) = self.statement_by_id.get(id)?;
        let (d, t) = self.get(r);
        Some((d, t, &t.statements[s as usize]))
    }

    /// A statement of `deal` by id (in any of its topics).
    pub fn statement_in<'a>(&'a self, deal: &'a Deal, id: &str) -> Option<&'a Statement> {
        self.statement(id)
            .filter(|(d, _, _)| std::ptr::eq(*d, deal))
            .map(|(_, _, s)| s)
    }

    /// The statements that answer a topic: its own, then its related ones, in file order.
    pub fn statements_for<'a>(
        &'a self,
        deal: &'a Deal,
        topic: &'a Topic,
    ) -> impl Iterator<Item = &'a Statement> + 'a {
        topic.statements.iter().chain(
            topic
                .related
                .iter()
                .filter_map(move |id| self.statement_in(deal, id)),
        )
    }
}

/// Parses every file, on as many threads as there are cores (a large base is many files);
/// results in file order.
fn parse_all(
    files: &[(PathBuf, String)],
    archives: &Archives,
) -> Vec<Result<load::Parsed, Vec<Problem>>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    if threads <= 1 {
        return files
            .iter()
            .map(|(origin, text)| load::parse_with_ids(text, origin, archives))
            .collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(origin, text)| load::parse_with_ids(text, origin, archives))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a fact-file parser panicked"))
            .collect()
    })
}

/// Reports each id already in `seen` (ids of one kind are unique in the whole fact base),
/// and records the others.
fn unique_ids(
    ids: Vec<(load::IdKind, String, Problem)>,
    seen: &mut HashMap<(load::IdKind, String), Problem>,
    problems: &mut Vec<Problem>,
) {
    for (kind, id, at) in ids {
        if let Some(first) = seen.get(&(kind, id.clone())) {
            problems.push(Problem {
                message: format!(
                    "duplicate {} id `{id}` (first defined at {}:{}:{})",
                    kind.noun(),
                    first.file.display(),
                    first.line,
                    first.col
                ),
                ..at
            });
        } else {
            seen.insert((kind, id), at);
        }
    }
}

/// Parses and checks one fact file on its own (ids unique within it). Pure.
pub fn parse(text: &str, origin: &Path) -> Result<Deal, Vec<Problem>> {
    let parsed = load::parse_with_ids(text, origin, &Archives::default())?;
    let mut problems = Vec::new();
    unique_ids(parsed.ids, &mut HashMap::new(), &mut problems);
    if problems.is_empty() {
        Ok(parsed.deal)
    } else {
        Err(problems)
    }
}

/// The folder, under the facts folder, that holds archived source texts.
pub const ARCHIVE_DIR: &str = "sources";

/// Reads every `*.toml` file directly in `dir`, sorted by name, and every archived source
/// text in `dir/sources/`: the texts that could be read, and one problem for each file (or
/// the folder) that could not. A file that is not UTF-8 gets the position of its first bad
/// byte.
pub fn read_dir_texts(dir: &Path) -> (Vec<(PathBuf, String)>, Archives, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut paths = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries {
                match entry {
                    Ok(e) => paths.push(e.path()),
                    Err(e) => problems.push(Problem::whole_file(dir, format!("cannot list: {e}"))),
                }
            }
        }
        Err(e) => problems.push(Problem::whole_file(
            dir,
            format!("cannot read the folder: {e}"),
        )),
    }
    paths.retain(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file());
    paths.sort();
    let mut texts = Vec::new();
    for path in paths {
        match read_text(&path) {
            Ok(text) => texts.push((path, text)),
            Err(problem) => problems.push(problem),
        }
    }
    let mut archives = Archives::default();
    let archive_dir = dir.join(ARCHIVE_DIR);
    let mut names: Vec<PathBuf> = std::fs::read_dir(&archive_dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        match read_text(&path) {
            Ok(text) => archives.insert(format!("{ARCHIVE_DIR}/{name}"), &text),
            Err(problem) => problems.push(problem),
        }
    }
    (texts, archives, problems)
}

/// Reads one file as UTF-8; a problem at the first bad byte, or about the whole file.
fn read_text(path: &Path) -> Result<String, Problem> {
    let bytes =
        std::fs::read(path).map_err(|e| Problem::whole_file(path, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = std::str::from_utf8(&bytes[..good]).expect("valid up to here");
        Problem {
            message: format!(
                "not valid UTF-8 (byte 0x{:02x}); save the file as UTF-8",
                bytes[good]
            ),
            ..raw::Locator::new(prefix, path).at(good..good, "")
        }
    })
}
