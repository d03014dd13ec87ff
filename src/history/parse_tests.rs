//! The log parser on canned `git log -p -U0` bytes, as git 2.47 writes them.

use super::*;

/// An owned copy of one parsed commit.
#[derive(Debug, PartialEq)]
struct Owned {
    hash: String,
    parents: u32,
    author: String,
    times: (i64, i64),
    message: String,
    files: Vec<OwnedFile>,
}

#[derive(Debug, PartialEq)]
struct OwnedFile {
    path: Vec<u8>,
    old_path: Option<Vec<u8>>,
    status: FileStatus,
    binary: bool,
    added: u32,
    removed: u32,
    hunks: Vec<(u32, u32, u32, u32)>,
}

fn parse_all(bytes: &[u8]) -> Result<Vec<Owned>, ParseError> {
    let mut out = Vec::new();
    parse(bytes, |c| {
        out.push(Owned {
            hash: String::from_utf8_lossy(c.hash()).into_owned(),
            parents: c.parents,
            author: String::from_utf8_lossy(c.author()).into_owned(),
            times: (c.author_time, c.commit_time),
            message: String::from_utf8_lossy(c.message()).into_owned(),
            files: c
                .files
                .iter()
                .map(|f| OwnedFile {
                    path: c.bytes(&f.path).to_vec(),
                    old_path: f.old_path.as_ref().map(|p| c.bytes(p).to_vec()),
                    status: f.status,
                    binary: f.binary,
                    added: f.added,
                    removed: f.removed,
                    hunks: c
                        .hunks_of(f)
                        .iter()
                        .map(|h| (h.old_start, h.old_len, h.new_start, h.new_len))
                        .collect(),
                })
                .collect(),
        })
    })?;
    Ok(out)
}

fn file(path: &[u8], status: FileStatus, added: u32, removed: u32) -> OwnedFile {
    OwnedFile {
        path: path.to_vec(),
        old_path: None,
        status,
        binary: false,
        added,
        removed,
        hunks: Vec::new(),
    }
}

const H1: &str = "ecb89b940bc1553c5ab8d220008dc88e648fb609";
const H2: &str = "394745e7a2a26ecf058ff72d5f429451ac4c305a";
const H3: &str = "757b700ca201762fd6bb3534ef9772e9247e6531";

fn header(hash: &str, parents: &str, author: &str, time: i64, message: &str) -> Vec<u8> {
    format!("\x1e{hash}\0{parents}\0{author}\0{time}\0{time}\0{message}\0\n").into_bytes()
}

#[test]
fn a_modification_with_several_hunks_counts_their_lines() {
    let mut log = header(
        H1,
        H2,
        "Margaret Okafor",
        1_782_900_000,
        "Fix VAT rounding\n\nBug 112.\n",
    );
    log.extend_from_slice(
        b"\ndiff --git a/billing/invoice.py b/billing/invoice.py\n\
          index 01e79c3..94ebaf9 100644\n\
          --- a/billing/invoice.py\n\
          +++ b/billing/invoice.py\n\
          @@ -12 +12 @@ def total(lines):\n\
          -    return sum(l.net for l in lines)\n\
          +    return round(sum(l.net for l in lines), 2)\n\
          @@ -40,0 +41,2 @@ def vat(amount):\n\
          +    if amount < 0:\n\
          +        raise ValueError(amount)\n\
          @@ -58,3 +59 @@\n\
          --- old comment\n\
          -++ another\n\
          -\\ not a marker\n\
          +    pass\n\
          \\ No newline at end of file\n",
    );
    let commits = parse_all(&log).unwrap();
    assert_eq!(commits.len(), 1);
    let c = &commits[0];
    assert_eq!(c.hash, H1);
    assert_eq!(c.parents, 1);
    assert_eq!(c.author, "Margaret Okafor");
    assert_eq!(c.times, (1_782_900_000, 1_782_900_000));
    assert_eq!(c.message, "Fix VAT rounding\n\nBug 112.\n");
    let mut f = file(b"billing/invoice.py", FileStatus::Modified, 4, 4);
    f.hunks = vec![(12, 1, 12, 1), (40, 0, 41, 2), (58, 3, 59, 1)];
    assert_eq!(c.files, vec![f]);
}

