//! Matcher and load benchmarks (design.md section 9).
//!
//! - `match/bundled`: [`Reply::answer`] over the development question set
//!   (tests/fixtures/questions.toml) on the bundled fact base; one question per iteration,
//!   round-robin, so the reported time is per question.
//! - `match/bundled_search_only`: the same, calling only `facts.index().search(q)`.
//! - `match/10k_topics`: [`Reply::answer`] over the same questions on a generated fact base
//!   of 10,000 topics (10 deals x 1,000 topics), built deterministically from a fixed seed.
//! - `load/bundled`: [`Snapshot::from_dir`] on `facts/` (read, parse, validate, index).
//! - `load/10k_topics`: [`FactBase::from_texts`] on the generated texts, then indexed.
//!
//! Run with `cargo bench --bench matcher`. The generated base's size is printed to stderr
//! once, before the measurements.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use dealcheck::facts::FactBase;
use dealcheck::matcher::complete::{complete, MAX_CHOICES};
use dealcheck::matcher::Snapshot;
use dealcheck::reply::Reply;
use serde::Deserialize;

// ------------------------------------------------------------------ inputs --

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[derive(Deserialize)]
struct QuestionSet {
    questions: Vec<Question>,
}

#[derive(Deserialize)]
struct Question {
    q: String,
}

/// The development question set, in file order.
fn questions() -> &'static [String] {
    static QS: OnceLock<Vec<String>> = OnceLock::new();
    QS.get_or_init(|| {
        let path = root().join("tests/fixtures/questions.toml");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let set: QuestionSet = toml::from_str(&text).expect("question set parses");
        assert!(!set.questions.is_empty(), "question set is empty");
        set.questions.into_iter().map(|q| q.q).collect()
    })
}

fn bundled() -> &'static Snapshot {
    static FB: OnceLock<Snapshot> = OnceLock::new();
    FB.get_or_init(|| Snapshot::from_dir(&root().join("facts")).expect("bundled facts load"))
}

/// The generated fact files (10 deals x 1,000 topics).
fn generated_texts() -> &'static [(PathBuf, String)] {
    static TEXTS: OnceLock<Vec<(PathBuf, String)>> = OnceLock::new();
    TEXTS.get_or_init(|| generate(GEN_DEALS, GEN_TOPICS_PER_DEAL))
}

fn generated() -> &'static Snapshot {
    static FB: OnceLock<Snapshot> = OnceLock::new();
    FB.get_or_init(|| {
        let texts = generated_texts();
        let facts = FactBase::from_texts(texts.to_vec())
            .map(Snapshot::new)
            .unwrap_or_else(|problems| {
                let shown: Vec<String> = problems.iter().take(20).map(|p| p.to_string()).collect();
                panic!(
                    "generated fact base does not validate ({} problems):\n{}",
                    problems.len(),
                    shown.join("\n")
                )
            });
        let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
        let confident = questions()
            .iter()
            .filter(|q| !facts.index().search(q).matches.is_empty())
            .count();
        eprintln!(
            "generated base: {} deals, {} topics, {} statements, vocabulary {} terms, \
             {:.1} MB of TOML; {confident}/{} dev questions get a confident match",
            facts.deals().len(),
            facts.topic_count(),
            facts.statement_count(),
            facts.index().vocabulary_size(),
            bytes as f64 / 1e6,
            questions().len(),
        );
        for deal in facts.deals() {
            eprintln!("  {}: {}", deal.id, deal.parties.join(", "));
        }
        facts
    })
}

// --------------------------------------------------------------- generator --

const GEN_DEALS: usize = 10;
const GEN_TOPICS_PER_DEAL: usize = 1_000;
const SEED: u64 = 0x5EED_DEA1_C4EC_2025;
/// Pseudo-words in the vocabulary, on top of [`REAL_WORDS`].
const PSEUDO_WORDS: usize = 3_000;

/// SplitMix64: small, fast, and the same sequence on every platform and run.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n).
    fn below(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n - 1)
    }

    /// Uniform in [lo, hi].
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// Skewed towards low indices (P(i < k) = sqrt(k / n)): a few words are common, most rare.
    fn skewed(&mut self, n: usize) -> usize {
        let u = self.unit();
        ((u * u * n as f64) as usize).min(n - 1)
    }
}

