//! A small HTTP/1.1 registry stand-in on 127.0.0.1:0 (std only): routes from a table of path ->
//! replies (status, headers, body, delay), counting requests per path, connections and the peak in flight.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One answer. `{{BASE}}` in the body is replaced by the server's base URL.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    /// 200 with a JSON body.
    pub fn json(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, body).header("Content-Type", "application/json")
    }

    /// 200 with the body of a fixture file under `fixtures/registry/`.
    pub fn fixture(relative: &str) -> Reply {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/registry")
            .join(relative);
        let body =
            std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()));
        let kind = if relative.ends_with(".json") {
            "application/json"
        } else {
            "text/plain"
        };
        Reply::new(200, body).header("Content-Type", kind)
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// (path, request headers lower-cased) of one request.
type Logged = (String, Vec<(String, String)>);

#[derive(Default)]
struct State {
    /// Replies per path, served in turn; the last one repeats.
    routes: Mutex<HashMap<String, (Vec<Reply>, usize)>>,
    requests: Mutex<HashMap<String, u32>>,
    /// Every request, in arrival order.
    log: Mutex<Vec<Logged>>,
    connections: AtomicUsize,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
    stop: AtomicBool,
}

/// A running server; stopped when dropped.
pub struct RegistryServer {
    addr: SocketAddr,
    state: Arc<State>,
    accept: Option<JoinHandle<()>>,
    scheme: &'static str,
}

/// A test CA and a server certificate for 127.0.0.1 it signs (PEM of the CA for the client).
pub struct TestCa {
    pub ca_pem: String,
    pub server: Arc<rustls::ServerConfig>,
}

impl TestCa {
    /// A fresh CA and a 127.0.0.1 certificate signed by it.
    pub fn generate() -> TestCa {
        let ca_key = rcgen::KeyPair::generate().expect("CA key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(
            rcgen::DnType::CommonName,
            "Ledger Corp inspection CA (test)",
        );
        ca_params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
        ];
        let ca_cert = ca_params.self_signed(&ca_key).expect("CA certificate");
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let server_key = rcgen::KeyPair::generate().expect("server key");
        let server_params =
            rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).expect("server params");
        let server_cert = server_params
            .signed_by(&server_key, &issuer)
            .expect("server certificate");
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(
            rustls::pki_types::PrivatePkcs8KeyDer::from(server_key.serialize_der()),
        );
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![server_cert.der().clone(), ca_cert.der().clone()], key)
        .expect("server config");
        TestCa {
            ca_pem: ca_cert.pem(),
            server: Arc::new(config),
        }
    }
}

impl RegistryServer {
    /// Start serving `routes` (path with query -> replies in turn).
    pub fn start(routes: Vec<(String, Vec<Reply>)>) -> RegistryServer {
        Self::start_with(routes, None)
    }

    /// Serve `routes` over HTTPS with the certificate of `ca`.
    pub fn start_tls(routes: Vec<(String, Vec<Reply>)>, ca: &TestCa) -> RegistryServer {
        Self::start_with(routes, Some(Arc::clone(&ca.server)))
    }

    fn start_with(
        routes: Vec<(String, Vec<Reply>)>,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> RegistryServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(State::default());
        {
            let mut table = state.routes.lock().expect("routes");
            for (path, replies) in routes {
                table.insert(path, (replies, 0));
            }
        }
        let st = Arc::clone(&state);
        let scheme = if tls.is_some() { "https" } else { "http" };
        let base = format!("{scheme}://{addr}");
        let accept = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if st.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                st.connections.fetch_add(1, Ordering::SeqCst);
                let st = Arc::clone(&st);
                let base = base.clone();
                let tls = tls.clone();
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
                    match tls {
                        None => serve(stream, &st, &base),
                        Some(config) => {
                            let Ok(conn) = rustls::ServerConnection::new(config) else {
                                return;
                            };
                            serve(rustls::StreamOwned::new(conn, stream), &st, &base)
                        }
                    }
                });
            }
        });
        RegistryServer {
            addr,
            state,
            accept: Some(accept),
            scheme,
        }
    }

    /// `http://127.0.0.1:PORT` (or `https://`; no trailing slash).
    pub fn base(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// Requests received for `path`.
    pub fn requests(&self, path: &str) -> u32 {
        self.state
            .requests
            .lock()
            .expect("requests")
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    /// Requests received in all.
    pub fn total_requests(&self) -> u32 {
        self.state.requests.lock().expect("requests").values().sum()
    }

    /// TCP connections accepted.
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }

    /// The most requests being answered at the same time.
    pub fn peak_in_flight(&self) -> usize {
        self.state.peak.load(Ordering::SeqCst)
    }

    /// The value of request header `name` (lower case) on each request for `path`.
    pub fn request_headers(&self, path: &str, name: &str) -> Vec<Option<String>> {
        self.state
            .log
            .lock()
            .expect("log")
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, h)| h.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .collect()
    }
}

impl Drop for RegistryServer {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn serve(stream: impl Read + Write, st: &State, base: &str) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (
            parts.next().unwrap_or("").to_string(),
            parts.next().unwrap_or("").to_string(),
        );
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).map_or(true, |n| n == 0) {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_string());
                if k == "content-length" {
                    length = v.parse().unwrap_or(0);
                }
                headers.push((k, v));
            }
        }
        if length > 0 {
            let mut sink = vec![0u8; length];
            if reader.read_exact(&mut sink).is_err() {
                return;
            }
        }
        let now = st.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        st.peak.fetch_max(now, Ordering::SeqCst);
        *st.requests
            .lock()
            .expect("requests")
            .entry(path.clone())
            .or_insert(0) += 1;
        let reply = next_reply(st, &path);
        let if_none_match = headers
            .iter()
            .find(|(k, _)| k == "if-none-match")
            .map(|(_, v)| v.clone());
        st.log.lock().expect("log").push((path, headers));
        std::thread::sleep(reply.delay);
        let etag = reply
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("etag"))
            .map(|(_, v)| v.clone());
        let not_modified = etag.is_some() && etag == if_none_match;
        let (status, body) = if not_modified {
            (304, Vec::new())
        } else {
            (reply.status, substitute(&reply.body, base))
        };
        let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (k, v) in &reply.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        let length = if status == 304 { 0 } else { body.len() };
        head.push_str(&format!("Content-Length: {length}\r\n\r\n"));
        let mut out = head.into_bytes();
        if method != "HEAD" && status != 304 {
            out.extend_from_slice(&body);
        }
        let writer = reader.get_mut();
        let ok = writer.write_all(&out).and_then(|_| writer.flush()).is_ok();
        st.in_flight.fetch_sub(1, Ordering::SeqCst);
        if !ok {
            return;
        }
    }
}

fn next_reply(st: &State, path: &str) -> Reply {
    let mut routes = st.routes.lock().expect("routes");
    match routes.get_mut(path) {
        Some((replies, i)) if !replies.is_empty() => {
            let r = replies[(*i).min(replies.len() - 1)].clone();
            *i += 1;
            r
        }
        _ => Reply::new(404, "not found").header("Content-Type", "text/plain"),
    }
}

fn substitute(body: &[u8], base: &str) -> Vec<u8> {
    match std::str::from_utf8(body) {
        Ok(text) if text.contains("{{BASE}}") => text.replace("{{BASE}}", base).into_bytes(),
        _ => body.to_vec(),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
