//! The one place registry URLs are made safe to show: userinfo and token-like query parameters
//! are replaced by `***` before a URL is stored or printed (README "Dependencies").

/// Query parameter names (lower case) whose value is a secret, or a part of the name that
/// marks one (`X-Amz-Signature`, `api_key`, `client_secret`).
const SECRET_PARTS: &[&str] = &[
    "token",
    "auth",
    "key",
    "password",
    "passwd",
    "pwd",
    "secret",
    "sig",
    "signature",
    "credential",
    "session",
    "jwt",
];

/// `url` with its userinfo (`user:token@`) and token-like query values replaced by `***`;
/// text that is not a URL comes back unchanged.
pub fn redact_url(url: &str) -> String {
    let (prefix, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => return url.to_string(),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let mut out = String::with_capacity(url.len());
    out.push_str(prefix);
    // Userinfo ends at the last `@` of the authority (a password may hold `@` itself).
    match authority.rfind('@') {
        Some(at) => {
            out.push_str("***@");
            out.push_str(&authority[at + 1..]);
        }
        None => out.push_str(authority),
    }
    let (path, query_and_fragment) = match tail.find('?') {
        Some(q) => tail.split_at(q),
        None => (tail, ""),
    };
    out.push_str(path);
    if query_and_fragment.is_empty() {
        return out;
    }
    let query = &query_and_fragment[1..];
    let (query, fragment) = match query.find('#') {
        Some(h) => query.split_at(h),
        None => (query, ""),
    };
    out.push('?');
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if is_secret_name(k) => format!("{k}=***"),
            _ => pair.to_string(),
        })
        .collect();
    out.push_str(&pairs.join("&"));
    out.push_str(fragment);
    out
}

fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|part| SECRET_PARTS.iter().any(|s| part == *s || part.ends_with(s)))
}

/// Every URL inside `text` (a message that quotes one) redacted with [`redact_url`].
pub fn redact_text(text: &str) -> String {
    if !text.contains("://") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        // The URL starts after the last space (or opening quote/bracket) before `://`.
        let start = rest[..i]
            .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '`' | '"' | '\'' | '<'))
            .map_or(0, |s| s + 1);
        let end = rest[i..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '`' | '"' | '\'' | '>'))
            .map_or(rest.len(), |e| i + e);
        // Punctuation that ends a sentence is not part of the URL.
        let end = start
            + rest[start..end]
                .trim_end_matches([':', ',', ';', '.'])
                .len();
        out.push_str(&rest[..start]);
        out.push_str(&redact_url(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_and_token_parameters() {
        assert_eq!(
            redact_url("https://ci:s3cr3t@registry.example/npm/"),
            "https://***@registry.example/npm/"
        );
        assert_eq!(
            redact_url("sparse+https://u:p@ss@registry.example/index/"),
            "sparse+https://***@registry.example/index/",
            "userinfo ends at the last @"
        );
        assert_eq!(
            redact_url(
                "http://127.0.0.1:9/simple/?token=abc&page=2&X-Amz-Signature=ff&api_key=1#top"
            ),
            "http://127.0.0.1:9/simple/?token=***&page=2&X-Amz-Signature=***&api_key=***#top"
        );
        assert_eq!(
            redact_url("https://registry.example/a@b/?monkey=1"),
            "https://registry.example/a@b/?monkey=***",
            "an @ in the path is not userinfo; a name ending in `key` is secret"
        );
        assert_eq!(
            redact_url("https://registry.example/npm/?page=2"),
            "https://registry.example/npm/?page=2"
        );
        assert_eq!(redact_url("not a url"), "not a url");
    }

    #[test]
    fn urls_inside_messages() {
        assert_eq!(
            redact_text(
                "npm registry https://a:b@registry.example/?access_token=x: certificate not trusted (from `https://c:d@h.example/p`)"
            ),
            "npm registry https://***@registry.example/?access_token=***: certificate not trusted (from `https://***@h.example/p`)"
        );
        assert_eq!(redact_text("no url here"), "no url here");
    }
}
