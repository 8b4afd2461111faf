//! The wrong-answer check: proof that each exercise's tests reject the mistakes learners
//! really make.
//!
//! `ci/wrong-answers/exercise_NN/<mistake>.rs` is a whole replacement for the exercise's
//! `src/lib.rs`: the reference solution with one realistic mistake. It begins with two lines
//!
//! ```text
//! //! 错误：<the mistake>
//! //! 期望：<a fragment of the Chinese message the tests must print for it>
//! ```
//!
//! The check never touches the learner's files. It builds a scratch workspace under
//! `target/wrong-answers/` with one crate per wrong answer (the exercise's files with the
//! wrong `lib.rs` swapped in), compiles them all at once, then runs each crate's tests and
//! requires that they FAIL within [`LIMIT`] and that the output contains the `期望` fragment,
//! so a wrong answer is rejected for the stated reason and not by accident.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::{describe, tools};

/// Every exercise needs at least this many wrong answers.
pub const MINIMUM_PER_EXERCISE: usize = 5;

/// A wrong answer must be rejected within this time (the tests' own deadlock guard fires at
/// 5 s, so a hang-type mistake fits with room to spare).
pub const LIMIT: Duration = Duration::from_secs(10);

/// How many test binaries run at once. One: some tests measure how much CPU a receiving
/// thread burns over a quiet period (to catch polling), and a second binary spinning beside
/// them on a 2-core machine would blur that measurement.
const PARALLEL_RUNS: usize = 1;

/// The tests' deadlock guard during this check (`test_support::LIMIT_ENV`): a hang-type wrong
/// answer is rejected after 3 s instead of the learner's 5 s, which keeps the step short.
const GUARD_MS: &str = "3000";

const MISTAKE_PREFIX: &str = "//! 错误：";
const EXPECT_PREFIX: &str = "//! 期望：";

/// One file of `ci/wrong-answers/`.
#[derive(Debug, Clone)]
struct WrongAnswer {
    exercise: String,
    /// File stem, e.g. `forgot_to_drop_sender`.
    name: String,
    path: PathBuf,
    mistake: String,
    expected: String,
    /// The scratch crate's package name.
    package: String,
}

/// `cargo xtask wrong-answers [NN …] [--repeat N]`: checks the named exercises (all when none
/// is named), `repeat` times in a row, so a catch that depends on scheduling shows up.
pub fn check(root: &Path, only: &[String], repeat: usize) -> Result<(), String> {
    let exercises = crate::exercises::starter_packages(root)?;
    let selected: Vec<String> = if only.is_empty() {
        exercises.clone()
    } else {
        only.iter()
            .map(|n| {
                let name = format!("exercise_{:0>2}", n.trim_start_matches("exercise_"));
                if exercises.contains(&name) {
                    Ok(name)
                } else {
                    Err(format!("no exercise {n}: there is no exercises/{name}"))
                }
            })
            .collect::<Result<_, _>>()?
    };

    let mut broken = Vec::new();
    let mut answers = Vec::new();
    for exercise in &selected {
        match read_set(root, exercise) {
            Ok(set) => answers.extend(set),
            Err(problems) => broken.extend(problems),
        }
    }
    if !broken.is_empty() {
        return Err(report(&broken));
    }

    let scratch = root.join("target").join("wrong-answers");
    let executables = build(root, &scratch, &answers)?;
    for round in 1..=repeat {
        if repeat > 1 {
            eprintln!("--> round {round} of {repeat}");
        }
        let started = Instant::now();
        let outcomes = run_all(&scratch, &answers, &executables);
        for (answer, outcome) in answers.iter().zip(&outcomes) {
            if let Err(problem) = outcome {
                let round = if repeat > 1 {
                    format!("round {round}: ")
                } else {
                    String::new()
                };
                broken.push(format!(
                    "{round}{}/{}.rs (「{}」): {problem}",
                    answer.exercise, answer.name, answer.mistake
                ));
            }
        }
        eprintln!(
            "wrong-answer check: {} wrong answers in {} exercises, {} caught, {:.1} s",
            answers.len(),
            selected.len(),
            outcomes.iter().filter(|o| o.is_ok()).count(),
            started.elapsed().as_secs_f64()
        );
    }
    if broken.is_empty() {
        Ok(())
    } else {
        Err(report(&broken))
    }
}

