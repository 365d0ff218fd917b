//! `dealcheck serve` as a process: start-up errors are one line naming the cause; against
//! the stand-in it connects, never logs the token, and stops cleanly on SIGTERM.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{clear_proxy_env, StandIn};

pub(crate) const TOKEN: &str = "dealcheck-test-secret-token-4242";

pub(crate) fn serve(config: &std::path::Path, token: Option<&str>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dealcheck"));
    cmd.args(["serve", "--config", config.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DISCORD_TOKEN")
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in crate::support::PROXY_VARS {
        cmd.env_remove(var);
    }
    if let Some(t) = token {
        cmd.env("DISCORD_TOKEN", t);
    }
    cmd
}

/// Runs serve to completion (it must fail fast) and returns (exit code, stderr).
fn fails(config: &std::path::Path, token: Option<&str>) -> (Option<i32>, String) {
    let out = serve(config, token).output().unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn start_up_problems_are_one_line_naming_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");

    let (code, err) = fails(&config, Some(TOKEN));
    assert_eq!(code, Some(1));
    assert!(err.starts_with("error: cannot read config"), "{err}");
    assert!(err.contains("copy config.example.toml"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    std::fs::write(&config, "facts_dir = \"facts\"\n[discord]\ntoken = \"x\"\n").unwrap();
    let (code, err) = fails(&config, Some(TOKEN));
    assert_eq!(code, Some(1));
    assert!(err.contains(":3:1: unknown field `token`"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    // A TOML syntax error whose parser message has two lines; a zero id.
    for (text, at) in [
        ("facts_dir = \"fa\\qcts\"\n", ":1:"),
        (
            "[discord]\nguild_ids = [0]\n",
            ":2:13: `0` is not a Discord id",
        ),
        (
            "[moderation]\nrole_ids = [0]\n",
            ":2:12: `0` is not a Discord id",
        ),
    ] {
        std::fs::write(&config, text).unwrap();
        let (code, err) = fails(&config, Some(TOKEN));
        assert_eq!(code, Some(1));
        assert!(
            err.starts_with("error: invalid config") && err.contains(at),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }

    std::fs::write(&config, "facts_dir = \"facts\"\n").unwrap();
    // A token with a line break or a non-ASCII character: refused at once, never echoed.
    for token in ["dealcheck-test\nsecret", "dealcheck-test\u{e9}secret"] {
        let (code, err) = fails(&config, Some(token));
        assert_eq!(code, Some(1));
        assert!(
            err.starts_with("error: DISCORD_TOKEN is malformed"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            !err.contains("secret") && !err.contains("dealcheck-test"),
            "{err}"
        );
    }
    for token in [None, Some(""), Some("   ")] {
        let (code, err) = fails(&config, token);
        assert_eq!(code, Some(1));
        assert!(err.starts_with("error: DISCORD_TOKEN is not set"), "{err}");
        assert_eq!(err.lines().count(), 1);
    }

    let facts = dir.path().join("facts");
    std::fs::create_dir(&facts).unwrap();
    std::fs::write(facts.join("bad.toml"), "[deal]\nid = 3\n").unwrap();
    std::fs::write(
        &config,
        format!(
            "facts_dir = {:?}\n[moderation]\nhistory_file = {:?}\n",
            facts,
            dir.path().join("h.jsonl")
        ),
    )
    .unwrap();
    let (code, err) = fails(&config, Some(TOKEN));
    assert_eq!(code, Some(1));
    assert!(err.contains("bad.toml:2:6:"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains(TOKEN));
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A config in `dir` for `dealcheck serve` against `standin`, on the bundled facts, with
/// `top` (top-level keys) first.
fn standin_config(dir: &std::path::Path, standin: &StandIn, top: &str) -> std::path::PathBuf {
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "{top}facts_dir = {:?}\n[discord]\nguild_ids = [{}]\napi_url = {:?}\n[moderation]\nhistory_file = {:?}\n[records]\npath = {:?}\n",
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("facts"),
            crate::support::GUILD_ID,
            standin.api_url(),
            dir.join("history.jsonl"),
            dir.join("records.sqlite3"),
        ),
    )
    .unwrap();
    config
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connects_never_logs_the_token_and_stops_on_sigterm() {
    clear_proxy_env();
    let standin = StandIn::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = standin_config(dir.path(), &standin, "");
    // The most verbose logging there is: the token must not appear even there.
    let mut child = serve(&config, Some(TOKEN))
        .env("RUST_LOG", "trace")
        .spawn()
        .unwrap();
    // Drain stderr as it comes: trace logging fills a pipe quickly and would block the bot.
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let _ = stderr.read_to_end(&mut all);
        String::from_utf8_lossy(&all).into_owned()
    });
    if !standin.wait_ready(Duration::from_secs(30)).await {
        let _ = child.kill();
        std::fs::write("/tmp/serve-trace.log", "").ok();
        let err = reader.join().unwrap();
        std::fs::write("/tmp/serve-trace.log", &err).ok();
        panic!(
            "never reached READY:\n{}",
            &err[err.len().saturating_sub(3000)..]
        );
    }
    assert!(standin
        .wait_request(
            |r| r.method == "PUT" && r.path.ends_with("/commands"),
            Duration::from_secs(15)
        )
        .await
        .is_some());
    tokio::time::sleep(Duration::from_millis(500)).await;
    if let Some(kib) = rss_kib(child.id()) {
        println!(
            "dealcheck serve resident memory when idle: {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "serve stops after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let err = reader.join().unwrap();
    assert!(
        status.success(),
        "clean exit after SIGTERM: {status}\n{}",
        &err[err.len().saturating_sub(2000)..]
    );
    assert!(
        err.contains("connected and commands registered"),
        "logs start-up"
    );
    assert!(!err.contains(TOKEN), "the token was logged");
    // The stand-in did get it: it is what a client sends to Discord.
    assert_eq!(standin.identify().unwrap()["token"], format!("Bot {TOKEN}"));
}

/// Resident memory of `dealcheck serve` idle, and after 1,000 `/factcheck` interactions with
/// 100 in flight through the stand-in; every interaction must be answered. Prints both (run
/// with `--release -- --nocapture` for the figures in the README).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_idle_and_after_a_thousand_interactions() {
    use crate::support::bot::string_option;
    use crate::support::{callback_path, slash, MEMBER_PERMISSIONS};
    use serde_json::json;
    clear_proxy_env();
    let standin = StandIn::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = standin_config(dir.path(), &standin, "facts_watch_seconds = 0\n");
    let mut cmd = serve(&config, Some(TOKEN));
    cmd.stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    assert!(standin.wait_ready(Duration::from_secs(30)).await, "READY");
    assert!(standin
        .wait_request(|r| r.method == "PUT", Duration::from_secs(15))
        .await
        .is_some());
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = rss_kib(child.id());
    let questions = [
        "is the 550 billion a loan?",
        "did japan sign the deal",
        "what about rice",
    ];
    let mut answered = 0;
    for batch in 0..10 {
        let mut paths = Vec::with_capacity(100);
        for i in 0..100 {
            let q = questions[(batch * 100 + i) % questions.len()];
            let d = slash(
                "factcheck",
                json!([string_option("question", q)]),
                &[],
                MEMBER_PERMISSIONS,
            );
            paths.push(callback_path(&d));
            standin.dispatch("INTERACTION_CREATE", d).await;
        }
        let wanted: std::collections::HashSet<String> = paths.into_iter().collect();
        let got = standin
            .wait_requests(
                |r| wanted.contains(&r.path),
                wanted.len(),
                Duration::from_secs(30),
            )
            .await;
        answered += got.len();
    }
    assert_eq!(answered, 1000, "every interaction is answered");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = rss_kib(child.id());
    let fds = std::fs::read_dir(format!("/proc/{}/fd", child.id())).map_or(0, |d| d.count());
    if let (Some(idle), Some(after)) = (idle, after) {
        println!(
            "dealcheck serve resident memory: idle {:.1} MiB, after 1,000 interactions (100 in flight) {:.1} MiB; {fds} open file descriptors",
            idle as f64 / 1024.0,
            after as f64 / 1024.0
        );
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "serve stops after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
