//! The quizzes' answer keys, checked. Every chapter ends with a quiz (`src/quizzes/chNN.toml`,
//! rendered by mdbook-quiz). A `Tracing` question asks "does this compile, and what does it
//! print?"; its key is verified here by compiling the program against the same crates as the
//! book's snippets and running it, so a quiz can never teach something false.
//!
//! mdbook-quiz itself compiles `Tracing` programs with a bare `rustc` (no crates, edition 2015),
//! so a question about crossbeam or tokio is a `MultipleChoice` question with the program in its
//! prompt. Its key is checked the same way: an answer that begins with 「不能编译」 must not
//! compile; an answer written as code (`` `…` `` or a fenced block) must be exactly what the
//! program prints; any other answer needs a program that compiles and runs.

use std::env;
use std::panic;

use crate::{compile_error, error_codes, rerun_as_probe, OUT_DIR, ROOT, TARGET};

/// One `Tracing` question of a quiz file.
#[derive(Debug)]
pub struct Trace {
    /// Name of the generated test, which the child process is asked to run.
    pub test_name: &'static str,
    /// `src/quizzes/ch02.toml, question 3` — where a wrong key is to be fixed.
    pub location: &'static str,
    pub program: &'static str,
    /// `answer.doesCompile`.
    pub does_compile: bool,
    /// `answer.stdout`, for a program that compiles; `None` when the question only needs it
    /// to compile and run (a multiple-choice question whose answer is not its output).
    pub stdout: Option<&'static str>,
    /// An error code (`E0382`) that the question's `context` names, for one that does not.
    pub error_code: Option<&'static str>,
}

/// Set in the child process: compile (and run) the program, framing its output.
const PROBE_ENV: &str = "SNIPPETS_QUIZ_PROBE";
const STDOUT_BEGIN: &str = "SNIPPETS_QUIZ_STDOUT_BEGIN";
const STDOUT_END: &str = "SNIPPETS_QUIZ_STDOUT_END";
const COMPILED: &str = "SNIPPETS_QUIZ_RESULT=ok";
const FAILED: &str = "SNIPPETS_QUIZ_RESULT=failed";

/// Checks one answer key; panics naming the quiz file, the question and what is wrong.
pub fn check_trace(trace: &Trace) {
    if env::var_os(PROBE_ENV).is_some() {
        return probe(trace);
    }
    let (stdout, everything) = run_probe(trace);
    let compiled = everything.contains(COMPILED) || !compile_error(&everything);
    match (trace.does_compile, compiled) {
        (true, false) => panic!(
            "{}: the key says the program compiles, but rustc rejects it:\n{everything}",
            trace.location
        ),
        (false, true) => panic!(
            "{}: the key says the program does not compile, but it compiles",
            trace.location
        ),
        (false, false) => {
            let found = error_codes(&everything);
            if let Some(code) = trace.error_code {
                assert!(
                    found.contains(&code),
                    "{}: the context names {code}, but rustc reported {found:?}:\n{everything}",
                    trace.location
                );
            }
        }
        (true, true) => {
            assert!(
                everything.contains(COMPILED),
                "{}: the program compiles but failed when run (a quiz program must run to the \
                 end):\n{everything}",
                trace.location
            );
            let Some(expected) = trace.stdout else {
                return;
            };
            let printed = framed(&stdout).unwrap_or_default();
            assert_eq!(
                normalise(printed),
                normalise(expected),
                "{}: the key's `answer.stdout` differs from what the program prints \
                 (left: printed, right: the key)",
                trace.location
            );
        }
    }
}

/// What a reader compares: lines without trailing blanks, no blank lines at the end.
fn normalise(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().to_owned()
}

/// The program's stdout, between the probe's markers.
fn framed(stdout: &str) -> Option<&str> {
    let start = stdout.find(STDOUT_BEGIN)? + STDOUT_BEGIN.len() + 1;
    let end = stdout[start..].find(STDOUT_END)? + start;
    Some(&stdout[start..end])
}

fn probe(trace: &Trace) {
    println!("{STDOUT_BEGIN}");
    let outcome = panic::catch_unwind(|| {
        if trace.does_compile {
            skeptic::rt::run_test(ROOT, OUT_DIR, TARGET, trace.program)
        } else {
            skeptic::rt::compile_test(ROOT, OUT_DIR, TARGET, trace.program)
        }
    });
    println!("{STDOUT_END}");
    println!("{}", if outcome.is_ok() { COMPILED } else { FAILED });
}

/// Runs this very test again in a child process with the probe on; returns (stdout, all).
fn run_probe(trace: &Trace) -> (String, String) {
    let output = rerun_as_probe(trace.test_name, PROBE_ENV);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let everything = format!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        everything.contains(COMPILED) || everything.contains(FAILED),
        "{}: the probe process did not report (status {}):\n{everything}",
        trace.location,
        output.status
    );
    (stdout, everything)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_programs_output_between_the_markers() {
        let stdout = format!("test x ... {STDOUT_BEGIN}\n1\n2\n{STDOUT_END}\n{COMPILED}\nok\n");
        assert_eq!(framed(&stdout), Some("1\n2\n"));
        assert_eq!(normalise("1  \n2\n\n"), normalise("1\n2"));
        assert_ne!(normalise("1\n2"), normalise("2\n1"));
    }
}
