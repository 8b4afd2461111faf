//! The course's task runner: `cargo xtask <command>` (the alias lives in `.cargo/config.toml`).
//!
//! * `serve [PORT]` — install what reading the book needs if missing, then serve the book on
//!   <http://127.0.0.1:3000> (`serve_tools.rs`).
//! * `test` — everything CI checks, in the order that fails fastest.
//! * `exercises` — only the exercise check (starter compiles and fails, solution passes).
//! * `book` — only build the book with its link check.
//! * `bench [--smoke]` — run chapter 8's benchmark suite and regenerate its report.
//! * `wrong-answers [NN …] [--repeat N]` — prove each exercise's tests reject its wrong answers.
//! * `browser` — check the built book in headless Chromium (`browser.rs`).
//! * `progress`, `hint NN`, `watch [NN]`, `reset NN [--yes]` — the learner's commands
//!   (`learner.rs`). The command line itself is described in `cli.rs`.

mod bench;
mod bench_checks;
mod book;
mod browser;
mod cli;
mod debian;
mod exercises;
mod learner;
mod nats_server;
mod print_check;
mod serve_tools;
mod terms;
mod tools;
mod workflows;
mod wrong_answers;

/// The snippet harness's reader of the book, shared so both walk `src/` the same way.
#[path = "../../snippets/src/book.rs"]
#[allow(dead_code)]
mod markdown;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use cli::Command as Task;

fn main() -> ExitCode {
    let result = match cli::parse() {
        Task::Serve { port } => serve_tools::serve(&workspace_root(), port),
        Task::Test => test(),
        Task::Exercises => exercises::check(&workspace_root()),
        Task::Book => build_book(),
        Task::Browser => browser::check(&workspace_root()),
        Task::WrongAnswers { exercises, repeat } => {
            wrong_answers::check(&workspace_root(), &exercises, repeat as usize)
        }
        Task::Bench { smoke } => bench::run_suite(&workspace_root(), smoke),
        Task::Progress => learner::progress(&workspace_root()),
        Task::Hint { exercise } => learner::hint(&workspace_root(), &exercise),
        Task::Watch { exercise } => learner::watch(&workspace_root(), exercise.as_deref()),
        Task::Reset { exercise, yes } => learner::reset(&workspace_root(), &exercise, yes),
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
    nats_server::ensure()?;
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
        Step {
            name: "book in headless Chromium (Linux; skipped elsewhere)",
            run: Box::new({
                let root = root.clone();
                move || browser::check(&root)
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
    let passed = timings.len();
    for (name, secs) in timings {
        eprintln!("    {secs:>6.1} s  {name}");
    }
    // The plain closing line a CI reader recognises, whatever runner ran inside the steps.
    println!("checks: {passed} passed, 0 failed");
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