fn report(broken: &[String]) -> String {
    format!(
        "wrong-answer check found {} problem(s):\n  {}",
        broken.len(),
        broken.join("\n  ")
    )
}

/// The wrong answers of one exercise, or every problem with its folder.
fn read_set(root: &Path, exercise: &str) -> Result<Vec<WrongAnswer>, Vec<String>> {
    let dir = root.join("ci").join("wrong-answers").join(exercise);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|_| {
            vec![format!(
                "{exercise}: no wrong-answer set: add at least {MINIMUM_PER_EXERCISE} files \
                 ci/wrong-answers/{exercise}/<mistake>.rs"
            )]
        })?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();

    let mut problems = Vec::new();
    if files.len() < MINIMUM_PER_EXERCISE {
        problems.push(format!(
            "{exercise}: {} wrong answers, at least {MINIMUM_PER_EXERCISE} are required",
            files.len()
        ));
    }
    let mut answers = Vec::new();
    for path in files {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = fs::read_to_string(&path).unwrap_or_default();
        if !text.contains("mod tests;") {
            problems.push(format!(
                "{exercise}/{name}.rs: a wrong answer is a whole lib.rs and ends with \
                 `#[cfg(test)] mod tests;` like the starter"
            ));
        }
        match parse_header(&text) {
            Ok((mistake, expected)) => answers.push(WrongAnswer {
                package: package_name(exercise, &name),
                exercise: exercise.to_owned(),
                name,
                path,
                mistake,
                expected,
            }),
            Err(problem) => problems.push(format!("{exercise}/{name}.rs: {problem}")),
        }
    }
    if problems.is_empty() {
        Ok(answers)
    } else {
        Err(problems)
    }
}

/// `(mistake, expected fragment)` from the file's first two lines.
fn parse_header(text: &str) -> Result<(String, String), String> {
    let mut lines = text.lines();
    let mistake = lines
        .next()
        .and_then(|l| l.strip_prefix(MISTAKE_PREFIX))
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let expected = lines
        .next()
        .and_then(|l| l.strip_prefix(EXPECT_PREFIX))
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match (mistake, expected) {
        (Some(m), Some(e)) => Ok((m.to_owned(), e.to_owned())),
        _ => Err(format!(
            "the first two lines must be `{MISTAKE_PREFIX}<the mistake>` and \
             `{EXPECT_PREFIX}<a fragment of the failure message>`"
        )),
    }
}

/// A package name cargo accepts: `wa_exercise_07_forgot_to_drop`.
fn package_name(exercise: &str, name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("wa_{exercise}_{cleaned}")
}

