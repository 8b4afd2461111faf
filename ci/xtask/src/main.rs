//! The course's task runner: `cargo xtask <command>` (the alias lives in `.cargo/config.toml`).
//!
//! * `serve` — install the pinned mdBook tools if missing, then serve the book on
//!   <http://127.0.0.1:3000>.
//! * `test` — everything CI checks, in the order that fails fastest.
//! * `exercises` — only the exercise check (starter compiles and fails, solution passes).
//! * `book` — only build the book with its link check.
//! * `bench [--smoke]` — run chapter 8's benchmark suite and regenerate its report.
//! * `wrong-answers [NN …] [--repeat N]` — prove each exercise's tests reject its wrong answers.

mod bench;
mod book;
mod debian;
mod exercises;
mod tools;
mod wrong_answers;

/// The snippet harness's reader of the book, shared so both walk `src/` the same way.
#[path = "../../snippets/src/book.rs"]
#[allow(dead_code)]
mod markdown;

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [PORT]  install the pinned mdBook tools if needed, serve the book on 127.0.0.1 (port 3000)
  test          run every check CI runs (fmt, clippy, tests, snippets, exercises, book + links)
  exercises     check every exercise: starter compiles and fails, solution passes and is clean
  book          build the book and check its links and diagrams
  bench         run chapter 8's benchmark suite (~15 min) and regenerate benches/results/
  bench --smoke run every benchmark briefly; results go to target/bench/smoke/, not the book
  wrong-answers [NN ...] [--repeat N]
                prove the tests of the named exercises (all by default) reject every wrong
                answer in ci/wrong-answers/ (part of `exercises`)
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(args.get(1).map(String::as_str).unwrap_or("3000")),
        Some("test") => test(),
        Some("exercises") => exercises::check(&workspace_root()),
        Some("book") => build_book(),
        Some("wrong-answers") => wrong_answers_command(&args[1..]),
        Some("bench") => match args.get(1).map(String::as_str) {
            None => bench::run_suite(&workspace_root(), false),
            Some("--smoke") => bench::run_suite(&workspace_root(), true),
            Some(other) => Err(format!(
                "unknown bench option {other}: use `bench` or `bench --smoke`"
            )),
        },
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: FAILED: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: two levels above this crate.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("ci/xtask lives two levels below the workspace root")
        .to_path_buf()
}

fn serve(port: &str) -> Result<(), String> {
    let path = tools::ensure(&tools::BOOK_TOOLS.iter().collect::<Vec<_>>())?;
    eprintln!("==> serving the book on http://127.0.0.1:{port} (Ctrl-C to stop)");
    let mut mdbook = Command::new(tools::MDBOOK.bin);
    mdbook
        .args(["serve", "--hostname", "127.0.0.1", "--port", port])
        .current_dir(workspace_root())
        .env("PATH", path);
    run(&mut mdbook)
}

fn wrong_answers_command(args: &[String]) -> Result<(), String> {
    let mut exercises = Vec::new();
    let mut repeat = 1;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        if word == "--repeat" {
            repeat = words
                .next()
                .and_then(|n| n.parse().ok())
                .filter(|&n| n > 0)
                .ok_or("--repeat takes a whole number of rounds, e.g. --repeat 5")?;
        } else if word.trim_start_matches("exercise_").parse::<u32>().is_ok() {
            exercises.push(word.clone());
        } else {
            return Err(format!(
                "unknown argument {word}: use `wrong-answers [NN ...] [--repeat N]`"
            ));
        }
    }
    wrong_answers::check(&workspace_root(), &exercises, repeat)
}

fn build_book() -> Result<(), String> {
    let path = tools::ensure(&tools::BOOK_TOOLS.iter().collect::<Vec<_>>())?;
    book::build(&workspace_root(), &path)
}

/// One step of `cargo xtask test`.
struct Step {
    name: &'static str,
    run: Box<dyn Fn() -> Result<(), String>>,
}

fn test() -> Result<(), String> {
    debian::ensure_test_packages()?;
    let root = workspace_root();
    let starters = exercises::starter_packages(&root)?;
    let mut needed: Vec<&tools::Tool> = tools::BOOK_TOOLS.iter().collect();
    needed.push(&tools::NEXTEST);
    let path = tools::ensure(&needed)?;

    let cargo_step = |args: Vec<String>| {
        let root = root.clone();
        let path = path.clone();
        move || {
            let mut cargo = Command::new(tools::cargo());
            cargo.args(&args).current_dir(&root).env("PATH", &path);
            run(&mut cargo)
        }
    };
    let exclude_starters = |mut args: Vec<String>| {
        for starter in &starters {
            args.extend(["--exclude".to_owned(), starter.clone()]);
        }
        args
    };
    let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();

    let mut clippy = exclude_starters(words("clippy --workspace --all-targets --locked"));
    clippy.extend(words("-- -D warnings"));
    let steps = [
        Step {
            name: "rustfmt (every crate, starters included)",
            run: Box::new(cargo_step(words("fmt --all --check"))),
        },
        Step {
            name: "clippy -D warnings (all but the starters)",
            run: Box::new(cargo_step(clippy)),
        },
        Step {
            name: "doc tests",
            run: Box::new(cargo_step(exclude_starters(words(
                "test --workspace --doc --locked",
            )))),
        },
        Step {
            name: "tests and book snippets (nextest, 60 s limit per test)",
            run: Box::new(cargo_step(exclude_starters(words(
                "nextest run --workspace --locked --profile ci",
            )))),
        },
        Step {
            name: "exercise check",
            run: Box::new({
                let root = root.clone();
                move || exercises::check(&root)
            }),
        },
        Step {
            name: "benchmark smoke run (every benchmark briefly; results under target/)",
            run: Box::new({
                let root = root.clone();
                move || bench::run_suite(&root, true)
            }),
        },
        Step {
            name: "book build, link check, rendered pages",
            run: Box::new({
                let root = root.clone();
                let path = path.clone();
                move || book::build(&root, &path)
            }),
        },
    ];

    let started = Instant::now();
    let mut timings = Vec::new();
    for step in &steps {
        eprintln!("\n==> {}", step.name);
        let begun = Instant::now();
        let outcome = (step.run)();
        timings.push((step.name, begun.elapsed().as_secs_f64()));
        outcome.map_err(|e| format!("step `{}`: {e}", step.name))?;
    }
    eprintln!(
        "\n==> all checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    for (name, secs) in timings {
        eprintln!("    {secs:>6.1} s  {name}");
    }
    Ok(())
}

/// Runs a command to completion; an unsuccessful exit is an error naming the command.
pub fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot start {}: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} exited with {status}", describe(command)))
    }
}

pub fn describe(command: &Command) -> String {
    let mut words: Vec<OsString> = vec![command.get_program().to_owned()];
    words.extend(command.get_args().map(ToOwned::to_owned));
    words
        .iter()
        .map(|w| w.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
