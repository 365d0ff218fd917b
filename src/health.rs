//! Readiness you can probe (systemd, Docker, Kubernetes): `GET /healthz` answers 200 while
//! the process is up; `GET /readyz` answers 200 only while the gateway is connected, the
//! commands are registered and a fact base is loaded, and 503 with a one-line reason
//! otherwise. Served on `health.listen` (absent by default); no Discord types here: the bot
//! sets the flags of [`Readiness`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the bot reports about itself; read by `/readyz`.
#[derive(Debug, Default)]
pub struct Readiness {
    /// The gateway connection is up (READY or RESUMED seen, not dropped since).
    connected: AtomicBool,
    /// The slash commands were registered (in at least one guild, or globally).
    registered: AtomicBool,
}

impl Readiness {
    /// Records whether the gateway is connected.
    pub fn set_connected(&self, up: bool) {
        self.connected.store(up, Ordering::SeqCst);
    }

    /// Records that the commands are registered.
    pub fn set_registered(&self) {
        self.registered.store(true, Ordering::SeqCst);
    }

    /// `Ok` when ready; otherwise the first reason it is not, in words.
    pub fn check(&self, topics_loaded: usize) -> Result<(), &'static str> {
        if !self.connected.load(Ordering::SeqCst) {
            Err("not ready: the Discord gateway is not connected")
        } else if !self.registered.load(Ordering::SeqCst) {
            Err("not ready: the slash commands are not registered")
        } else if topics_loaded == 0 {
            Err("not ready: no fact base is loaded")
        } else {
            Ok(())
        }
    }
}

/// The answer to one request line: status code and body.
pub fn respond(request_line: &str, readiness: &Readiness, topics_loaded: usize) -> (u16, String) {
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = path.split('?').next().unwrap_or("");
    match (method, path) {
        ("GET" | "HEAD", "/healthz") => (200, "ok\n".into()),
        ("GET" | "HEAD", "/readyz") => match readiness.check(topics_loaded) {
            Ok(()) => (200, "ready\n".into()),
            Err(reason) => (503, format!("{reason}\n")),
        },
        ("GET" | "HEAD", _) => (404, "not found: try /healthz or /readyz\n".into()),
        _ => (405, "method not allowed\n".into()),
    }
}

/// Serves the probes on `listener` until the task is dropped. `topics` counts the topics of
/// the fact base now served. Each connection gets one answer and is closed.
pub async fn serve(
    listener: TcpListener,
    readiness: Arc<Readiness>,
    topics: impl Fn() -> usize + Send + Sync + 'static,
) {
    let topics = Arc::new(topics);
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let (readiness, topics) = (readiness.clone(), topics.clone());
        tokio::spawn(async move {
            let _ =
                tokio::time::timeout(Duration::from_secs(5), answer(stream, &readiness, topics()))
                    .await;
        });
    }
}

/// Reads the request head (at most 8 KiB) and writes the answer.
async fn answer(
    mut stream: TcpStream,
    readiness: &Readiness,
    topics: usize,
) -> std::io::Result<()> {
    let mut head = Vec::with_capacity(512);
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 8192 {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    let line = text.lines().next().unwrap_or("");
    let (status, body) = respond(line, readiness, topics);
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
    let body = if line.starts_with("HEAD ") { "" } else { &body };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_only_when_connected_registered_and_loaded() {
        let r = Readiness::default();
        assert_eq!(respond("GET /healthz HTTP/1.1", &r, 0).0, 200);
        let (code, body) = respond("GET /readyz HTTP/1.1", &r, 14);
        assert_eq!(
            (code, body.as_str()),
            (503, "not ready: the Discord gateway is not connected\n")
        );
        r.set_connected(true);
        assert!(respond("GET /readyz HTTP/1.1", &r, 14)
            .1
            .contains("not registered"));
        r.set_registered();
        assert_eq!(respond("GET /readyz?x=1 HTTP/1.1", &r, 14).0, 200);
        assert!(respond("GET /readyz HTTP/1.1", &r, 0)
            .1
            .contains("no fact base"));
        r.set_connected(false);
        assert_eq!(respond("GET /readyz HTTP/1.1", &r, 14).0, 503);
        assert_eq!(respond("GET /other HTTP/1.1", &r, 14).0, 404);
        assert_eq!(respond("POST /readyz HTTP/1.1", &r, 14).0, 405);
        assert_eq!(respond("", &r, 14).0, 405);
    }
}
