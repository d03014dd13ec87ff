//! The streaming parser of the one `git log -p -U0` pass: commit headers and zero-context hunks,
//! byte by byte from a `BufRead`, into one reused `Commit` per commit (no per-commit allocation).

use std::io::BufRead;
use std::ops::Range;

/// The commit header format the parser reads (see `git::log_args`): a record separator, then
/// hash, parents, author (after `.mailmap`), author date, committer date and the raw message,
/// each ended by NUL.
pub const FORMAT: &str = "--format=%x1e%H%x00%P%x00%aN%x00%at%x00%ct%x00%B%x00";

const RECORD: u8 = 0x1e;

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("cannot read git output: {0}")]
    Io(#[from] std::io::Error),
    #[error("unexpected git log output at byte {offset}: {message}")]
    Format { offset: u64, message: String },
}

/// What happened to a file in one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    Modified,
    Created,
    Deleted,
    /// Renamed (or copied) from `old_path`, possibly with edits.
    Renamed,
}

/// One zero-context hunk: `@@ -old_start,old_len +new_start,new_len @@`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hunk {
    pub old_start: u32,
    pub old_len: u32,
    pub new_start: u32,
    pub new_len: u32,
}

/// One file section of a commit's patch. Paths are ranges into `Commit::arena`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDiff {
    /// The path after the commit (before it, for a deletion).
    pub path: Range<usize>,
    /// The path before a rename or copy.
    pub old_path: Option<Range<usize>>,
    pub status: FileStatus,
    /// Git showed `Binary files ... differ`: no line counts.
    pub binary: bool,
    pub added: u32,
    pub removed: u32,
    /// Range into `Commit::hunks`.
    pub hunks: Range<usize>,
}

/// One commit of the log, reused from commit to commit.
#[derive(Debug, Default)]
pub struct Commit {
    arena: Vec<u8>,
    hash: Range<usize>,
    author: Range<usize>,
    message: Range<usize>,
    pub parents: u32,
    pub author_time: i64,
    pub commit_time: i64,
    pub files: Vec<FileDiff>,
    pub hunks: Vec<Hunk>,
}

impl Commit {
    pub fn hash(&self) -> &[u8] {
        &self.arena[self.hash.clone()]
    }
    pub fn author(&self) -> &[u8] {
        &self.arena[self.author.clone()]
    }
    pub fn message(&self) -> &[u8] {
        &self.arena[self.message.clone()]
    }
    pub fn bytes(&self, r: &Range<usize>) -> &[u8] {
        &self.arena[r.clone()]
    }
    pub fn hunks_of(&self, f: &FileDiff) -> &[Hunk] {
        &self.hunks[f.hunks.clone()]
    }
    fn clear(&mut self) {
        self.arena.clear();
        self.files.clear();
        self.hunks.clear();
        self.parents = 0;
        self.author_time = 0;
        self.commit_time = 0;
    }
}

/// The paths and flags of the file section being read.
#[derive(Default)]
struct Section {
    open: bool,
    header: Option<Range<usize>>,
    minus: Option<Range<usize>>,
    plus: Option<Range<usize>>,
    rename_from: Option<Range<usize>>,
    rename_to: Option<Range<usize>>,
    created: bool,
    deleted: bool,
    binary: bool,
    in_hunks: bool,
    added: u32,
    removed: u32,
    hunks_start: usize,
}

struct Input<R> {
    r: R,
    offset: u64,
}

impl<R: BufRead> Input<R> {
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        Ok(self.r.fill_buf()?.first().copied())
    }
    fn bump(&mut self) {
        self.r.consume(1);
        self.offset += 1;
    }
    /// Append up to `delim` (not included) to `out`; false at end of input without `delim`.
    fn read_until(&mut self, delim: u8, out: &mut Vec<u8>) -> std::io::Result<bool> {
        let n = self.r.read_until(delim, out)?;
        self.offset += n as u64;
        if out.last() == Some(&delim) && n > 0 {
            out.pop();
            return Ok(true);
        }
        Ok(false)
    }
    fn skip_line(&mut self) -> std::io::Result<()> {
        let n = self.r.skip_until(b'\n')?;
        self.offset += n as u64;
        Ok(())
    }
}

