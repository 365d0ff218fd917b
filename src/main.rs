//! The `dealcheck` binary: parses flags, sets up tracing, dispatches. No logic here.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "dealcheck",
    version,
    about = "Fact-checks claims about big political and trade deals"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Answer a question from the fact base.
    Ask {
        /// Print the answer as JSON (the contract in the README).
        #[arg(long)]
        json: bool,
        /// Folder of fact files.
        #[arg(long, default_value = "facts")]
        facts: PathBuf,
        /// The question (several words are joined with spaces; after `--` if it starts
        /// with `-`). Flags may come before or after it.
        #[arg(required = true, num_args = 1..)]
        question: Vec<String>,
    },
    /// Validate the fact base and print every problem as file:line:col: message.
    Check {
        /// Folder of fact files.
        #[arg(long, default_value = "facts")]
        facts: PathBuf,
    },
    /// Grade a question set: print each miss and the pass rates.
    Eval {
        /// The question set (TOML; see `dealcheck::eval`).
        file: PathBuf,
        /// Folder of fact files.
        #[arg(long, default_value = "facts")]
        facts: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Exit 1 when the share of questions passed is below this (0 to 1).
        #[arg(long)]
        min: Option<f64>,
    },
    /// List the questions the bot could not answer well, most asked first.
    Gaps {
        /// The records database (`records.path` in the config).
        #[arg(long, default_value = "records/answers.sqlite3")]
        db: PathBuf,
        /// Look back this many days.
        #[arg(long, default_value_t = 7)]
        days: u32,
    },
    /// Export the fact base for other tools.
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// Run the Discord bot (token from DISCORD_TOKEN).
    Serve {
        /// Configuration file (see config.example.toml).
        #[arg(long, default_value = "config.toml")]
        config: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum ExportFormat {
    /// schema.org ClaimReview JSON-LD, one review per statement.
    Claimreview {
        /// Only this deal (default: every deal).
        #[arg(long)]
        deal: Option<String>,
        /// Folder of fact files.
        #[arg(long, default_value = "facts")]
        facts: PathBuf,
        /// The organisation publishing the reviews (written as each review's author).
        #[arg(long)]
        publisher: Option<String>,
        /// Base URL of the page publishing the reviews (each review's url is URL#<id>).
        #[arg(long)]
        url: Option<String>,
    },
}

/// clap's multi-line usage error as one line: its `error:` line with the lines that continue
/// it (the missing argument's name), and its tip if it has one.
fn usage_line(e: &clap::Error) -> String {
    if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        return "error: name a command: ask, check or serve (see --help)".into();
    }
    let rendered = e.render().to_string();
    let mut lines = rendered.lines().map(str::trim_end);
    let mut message = lines
        .by_ref()
        .find(|l| l.starts_with("error:"))
        .unwrap_or("error: invalid arguments")
        .trim_end_matches(':')
        .to_string();
    let mut continued = lines.by_ref().take_while(|l| l.starts_with(' ')).peekable();
    if continued.peek().is_some() {
        message.push(':');
        continued.for_each(|l| {
            message.push(' ');
            message.push_str(l.trim());
        });
    }
    match rendered.lines().find_map(|l| l.trim().strip_prefix("tip:")) {
        Some(tip) => format!("{message} ({}; see --help)", tip.trim()),
        None => format!("{message} (see --help)"),
    }
}

/// Log levels when RUST_LOG is unset: quiet for one-shot commands, informative for the bot.
fn default_filter(command: &Command) -> &'static str {
    match command {
        Command::Serve { .. } => "info,serenity=warn,poise=warn",
        _ => "warn",
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version print in full; a usage error is one line on stderr, exit 2.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{}", usage_line(&e));
            return ExitCode::from(dealcheck::cli::EXIT_USAGE);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new(default_filter(&cli.command))
            }),
        )
        .with_writer(io::stderr)
        .init();
    // Stderr is not locked here: the bot's tracing writes to it from other threads.
    let (mut out, mut err) = (io::stdout().lock(), io::stderr());
    let code = match cli.command {
        Command::Ask {
            json,
            facts,
            question,
        } => dealcheck::cli::ask(&facts, &question.join(" "), json, &mut out, &mut err),
        Command::Check { facts } => dealcheck::cli::check(&facts, &mut out, &mut err),
        Command::Gaps { db, days } => dealcheck::cli::gaps(&db, days, &mut out, &mut err),
        Command::Eval {
            file,
            facts,
            json,
            min,
        } => dealcheck::cli::eval(&file, &facts, json, min, &mut out, &mut err),
        Command::Export {
            format:
                ExportFormat::Claimreview {
                    deal,
                    facts,
                    publisher,
                    url,
                },
        } => {
            let publisher = dealcheck::export::Publisher {
                name: publisher,
                url,
            };
            dealcheck::cli::export_claim_review(
                &facts,
                deal.as_deref(),
                &publisher,
                &mut out,
                &mut err,
            )
        }
        Command::Serve { config } => dealcheck::cli::serve(&config, &mut err),
    };
    ExitCode::from(code)
}