#[test]
fn quoted_paths_with_tabs_newlines_and_octal_unicode() {
    let mut log = header(H1, "", "Ana Lima", 1_782_900_000, "Add files\n");
    log.extend_from_slice(
        b"\ndiff --git \"a/tab\\tname.txt\" \"b/tab\\tname.txt\"\n\
          new file mode 100644\n\
          index 0000000..814f4a4\n\
          --- /dev/null\n\
          +++ \"b/tab\\tname.txt\"\n\
          @@ -0,0 +1,2 @@\n\
          +one\n\
          +two\n\
          diff --git \"a/new\\nline.txt\" \"b/new\\nline.txt\"\n\
          deleted file mode 100644\n\
          index 587be6b..0000000\n\
          --- \"a/new\\nline.txt\"\n\
          +++ /dev/null\n\
          @@ -1 +0,0 @@\n\
          -x\n\
          diff --git \"a/docs/\\303\\234berblick plan.md\" \"b/docs/\\303\\234berblick.md\"\n\
          similarity index 100%\n\
          rename from \"docs/\\303\\234berblick plan.md\"\n\
          rename to \"docs/\\303\\234berblick.md\"\n",
    );
    let commits = parse_all(&log).unwrap();
    assert_eq!(commits[0].parents, 0);
    let mut tab = file(b"tab\tname.txt", FileStatus::Created, 2, 0);
    tab.hunks = vec![(0, 0, 1, 2)];
    let mut nl = file(b"new\nline.txt", FileStatus::Deleted, 0, 1);
    nl.hunks = vec![(1, 1, 0, 0)];
    let mut renamed = file("docs/Überblick.md".as_bytes(), FileStatus::Renamed, 0, 0);
    renamed.old_path = Some("docs/Überblick plan.md".as_bytes().to_vec());
    assert_eq!(commits[0].files, vec![tab, nl, renamed]);
}

#[test]
fn raw_unicode_spaces_binary_mode_and_empty_files() {
    // core.quotepath=off: non-ASCII bytes come raw; a path with a space gets a trailing TAB
    // on its ---/+++ line; sections without ---/+++ name their path in the header only.
    let mut log = header(H2, H3, "Ana Lima", 1_782_900_000, "Rename plan\n");
    log.extend_from_slice(
        "\ndiff --git a/docs/Überblick plan.md b/docs/Überblick.md\n\
          similarity index 83%\n\
          rename from docs/Überblick plan.md\n\
          rename to docs/Überblick.md\n\
          index 9278d14..4c3b1a2 100644\n\
          --- a/docs/Überblick plan.md\t\n\
          +++ b/docs/Überblick.md\n\
          @@ -2,0 +3 @@\n\
          +Phase 2: the warehouse ledger\n\
          diff --git a/src/billing/invoice service.py b/src/billing/invoice service.py\n\
          old mode 100644\n\
          new mode 100755\n\
          diff --git a/logo.png b/logo.png\n\
          index bdc955b..8835708 100644\n\
          Binary files a/logo.png and b/logo.png differ\n\
          diff --git a/empty b/empty.txt b/empty b/empty.txt\n\
          new file mode 100644\n\
          index 0000000..e69de29\n\
          diff --git a/assets/old logo.png b/assets/logo.png\n\
          similarity index 91%\n\
          rename from assets/old logo.png\n\
          rename to assets/logo.png\n\
          index bdc955b..8835708 100644\n\
          Binary files a/assets/old logo.png and b/assets/logo.png differ\n"
            .as_bytes(),
    );
    let commits = parse_all(&log).unwrap();
    let mut renamed = file("docs/Überblick.md".as_bytes(), FileStatus::Renamed, 1, 0);
    renamed.old_path = Some("docs/Überblick plan.md".as_bytes().to_vec());
    renamed.hunks = vec![(2, 0, 3, 1)];
    let mode = file(
        b"src/billing/invoice service.py",
        FileStatus::Modified,
        0,
        0,
    );
    let mut logo = file(b"logo.png", FileStatus::Modified, 0, 0);
    logo.binary = true;
    let empty = file(b"empty b/empty.txt", FileStatus::Created, 0, 0);
    let mut moved = file(b"assets/logo.png", FileStatus::Renamed, 0, 0);
    moved.old_path = Some(b"assets/old logo.png".to_vec());
    moved.binary = true;
    assert_eq!(commits[0].files, vec![renamed, mode, logo, empty, moved]);
}