/// Writes the scratch workspace, compiles every crate's tests once, and returns each
/// package's test executable.
fn build(
    root: &Path,
    scratch: &Path,
    answers: &[WrongAnswer],
) -> Result<BTreeMap<String, PathBuf>, String> {
    if scratch.exists() {
        fs::remove_dir_all(scratch)
            .map_err(|e| format!("cannot clear {}: {e}", scratch.display()))?;
    }
    fs::create_dir_all(scratch).map_err(|e| e.to_string())?;
    for answer in answers {
        write_crate(root, scratch, answer)?;
    }
    fs::write(scratch.join("Cargo.toml"), manifest(root, answers)?).map_err(|e| e.to_string())?;
    // The same dependency versions as the course itself.
    fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).map_err(|e| e.to_string())?;

    eprintln!("--> compiling {} wrong answers", answers.len());
    let mut cargo = Command::new(tools::cargo());
    cargo
        .args(["build", "--tests", "--keep-going", "--message-format=json"])
        .current_dir(scratch)
        // Reuse the course's compiled dependencies.
        .env("CARGO_TARGET_DIR", root.join("target"))
        .stderr(Stdio::piped());
    let output = cargo
        .output()
        .map_err(|e| format!("cannot start {}: {e}", describe(&cargo)))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    // Test targets are named after their crate: the scratch package names are valid crate names.
    let executables: BTreeMap<String, PathBuf> = crate::learner::test_executables(&stdout)
        .into_iter()
        .filter(|(name, _)| answers.iter().any(|a| &a.package == name))
        .collect();
    let missing: Vec<String> = answers
        .iter()
        .filter(|a| !executables.contains_key(&a.package))
        .map(|a| {
            format!(
                "{}/{}.rs does not compile (a wrong answer must compile, so that its tests \
                 can reject it):\n{}",
                a.exercise,
                a.name,
                compiler_errors(root, scratch, &a.package)
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(report(&missing));
    }
    Ok(executables)
}

/// The compiler's own report for one scratch crate that failed to build.
fn compiler_errors(root: &Path, scratch: &Path, package: &str) -> String {
    let output = Command::new(tools::cargo())
        .args(["build", "--tests", "--quiet", "--package", package])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output();
    match output {
        Ok(out) => String::from_utf8_lossy(&out.stderr).into_owned(),
        Err(e) => format!("cannot start cargo: {e}"),
    }
}

/// The scratch crate: the exercise's files, its manifest renamed, the wrong `lib.rs`.
fn write_crate(root: &Path, scratch: &Path, answer: &WrongAnswer) -> Result<(), String> {
    let from = root.join("exercises").join(&answer.exercise);
    let to = scratch.join(&answer.package);
    copy_dir(&from, &to)?;
    let manifest_path = to.join("Cargo.toml");
    let manifest = fs::read_to_string(&manifest_path).map_err(|e| e.to_string())?;
    let renamed = manifest.replacen(
        &format!("name = \"{}\"", answer.exercise),
        &format!("name = \"{}\"", answer.package),
        1,
    );
    if renamed == manifest {
        return Err(format!(
            "exercises/{}/Cargo.toml has no `name = \"{}\"` line",
            answer.exercise, answer.exercise
        ));
    }
    fs::write(&manifest_path, renamed).map_err(|e| e.to_string())?;
    fs::copy(&answer.path, to.join("src").join("lib.rs")).map_err(|e| e.to_string())?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(from).map_err(|e| e.to_string())?.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&path, &target)?;
            }
        } else {
            fs::copy(&path, &target).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The course's root manifest with its own member list, path dependencies made absolute.
fn manifest(root: &Path, answers: &[WrongAnswer]) -> Result<String, String> {
    let text = fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let members: Vec<String> = answers.iter().map(|a| format!("{:?}", a.package)).collect();
    let root_text = root.display().to_string();
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("members") {
            out.push_str(&format!("members = [{}]\n", members.join(", ")));
        } else {
            out.push_str(&line.replace("path = \"", &format!("path = \"{root_text}/")));
            out.push('\n');
        }
    }
    Ok(out)
}

/// Runs every wrong answer's tests, [`PARALLEL_RUNS`] at a time; `Ok` for each one caught.
fn run_all(
    scratch: &Path,
    answers: &[WrongAnswer],
    executables: &BTreeMap<String, PathBuf>,
) -> Vec<Result<(), String>> {
    let mut outcomes: Vec<Option<Result<(), String>>> = vec![None; answers.len()];
    for (chunk_index, chunk) in answers.chunks(PARALLEL_RUNS).enumerate() {
        thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|answer| {
                    let exe = &executables[&answer.package];
                    let dir = scratch.join(&answer.package);
                    scope.spawn(move || judge(answer, &run_tests(exe, &dir)))
                })
                .collect();
            for (i, handle) in handles.into_iter().enumerate() {
                let outcome = handle
                    .join()
                    .unwrap_or_else(|_| Err("the check itself panicked".into()));
                outcomes[chunk_index * PARALLEL_RUNS + i] = Some(outcome);
            }
        });
    }
    outcomes.into_iter().map(Option::unwrap).collect()
}

struct TestRun {
    /// `None` when the process had to be killed at [`LIMIT`].
    success: Option<bool>,
    elapsed: Duration,
    output: String,
}

