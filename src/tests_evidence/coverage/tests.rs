//! Unit tests of the coverage parsers against the fixtures in `fixtures/coverage/` (expected
//! figures in its README) and inline edge cases.

use super::*;

const LCOV: &[u8] = include_bytes!("../../../fixtures/coverage/lcov/billing.info");
const LCOV_BAD: &[u8] = include_bytes!("../../../fixtures/coverage/lcov/malformed.info");
const COBERTURA: &[u8] = include_bytes!("../../../fixtures/coverage/cobertura/coverage.xml");
const COBERTURA_BAD: &[u8] = include_bytes!("../../../fixtures/coverage/cobertura/malformed.xml");
const JACOCO: &[u8] = include_bytes!("../../../fixtures/coverage/jacoco/jacoco.xml");
const JACOCO_BAD: &[u8] = include_bytes!("../../../fixtures/coverage/jacoco/malformed.xml");
const GO: &[u8] = include_bytes!("../../../fixtures/coverage/go/cover.out");
const GO_BAD: &[u8] = include_bytes!("../../../fixtures/coverage/go/malformed.out");

fn parsed(bytes: &[u8]) -> CoverageReport {
    parse(bytes).unwrap_or_else(|err| panic!("report did not parse: {err}"))
}

/// (first path, coverable lines, covered lines) per file, in report order.
fn figures(report: &CoverageReport) -> Vec<(String, usize, usize)> {
    report
        .files
        .iter()
        .map(|file| {
            let covered = file.lines.values().filter(|&&count| count > 0).count();
            (file.paths[0].clone(), file.lines.len(), covered)
        })
        .collect()
}

fn figure(path: &str, coverable: usize, covered: usize) -> (String, usize, usize) {
    (path.to_string(), coverable, covered)
}