/// Read a whole `git log -p -U0` stream (in the `FORMAT` above), calling `sink` once per commit.
pub fn parse<R: BufRead>(reader: R, mut sink: impl FnMut(&Commit)) -> Result<(), ParseError> {
    let mut input = Input {
        r: reader,
        offset: 0,
    };
    let mut c = Commit::default();
    let mut sec = Section::default();
    let mut line = Vec::with_capacity(256);
    let mut have_commit = false;
    while let Some(b) = input.peek()? {
        match b {
            RECORD => {
                if have_commit {
                    close_section(&mut c, &mut sec, input.offset)?;
                    sink(&c);
                }
                input.bump();
                read_header(&mut input, &mut c)?;
                have_commit = true;
            }
            b'\n' | 0 => input.bump(),
            _ if !have_commit => {
                return Err(format_error(
                    input.offset,
                    "output does not start with a commit",
                ));
            }
            b'+' | b'-' | b'\\' | b' ' if sec.in_hunks => input.skip_line()?,
            _ => {
                line.clear();
                let at = input.offset;
                input.read_until(b'\n', &mut line)?;
                file_line(&mut c, &mut sec, &line, at)?;
            }
        }
    }
    if have_commit {
        close_section(&mut c, &mut sec, input.offset)?;
        sink(&c);
    }
    Ok(())
}

fn format_error(offset: u64, message: &str) -> ParseError {
    ParseError::Format {
        offset,
        message: message.into(),
    }
}

fn read_header<R: BufRead>(input: &mut Input<R>, c: &mut Commit) -> Result<(), ParseError> {
    c.clear();
    let field = |input: &mut Input<R>, c: &mut Commit, name: &str| {
        let start = c.arena.len();
        if !input.read_until(0, &mut c.arena)? {
            return Err(format_error(
                input.offset,
                &format!("commit header ends before its {name}"),
            ));
        }
        Ok(start..c.arena.len())
    };
    c.hash = field(input, c, "hash")?;
    let parents = field(input, c, "parents")?;
    c.parents = c.arena[parents.clone()]
        .split(|&b| b == b' ')
        .filter(|p| !p.is_empty())
        .count() as u32;
    c.author = field(input, c, "author")?;
    let at = field(input, c, "author date")?;
    let ct = field(input, c, "committer date")?;
    c.author_time = number(&c.arena[at])
        .ok_or_else(|| format_error(input.offset, "author date is not a number"))?;
    c.commit_time = number(&c.arena[ct])
        .ok_or_else(|| format_error(input.offset, "committer date is not a number"))?;
    c.message = field(input, c, "message")?;
    Ok(())
}

fn number(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
    }
    Some(if neg { -n } else { n })
}

/// One line of a file section outside hunk bodies.
fn file_line(c: &mut Commit, sec: &mut Section, line: &[u8], at: u64) -> Result<(), ParseError> {
    if let Some(rest) = line.strip_prefix(b"diff --git ") {
        close_section(c, sec, at)?;
        sec.open = true;
        sec.hunks_start = c.hunks.len();
        let start = c.arena.len();
        c.arena.extend_from_slice(rest);
        sec.header = Some(start..c.arena.len());
        return Ok(());
    }
    if !sec.open {
        return Err(format_error(at, "a diff line outside any file section"));
    }
    if line.starts_with(b"@@ ") {
        let h = hunk_header(line).ok_or_else(|| format_error(at, "malformed hunk header"))?;
        sec.added += h.new_len;
        sec.removed += h.old_len;
        c.hunks.push(h);
        sec.in_hunks = true;
    } else if let Some(p) = line.strip_prefix(b"--- ") {
        sec.minus = path_arg(c, p, b"a/");
    } else if let Some(p) = line.strip_prefix(b"+++ ") {
        sec.plus = path_arg(c, p, b"b/");
    } else if let Some(p) = line
        .strip_prefix(b"rename from ")
        .or_else(|| line.strip_prefix(b"copy from "))
    {
        sec.rename_from = path_arg(c, p, b"");
    } else if let Some(p) = line
        .strip_prefix(b"rename to ")
        .or_else(|| line.strip_prefix(b"copy to "))
    {
        sec.rename_to = path_arg(c, p, b"");
    } else if line.starts_with(b"new file mode ") {
        sec.created = true;
    } else if line.starts_with(b"deleted file mode ") {
        sec.deleted = true;
    } else if line.starts_with(b"Binary files ") || line.starts_with(b"GIT binary patch") {
        sec.binary = true;
    }
    // index, old mode, new mode, similarity index, ...: nothing to take.
    Ok(())
}

/// A path after `--- `/`+++ `/`rename from ` (C-quoted or plain; a plain path with spaces
/// carries a trailing TAB), without its `a/`/`b/` prefix; `None` for `/dev/null`.
fn path_arg(c: &mut Commit, raw: &[u8], prefix: &[u8]) -> Option<Range<usize>> {
    if raw == b"/dev/null" {
        return None;
    }
    let start = c.arena.len();
    if raw.first() == Some(&b'"') {
        unquote(&raw[1..], &mut c.arena);
    } else {
        let raw = raw.strip_suffix(b"\t").unwrap_or(raw);
        c.arena.extend_from_slice(raw);
    }
    let end = c.arena.len();
    if c.arena[start..end].starts_with(prefix) {
        Some(start + prefix.len()..end)
    } else {
        Some(start..end)
    }
}

