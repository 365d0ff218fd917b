//! The stand-in server: one axum server on `127.0.0.1:0` serving Discord's REST API under
//! `/api/v10/` and its gateway websocket at `/gateway`.
//!
//! REST: the handful of routes the bot uses answer with bodies serenity parses; every request,
//! known or not, is recorded (unknown routes get a 404 with a Discord-style JSON error).
//! Gateway: HELLO on connect, READY after IDENTIFY, RESUMED after RESUME, an ACK for every
//! heartbeat, and the dispatches tests push, numbered with an increasing `s`. Plain JSON text
//! frames only (serenity asks for payload compression but accepts text).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::payloads;

/// The heartbeat interval sent in HELLO by [`StandIn::start`], in milliseconds: long enough
/// that a short test sees no heartbeat.
pub const DEFAULT_HEARTBEAT_MS: u64 = 45_000;

/// One HTTP request the stand-in received.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path without the query, e.g. `/api/v10/channels/1/messages`.
    pub path: String,
    /// The query, without the `?` (empty when none).
    pub query: String,
    /// The body parsed as JSON (for multipart, its `payload_json` part), or `Null`.
    pub body: Value,
    /// When the request was received, to measure latency.
    pub at: Instant,
}

/// Counters of what happened on the gateway, across all connections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GatewayStatus {
    /// Websocket connections accepted.
    pub connections: u32,
    /// IDENTIFY (op 2) frames received.
    pub identifies: u32,
    /// READY dispatches sent (one per IDENTIFY).
    pub readies: u32,
    /// RESUME (op 6) frames received, each answered with RESUMED.
    pub resumes: u32,
    /// HEARTBEAT (op 1) frames received, each answered with an ACK (op 11).
    pub heartbeats: u32,
}

/// What a connection task is asked to send.
enum Outgoing {
    /// An op 0 dispatch; the connection numbers it.
    Dispatch { t: String, d: Value },
    /// Close the websocket with this code.
    Close(u16),
}

/// Which connection receives dispatches, and what waits for one.
#[derive(Default)]
struct Link {
    /// The connection that last sent READY or RESUMED: its id and queue.
    current: Option<(u64, mpsc::UnboundedSender<Outgoing>)>,
    /// Dispatches pushed while no client was ready; sent, in order, after the next READY/RESUMED.
    pending: VecDeque<Outgoing>,
}

/// State shared by the handlers, the connection tasks and [`StandIn`].
struct Shared {
    /// The port the server listens on, for the URLs it hands out.
    port: u16,
    /// `heartbeat_interval` sent in HELLO.
    heartbeat_ms: u64,
    /// Every HTTP request so far, in order of arrival.
    requests: Mutex<Vec<Recorded>>,
    /// Bumped after each recorded request, to wake waiters.
    requests_changed: watch::Sender<usize>,
    /// Gateway counters; waiters watch it.
    gateway: watch::Sender<GatewayStatus>,
    /// `d` of the last IDENTIFY received.
    identify: Mutex<Option<Value>>,
    /// Routing of dispatches to the ready connection.
    link: Mutex<Link>,
    /// The last `s` sent in this session (reset by IDENTIFY, kept across RESUME).
    seq: AtomicU64,
    /// Ids for connections and session ids.
    next_conn: AtomicU64,
    /// Injected failures: requests whose method and path match get this status and body.
    failures: Mutex<Vec<Failure>>,
    /// While set, websocket upgrades are refused (503): a gateway that is down.
    gateway_down: std::sync::atomic::AtomicBool,
    /// Interaction tokens dispatched: when, the id of the reply message they own, and its
    /// channel.
    tokens: Mutex<HashMap<String, (Instant, u64, u64)>>,
    /// How long a token can reach its reply (Discord: 15 minutes); tests shorten it.
    token_ttl: Mutex<Duration>,
    /// Messages the bot posted to channels, `(channel, message id)`, in order.
    posted: Mutex<Vec<(u64, u64)>>,
    /// Messages deleted by a test: editing them gets 404 Unknown Message.
    deleted: Mutex<Vec<u64>>,
}

/// Discord's lifetime of an interaction token.
pub const TOKEN_TTL: Duration = Duration::from_secs(15 * 60);

/// A REST failure a test asks for ([`StandIn::fail`]).
#[derive(Clone, Debug)]
struct Failure {
    method: String,
    path_suffix: String,
    status: StatusCode,
    body: Value,
}

