//! Registry HTTP: one shared ureq agent (the platform's trust store, proxies from the
//! environment, compressed transfer), per-request timeout, retries with backoff (timeouts,
//! resets, 5xx, 429 with `Retry-After`) but none after a final error (certificate, DNS, refused,
//! 401/403), a host no longer asked after failing a few times in a row, the stage's deadline,
//! and the disk cache with TTL and revalidation (docs/registry-index.md).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::FetchError;
use super::cache::{self, Cache};
use super::redact::redact_url;

/// Cuts a body to what the lag reads (`None`: keep it as it came).
pub type Reduce<'a> = &'a dyn Fn(&[u8]) -> Option<Vec<u8>>;

/// Failures in a row after which a host is no longer asked.
const HOST_FAILURES: u32 = 3;

/// Largest answer read (a registry document of a package with thousands of versions).
const BODY_LIMIT: u64 = 128 * 1024 * 1024;

/// How the client talks to registries.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub timeout: Duration,
    pub retries: u32,
    /// First wait before a retry; doubled at each further attempt.
    pub backoff: Duration,
    /// Longest `Retry-After` (or backoff) honoured before a retry.
    pub max_wait: Duration,
    pub concurrency: usize,
    /// How long a cached answer is used without asking again (zero: the cache is not used).
    pub cache_ttl: Duration,
    /// Ignore `HTTP(S)_PROXY` (set when every registry is on the loopback interface).
    pub no_proxy: bool,
    /// Trusted roots (DER); empty keeps the client's bundled roots (see `tls::roots`).
    pub roots: Vec<Vec<u8>>,
    /// When the dependency stage stops asking (what is left is unknown), and its length.
    pub deadline: Option<(Instant, Duration)>,
}

/// A successful answer (2xx, or a revalidated cache entry).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Served from the disk cache without a request.
    pub from_cache: bool,
}

/// The client; shared by the worker threads.
pub struct Http {
    agent: ureq::Agent,
    opts: HttpOptions,
    cache: Option<Cache>,
    pub requests: AtomicU32,
    pub cache_hits: AtomicU32,
    pub revalidated: AtomicU32,
    /// Per host (`scheme://authority`): failures in a row, and the cause once it is no longer asked.
    hosts: Mutex<HashMap<String, (u32, Option<String>)>>,
}

thread_local! {
    /// Requests and cache hits of the current thread, so a worker can tell where one package's
    /// answers came from.
    static LOCAL: std::cell::Cell<(u32, u32)> = const { std::cell::Cell::new((0, 0)) };
}

/// (requests, cache hits) made by this thread so far.
pub fn thread_counts() -> (u32, u32) {
    LOCAL.with(|c| c.get())
}

fn count(requests: u32, hits: u32) {
    LOCAL.with(|c| {
        let (r, h) = c.get();
        c.set((r + requests, h + hits));
    });
}

enum Attempt {
    Done(Result<Answer, FetchError>),
    NotModified,
    Retry(FetchError, Option<Duration>),
}