/// Undo git's C-style quoting (`quote_c_style`): the text after the opening quote, up to the
/// closing one. Returns how many bytes of `s` were used (closing quote included).
pub fn unquote(s: &[u8], out: &mut Vec<u8>) -> usize {
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'"' => return i + 1,
            b'\\' if i + 1 < s.len() => {
                let e = s[i + 1];
                i += 2;
                let byte = match e {
                    b'a' => 0x07,
                    b'b' => 0x08,
                    b't' => b'\t',
                    b'n' => b'\n',
                    b'v' => 0x0b,
                    b'f' => 0x0c,
                    b'r' => b'\r',
                    b'0'..=b'3' if i + 1 < s.len() => {
                        let (d1, d2) = (s[i], s[i + 1]);
                        if (b'0'..=b'7').contains(&d1) && (b'0'..=b'7').contains(&d2) {
                            i += 2;
                            ((e - b'0') << 6) | ((d1 - b'0') << 3) | (d2 - b'0')
                        } else {
                            e
                        }
                    }
                    other => other,
                };
                out.push(byte);
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    i
}

/// `@@ -a[,b] +c[,d] @@ ...` (a missing count is 1).
fn hunk_header(line: &[u8]) -> Option<Hunk> {
    let rest = line.strip_prefix(b"@@ -")?;
    let (old_start, old_len, rest) = range(rest)?;
    let rest = rest.strip_prefix(b" +")?;
    let (new_start, new_len, rest) = range(rest)?;
    rest.starts_with(b" @@").then_some(Hunk {
        old_start,
        old_len,
        new_start,
        new_len,
    })
}

fn range(s: &[u8]) -> Option<(u32, u32, &[u8])> {
    let (start, rest) = digits(s)?;
    match rest.strip_prefix(b",") {
        Some(r) => {
            let (len, rest) = digits(r)?;
            Some((start, len, rest))
        }
        None => Some((start, 1, rest)),
    }
}

fn digits(s: &[u8]) -> Option<(u32, &[u8])> {
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 || n > 9 {
        return None;
    }
    let v = s[..n]
        .iter()
        .fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
    Some((v, &s[n..]))
}

/// The two paths of a `diff --git a/P b/Q` header, for sections without `---`/`+++` or
/// rename lines (mode changes, empty files, binary files): there P == Q.
fn header_path(c: &mut Commit, header: Range<usize>) -> Option<Range<usize>> {
    let h = c.arena[header].to_vec();
    if h.first() == Some(&b'"') {
        // `"a/P" "b/P"` or `"a/P" b/P`: take the second.
        let mut scratch = Vec::new();
        let used = 1 + unquote(&h[1..], &mut scratch);
        let second = h.get(used + 1..)?;
        return path_arg(c, second, b"b/");
    }
    // Plain `a/P b/P` with identical halves: the length decides where P ends.
    let n = h.len();
    if n >= 5 && (n - 5).is_multiple_of(2) {
        let lp = (n - 5) / 2;
        if h.starts_with(b"a/") && &h[2 + lp..5 + lp] == b" b/" && h[2..2 + lp] == h[5 + lp..] {
            let start = c.arena.len();
            c.arena.extend_from_slice(&h[5 + lp..]);
            return Some(start..c.arena.len());
        }
    }
    // `a/P "b/Q"`, or halves that differ: split at the last ` b/` / ` "b/`.
    if let Some(pos) = find_last(&h, b" \"b/") {
        return path_arg(c, &h[pos + 1..], b"b/");
    }
    let pos = find_last(&h, b" b/")?;
    path_arg(c, &h[pos + 1..], b"b/")
}

fn find_last(h: &[u8], needle: &[u8]) -> Option<usize> {
    h.windows(needle.len()).rposition(|w| w == needle)
}

fn close_section(c: &mut Commit, sec: &mut Section, at: u64) -> Result<(), ParseError> {
    if !sec.open {
        return Ok(());
    }
    let s = std::mem::take(sec);
    let (path, status, old_path) = if s.deleted {
        let p = s.minus.or(s.rename_from.clone());
        (p, FileStatus::Deleted, None)
    } else {
        let p = s.plus.or(s.rename_to.clone());
        match (s.rename_from, s.created) {
            (Some(from), _) => (p, FileStatus::Renamed, Some(from)),
            (None, true) => (p, FileStatus::Created, None),
            (None, false) => (p, FileStatus::Modified, None),
        }
    };
    let path = match path {
        Some(p) => p,
        None => match s.header.and_then(|h| header_path(c, h)) {
            Some(p) => p,
            None => return Err(format_error(at, "a file section names no path")),
        },
    };
    c.files.push(FileDiff {
        path,
        old_path,
        status,
        binary: s.binary,
        added: s.added,
        removed: s.removed,
        hunks: s.hunks_start..c.hunks.len(),
    });
    Ok(())
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
