//! Registry HTTP: one shared ureq agent, per-request timeout, retries with backoff (timeouts,
//! connection errors, 5xx, 429 with `Retry-After`), the disk cache with TTL and revalidation.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::FetchError;
use super::cache::{self, Cache};

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
        let cache = cache.filter(|_| !opts.cache_ttl.is_zero());
        Http {
            agent: config.build().new_agent(),
            opts,
            cache,
            requests: AtomicU32::new(0),
            cache_hits: AtomicU32::new(0),
            revalidated: AtomicU32::new(0),
        }
    }

    /// GET `url` asking for `accept`, through the cache.
    pub fn get(&self, url: &str, accept: &str) -> Result<Answer, FetchError> {
        self.fetch("GET", url, accept)
    }

    /// HEAD `url` (for `Last-Modified`), through the cache.
    pub fn head(&self, url: &str) -> Result<Answer, FetchError> {
        self.fetch("HEAD", url, "*/*")
    }

    fn fetch(&self, method: &str, url: &str, accept: &str) -> Result<Answer, FetchError> {
        let key = cache::key(method, url, accept);
        let cached = self.cache.as_ref().and_then(|c| c.read(&key));
        let now = unix_now();
        if let Some(entry) = &cached {
            let age = now - entry.meta.fetched_at;
            if age >= 0 && (age as u128) < self.opts.cache_ttl.as_secs() as u128 {
                self.cache_hits.fetch_add(1, Ordering::Relaxed);
                count(0, 1);
                return Ok(Answer {
                    body: entry.body.clone(),
                    content_type: entry.meta.content_type.clone(),
                    etag: entry.meta.etag.clone(),
                    last_modified: entry.meta.last_modified.clone(),
                    from_cache: true,
                });
            }
        }
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
                Attempt::Done(result) => {
                    if let (Ok(answer), Some(cache)) = (&result, &self.cache) {
                        cache.write(&key, url, unix_now(), answer);
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
                        cache.write(&key, url, unix_now(), &answer);
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
                    std::thread::sleep(wait.unwrap_or(backoff).min(self.opts.max_wait));
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
        let url_s = url.to_string();
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

fn transport(e: ureq::Error, url: String, attempts: u32) -> Attempt {
    match e {
        ureq::Error::Timeout(_) => Attempt::Retry(FetchError::Timeout { url, attempts }, None),
        ureq::Error::Io(_)
        | ureq::Error::ConnectionFailed
        | ureq::Error::HostNotFound
        | ureq::Error::Protocol(_) => Attempt::Retry(
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

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(secs) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = super::date::parse_http_date(value)?;
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