impl Http {
    pub fn new(opts: HttpOptions, cache: Option<Cache>) -> Http {
        let mut config = ureq::Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("quarterdeck/", env!("CARGO_PKG_VERSION")))
            .max_idle_connections(opts.concurrency.max(1) * 2)
            .max_idle_connections_per_host(opts.concurrency.max(1));
        if opts.no_proxy {
            config = config.proxy(None);
        }
        if !opts.roots.is_empty() {
            let certs: Vec<ureq::tls::Certificate<'static>> = opts
                .roots
                .iter()
                .map(|der| ureq::tls::Certificate::from_der(der).to_owned())
                .collect();
            config = config.tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::new_with_certs(&certs))
                    .build(),
            );
        }
        let cache = cache.filter(|_| !opts.cache_ttl.is_zero());
        Http {
            agent: config.build().new_agent(),
            opts,
            cache,
            requests: AtomicU32::new(0),
            cache_hits: AtomicU32::new(0),
            revalidated: AtomicU32::new(0),
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// `Err` when `url`'s host is no longer asked, or the deadline passed.
    fn may_ask(&self, url: &str) -> Result<(), FetchError> {
        if let Some((at, length)) = self.opts.deadline
            && Instant::now() >= at
        {
            return Err(FetchError::Deadline {
                secs: length.as_secs(),
            });
        }
        let host = host_of(url);
        let hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        match hosts.get(&host) {
            Some((_, Some(cause))) => Err(FetchError::HostDown {
                host,
                cause: cause.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// Count a request's outcome against its host: an answer resets the count, a failure of
    /// the host's own (see `trip_cause`) adds one; a few in a row and the host is not asked again.
    fn record(&self, url: &str, result: &Result<Answer, FetchError>) {
        let cause = match result {
            Ok(_) => None,
            Err(e) => trip_cause(e),
        };
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        let entry = hosts.entry(host_of(url)).or_insert((0, None));
        match cause {
            None => {
                if result.is_ok() || matches!(result, Err(e) if e.host_cause().is_none()) {
                    entry.0 = 0;
                }
            }
            Some(cause) => {
                entry.0 += 1;
                if entry.0 >= HOST_FAILURES && entry.1.is_none() {
                    entry.1 = Some(cause);
                }
            }
        }
    }

    /// GET `url` asking for `accept`, through the cache.
    pub fn get(&self, url: &str, accept: &str) -> Result<Answer, FetchError> {
        self.fetch("GET", url, accept, None)
    }

    /// GET `url`, keeping (in the cache and the answer) only what `reduce` makes of the body:
    /// the fields the lag needs rather than a multi-megabyte document. `reduce` gives `None`
    /// for a body it cannot read (then the body is kept as it came, for the parser's error).
    pub fn get_reduced(
        &self,
        url: &str,
        accept: &str,
        reduce: Reduce,
    ) -> Result<Answer, FetchError> {
        self.fetch("GET", url, accept, Some(reduce))
    }

    /// HEAD `url` (for `Last-Modified`), through the cache.
    pub fn head(&self, url: &str) -> Result<Answer, FetchError> {
        self.fetch("HEAD", url, "*/*", None)
    }

    fn fetch(
        &self,
        method: &str,
        url: &str,
        accept: &str,
        reduce: Option<Reduce>,
    ) -> Result<Answer, FetchError> {
        let key = cache::key(method, url, accept);
        if let Some(answer) = self.fresh(&key) {
            return Ok(answer);
        }
        self.may_ask(url)?;
        let result = self.fetch_network(method, url, accept, &key, reduce);
        self.record(url, &result);
        result
    }

    /// A cache entry young enough to be used without a request.
    fn fresh(&self, key: &str) -> Option<Answer> {
        let entry = self.cache.as_ref().and_then(|c| c.read(key))?;
        let age = unix_now() - entry.meta.fetched_at;
        if age >= 0 && (age as u128) < self.opts.cache_ttl.as_secs() as u128 {
            self.cache_hits.fetch_add(1, Ordering::Relaxed);
            count(0, 1);
            return Some(Answer {
                body: entry.body,
                content_type: entry.meta.content_type,
                etag: entry.meta.etag,
                last_modified: entry.meta.last_modified,
                from_cache: true,
            });
        }
        None
    }

    fn fetch_network(
        &self,
        method: &str,
        url: &str,
        accept: &str,
        key: &str,
        reduce: Option<Reduce>,
    ) -> Result<Answer, FetchError> {
        let cached = self.cache.as_ref().and_then(|c| c.read(key));
        let validators = cached
            .as_ref()
            .map(|e| (e.meta.etag.clone(), e.meta.last_modified.clone()));
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            self.requests.fetch_add(1, Ordering::Relaxed);
            count(1, 0);
            let outcome = self.attempt(method, url, accept, validators.as_ref(), attempts);
            match outcome {
                Attempt::Done(mut result) => {
                    if let (Ok(answer), Some(reduce)) = (&mut result, reduce)
                        && let Some(small) = reduce(&answer.body)
                    {
                        answer.body = small;
                    }
                    if let (Ok(answer), Some(cache)) = (&result, &self.cache) {
                        cache.write(key, url, unix_now(), answer);
                    }
                    return result;
                }
                Attempt::NotModified => {
                    let Some(entry) = cached else {
                        return Err(FetchError::Invalid {
                            url: url.to_string(),
                            message: "HTTP 304 to a request without validators".into(),
                        });
                    };
                    self.revalidated.fetch_add(1, Ordering::Relaxed);
                    let answer = Answer {
                        body: entry.body,
                        content_type: entry.meta.content_type,
                        etag: entry.meta.etag,
                        last_modified: entry.meta.last_modified,
                        from_cache: false,
                    };
                    if let Some(cache) = &self.cache {
                        cache.write(key, url, unix_now(), &answer);
                    }
                    return Ok(answer);
                }
                Attempt::Retry(err, wait) => {
                    if attempts > self.opts.retries {
                        return Err(err);
                    }
                    let backoff = self
                        .opts
                        .backoff
                        .saturating_mul(1 << (attempts - 1).min(16));
                    let mut pause = wait.unwrap_or(backoff).min(self.opts.max_wait);
                    if let Some((at, _)) = self.opts.deadline {
                        pause = pause.min(at.saturating_duration_since(Instant::now()));
                    }
                    std::thread::sleep(pause);
                    if self.may_ask(url).is_err() {
                        return Err(err);
                    }
                }
            }
        }
    }

    fn attempt(
        &self,
        method: &str,
        url: &str,
        accept: &str,
        validators: Option<&(Option<String>, Option<String>)>,
        attempts: u32,
    ) -> Attempt {
        let request = if method == "HEAD" {
            self.agent.head(url)
        } else {
            self.agent.get(url)
        };
        let mut request = request.header("Accept", accept);
        if let Some((etag, modified)) = validators {
            if let Some(e) = etag {
                request = request.header("If-None-Match", e.as_str());
            }
            if let Some(m) = modified {
                request = request.header("If-Modified-Since", m.as_str());
            }
        }
        let url_s = redact_url(url);
        let mut response = match request.call() {
            Ok(r) => r,
            Err(e) => return transport(e, url_s, attempts),
        };
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        match status {
            200..=299 => {
                let (content_type, etag, last_modified) = (
                    header("content-type"),
                    header("etag"),
                    header("last-modified"),
                );
                let body = if method == "HEAD" {
                    Ok(Vec::new())
                } else {
                    response
                        .body_mut()
                        .with_config()
                        .limit(BODY_LIMIT)
                        .read_to_vec()
                };
                match body {
                    Ok(body) => Attempt::Done(Ok(Answer {
                        body,
                        content_type,
                        etag,
                        last_modified,
                        from_cache: false,
                    })),
                    Err(e) => transport(e, url_s, attempts),
                }
            }
            304 if validators.is_some() => Attempt::NotModified,
            404 | 410 => Attempt::Done(Err(FetchError::NotFound { url: url_s, status })),
            401 | 403 => Attempt::Done(Err(FetchError::Denied { url: url_s, status })),
            429 | 500..=599 => {
                let wait = header("retry-after").and_then(|v| retry_after(&v));
                Attempt::Retry(
                    FetchError::Status {
                        url: url_s,
                        status,
                        attempts,
                    },
                    wait,
                )
            }
            _ => Attempt::Done(Err(FetchError::Status {
                url: url_s,
                status,
                attempts,
            })),
        }
    }
}

/// Transport errors: certificate, DNS and refused connections are final; timeouts, resets and
/// protocol errors are retried.
fn transport(e: ureq::Error, url: String, attempts: u32) -> Attempt {
    let text = e.to_string();
    if matches!(
        e,
        ureq::Error::Rustls(_) | ureq::Error::Tls(_) | ureq::Error::Io(_)
    ) && is_certificate_error(&text)
    {
        return Attempt::Done(Err(FetchError::Certificate { url, message: text }));
    }
    match e {
        ureq::Error::HostNotFound => Attempt::Done(Err(FetchError::Dns { url })),
        ureq::Error::Io(ref io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            Attempt::Done(Err(FetchError::Refused { url }))
        }
        ureq::Error::ConnectionFailed => Attempt::Done(Err(FetchError::Refused { url })),
        ureq::Error::Timeout(_) => Attempt::Retry(FetchError::Timeout { url, attempts }, None),
        ureq::Error::Io(_) | ureq::Error::Protocol(_) => Attempt::Retry(
            FetchError::Connect {
                url,
                attempts,
                message: e.to_string(),
            },
            None,
        ),
        ureq::Error::BodyExceedsLimit(_) => Attempt::Done(Err(FetchError::Invalid {
            url,
            message: format!("the answer is larger than {} MiB", BODY_LIMIT >> 20),
        })),
        other => Attempt::Done(Err(FetchError::Connect {
            url,
            attempts,
            message: other.to_string(),
        })),
    }
}

fn is_certificate_error(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("certificate") || t.contains("unknownissuer") || t.contains("invalid peer")
}

/// Why a failure is the host's own, so that a few in a row stop asking it: the final errors,
/// and retried ones that used up their retries.
fn trip_cause(e: &FetchError) -> Option<String> {
    match e {
        FetchError::Timeout { .. } => Some("gave no answer in time, again and again".into()),
        FetchError::Connect { message, .. } => Some(format!("is unreachable ({message})")),
        FetchError::Status { status, .. } if *status == 429 || *status >= 500 => {
            Some(format!("keeps answering HTTP {status}"))
        }
        FetchError::HostDown { .. } | FetchError::Deadline { .. } => None,
        other if other.is_final_for_host() => other.host_cause(),
        _ => None,
    }
}

/// `scheme://authority` of a URL, redacted (the key hosts are counted under).
pub fn host_of(url: &str) -> String {
    let rest = url.strip_prefix("sparse+").unwrap_or(url);
    let (scheme, after) = rest.split_once("://").unwrap_or(("", rest));
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    redact_url(&format!("{scheme}://{authority}"))
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(secs) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = crate::util::time::parse_http_date(value)?;
    Some(Duration::from_secs((at - unix_now()).max(0) as u64))
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO),
            "a past date: retry now"
        );
        assert_eq!(retry_after("soon"), None);
    }
}
