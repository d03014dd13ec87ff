//! Tests over every row of the language table.

use std::path::Path;

use crate::lang::{self, LANGUAGES};

#[test]
fn every_row_resolves_against_its_grammar() {
    for (i, spec) in LANGUAGES.iter().enumerate() {
        if let Err(e) = lang::resolved(i) {
            panic!("{}: {e}", spec.id);
        }
    }
}

#[test]
fn every_extension_maps_back_to_its_row() {
    for (i, spec) in LANGUAGES.iter().enumerate() {
        for ext in spec.extensions {
            let p = format!("src/file.{ext}");
            assert_eq!(
                lang::detect_path(Path::new(&p)),
                Some(i),
                "{p} should be {}",
                spec.id
            );
        }
        for name in spec.file_names {
            assert_eq!(
                lang::detect_path(Path::new(name)),
                Some(i),
                "{name} should be {}",
                spec.id
            );
        }
    }
}

#[test]
fn ids_are_unique() {
    let mut ids: Vec<_> = LANGUAGES.iter().map(|l| l.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), LANGUAGES.len());
}

#[test]
fn shebangs_detect_scripts() {
    let py = lang::by_id("python");
    assert_eq!(lang::detect_shebang(b"#!/usr/bin/env python3"), py);
    assert_eq!(lang::detect_shebang(b"#!/usr/bin/python3.11 -u"), py);
    assert_eq!(lang::detect_shebang(b"#!/bin/sh"), None);
    assert_eq!(lang::detect_shebang(b"import os"), None);
}

#[test]
fn unknown_names_are_reported_not_ignored() {
    static DECISIONS: &[lang::Decision] = &[lang::always("no_such_kind")];
    let python = LANGUAGES[lang::by_id("python").unwrap()];
    let bad: &'static lang::LanguageSpec = Box::leak(Box::new(lang::LanguageSpec {
        decisions: DECISIONS,
        ..python.clone()
    }));
    let err = lang::Resolved::new(bad).err().expect("must fail");
    assert!(err.to_string().contains("no_such_kind"), "{err}");
}