/// Real English words, mostly from the trade and politics register, so that questions share
/// words with the generated topics the way real ones would.
const REAL_WORDS: &str = "\
    tariff tariffs investment invest loan loans grant pledge fund funds funding money \
    billion trillion profit profits share split deal agreement framework treaty pact \
    contract signed binding written statement joint talks negotiation negotiator minister \
    ministry president secretary commerce treasury trade export exports import imports \
    quota quotas duty duties rice beef pork wheat soybeans corn dairy fish lumber steel \
    aluminum copper lithium semiconductor chips battery batteries vehicles cars autos \
    trucks aircraft jets ships shipbuilding energy oil gas pipeline nuclear reactor solar \
    wind power grid pharmaceutical medicine drugs vaccine hospital health critical \
    minerals mining rare earth supply chain chains factory factories plant plants jobs \
    workers wages union labor market markets access barrier barriers standard standards \
    safety inspection review quarterly annual schedule deadline timeline phase stage first \
    second final initial preliminary partial full complete total amount figure number sum \
    scale size compare historic record largest biggest small modest huge massive gross \
    domestic product economy economic growth recession inflation currency exchange rate \
    dollar yen won euro pound bank banks lender lenders credit guarantee guarantees \
    insurance bond bonds equity stake ownership control board committee council panel \
    court dispute arbitration penalty sanction sanctions retaliation enforcement \
    compliance monitor monitoring audit report reports announcement announced clarified \
    denied confirmed disputed rejected accepted approved ratified parliament congress \
    senate vote election campaign promise promised claim victory win loss cost costs price \
    prices consumer consumers farmer farmers farm agriculture food security defense \
    military troops base bases alliance partner partners partnership cooperation \
    relationship ally allies rival rivals competition subsidy subsidies incentive \
    incentives tax taxes exemption exemptions waiver waivers carve clause provision \
    provisions annex chapter article section text draft memorandum understanding letter \
    intent roadmap plan strategy priority priorities sector sectors industry industries \
    technology digital data privacy cyber telecom network networks satellite space ports \
    port shipping logistics rail railway highway bridge infrastructure construction \
    housing water climate emissions carbon environment forest fisheries ocean border \
    customs visa visas migration students tourism travel airline airlines airport pension \
    pensions retirement repay repayment interest debt deficit surplus balance gap reduce \
    reduction increase expand expansion cut cuts raise lower freeze suspend resume delay \
    delayed cancel cancelled extend extension renew withdraw exit join sign signing \
    ceremony summit meeting visit call phone speech interview press conference briefing \
    leak leaked rumor source sources officials official spokesperson ambassador envoy \
    delegation team office cabinet prime chancellor governor mayor chief executive company \
    companies firm firms startup investor investors shareholders dividend returns yield \
    risk risks exposure volatility uncertainty confidence outlook forecast estimate \
    estimates projection target targets goal goals commitment commitments obligation \
    obligations condition conditions strings attached free fair reciprocal mutual \
    bilateral multilateral regional global national federal state local public private \
    foreign overseas \
";

/// Real country and bloc names the normalizer knows as entities.
const COUNTRIES: &[&str] = &[
    "United States",
    "Japan",
    "United Kingdom",
    "South Korea",
    "European Union",
    "China",
    "India",
    "Canada",
    "Mexico",
    "Australia",
    "Germany",
    "France",
    "Vietnam",
    "Indonesia",
    "Brazil",
    "Singapore",
    "Taiwan",
    "Switzerland",
    "Saudi Arabia",
    "New Zealand",
];

/// The first party of deal `d` is `LEADS[d % LEADS.len()]`.
const LEADS: &[&str] = &[
    "United States",
    "Japan",
    "United Kingdom",
    "South Korea",
    "European Union",
];

const DEAL_KINDS: &[&str] = &[
    "trade framework",
    "investment pledge",
    "tariff agreement",
    "economic partnership",
    "supply chain pact",
    "energy accord",
    "critical minerals deal",
    "market access package",
];