impl Shared {
    fn gateway_url(&self) -> String {
        format!("ws://127.0.0.1:{}/gateway", self.port)
    }

    fn record(&self, method: &Method, uri: &Uri, body: Value) {
        let recorded = Recorded {
            method: method.to_string(),
            path: uri.path().to_string(),
            query: uri.query().unwrap_or_default().to_string(),
            body,
            at: Instant::now(),
        };
        self.requests.lock().unwrap().push(recorded);
        self.requests_changed.send_modify(|n| *n += 1);
    }
}

/// A Discord stand-in on `127.0.0.1`. Dropping it stops accepting connections.
pub struct StandIn {
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl StandIn {
    /// Binds `127.0.0.1:0` and serves REST and gateway on that one port.
    pub async fn start() -> StandIn {
        StandIn::start_with_heartbeat(DEFAULT_HEARTBEAT_MS).await
    }

    /// As [`StandIn::start`], with `heartbeat_ms` as HELLO's `heartbeat_interval` (a short one
    /// makes the client heartbeat during a test).
    pub async fn start_with_heartbeat(heartbeat_ms: u64) -> StandIn {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let shared = Arc::new(Shared {
            port,
            heartbeat_ms,
            requests: Mutex::new(Vec::new()),
            requests_changed: watch::Sender::new(0),
            gateway: watch::Sender::new(GatewayStatus::default()),
            identify: Mutex::new(None),
            link: Mutex::new(Link::default()),
            seq: AtomicU64::new(0),
            next_conn: AtomicU64::new(1),
            failures: Mutex::new(Vec::new()),
            gateway_down: std::sync::atomic::AtomicBool::new(false),
            tokens: Mutex::new(HashMap::new()),
            token_ttl: Mutex::new(TOKEN_TTL),
            posted: Mutex::new(Vec::new()),
            deleted: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/gateway", get(gateway_upgrade))
            .fallback(rest)
            .with_state(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StandIn { shared, server }
    }

    /// `http://127.0.0.1:PORT`: what `HttpBuilder::proxy` takes (serenity appends `/api/v10/...`).
    pub fn api_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.shared.port)
    }

    /// `ws://127.0.0.1:PORT/gateway`: what `GET /gateway` hands out.
    pub fn gateway_url(&self) -> String {
        self.shared.gateway_url()
    }

    /// Waits until READY has been sent to an identified client; false on timeout.
    pub async fn wait_ready(&self, timeout: Duration) -> bool {
        self.wait_gateway(|g| g.readies >= 1, timeout).await
    }

    /// Waits until the gateway counters satisfy `pred`; false on timeout.
    pub async fn wait_gateway(
        &self,
        pred: impl Fn(&GatewayStatus) -> bool,
        timeout: Duration,
    ) -> bool {
        let mut rx = self.shared.gateway.subscribe();
        let wait = async {
            loop {
                let done = pred(&rx.borrow_and_update());
                if done {
                    return true;
                }
                if rx.changed().await.is_err() {
                    return false;
                }
            }
        };
        tokio::time::timeout(timeout, wait).await.unwrap_or(false)
    }

    /// The gateway counters now.
    pub fn gateway_status(&self) -> GatewayStatus {
        self.shared.gateway.borrow().clone()
    }

    /// Pushes an op 0 dispatch `t` with data `d` to the client, numbered with the next `s`.
    /// If no client is ready (before READY, or while it reconnects) the event is queued and
    /// sent, in order, right after the next READY or RESUMED. An interaction's token starts
    /// its lifetime here ([`StandIn::set_token_ttl`]).
    pub async fn dispatch(&self, t: &str, d: Value) {
        if let Some(token) = d["token"].as_str().filter(|_| t == "INTERACTION_CREATE") {
            let channel = d["channel_id"].as_str().and_then(|c| c.parse().ok());
            self.shared.tokens.lock().unwrap().insert(
                token.to_string(),
                (
                    Instant::now(),
                    payloads::next_id(),
                    channel.unwrap_or(payloads::CHANNEL_ID),
                ),
            );
        }
        let out = Outgoing::Dispatch {
            t: t.to_string(),
            d,
        };
        let mut link = self.shared.link.lock().unwrap();
        let unsent = match &link.current {
            Some((_, tx)) => tx.send(out).err().map(|e| e.0),
            None => Some(out),
        };
        if let Some(out) = unsent {
            link.pending.push_back(out);
        }
    }

    /// Closes the ready client's websocket with `code`, after the dispatches already queued
    /// for it. With 4000 (or 1000) serenity reconnects and RESUMEs; false if no client is ready.
    pub async fn close_gateway(&self, code: u16) -> bool {
        let link = self.shared.link.lock().unwrap();
        match &link.current {
            Some((_, tx)) => tx.send(Outgoing::Close(code)).is_ok(),
            None => false,
        }
    }

    /// Waits for a recorded request matching `pred`, including those already received, and
    /// returns the first one; `None` on timeout.
    pub async fn wait_request(
        &self,
        pred: impl Fn(&Recorded) -> bool,
        timeout: Duration,
    ) -> Option<Recorded> {
        self.wait_requests(pred, 1, timeout)
            .await
            .into_iter()
            .next()
    }

    /// Waits until `count` recorded requests match `pred` (counting those already received)
    /// and returns them in order of arrival; on timeout, returns those found so far.
    pub async fn wait_requests(
        &self,
        pred: impl Fn(&Recorded) -> bool,
        count: usize,
        timeout: Duration,
    ) -> Vec<Recorded> {
        let mut rx = self.shared.requests_changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.mark_unchanged();
            let found: Vec<Recorded> = self
                .shared
                .requests
                .lock()
                .unwrap()
                .iter()
                .filter(|r| pred(r))
                .cloned()
                .collect();
            if found.len() >= count {
                return found;
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => {}
                _ => return found,
            }
        }
    }

    /// From now on, answers `method` requests whose path ends with `path_suffix` with
    /// `status` and a Discord-style error body (`code`, `message`), instead of success.
    pub fn fail(&self, method: &str, path_suffix: &str, status: u16, code: u32, message: &str) {
        self.shared.failures.lock().unwrap().push(Failure {
            method: method.to_string(),
            path_suffix: path_suffix.to_string(),
            status: StatusCode::from_u16(status).expect("an HTTP status"),
            body: json!({ "message": message, "code": code }),
        });
    }

    /// From now on, interaction tokens reach their reply for `ttl` after their interaction
    /// (then `401 Invalid Webhook Token`), instead of 15 minutes.
    pub fn set_token_ttl(&self, ttl: Duration) {
        *self.shared.token_ttl.lock().unwrap() = ttl;
    }

    /// The id of the reply message an interaction's token owns (known from its dispatch).
    pub fn reply_id(&self, token: &str) -> Option<u64> {
        self.shared.tokens.lock().unwrap().get(token).map(|t| t.1)
    }

    /// The ids of the messages the bot posted to `channel`, in order.
    pub fn posted(&self, channel: u64) -> Vec<u64> {
        let posted = self.shared.posted.lock().unwrap();
        posted
            .iter()
            .filter(|(c, _)| *c == channel)
            .map(|(_, m)| *m)
            .collect()
    }

    /// Deletes a message: editing it now gets `404 Unknown Message`.
    pub fn delete_message(&self, message: u64) {
        self.shared.deleted.lock().unwrap().push(message);
    }

    /// Takes the gateway down (new websocket connections get 503) or brings it back up.
    pub fn set_gateway_down(&self, down: bool) {
        self.shared.gateway_down.store(down, Ordering::SeqCst);
    }

    /// Every request recorded so far, in order of arrival.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// `d` of the last IDENTIFY received (`intents`, `token`, `shard`, ...), if any.
    pub fn identify(&self) -> Option<Value> {
        self.shared.identify.lock().unwrap().clone()
    }
}

/// `GET /gateway` with a websocket upgrade: recorded, then handed to [`connection`].
async fn gateway_upgrade(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    ws: WebSocketUpgrade,
) -> Response {
    shared.record(&method, &uri, Value::Null);
    if shared.gateway_down.load(Ordering::SeqCst) {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    ws.on_upgrade(move |socket| connection(socket, shared))
}

/// One gateway connection, from HELLO to close.
async fn connection(socket: WebSocket, shared: Arc<Shared>) {
    let conn_id = shared.next_conn.fetch_add(1, Ordering::Relaxed);
    shared.gateway.send_modify(|g| g.connections += 1);
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<Outgoing>();
    // A dispatch taken from the queue but not written: handed back to the next connection.
    let mut unsent = None;

    let hello =
        json!({"op": 10, "s": null, "t": null, "d": {"heartbeat_interval": shared.heartbeat_ms}});
    if send(&mut sink, &hello).await {
        loop {
            tokio::select! {
                incoming = stream.next() => {
                    let text = match incoming {
                        Some(Ok(Message::Text(text))) => text,
                        Some(Ok(Message::Binary(_) | Message::Ping(_) | Message::Pong(_))) => continue,
                        // Close frame, error or end of stream: the client is gone.
                        _ => break,
                    };
                    let Ok(frame) = serde_json::from_str::<Value>(&text) else { continue };
                    if !answer(&shared, &mut sink, conn_id, &tx, frame).await {
                        break;
                    }
                }
                out = rx.recv() => match out {
                    Some(Outgoing::Dispatch { t, d }) => {
                        let s = shared.seq.fetch_add(1, Ordering::SeqCst) + 1;
                        let frame = json!({"op": 0, "s": s, "t": t, "d": d});
                        if !send(&mut sink, &frame).await {
                            unsent = Some(Outgoing::Dispatch { t, d: frame["d"].clone() });
                            break;
                        }
                    }
                    Some(Outgoing::Close(code)) => {
                        let close = CloseFrame { code, reason: "stand-in closed".into() };
                        let _ = sink.send(Message::Close(Some(close))).await;
                        break;
                    }
                    None => break,
                },
            }
        }
    }

    // Unregister, and keep what was queued for this connection for the next one.
    let mut link = shared.link.lock().unwrap();
    if matches!(&link.current, Some((id, _)) if *id == conn_id) {
        link.current = None;
    }
    rx.close();
    let mut leftover: Vec<Outgoing> = unsent.into_iter().collect();
    while let Ok(out) = rx.try_recv() {
        if let Outgoing::Dispatch { .. } = out {
            leftover.push(out);
        }
    }
    for out in leftover.into_iter().rev() {
        match &link.current {
            Some((_, next)) => {
                let _ = next.send(out);
            }
            None => link.pending.push_front(out),
        }
    }
}

/// Answers one frame from the client; false if the socket failed.
async fn answer(
    shared: &Shared,
    sink: &mut futures_util::stream::SplitSink<WebSocket, Message>,
    conn_id: u64,
    tx: &mpsc::UnboundedSender<Outgoing>,
    frame: Value,
) -> bool {
    match frame["op"].as_u64() {
        Some(1) => {
            shared.gateway.send_modify(|g| g.heartbeats += 1);
            send(sink, &json!({"op": 11, "s": null, "t": null, "d": null})).await
        }
        Some(2) => {
            *shared.identify.lock().unwrap() = Some(frame["d"].clone());
            shared.gateway.send_modify(|g| g.identifies += 1);
            shared.seq.store(0, Ordering::SeqCst);
            let session_id = format!("standin-session-{conn_id}");
            let d = payloads::ready(&session_id, &shared.gateway_url());
            if !send_dispatch(shared, sink, "READY", d).await {
                return false;
            }
            register(shared, conn_id, tx);
            shared.gateway.send_modify(|g| g.readies += 1);
            true
        }
        Some(6) => {
            shared.gateway.send_modify(|g| g.resumes += 1);
            if !send_dispatch(shared, sink, "RESUMED", json!({})).await {
                return false;
            }
            register(shared, conn_id, tx);
            true
        }
        // Presence updates, member chunk requests and the like need no answer.
        _ => true,
    }
}

/// Makes this connection the one that receives dispatches, and hands it the queued ones.
fn register(shared: &Shared, conn_id: u64, tx: &mpsc::UnboundedSender<Outgoing>) {
    let mut link = shared.link.lock().unwrap();
    for out in link.pending.drain(..) {
        let _ = tx.send(out);
    }
    link.current = Some((conn_id, tx.clone()));
}

async fn send_dispatch(
    shared: &Shared,
    sink: &mut futures_util::stream::SplitSink<WebSocket, Message>,
    t: &str,
    d: Value,
) -> bool {
    let s = shared.seq.fetch_add(1, Ordering::SeqCst) + 1;
    send(sink, &json!({"op": 0, "s": s, "t": t, "d": d})).await
}

async fn send(sink: &mut futures_util::stream::SplitSink<WebSocket, Message>, v: &Value) -> bool {
    sink.send(Message::Text(v.to_string())).await.is_ok()
}

/// Every HTTP request that is not the websocket: recorded, then routed by method and path.
async fn rest(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let body = parse_body(&body);
    shared.record(&method, &uri, body.clone());

    let path = uri.path();
    let failure = shared
        .failures
        .lock()
        .unwrap()
        .iter()
        .find(|f| f.method == method.as_str() && path.ends_with(&f.path_suffix))
        .cloned();
    if let Some(f) = failure {
        return (f.status, Json(f.body)).into_response();
    }
    let segments: Vec<&str> = match path.strip_prefix("/api/v10/") {
        Some(rest) => rest.split('/').collect(),
        None => Vec::new(),
    };
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["gateway"]) => Json(json!({ "url": shared.gateway_url() })).into_response(),
        ("GET", ["gateway", "bot"]) => Json(json!({
            "url": shared.gateway_url(),
            "shards": 1,
            "session_start_limit": {
                "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1
            }
        }))
        .into_response(),
        ("GET", ["oauth2", "applications", "@me"]) => {
            Json(payloads::current_application_info()).into_response()
        }
        ("GET", ["users", "@me"]) => Json(payloads::bot_user()).into_response(),
        ("PUT", ["applications", app, "commands"]) => {
            Json(echo_commands(app, None, &body)).into_response()
        }
        // The bot is in GUILD_ID only: elsewhere Discord refuses, as it does for a wrong id.
        ("PUT", ["applications", _, "guilds", guild, "commands"])
            if *guild != payloads::GUILD_ID.to_string() =>
        {
            (
                StatusCode::FORBIDDEN,
                Json(json!({"message": "Missing Access", "code": 50001})),
            )
                .into_response()
        }
        ("PUT", ["applications", app, "guilds", guild, "commands"]) => {
            Json(echo_commands(app, Some(guild), &body)).into_response()
        }
        ("POST", ["interactions", id, token, "callback"]) => {
            callback(&shared, id, token, uri.query(), &body)
        }
        (method @ ("GET" | "PATCH"), ["webhooks", _, token, "messages", "@original"]) => {
            original(&shared, token, method, &body)
        }
        ("PATCH", ["channels", channel, "messages", message]) => {
            match (channel.parse::<u64>(), message.parse::<u64>()) {
                (Ok(_), Ok(message)) if shared.deleted.lock().unwrap().contains(&message) => {
                    let body = json!({"message": "Unknown Message", "code": 10008});
                    (StatusCode::NOT_FOUND, Json(body)).into_response()
                }
                (Ok(channel), Ok(message)) => {
                    let mut m = bot_message(channel, &body);
                    m["id"] = json!(message.to_string());
                    Json(m).into_response()
                }
                _ => not_found(),
            }
        }
        ("POST", ["webhooks", _, _]) => {
            let mut m = bot_message(payloads::CHANNEL_ID, &body);
            m["webhook_id"] = json!(payloads::APP_ID.to_string());
            m["application_id"] = json!(payloads::APP_ID.to_string());
            Json(m).into_response()
        }
        ("POST", ["channels", channel, "messages"]) => match channel.parse::<u64>() {
            Ok(channel) => {
                let m = bot_message(channel, &body);
                let id = m["id"].as_str().and_then(|id| id.parse().ok()).unwrap_or(0);
                shared.posted.lock().unwrap().push((channel, id));
                Json(m).into_response()
            }
            Err(_) => not_found(),
        },
        _ => not_found(),
    }
}