fn run_tests(exe: &Path, dir: &Path) -> TestRun {
    let started = Instant::now();
    let child = Command::new(exe)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .env("TEST_SUPPORT_DEADLINE_MS", GUARD_MS)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            return TestRun {
                success: Some(true),
                elapsed: started.elapsed(),
                output: format!("cannot start {}: {e}", exe.display()),
            }
        }
    };
    let (output_tx, output_rx) = mpsc::channel();
    for mut stream in [
        Box::new(child.stdout.take().expect("piped")) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().expect("piped")),
    ] {
        let output_tx = output_tx.clone();
        thread::spawn(move || {
            let mut text = Vec::new();
            let _ = stream.read_to_end(&mut text);
            // The receiver waits for both streams; it is gone only if the check panicked.
            let _ = output_tx.send(String::from_utf8_lossy(&text).into_owned());
        });
    }
    drop(output_tx);
    let success = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status.success()),
            Ok(None) if started.elapsed() >= LIMIT => {
                // Killing the process closes its pipes, so the readers finish.
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => thread::sleep(Duration::from_millis(20)),
            Err(_) => break Some(true),
        }
    };
    let elapsed = started.elapsed();
    let output: String = output_rx.iter().collect();
    TestRun {
        success,
        elapsed,
        output,
    }
}

/// Caught means: the tests failed, in time, saying what was expected.
fn judge(answer: &WrongAnswer, run: &TestRun) -> Result<(), String> {
    match run.success {
        None => Err(format!(
            "the tests did not finish within {} s (a wrong answer must be rejected quickly; \
             is a test without the deadlock guard?)",
            LIMIT.as_secs()
        )),
        Some(true) => Err(format!(
            "the tests PASS this wrong answer ({:.1} s): strengthen the exercise's tests",
            run.elapsed.as_secs_f64()
        )),
        Some(false) if !run.output.contains(&answer.expected) => Err(format!(
            "the tests fail, but their output lacks the expected 「{}」; the failures were:\n{}",
            answer.expected,
            failure_lines(&run.output)
        )),
        Some(false) => Ok(()),
    }
}

/// The panic lines of a failed run, indented, to show why the tests failed instead.
fn failure_lines(output: &str) -> String {
    let lines: Vec<&str> = output
        .lines()
        .filter(|l| l.contains("panicked at") || l.starts_with("test ") || l.contains('：'))
        .take(20)
        .collect();
    format!("      {}", lines.join("\n      "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_mistake_and_the_expected_message() {
        let text = "//! 错误：忘了 drop 原始 Sender\n//! 期望：Sender 没有被 drop\nuse std::x;\n";
        assert_eq!(
            parse_header(text),
            Ok(("忘了 drop 原始 Sender".into(), "Sender 没有被 drop".into()))
        );
    }

    #[test]
    fn a_missing_or_empty_header_is_an_error() {
        assert!(parse_header("use std::x;\n").is_err());
        assert!(parse_header("//! 错误：x\n//! 期望：\n").is_err());
        assert!(parse_header("//! 期望：y\n//! 错误：x\n").is_err());
    }

    #[test]
    fn package_names_are_valid_cargo_names() {
        assert_eq!(
            package_name("exercise_07", "burst-ignores-tick"),
            "wa_exercise_07_burst_ignores_tick"
        );
    }

    #[test]
    fn a_passing_or_silent_run_is_not_a_catch() {
        let answer = WrongAnswer {
            exercise: "exercise_07".into(),
            name: "x".into(),
            path: PathBuf::new(),
            mistake: "m".into(),
            expected: "消息丢失".into(),
            package: "p".into(),
        };
        let run = |success, output: &str| TestRun {
            success,
            elapsed: Duration::from_millis(5),
            output: output.into(),
        };
        assert!(judge(&answer, &run(Some(true), "消息丢失")).is_err());
        assert!(judge(&answer, &run(None, "消息丢失")).is_err());
        assert!(judge(&answer, &run(Some(false), "别的错误")).is_err());
        assert!(judge(&answer, &run(Some(false), "panicked: 消息丢失：…")).is_ok());
    }
}
