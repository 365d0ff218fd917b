//! The fact base: every deal file in `facts/`, loaded, validated and indexed into one
//! immutable snapshot that readers share.

mod load;
pub mod model;
pub mod validate;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use model::{Deal, Source, Statement, Status, Topic, NEITHER};

use crate::matcher::Index;

/// One broken rule in a fact file, printed as `file:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong, in words a fact editor understands.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.col,
            self.message
        )
    }
}

/// Why a fact base could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder or a file in it could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Files were read but break rules; every problem is listed.
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

/// Every deal, validated, with the matcher's index built over them. Immutable: a change
/// builds a new one.
#[derive(Debug)]
pub struct FactBase {
    deals: Vec<Deal>,
    topics: Vec<TopicRef>,
    topic_by_id: HashMap<String, TopicRef>,
    index: Index,
}

impl FactBase {
    /// Reads every `*.toml` file in `dir` (in name order) and loads them.
    pub fn from_dir(dir: &Path) -> Result<FactBase, LoadError> {
        let files = read_dir_texts(dir)?;
        if files.is_empty() {
            return Err(LoadError::Invalid {
                problems: vec![Problem {
                    file: dir.to_path_buf(),
                    line: 1,
                    col: 1,
                    message: "no fact files (*.toml) in this folder".into(),
                }],
            });
        }
        FactBase::from_texts(files).map_err(|problems| LoadError::Invalid { problems })
    }

    /// Loads deals from `(origin, text)` pairs. Pure: tests call it directly.
    pub fn from_texts(files: Vec<(PathBuf, String)>) -> Result<FactBase, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut deals = Vec::new();
        let mut seen: HashMap<(load::IdKind, String), Problem> = HashMap::new();
        for (origin, text) in &files {
            match load::parse_with_ids(text, origin) {
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
        for (d, deal) in deals.iter().enumerate() {
            for (t, topic) in deal.topics.iter().enumerate() {
                let r = TopicRef {
                    deal: d as u32,
                    topic: t as u32,
                };
                topics.push(r);
                topic_by_id.insert(topic.id.clone(), r);
            }
        }
        let index = Index::build(&deals);
        FactBase {
            deals,
            topics,
            topic_by_id,
            index,
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
        self.topics()
            .find_map(|(d, t)| t.statements.iter().find(|s| s.id == id).map(|s| (d, t, s)))
    }

    /// The statements that answer a topic: its own, then its related ones, in file order.
    pub fn statements_for<'a>(
        &'a self,
        deal: &'a Deal,
        topic: &'a Topic,
    ) -> impl Iterator<Item = &'a Statement> + 'a {
        topic
            .statements
            .iter()
            .chain(topic.related.iter().filter_map(|id| deal.statement(id)))
    }

    /// The matcher's index.
    pub fn index(&self) -> &Index {
        &self.index
    }
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
    let parsed = load::parse_with_ids(text, origin)?;
    let mut problems = Vec::new();
    unique_ids(parsed.ids, &mut HashMap::new(), &mut problems);
    if problems.is_empty() {
        Ok(parsed.deal)
    } else {
        Err(problems)
    }
}

/// Reads every `*.toml` file directly in `dir`, sorted by name.
pub fn read_dir_texts(dir: &Path) -> Result<Vec<(PathBuf, String)>, LoadError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LoadError::Io { path, source }
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(io(&p))?;
            Ok((p, text))
        })
        .collect()
}