/// `GET`/`PATCH .../messages/@original`: the reply the token owns, while the token lives.
fn original(shared: &Shared, token: &str, method: &str, body: &Value) -> Response {
    let ttl = *shared.token_ttl.lock().unwrap();
    let known = shared.tokens.lock().unwrap().get(token).copied();
    let Some((since, message, channel)) = known else {
        let body = json!({"message": "Unknown Webhook", "code": 10015});
        return (StatusCode::NOT_FOUND, Json(body)).into_response();
    };
    if since.elapsed() > ttl {
        let body = json!({"message": "Invalid Webhook Token", "code": 50027});
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    let body = if method == "GET" { &Value::Null } else { body };
    Json(reply_message(message, channel, body)).into_response()
}

/// The message an interaction's reply is, as Discord shows it.
fn reply_message(message: u64, channel: u64, body: &Value) -> Value {
    let mut m = bot_message(channel, body);
    m["id"] = json!(message.to_string());
    m["webhook_id"] = json!(payloads::APP_ID.to_string());
    m["application_id"] = json!(payloads::APP_ID.to_string());
    m
}

/// `POST /interactions/{id}/{token}/callback`: 204, or with `?with_response=true` Discord's
/// interaction callback response, holding the message a type 4 reply posted.
fn callback(shared: &Shared, id: &str, token: &str, query: Option<&str>, body: &Value) -> Response {
    let with_response = query
        .unwrap_or_default()
        .split('&')
        .any(|p| p == "with_response=true");
    if !with_response {
        return StatusCode::NO_CONTENT.into_response();
    }
    let known = shared.tokens.lock().unwrap().get(token).copied();
    let (message, channel) =
        known.map_or((payloads::next_id(), payloads::CHANNEL_ID), |k| (k.1, k.2));
    let kind = body["type"].as_u64().unwrap_or_default();
    let ephemeral = body["data"]["flags"].as_u64().unwrap_or_default() & 64 != 0;
    let mut resource = json!({ "type": kind });
    if kind == 4 {
        resource["message"] = reply_message(message, channel, &body["data"]);
    }
    Json(json!({
        "interaction": {
            "id": id,
            "type": 2,
            "response_message_id": message.to_string(),
            "response_message_loading": false,
            "response_message_ephemeral": ephemeral,
        },
        "resource": resource,
    }))
    .into_response()
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"message": "not found", "code": 0})),
    )
        .into_response()
}