const VERBS: &[&str] = &[
    "cover",
    "include",
    "change",
    "protect",
    "fund",
    "limit",
    "remove",
    "lower",
    "raise",
    "exempt",
    "guarantee",
    "require",
    "allow",
    "block",
    "delay",
    "expand",
];

const STATUSES: &[&str] = &["announced", "clarified", "under_negotiation"];

/// Builds the pseudo-word list: pronounceable, lowercase, unique, 4-12 letters.
fn pseudo_words(rng: &mut Rng, n: usize) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "kl", "l", "m", "n",
        "p", "pl", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z", "qu",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou", "y"];
    const CODAS: &[&str] = &[
        "", "", "", "n", "r", "s", "l", "m", "nd", "st", "x", "k", "th",
    ];
    let mut seen = std::collections::HashSet::new();
    for w in REAL_WORDS.split_whitespace() {
        seen.insert(w.to_string());
    }
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let syllables = rng.range(2, 3);
        let mut w = String::new();
        for _ in 0..syllables {
            w.push_str(rng.pick::<&str>(ONSETS));
            w.push_str(rng.pick::<&str>(VOWELS));
            w.push_str(rng.pick::<&str>(CODAS));
        }
        if (4..=12).contains(&w.len()) && seen.insert(w.clone()) {
            out.push(w);
        }
    }
    out
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn slug(s: &str) -> String {
    s.to_lowercase().replace(' ', "-")
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The generator's state for one run: the vocabulary and the PRNG.
struct Gen {
    rng: Rng,
    /// Real and pseudo-words, shuffled; low indices are drawn most often.
    vocab: Vec<String>,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        let mut rng = Rng(seed);
        let mut vocab: Vec<String> = REAL_WORDS.split_whitespace().map(String::from).collect();
        vocab.extend(pseudo_words(&mut rng, PSEUDO_WORDS));
        for i in (1..vocab.len()).rev() {
            let j = rng.below(i + 1);
            vocab.swap(i, j);
        }
        Gen { rng, vocab }
    }

    fn word(&mut self) -> &str {
        let i = self.rng.skewed(self.vocab.len());
        &self.vocab[i]
    }

    fn words(&mut self, n: usize) -> String {
        let mut out = String::new();
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            let w = self.word().to_string();
            out.push_str(&w);
        }
        out
    }

    fn money(&mut self) -> String {
        let n = self.rng.range(1, 99) * 10;
        if self.rng.chance(0.7) {
            format!("${n} billion")
        } else {
            format!("${n} million")
        }
    }

    fn title(&mut self, parties: &[String]) -> String {
        let party = self.rng.pick(parties).clone();
        let verb = *self.rng.pick(VERBS);
        let (a, b, c) = (self.words(1), self.words(1), self.words(1));
        match self.rng.below(5) {
            0 => format!("Does the deal {verb} {a} {b} for {party}?"),
            1 => format!("What is the {a} {b} provision, and who pays for it?"),
            2 => format!("Is {party} going to {verb} the {a} {b}?"),
            3 => format!("How much {a} goes to {b} {c} under the deal?"),
            _ => format!("Will the {a} {b} rules {verb} {c} imports?"),
        }
    }

    fn example(&mut self, parties: &[String]) -> String {
        let party = self.rng.pick(parties).clone();
        let verb = *self.rng.pick(VERBS);
        let n = self.rng.range(3, 7);
        let body = self.words(n);
        match self.rng.below(5) {
            0 => format!("Is it true that {party} will {verb} {body}?"),
            1 => format!("Does the agreement {verb} {body}?"),
            2 => {
                let m = self.money();
                format!("Is {m} really going to {body}?")
            }
            3 => format!("What happens to {body} now?"),
            _ => format!("Did {party} agree to {verb} {body} or not?"),
        }
    }

    fn statement_text(&mut self, parties: &[String]) -> String {
        let party = self.rng.pick(parties).clone();
        let n = self.rng.range(12, 28);
        let mut text = format!("{party} ");
        text.push_str(&self.words(n / 2));
        if self.rng.chance(0.3) {
            let m = self.money();
            write!(text, " worth {m}").unwrap();
        }
        if self.rng.chance(0.15) {
            let p = self.rng.range(1, 19) * 5;
            write!(text, ", with {p}% of").unwrap();
        }
        text.push(' ');
        text.push_str(&self.words(n - n / 2));
        text.push('.');
        text
    }

    /// One deal file with `topics` topics.
    fn deal(&mut self, d: usize, topics: usize) -> String {
        let n_parties = if self.rng.chance(0.8) { 2 } else { 3 };
        // Each deal is led by one of a few big economies (deal 0 is U.S.-Japan, like the
        // bundled base), so the development questions, most of which name Japan or the
        // U.S., are scored against several deals rather than refused as near misses.
        let mut parties: Vec<String> = vec![LEADS[d % LEADS.len()].to_string()];
        if d == 0 {
            parties.push("Japan".to_string());
        }
        while parties.len() < n_parties {
            let c = (*self.rng.pick(COUNTRIES)).to_string();
            if !parties.contains(&c) {
                parties.push(c);
            }
        }
        let kind = *self.rng.pick(DEAL_KINDS);
        let figure = self.rng.range(5, 95) * 10;
        let deal_id = format!(
            "{}-gen-{d:02}",
            parties
                .iter()
                .map(|p| slug(p))
                .collect::<Vec<_>>()
                .join("-")
        );
        let mut aliases: Vec<String> = parties.iter().map(|p| p.to_lowercase()).collect();
        aliases.extend(parties.iter().map(|p| format!("{} deal", p.to_lowercase())));
        aliases.push(format!("{figure} billion"));
        aliases.push(kind.to_string());

        let mut out = String::with_capacity(topics * 1_400);
        writeln!(out, "# Generated by benches/matcher.rs (seed {SEED:#x}).\n").unwrap();
        writeln!(out, "[deal]").unwrap();
        writeln!(out, "id = {}", q(&deal_id)).unwrap();
        writeln!(
            out,
            "title = {}",
            q(&format!("{} ${figure} billion {kind}", parties.join("-")))
        )
        .unwrap();
        let list = |xs: &[String]| xs.iter().map(|x| q(x)).collect::<Vec<_>>().join(", ");
        writeln!(out, "parties = [{}]", list(&parties)).unwrap();
        writeln!(out, "aliases = [{}]\n", list(&aliases)).unwrap();
        writeln!(
            out,
            "[sources.report]\ntitle = {}\n",
            q("Generated news report")
        )
        .unwrap();
        writeln!(
            out,
            "[sources.briefing]\ntitle = {}\npublisher = {}\n",
            q("Generated government briefing"),
            q("Benchmark Wire")
        )
        .unwrap();

        let mut prev_statement: Option<String> = None;
        for t in 0..topics {
            let topic_id = format!("{deal_id}-t{t:04}");
            let title = self.title(&parties);
            let aliases: Vec<String> = (0..self.rng.range(5, 15))
                .map(|_| {
                    let n = self.rng.range(1, 3);
                    self.words(n)
                })
                .collect();
            let examples: Vec<String> = (0..self.rng.range(2, 4))
                .map(|_| self.example(&parties))
                .collect();
            writeln!(out, "[[topics]]").unwrap();
            writeln!(out, "id = {}", q(&topic_id)).unwrap();
            writeln!(out, "title = {}", q(&title)).unwrap();
            writeln!(out, "aliases = [{}]", list(&aliases)).unwrap();
            writeln!(out, "examples = [{}]", list(&examples)).unwrap();
            if let Some(prev) = prev_statement.as_ref().filter(|_| self.rng.chance(0.25)) {
                writeln!(out, "related = [{}]", q(prev)).unwrap();
            }
            out.push('\n');
            let n_statements = self.rng.range(1, 4);
            for s in 0..n_statements {
                let statement_id = format!("{topic_id}-s{s}");
                let mut status = *self.rng.pick(STATUSES);
                let text = self.statement_text(&parties);
                let (speaker, party) = match self.rng.below(4) {
                    // The source's own voice is context (or an open point), never a party's.
                    0 => {
                        if status != "under_negotiation" {
                            status = "context";
                        }
                        ("The news report".to_string(), "neither".to_string())
                    }
                    1 => {
                        let p = self.rng.pick(&parties).clone();
                        (format!("{p} trade ministry"), p)
                    }
                    2 => {
                        let p = self.rng.pick(&parties).clone();
                        (format!("{p} officials"), p)
                    }
                    _ => {
                        let p = self.rng.pick(&parties).clone();
                        let (a, b) = (capitalize(self.word()), capitalize(self.word()));
                        (format!("{a} {b}, {p} negotiator"), p)
                    }
                };
                let source = if self.rng.chance(0.7) {
                    "report"
                } else {
                    "briefing"
                };
                writeln!(out, "[[topics.statements]]").unwrap();
                writeln!(out, "id = {}", q(&statement_id)).unwrap();
                writeln!(out, "status = {}", q(status)).unwrap();
                writeln!(out, "text = {}", q(&text)).unwrap();
                writeln!(out, "speaker = {}", q(&speaker)).unwrap();
                writeln!(out, "party = {}", q(&party)).unwrap();
                writeln!(out, "source = {}\n", q(source)).unwrap();
                if s == 0 {
                    prev_statement = Some(statement_id);
                }
            }
        }
        out
    }
}

