//! The exercise check: for every `exercises/exercise_NN` the starter compiles and FAILS its
//! tests (so the tests are not vacuous), and `solutions/solution_NN` PASSES the very same tests
//! and is clippy- and rustfmt-clean. Every broken rule is reported with the exercise's name.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::{describe, tools};

/// `exercise_01`, `exercise_02`, … in order.
pub fn starter_packages(root: &Path) -> Result<Vec<String>, String> {
    let dir = root.join("exercises");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .filter(|entry| entry.path().join("Cargo.toml").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

pub fn check(root: &Path) -> Result<(), String> {
    let mut broken = Vec::new();
    let starters = starter_packages(root)?;
    for starter in &starters {
        let Some(number) = starter.strip_prefix("exercise_") else {
            broken.push(format!("{starter}: exercise folders are named exercise_NN"));
            continue;
        };
        let solution = format!("solution_{number}");
        eprintln!("--> {starter} / {solution}");
        for rule in check_one(root, starter, &solution) {
            broken.push(format!("{starter}: {rule}"));
        }
    }
    eprintln!("--> wrong answers (ci/wrong-answers/)");
    if let Err(problems) = crate::wrong_answers::check(root, &[], 1) {
        broken.push(problems);
    }
    if broken.is_empty() {
        eprintln!(
            "exercise check: {} exercises, every rule holds",
            starters.len()
        );
        Ok(())
    } else {
        Err(format!(
            "exercise check found {} broken rule(s):\n  {}",
            broken.len(),
            broken.join("\n  ")
        ))
    }
}

/// The broken rules of one exercise, empty when it is sound.
fn check_one(root: &Path, starter: &str, solution: &str) -> Vec<String> {
    let starter_dir = root.join("exercises").join(starter);
    let solution_dir = root.join("solutions").join(solution);
    let mut broken = Vec::new();

    for file in ["README.md", "src/lib.rs", "src/tests.rs"] {
        if !starter_dir.join(file).is_file() {
            broken.push(format!("the starter has no {file}"));
        }
    }
    let starter_lib = fs::read_to_string(starter_dir.join("src/lib.rs")).unwrap_or_default();
    if !starter_lib.contains("todo!(") || !starter_lib.contains("// TODO") {
        broken.push(
            "the starter's src/lib.rs marks the learner's work with todo!() and // TODO".into(),
        );
    }
    let solution_lib = fs::read_to_string(solution_dir.join("src/lib.rs"));
    let shared_tests = format!("#[path = \"../../../exercises/{starter}/src/tests.rs\"]");
    match solution_lib {
        Err(_) => {
            broken.push(format!("there is no solutions/{solution}/src/lib.rs"));
            return broken;
        }
        Ok(text) if !text.contains(&shared_tests) => broken.push(format!(
            "the solution must run the starter's tests via {shared_tests}"
        )),
        Ok(text) if text.contains("todo!(") => {
            broken.push("the solution still contains todo!()".into())
        }
        Ok(_) => {}
    }

    let compiles = cargo(root, &["test", "--locked", "--no-run", "-q", "-p", starter]);
    if !compiles.success {
        broken.push(format!("the starter must compile:\n{}", compiles.output));
        return broken;
    }
    let starter_run = cargo(root, &["test", "--locked", "-q", "-p", starter]);
    let starter_counts = counts(&starter_run.output);
    if starter_run.success || starter_counts.failed == 0 {
        broken.push(format!(
            "the starter must FAIL its tests (are they vacuous?): {} passed, {} failed",
            starter_counts.passed, starter_counts.failed
        ));
    }
    let solution_run = cargo(root, &["test", "--locked", "-q", "-p", solution]);
    let solution_counts = counts(&solution_run.output);
    if !solution_run.success {
        broken.push(format!(
            "the solution must PASS the tests:\n{}",
            solution_run.output
        ));
    } else if solution_counts.passed != starter_counts.passed + starter_counts.failed {
        broken.push(format!(
            "the solution ran {} tests, the starter {}: they must share one tests.rs",
            solution_counts.passed,
            starter_counts.passed + starter_counts.failed
        ));
    }
    let clippy = cargo(
        root,
        &[
            "clippy",
            "--locked",
            "-q",
            "-p",
            solution,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    if !clippy.success {
        broken.push(format!(
            "the solution must be clippy-clean:\n{}",
            clippy.output
        ));
    }
    for package in [starter, solution] {
        let fmt = cargo(root, &["fmt", "--check", "-p", package]);
        if !fmt.success {
            broken.push(format!("{package} must be rustfmt-clean:\n{}", fmt.output));
        }
    }
    broken
}

struct Outcome {
    success: bool,
    output: String,
}

fn cargo(root: &Path, args: &[&str]) -> Outcome {
    let mut command = Command::new(tools::cargo());
    command.args(args).current_dir(root);
    match command.output() {
        Ok(out) => Outcome {
            success: out.status.success(),
            output: format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        },
        Err(e) => Outcome {
            success: false,
            output: format!("cannot start {}: {e}", describe(&command)),
        },
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    passed: usize,
    failed: usize,
}

/// Adds up libtest's `test result: … N passed; M failed; …` lines.
fn counts(output: &str) -> Counts {
    let mut total = Counts::default();
    for line in output.lines().filter(|l| l.starts_with("test result:")) {
        for part in line.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(number)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(number) = number.parse::<usize>() else {
                continue;
            };
            match label {
                "passed" => total.passed += number,
                "failed" => total.failed += number,
                _ => {}
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_up_every_test_result_line() {
        let output = "\
test result: FAILED. 1 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";
        assert_eq!(
            counts(output),
            Counts {
                passed: 3,
                failed: 3
            }
        );
    }
}