#[test]
fn empty_commits_merges_and_type_changes() {
    let mut log = header(H1, H2, "Ana Lima", 1_782_900_300, "Empty\n");
    log.extend(header(
        H2,
        &format!("{H3} {H1}"),
        "Dieter Brandt",
        1_782_900_200,
        "Merge branch 'payroll-batch'\n",
    ));
    log.extend(header(
        H3,
        H1,
        "Ana Lima",
        1_782_900_100,
        "Link the config\n",
    ));
    log.extend_from_slice(
        b"\ndiff --git a/config b/config\n\
          deleted file mode 100644\n\
          index bca70f3..0000000\n\
          --- a/config\n\
          +++ /dev/null\n\
          @@ -1 +0,0 @@\n\
          -q\n\
          diff --git a/config b/config\n\
          new file mode 120000\n\
          index 0000000..502567e\n\
          --- /dev/null\n\
          +++ b/config\n\
          @@ -0,0 +1 @@\n\
          +etc/config.ini\n\
          \\ No newline at end of file\n",
    );
    let commits = parse_all(&log).unwrap();
    assert_eq!(commits.len(), 3);
    assert_eq!((commits[0].parents, commits[0].files.len()), (1, 0));
    assert_eq!((commits[1].parents, commits[1].files.len()), (2, 0));
    assert_eq!(commits[1].author, "Dieter Brandt");
    assert_eq!(commits[1].message, "Merge branch 'payroll-batch'\n");
    let mut gone = file(b"config", FileStatus::Deleted, 0, 1);
    gone.hunks = vec![(1, 1, 0, 0)];
    let mut link = file(b"config", FileStatus::Created, 1, 0);
    link.hunks = vec![(0, 0, 1, 1)];
    assert_eq!(commits[2].files, vec![gone, link]);
}

#[test]
fn messages_may_hold_record_separators_and_diff_lines() {
    let log = header(
        H1,
        H2,
        "Ana Lima",
        1_782_900_000,
        "Revert \"Post payroll\"\n\ndiff --git a/x b/x\n\x1e\nThis reverts commit 394745e.\n",
    );
    let commits = parse_all(&log).unwrap();
    assert_eq!(commits.len(), 1);
    assert!(
        commits[0]
            .message
            .ends_with("This reverts commit 394745e.\n")
    );
    assert!(commits[0].files.is_empty());
}

#[test]
fn malformed_output_is_an_error_with_its_offset() {
    let err = parse_all(b"warning: something\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unexpected git log output at byte 0: output does not start with a commit"
    );
    let err = parse_all(b"\x1eecb89b9\0\0Ana").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unexpected git log output at byte 13: commit header ends before its author"
    );
    let mut log = header(H1, H2, "Ana Lima", 1, "m\n");
    let at = log.len() + 1;
    log.extend_from_slice(b"\nindex 01e79c3..94ebaf9 100644\n");
    let err = parse_all(&log).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("unexpected git log output at byte {at}: a diff line outside any file section")
    );
    let mut log = header(H1, H2, "Ana Lima", 1, "m\n");
    log.extend_from_slice(b"\ndiff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -x +1 @@\n");
    assert!(matches!(parse_all(&log), Err(ParseError::Format { .. })));
    let err = parse_all(b"\x1eh\0\0a\0notatime\0\x31\0m\0").unwrap_err();
    assert!(
        err.to_string().contains("author date is not a number"),
        "{err}"
    );
}

#[test]
fn unquote_handles_every_escape() {
    let mut out = Vec::new();
    let used = unquote(br#"a\tb\nc\\d\"e\303\234f" rest"#, &mut out);
    assert_eq!(out, "a\tb\nc\\d\"eÜf".as_bytes());
    assert_eq!(used, 23);
}

#[test]
fn hunk_headers_default_counts_to_one() {
    assert_eq!(
        hunk_header(b"@@ -7 +9,0 @@ fn main"),
        Some(Hunk {
            old_start: 7,
            old_len: 1,
            new_start: 9,
            new_len: 0
        })
    );
    assert_eq!(hunk_header(b"@@ -7 +9"), None);
    assert_eq!(hunk_header(b"@@ -a,1 +9 @@"), None);
}