/// `deals` fact files of `topics_per_deal` topics each; the same on every run.
fn generate(deals: usize, topics_per_deal: usize) -> Vec<(PathBuf, String)> {
    let mut g = Gen::new(SEED);
    (0..deals)
        .map(|d| {
            let path = PathBuf::from(format!("generated/deal-{d:02}.toml"));
            (path, g.deal(d, topics_per_deal))
        })
        .collect()
}

// -------------------------------------------------------------- benchmarks --

/// Benchmarks `f` over every question, one question per iteration, round-robin.
fn per_question<'a, O>(
    qs: &'a [String],
    mut f: impl FnMut(&str) -> O + 'a,
) -> impl FnMut(&mut criterion::Bencher<'_>) + 'a {
    move |b| {
        let mut i = 0usize;
        b.iter(|| {
            let q = &qs[i];
            i += 1;
            if i == qs.len() {
                i = 0;
            }
            f(black_box(q))
        });
    }
}

fn bench_match(c: &mut Criterion) {
    let qs = questions();
    let facts = bundled();

    let mut g = c.benchmark_group("match");
    g.sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("bundled", per_question(qs, |q| Reply::answer(facts, q)));
    g.bench_function(
        "bundled_search_only",
        per_question(qs, |q| facts.index().search(q)),
    );
    // Built on first use, so that filtering to the bundled benchmarks skips it.
    g.bench_function("10k_topics", |b| {
        let big = generated();
        per_question(qs, |q| Reply::answer(big, q))(b)
    });
    g.finish();
}

fn bench_load(c: &mut Criterion) {
    let dir = root().join("facts");
    let texts = generated_texts();

    let mut g = c.benchmark_group("load");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("bundled", |b| {
        b.iter_with_large_drop(|| Snapshot::from_dir(black_box(&dir)).expect("bundled facts load"))
    });
    // Criterion takes at least 10 samples; flat sampling keeps it to one load per sample
    // when a load takes seconds.
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(10));
    g.bench_function("10k_topics", |b| {
        b.iter_batched(
            || texts.to_vec(),
            |t| Snapshot::new(FactBase::from_texts(t).expect("generated facts load")),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

/// `/topic` autocomplete: what a user has typed so far, per keystroke.
fn bench_complete(c: &mut Criterion) {
    let partials: Vec<String> = [
        "r",
        "ric",
        "tarif",
        "boeng",
        "who decides",
        "quarterly rev",
        "zzz",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut g = c.benchmark_group("complete");
    g.sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g.bench_function(
        "bundled",
        per_question(&partials, |p| complete(bundled(), p, MAX_CHOICES)),
    );
    g.bench_function("10k_topics", |b| {
        let big = generated();
        per_question(&partials, |p| complete(big, p, MAX_CHOICES))(b)
    });
    g.finish();
}

criterion_group!(benches, bench_match, bench_complete, bench_load);
criterion_main!(benches);
