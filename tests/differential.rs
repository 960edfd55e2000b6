//! Generated Dockerfiles read by dockfix and by BuildKit's own parser, field by field, plus
//! checks that no input, however broken, makes the parser panic or lose a byte.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use common::compare::{Summary, compare, oracle_text};
use common::{dockfix_parse, generate, library_report, oracle, py, say};

/// The generator's seed: "dockfix" in ASCII. `DOCKFIX_SEED` overrides it, to explore.
const SEED: u64 = 0x0064_6f63_6b66_6978;

/// Inputs per run: generated Dockerfiles, and random texts for the no-panic test.
const GENERATED: usize = 6000;
const NOISE: usize = 4000;

fn seed() -> u64 {
    std::env::var("DOCKFIX_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(SEED)
}

/// Parses `text` with the library and checks the tree gives the input back, byte for byte.
/// Returns a description of the failure, panics included.
fn round_trip_failure(text: &str) -> Option<String> {
    match catch_unwind(AssertUnwindSafe(|| dockfix::syntax::parse(text).syntax().to_string())) {
        Ok(printed) if printed == text => None,
        Ok(printed) => {
            Some(format!("tree text differs: input {} printed {}", py(text), py(&printed)))
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            Some(format!("panicked ({message}) on input {}", py(text)))
        }
    }
}

fn assert_round_trips(title: &str, inputs: &[String]) {
    let failures: Vec<String> = inputs.iter().filter_map(|text| round_trip_failure(text)).collect();
    say(&format!("{title}: {} inputs, {} fail to round-trip", inputs.len(), failures.len()));
    assert!(
        failures.is_empty(),
        "{} of {} inputs do not round-trip (first 30):\n{}",
        failures.len(),
        inputs.len(),
        failures.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn generated_inputs_round_trip() {
    let inputs = generate::dockerfiles(seed(), GENERATED);
    assert_round_trips("generated inputs round trip", &inputs);
}

#[test]
fn random_text_never_panics_and_round_trips() {
    let inputs = generate::noise(seed() ^ 0xff, NOISE);
    assert_round_trips("random text round trip", &inputs);
}

/// Where generated files go: a temporary directory, or one kept for reproducing failures
/// (`DOCKFIX_KEEP_GENERATED=<dir>`).
enum KeptDir {
    Temp(tempfile::TempDir),
    Kept(PathBuf),
}

impl KeptDir {
    fn path(&self) -> &std::path::Path {
        match self {
            KeptDir::Temp(dir) => dir.path(),
            KeptDir::Kept(path) => path,
        }
    }
}

#[test]
fn generated_inputs_agree_with_buildkit() {
    let test = "generated_inputs_agree_with_buildkit";
    let inputs = generate::dockerfiles(seed(), GENERATED);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let dir = match std::env::var_os("DOCKFIX_KEEP_GENERATED") {
        Some(keep) => {
            std::fs::create_dir_all(&keep)
                .expect("DOCKFIX_KEEP_GENERATED is a creatable directory");
            KeptDir::Kept(PathBuf::from(keep))
        }
        None => KeptDir::Temp(dir),
    };

    // dockfix reads each input as written; the oracle reads it after the input-side exceptions.
    let mut paths: Vec<PathBuf> = Vec::with_capacity(inputs.len());
    let mut oracle_paths: Vec<PathBuf> = Vec::with_capacity(inputs.len());
    let mut oracle_texts = Vec::with_capacity(inputs.len());
    for (i, text) in inputs.iter().enumerate() {
        let path = dir.path().join(format!("gen-{i:05}"));
        std::fs::write(&path, text).expect("a writable temporary directory");
        let prepared = oracle_text(text);
        if prepared.text == *text {
            oracle_paths.push(path.clone());
        } else {
            let oracle_path = dir.path().join(format!("oracle-{i:05}"));
            std::fs::write(&oracle_path, &prepared.text).expect("a writable temporary directory");
            oracle_paths.push(oracle_path);
        }
        paths.push(path);
        oracle_texts.push(prepared);
    }

    let Some(verdicts) = oracle::parse_files(test, &oracle_paths) else { return };
    let reports = dockfix_parse(&paths);
    let mut summary = Summary::default();
    let mut through_library = 0;
    for (i, text) in inputs.iter().enumerate() {
        let key = paths[i].to_str().expect("UTF-8 temporary paths");
        let fallback;
        let report = match reports.get(key) {
            None if text.contains('\0') => {
                through_library += 1;
                fallback = library_report(key, text);
                Some(&fallback)
            }
            report => report,
        };
        let outcome = compare(text, &oracle_texts[i], &verdicts[i], report);
        summary.add(&format!("generated #{i}"), text, outcome);
    }
    say(&summary.report(&format!("generated inputs (seed {:#x})", seed())));
    say(&format!(
        "  {through_library} inputs with a NUL byte, which the CLI refuses, were read through the library"
    ));
    summary.assert_clean("generated inputs");
}