fn malformed_at(bytes: &[u8]) -> (CoverageFormat, Option<u32>, String) {
    match parse(bytes) {
        Err(CoverageError::Malformed {
            format,
            line,
            message,
        }) => (format, line, message),
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn lcov_fixture_merges_test_sections_by_summing() {
    let report = parsed(LCOV);
    assert_eq!(report.format, CoverageFormat::Lcov);
    assert_eq!(
        figures(&report),
        vec![
            figure("/srv/ci/acme-billing/src/invoice.c", 10, 9),
            figure("/srv/ci/acme-billing/src/tax.c", 5, 5),
            figure("/srv/ci/acme-billing/src/ledger/posting.c", 4, 0),
        ]
    );
    let invoice = &report.files[0];
    assert_eq!(invoice.paths, vec!["/srv/ci/acme-billing/src/invoice.c"]);
    assert_eq!(invoice.lines.get(&12), Some(&6));
    assert_eq!(invoice.lines.get(&16), Some(&3));
    assert_eq!(invoice.lines.get(&30), Some(&1));
    assert_eq!(invoice.lines.get(&33), Some(&0));
    // FN and BRDA lines are not line records.
    assert_eq!(invoice.lines.get(&17), None);
    assert_eq!(report.files[1].lines.get(&11), Some(&2));
}

#[test]
fn lcov_malformed_fixture_names_the_da_line() {
    let (format, line, message) = malformed_at(LCOV_BAD);
    assert_eq!((format, line), (CoverageFormat::Lcov, Some(8)));
    assert!(message.contains("DA:six,1"), "{message}");
}

#[test]
fn lcov_crlf_bom_and_path_normalisation() {
    let text =
        "\u{feff}TN:\r\nSF:.\\src\\billing\\invoice.c\r\nDA:3,1\r\nDA:4,0\r\nend_of_record\r\n";
    let report = parsed(text.as_bytes());
    assert_eq!(report.files.len(), 1);
    assert_eq!(report.files[0].paths, vec!["src/billing/invoice.c"]);
    assert_eq!(report.files[0].lines, BTreeMap::from([(3, 1), (4, 0)]));
}

#[test]
fn lcov_negative_float_huge_and_checksummed_counts() {
    let text = "SF:src/payroll.c\nDA:3,-1\nDA:4,2.75\nDA:5,18446744073709551615\n\
                DA:6,99999999999999999999999\nDA:7,4,Xr8Ypd0hSXsB/fFqwrwT1A\nDA:8,1e3\n\
                VER:2.0\nMCDC:9,2,t,1,0,a\nend_of_record\n";
    let lines = &parsed(text.as_bytes()).files[0].lines;
    assert_eq!(lines.get(&3), Some(&0));
    assert_eq!(lines.get(&4), Some(&2));
    assert_eq!(lines.get(&5), Some(&u64::MAX));
    assert_eq!(lines.get(&6), Some(&u64::MAX));
    assert_eq!(lines.get(&7), Some(&4));
    assert_eq!(lines.get(&8), Some(&1000));
    assert_eq!(lines.len(), 6);
}

#[test]
fn lcov_non_numeric_count_is_malformed() {
    let (format, line, message) = malformed_at(b"TN:\nSF:a.c\nDA:3,1\nDA:4,lots\nend_of_record\n");
    assert_eq!((format, line), (CoverageFormat::Lcov, Some(4)));
    assert!(message.contains("execution count"), "{message}");
    let (_, line, _) = malformed_at(b"TN:\nSF:a.c\nDA:3\nend_of_record\n");
    assert_eq!(line, Some(3));
    let (_, line, _) = malformed_at(b"TN:\nSF:a.c\nDA:3,nan\nend_of_record\n");
    assert_eq!(line, Some(3));
}

#[test]
fn lcov_da_before_any_sf_is_malformed() {
    let (format, line, message) = malformed_at(b"TN:smoke\nDA:3,1\nSF:a.c\n");
    assert_eq!((format, line), (CoverageFormat::Lcov, Some(2)));
    assert!(message.contains("before any SF"), "{message}");
}

#[test]
fn lcov_truncated_last_record_keeps_what_was_written() {
    // Killed mid-write: no end_of_record, last line cut off inside a DA record.
    let report = parsed(b"TN:\nSF:a.c\nDA:1,2\nDA:2,0\nend_of_record\nSF:b.c\nDA:7,5\nDA:8,");
    assert_eq!(
        figures(&report),
        vec![figure("a.c", 2, 1), figure("b.c", 1, 1)]
    );
    // A complete last line without a line break is kept.
    let report = parsed(b"SF:b.c\nDA:7,5\nDA:8,3");
    assert_eq!(report.files[0].lines.get(&8), Some(&3));
    // The same broken DA followed by a line break is not a truncation.
    assert_eq!(malformed_at(b"SF:b.c\nDA:7,5\nDA:8,\n").1, Some(3));
}

#[test]
fn lcov_without_source_files_is_empty() {
    assert_eq!(
        parse(b"TN:nightly\nVER:2.0\n"),
        Err(CoverageError::Empty {
            format: CoverageFormat::Lcov
        })
    );
}

#[test]
fn cobertura_fixture_merges_classes_and_joins_sources() {
    let report = parsed(COBERTURA);
    assert_eq!(report.format, CoverageFormat::Cobertura);
    assert_eq!(
        figures(&report),
        vec![
            figure("/srv/ci/acme-ledger/src/billing/invoice.py", 9, 7),
            figure("/srv/ci/acme-ledger/src/payroll/run.py", 5, 3),
            figure("/srv/ci/acme-ledger/src/payroll/__init__.py", 0, 0),
        ]
    );
    let invoice = &report.files[0];
    assert_eq!(
        invoice.paths,
        vec![
            "/srv/ci/acme-ledger/src/billing/invoice.py",
            "lib/billing/invoice.py",
            "billing/invoice.py",
        ]
    );
    // Method lines repeat class lines: not counted twice.
    assert_eq!(invoice.lines.get(&14), Some(&30));
    assert_eq!(invoice.lines.get(&15), Some(&4_294_967_296));
    assert_eq!(invoice.lines.get(&9), Some(&0));
    assert_eq!(invoice.lines.get(&5), Some(&12));
}

#[test]
fn cobertura_malformed_fixture_is_truncated_mid_tag() {
    let (format, line, _) = malformed_at(COBERTURA_BAD);
    assert_eq!((format, line), (CoverageFormat::Cobertura, Some(19)));
}

#[test]
fn cobertura_truncated_between_elements_is_an_error() {
    let text = "<?xml version=\"1.0\" ?>\n<coverage>\n<packages><package name=\"p\"><classes>\n\
                <class name=\"a\" filename=\"a.py\"><lines>\n<line number=\"1\" hits=\"1\"/>\n";
    let (format, line, message) = malformed_at(text.as_bytes());
    assert_eq!((format, line), (CoverageFormat::Cobertura, Some(5)));
    assert!(message.contains("<lines>"), "{message}");
}

#[test]
fn cobertura_without_sources_windows_paths_and_classes_sharing_a_line() {
    let text = "<coverage line-rate=\"1\">\n<packages><package name=\"billing\"><classes>\n\
        <class name=\"A\" filename=\".\\billing\\Invoice.cs\"><methods/><lines>\
        <line number=\"4\" hits=\"2\"/><line number=\"4\" hits=\"5\"/><line number=\"0\" hits=\"1\"/>\
        </lines></class>\n\
        <class name=\"A+B\" filename=\"billing/Invoice.cs\"><lines><line number=\"4\" hits=\"3\"/>\
        <line number=\"7\" hits=\"0\"/></lines></class>\n\
        <class name=\"C\" filename=\"billing/Legacy.cs\"><methods><method name=\"m\"><lines>\
        <line number=\"9\" hits=\"1\"/></lines></method></methods><lines/></class>\n\
        </classes></package></packages></coverage>";
    let report = parsed(text.as_bytes());
    assert_eq!(report.files.len(), 2);
    assert_eq!(report.files[0].paths, vec!["billing/Invoice.cs"]);
    assert_eq!(report.files[0].lines, BTreeMap::from([(4, 5), (7, 0)]));
    // A class with no class-level lines falls back to its method lines.
    assert_eq!(report.files[1].lines, BTreeMap::from([(9, 1)]));
}

#[test]
fn cobertura_bad_attributes_are_malformed_on_their_line() {
    let head = "<coverage>\n<packages><package><classes><class filename=\"a.py\"><lines>\n";
    let (format, line, message) =
        malformed_at(format!("{head}<line number=\"1\" hits=\"many\"/>\n</lines></class></classes></packages></coverage>").as_bytes());
    assert_eq!((format, line), (CoverageFormat::Cobertura, Some(3)));
    assert!(message.contains("hits"), "{message}");
    let (_, line, message) = malformed_at(
        format!("{head}\n<line hits=\"1\"/></lines></class></classes></packages></coverage>")
            .as_bytes(),
    );
    assert_eq!(line, Some(4));
    assert!(message.contains("number"), "{message}");
    let (_, line, _) = malformed_at(b"<coverage>\n<packages><package><classes>\n<class name=\"x\"/>\n</classes></packages></coverage>");
    assert_eq!(line, Some(3));
}

#[test]
fn cobertura_source_entities_are_resolved() {
    let text = "<coverage><sources><source>/srv/R&amp;D/&#x73;rc</source></sources><packages>\
                <package><classes><class filename=\"a.py\"><lines><line number=\"1\" hits=\"1\"/>\
                </lines></class></classes></package></packages></coverage>";
    assert_eq!(
        parsed(text.as_bytes()).files[0].paths,
        vec!["/srv/R&D/src/a.py", "a.py"]
    );
}

#[test]
fn cobertura_without_classes_is_empty() {
    assert_eq!(
        parse(b"<?xml version=\"1.0\"?><coverage><sources/><packages/></coverage>"),
        Err(CoverageError::Empty {
            format: CoverageFormat::Cobertura
        })
    );
}

#[test]
fn jacoco_fixture_reads_groups_packages_and_default_package() {
    let report = parsed(JACOCO);
    assert_eq!(report.format, CoverageFormat::Jacoco);
    assert_eq!(
        figures(&report),
        vec![
            figure("com/acme/billing/Invoice.java", 5, 3),
            figure("com/acme/billing/tax/VatRule.java", 3, 2),
            figure("PayrollBatch.java", 2, 1),
        ]
    );
    let invoice = &report.files[0];
    assert_eq!(invoice.paths, vec!["com/acme/billing/Invoice.java"]);
    assert_eq!(
        invoice.lines,
        BTreeMap::from([(12, 1), (13, 1), (14, 1), (20, 0), (21, 0)])
    );
}

#[test]
fn jacoco_malformed_fixture_names_the_attribute_line() {
    let (format, line, message) = malformed_at(JACOCO_BAD);
    assert_eq!((format, line), (CoverageFormat::Jacoco, Some(18)));
    assert!(
        message.contains("`ci`") && message.contains("two"),
        "{message}"
    );
}

#[test]
fn jacoco_single_line_report_with_default_package_and_repeated_sourcefile() {
    // JaCoCo writes the whole report on one line; the same file in two groups is merged (max).
    let text = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><!DOCTYPE report PUBLIC \
        \"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\"><report name=\"payroll\">\
        <sessioninfo id=\"x\" start=\"1\" dump=\"2\"/><group name=\"a\"><package name=\"\">\
        <sourcefile name=\"Payslip.java\"><line nr=\"3\" mi=\"2\" ci=\"0\"/><line nr=\"4\" ci=\"1\"/>\
        </sourcefile></package></group><group name=\"b\"><package name=\"\">\
        <sourcefile name=\"Payslip.java\"><line nr=\"3\" mi=\"0\" ci=\"2\"/><line nr=\"5\" mi=\"1\"/>\
        </sourcefile></package></group></report>";
    let report = parsed(text.as_bytes());
    assert_eq!(report.files.len(), 1);
    assert_eq!(report.files[0].paths, vec!["Payslip.java"]);
    assert_eq!(
        report.files[0].lines,
        BTreeMap::from([(3, 1), (4, 1), (5, 0)])
    );
}

#[test]
fn jacoco_wrong_nesting_is_malformed() {
    let text = "<report name=\"r\">\n<package name=\"com/acme\">\n<sourcefile name=\"A.java\">\n\
                </package>\n</sourcefile>\n</report>\n";
    let (format, line, _) = malformed_at(text.as_bytes());
    assert_eq!((format, line), (CoverageFormat::Jacoco, Some(4)));
}

#[test]
fn jacoco_content_after_the_root_is_malformed() {
    let (format, line, message) =
        malformed_at(b"<report name=\"r\"></report>\n<report name=\"s\"/>");
    assert_eq!((format, line), (CoverageFormat::Jacoco, Some(2)));
    assert!(message.contains("second root"), "{message}");
}

#[test]
fn go_fixture_takes_the_max_of_blocks_sharing_a_line() {
    let report = parsed(GO);
    assert_eq!(report.format, CoverageFormat::GoCover);
    assert_eq!(
        figures(&report),
        vec![
            figure("git.example/acme/payroll/internal/paycalc/gross.go", 9, 6),
            figure(
                "git.example/acme/payroll/internal/paycalc/overtime.go",
                6,
                4
            ),
            figure("git.example/acme/payroll/cmd/payrun/main.go", 3, 0),
        ]
    );
    let gross = &report.files[0].lines;
    assert_eq!(gross.get(&14), Some(&5));
    assert_eq!(gross.get(&15), Some(&2));
    assert_eq!(gross.get(&18), None);
    assert_eq!(report.files[1].lines.get(&10), Some(&1));
    assert_eq!(report.files[2].lines.get(&13), None);
}

#[test]
fn go_malformed_fixture_names_the_block_line() {
    let (format, line, message) = malformed_at(GO_BAD);
    assert_eq!((format, line), (CoverageFormat::GoCover, Some(3)));
    assert!(message.contains("gross.go:14.16,16.3"), "{message}");
}

#[test]
fn go_concatenated_profiles_combine_repeated_blocks() {
    let count = "mode: count\nacme/pay/a.go:3.1,4.2 1 2\nacme/pay/a.go:6.1,6.9 1 0\n\
                 mode: count\nacme/pay/a.go:3.1,4.2 1 3\nacme/pay/b.go:1.1,1.9 1 1\n";
    let report = parsed(count.as_bytes());
    assert_eq!(
        figures(&report),
        vec![figure("acme/pay/a.go", 3, 2), figure("acme/pay/b.go", 1, 1)]
    );
    assert_eq!(report.files[0].lines.get(&3), Some(&5));
    let set =
        "mode: set\r\nacme/pay/a.go:3.1,4.2 1 1\r\n\r\nmode: set\r\nacme/pay/a.go:3.1,4.2 1 0\r\n";
    assert_eq!(
        parsed(set.as_bytes()).files[0].lines,
        BTreeMap::from([(3, 1), (4, 1)])
    );
}

#[test]
fn go_paths_with_colons_and_bad_blocks() {
    let report = parsed(b"mode: atomic\nC:\\build\\payroll\\tax.go:2.1,2.5 1 4\n");
    assert_eq!(report.files[0].paths, vec!["C:/build/payroll/tax.go"]);
    assert_eq!(report.files[0].lines, BTreeMap::from([(2, 4)]));
    for (text, bad) in [
        ("mode: set\na.go:5.1,3.1 1 1\n", 2),
        ("mode: set\na.go:1.1,2.1 1 -1\n", 2),
        ("mode: set\n\na.go:1,2.1 1 1\n", 3),
        ("mode: set\na.go:1.1,4000000000.1 1 1\n", 2),
        ("mode: set\na.go:1.1,1.2 1 1\nmode: sometimes\n", 3),
    ] {
        let (format, line, _) = malformed_at(text.as_bytes());
        assert_eq!(
            (format, line),
            (CoverageFormat::GoCover, Some(bad)),
            "{text}"
        );
    }
    assert_eq!(
        parse(b"mode: count\n"),
        Err(CoverageError::Empty {
            format: CoverageFormat::GoCover
        })
    );
}

#[test]
fn detects_each_format_by_content() {
    assert_eq!(detect(LCOV), Some(CoverageFormat::Lcov));
    assert_eq!(detect(COBERTURA), Some(CoverageFormat::Cobertura));
    assert_eq!(detect(JACOCO), Some(CoverageFormat::Jacoco));
    assert_eq!(detect(GO), Some(CoverageFormat::GoCover));
    // BOM and leading whitespace.
    assert_eq!(
        detect(b"\xEF\xBB\xBF\n\n  SF:a.c\n"),
        Some(CoverageFormat::Lcov)
    );
    assert_eq!(
        detect(b"\xEF\xBB\xBF\r\n mode: set\r\n"),
        Some(CoverageFormat::GoCover)
    );
    assert_eq!(
        detect(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x -->\n<coverage/>"),
        Some(CoverageFormat::Cobertura)
    );
    assert_eq!(
        detect(b"\n  <report name=\"r\"/>"),
        Some(CoverageFormat::Jacoco)
    );
}

#[test]
fn rejects_content_that_is_not_coverage() {
    let not_coverage: [&[u8]; 8] = [
        b"",
        b" \n\t\r\n",
        b"{\"files\": {\"billing/invoice.py\": {\"executed_lines\": [1, 2]}}}",
        b"import decimal\n\ndef invoice_total(lines):\n    return sum(lines)\n",
        b"<?xml version=\"1.0\"?>\n<project><modelVersion>4.0.0</modelVersion></project>",
        b"<html><body>coverage</body></html>",
        b"mode: sometimes\na.go:1.1,2.1 1 1\n",
        b"\x00\x01\x02\xff\xfe",
    ];
    for bytes in not_coverage {
        assert_eq!(detect(bytes), None, "{:?}", String::from_utf8_lossy(bytes));
        assert_eq!(parse(bytes), Err(CoverageError::Unrecognised));
    }
}

#[test]
fn error_messages_name_format_and_line() {
    assert_eq!(
        malformed(
            CoverageFormat::Lcov,
            Some(12),
            "DA record `DA:x,1` has no line number"
        )
        .to_string(),
        "malformed LCOV at line 12: DA record `DA:x,1` has no line number"
    );
    assert_eq!(
        malformed(CoverageFormat::Jacoco, None, "oops").to_string(),
        "malformed JaCoCo XML: oops"
    );
    assert_eq!(
        CoverageError::Empty {
            format: CoverageFormat::GoCover
        }
        .to_string(),
        "the Go cover profile report lists no source file"
    );
    let lcov_error = parse(b"SF:a.c\nDA:x,1\n").map_err(|err| err.to_string());
    assert_eq!(
        lcov_error,
        Err("malformed LCOV at line 2: DA record `DA:x,1` has no line number".to_string())
    );
}

#[test]
fn every_truncation_of_an_xml_report_is_an_error() {
    for (bytes, root_end) in [(COBERTURA, "</coverage>"), (JACOCO, "</report>")] {
        let text = String::from_utf8_lossy(bytes);
        let complete = text.find(root_end).map(|at| at + root_end.len());
        let complete = complete.unwrap_or_else(|| panic!("{root_end} missing"));
        for cut in 0..complete {
            assert!(
                parse(&bytes[..cut]).is_err(),
                "prefix of {cut} bytes parsed"
            );
        }
        assert!(parse(&bytes[..complete]).is_ok());
    }
}

#[test]
fn no_prefix_or_corruption_of_a_fixture_panics() {
    let fixtures = [
        LCOV,
        LCOV_BAD,
        COBERTURA,
        COBERTURA_BAD,
        JACOCO,
        JACOCO_BAD,
        GO,
        GO_BAD,
    ];
    let mut parsed_ok = 0;
    for bytes in fixtures {
        for cut in 0..=bytes.len() {
            parsed_ok += usize::from(parse(&bytes[..cut]).is_ok());
        }
        for at in (0..bytes.len()).step_by(7) {
            for junk in [b'<', b'"', b':', b',', b'.', b'\n', 0xC3, b'-', b'9'] {
                let mut corrupted = bytes.to_vec();
                corrupted[at] = junk;
                parsed_ok += usize::from(parse(&corrupted).is_ok());
            }
        }
    }
    // Truncated LCOV and Go reports still parse; the loop did reach the parsers.
    assert!(parsed_ok > 100, "{parsed_ok}");
}
