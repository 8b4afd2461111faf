//! The book's snippet harness. `build.rs` turns every ```rust block under `src/` into a test
//! that calls [`check`]; skeptic's runtime compiles each program with rustc against this
//! crate's dependencies (crossbeam, flume, tokio) and runs it.
//!
//! Skeptic alone would pass a `compile_fail` block that fails for the wrong reason, and would
//! skip `ignore` blocks silently. This harness closes those gaps:
//!
//! * `compile_fail,E0382` must fail to compile **with that error code**, read from rustc's own
//!   `error[E…]` lines (stable rustdoc does not check codes); `compile_fail` without a code must
//!   still fail to compile.
//! * `should_panic` must compile, then panic when run (not merely fail to compile).
//! * `no_run` must compile.
//! * `ignore` fails: every block in this course is compiled and run.
//!
//! Skeptic prints the compiler's and the program's output instead of returning it, so for the
//! two kinds whose output must be read, the test runs itself again in a child process
//! ([`PROBE_ENV`] set, output not captured) and reads what the child printed.

pub mod book;
pub mod quiz;

use std::env;
use std::panic;
use std::process::Command;

/// What a block's info string asks of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Run,
    ShouldPanic,
    NoRun,
    CompileFail(Option<&'static str>),
    Ignored,
}

/// One ```rust block of the book.
#[derive(Debug)]
pub struct Snippet {
    /// Name of the generated test, which the child process is asked to run.
    pub test_name: &'static str,
    /// `src/<chapter>.md:<line>`, the fence's line in the source.
    pub location: &'static str,
    pub expect: Expect,
    /// The program as rustc sees it (hidden `# ` lines included).
    pub program: &'static str,
}

/// Set in the child process: run the snippet raw and report on stdout.
pub const PROBE_ENV: &str = "SNIPPETS_PROBE";
const PROBE_FAILED: &str = "SNIPPETS_PROBE_RESULT=failed";
const PROBE_PASSED: &str = "SNIPPETS_PROBE_RESULT=passed";

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const OUT_DIR: &str = env!("OUT_DIR");
const TARGET: &str = env!("SNIPPETS_TARGET");

/// Checks one block against what its info string promises. Panics with the block's location.
pub fn check(snippet: &Snippet) {
    if env::var_os(PROBE_ENV).is_some() {
        return probe(snippet);
    }
    match snippet.expect {
        Expect::Run => skeptic::rt::run_test(ROOT, OUT_DIR, TARGET, snippet.program),
        Expect::NoRun => skeptic::rt::compile_test(ROOT, OUT_DIR, TARGET, snippet.program),
        Expect::Ignored => panic!(
            "{}: `ignore` is not used in this course. Make the block compile and run \
             (hide set-up lines with `# `), or use `no_run` for a program that never ends \
             and give it a bounded twin that runs.",
            snippet.location
        ),
        Expect::ShouldPanic => {
            let output = run_probe(snippet);
            assert!(
                !compile_error(&output),
                "{}: a `should_panic` block must compile, and this one does not:\n{output}",
                snippet.location
            );
            assert!(
                output.contains(PROBE_FAILED) && output.contains("panicked at"),
                "{}: a `should_panic` block must panic when run, and this one did not:\n{output}",
                snippet.location
            );
        }
        Expect::CompileFail(code) => {
            let output = run_probe(snippet);
            assert!(
                output.contains(PROBE_FAILED) && compile_error(&output),
                "{}: a `compile_fail` block compiled. Either the code is wrong or the block \
                 should not be marked `compile_fail`.\n{output}",
                snippet.location
            );
            let found = error_codes(&output);
            if let Some(code) = code {
                assert!(
                    found.contains(&code),
                    "{}: the block should fail with {code}, but rustc reported {found:?}:\n{output}",
                    snippet.location
                );
            }
        }
    }
}

/// A `rust,crate` block: every line the reader sees must still be in the crate files it was
/// included from (the crate's own tests run that code).
pub fn check_from_crate(files: &[&str], shown: &str) {
    let sources: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap_or_else(|e| panic!("cannot read {f}: {e}")))
        .collect();
    for line in shown.lines().map(str::trim).filter(|l| !l.is_empty()) {
        assert!(
            sources.iter().any(|source| source.contains(line)),
            "the line `{line}` shown in a `rust,crate` block is in none of {files:?}"
        );
    }
}

/// Runs the snippet in the child process. Skeptic reports by panicking, after printing the
/// compiler's (and the program's) output; the child turns that into a line on stdout.
fn probe(snippet: &Snippet) {
    let compile_only = matches!(snippet.expect, Expect::CompileFail(_));
    let outcome = panic::catch_unwind(|| {
        if compile_only {
            skeptic::rt::compile_test(ROOT, OUT_DIR, TARGET, snippet.program)
        } else {
            skeptic::rt::run_test(ROOT, OUT_DIR, TARGET, snippet.program)
        }
    });
    println!(
        "{}",
        if outcome.is_ok() {
            PROBE_PASSED
        } else {
            PROBE_FAILED
        }
    );
}

/// Runs this very test again in a child process with the probe switched on, and returns
/// everything the child printed.
fn run_probe(snippet: &Snippet) -> String {
    let output = rerun_as_probe(snippet.test_name, PROBE_ENV);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.contains(PROBE_PASSED) || text.contains(PROBE_FAILED),
        "{}: the probe process did not report (status {}):\n{text}",
        snippet.location,
        output.status
    );
    text
}

/// Runs the test `test_name` of this very binary again in a child process with `probe_env`
/// set and its output not captured, so the child can report what skeptic only prints.
fn rerun_as_probe(test_name: &str, probe_env: &str) -> std::process::Output {
    let exe = env::current_exe().expect("the test binary knows its own path");
    Command::new(exe)
        .args(["--exact", test_name, "--nocapture", "--test-threads=1"])
        .env(probe_env, "1")
        .output()
        .expect("could not start the test binary again as a probe")
}

/// rustc gave up on the program (as opposed to the program failing at run time).
fn compile_error(output: &str) -> bool {
    output
        .lines()
        .any(|line| line.starts_with("error[E") || line.starts_with("error: aborting due to"))
}

/// The `E….` codes in rustc's `error[E….]` lines, in order of appearance.
pub fn error_codes(output: &str) -> Vec<&str> {
    output
        .lines()
        .filter_map(|line| line.strip_prefix("error[")?.split(']').next())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_error_codes_from_rustc_output() {
        let rustc = "error[E0382]: borrow of moved value: `v`\n  --> test.rs:5:20\n\
                     error[E0277]: `Rc<i32>` cannot be sent between threads safely\n\
                     error: aborting due to 2 previous errors\n";
        assert_eq!(error_codes(rustc), ["E0382", "E0277"]);
        assert!(compile_error(rustc));
        assert!(!compile_error("thread 'main' panicked at src/main.rs:2:5"));
    }
}