/// JSON body, or the `payload_json` part of a multipart body (messages with files), or `Null`.
fn parse_body(bytes: &[u8]) -> Value {
    if let Ok(v) = serde_json::from_slice(bytes) {
        return v;
    }
    let text = String::from_utf8_lossy(bytes);
    let Some(start) = text.find("name=\"payload_json\"") else {
        return Value::Null;
    };
    let part = &text[start..];
    let Some(begin) = part.find("\r\n\r\n") else {
        return Value::Null;
    };
    let part = &part[begin + 4..];
    let end = part.find("\r\n--").unwrap_or(part.len());
    serde_json::from_str(&part[..end]).unwrap_or(Value::Null)
}

/// The message the bot just posted or edited: its `content` and `embeds` echoed, by the bot.
fn bot_message(channel_id: u64, body: &Value) -> Value {
    let content = body["content"].as_str().unwrap_or_default();
    let embeds = body
        .get("embeds")
        .filter(|e| e.is_array())
        .cloned()
        .unwrap_or(json!([]));
    payloads::message(
        payloads::next_id(),
        channel_id,
        payloads::bot_user(),
        content,
        vec![],
        embeds,
    )
}

/// The answer to a bulk overwrite of commands: the body's commands, each given what serenity's
/// `Command` needs and the request may omit (id, application_id, version, type, description).
fn echo_commands(app: &str, guild: Option<&str>, body: &Value) -> Value {
    let commands = body.as_array().cloned().unwrap_or_default();
    let commands = commands.into_iter().filter_map(|mut command| {
        let obj = command.as_object_mut()?;
        obj.insert("id".into(), json!(payloads::next_id().to_string()));
        obj.insert("application_id".into(), json!(app));
        obj.insert("version".into(), json!(payloads::next_id().to_string()));
        obj.entry("type").or_insert(json!(1));
        obj.entry("description").or_insert(json!(""));
        if let Some(guild) = guild {
            obj.insert("guild_id".into(), json!(guild));
        }
        if let Some(options) = obj.get_mut("options") {
            fill_option_descriptions(options);
        }
        Some(command)
    });
    Value::Array(commands.collect())
}

/// Options need a `description`; nested options (subcommands) too.
fn fill_option_descriptions(options: &mut Value) {
    for option in options.as_array_mut().into_iter().flatten() {
        if let Some(obj) = option.as_object_mut() {
            obj.entry("description").or_insert(json!(""));
            if let Some(nested) = obj.get_mut("options") {
                fill_option_descriptions(nested);
            }
        }
    }
}

/// Serenity's ratelimiter ignores the proxy and reqwest applies proxy variables even to
/// loopback: call this first in every test that runs a client against the stand-in.
pub fn clear_proxy_env() {
    for var in PROXY_VARS {
        std::env::remove_var(var);
    }
}

/// The proxy variables reqwest honours (to remove from a bot's environment).
pub const PROXY_VARS: [&str; 6] = [
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];
