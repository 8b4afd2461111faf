//! The learner's commands: `progress`, `hint NN`, `watch [NN]`, `reset NN [--yes]`.
//!
//! Everything they know about the course is read from the files the book is built from, so
//! nothing is kept twice: the exercises are the folders under `exercises/`, an exercise's title
//! and hints are its README (the `<details>` blocks the book shows), and its chapter is the
//! chapter whose `exercises.md` includes that README. Which hints were shown is remembered under
//! `target/learner/`, which `cargo clean` forgets and git never sees.

use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::tools;

/// One exercise as the learner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// Package name, `exercise_07`.
    pub name: String,
    /// `07`.
    pub number: String,
    /// From the README's heading, without the `练习 07：` prefix.
    pub title: String,
    /// The chapter whose exercises page includes the README, if any does yet.
    pub chapter: Option<Chapter>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// `第 4 章 Crossbeam channel`, from `src/SUMMARY.md`.
    pub title: String,
    /// The exercises page relative to `src/`, `ch04-crossbeam/exercises.md`.
    pub page: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Solved,
    NotYet,
    DoesNotCompile,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Solved => "✓ 已完成  ",
            Status::NotYet => "· 未完成  ",
            Status::DoesNotCompile => "✗ 编译不过",
        }
    }
}

/// Every exercise in order, or a plain error when this is not the course's workspace.
pub fn catalog(root: &Path) -> Result<Vec<Exercise>, String> {
    if !root.join("exercises").is_dir() {
        return Err(format!(
            "在 {} 下找不到 exercises/ 文件夹：请在课程仓库里运行 `cargo xtask …`",
            root.display()
        ));
    }
    let summary = fs::read_to_string(root.join("src/SUMMARY.md")).unwrap_or_default();
    let pages = exercise_pages(&root.join("src"));
    let mut exercises = Vec::new();
    for name in crate::exercises::starter_packages(root)? {
        let number = name.trim_start_matches("exercise_").to_owned();
        let readme = fs::read_to_string(root.join("exercises").join(&name).join("README.md"))
            .unwrap_or_default();
        let title = readme
            .lines()
            .find_map(|line| line.strip_prefix("## "))
            .map(|heading| {
                heading
                    .split_once('：')
                    .map_or(heading, |(_, rest)| rest)
                    .trim()
                    .to_owned()
            })
            .unwrap_or_default();
        let include = format!("exercises/{name}/README.md");
        let chapter = pages
            .iter()
            .find(|(_, text)| text.contains(&include))
            .map(|(page, _)| Chapter {
                title: chapter_title(&summary, page),
                page: page.clone(),
            });
        exercises.push(Exercise {
            name,
            number,
            title,
            chapter,
        });
    }
    Ok(exercises)
}

/// `(chNN-…/exercises.md, its text)` for every chapter folder of the book.
fn exercise_pages(src: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = fs::read_dir(src)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let dir = entry.file_name().to_string_lossy().into_owned();
            let text = fs::read_to_string(entry.path().join("exercises.md")).ok()?;
            Some((format!("{dir}/exercises.md"), text))
        })
        .collect();
    pages.sort();
    pages
}

/// The SUMMARY.md title of the chapter a page belongs to, e.g. `第 4 章 Crossbeam channel`.
fn chapter_title(summary: &str, page: &str) -> String {
    let dir = page.split('/').next().unwrap_or(page);
    let index = format!("]({dir}/index.md)");
    summary
        .lines()
        .find(|line| line.contains(&index))
        .and_then(|line| line.split_once('[')?.1.split_once(']'))
        .map_or_else(|| dir.to_owned(), |(title, _)| title.to_owned())
}

/// The exercise a learner named with `7`, `07` or `exercise_07`.
pub fn resolve(exercises: &[Exercise], word: &str) -> Result<Exercise, String> {
    let digits = word.trim_start_matches("exercise_");
    let wanted = digits.parse::<u32>().ok();
    exercises
        .iter()
        .find(|e| e.number.parse::<u32>().ok() == wanted && wanted.is_some())
        .cloned()
        .ok_or_else(|| {
            let range = match (exercises.first(), exercises.last()) {
                (Some(first), Some(last)) => format!("{}–{}", first.number, last.number),
                _ => "（一个也没有）".to_owned(),
            };
            format!(
                "没有练习 {word}：现有的练习编号是 {range}。运行 `cargo xtask progress` 查看全部练习"
            )
        })
}

// ---------------------------------------------------------------------------------------------
// progress

pub fn progress(root: &Path) -> Result<(), String> {
    let exercises = catalog(root)?;
    eprintln!(
        "==> 正在编译并运行 {} 个练习的测试（第一次较慢，之后复用编译结果）…",
        exercises.len()
    );
    let statuses = statuses(root, &exercises)?;
    print!("{}", render_progress(&exercises, &statuses));
    Ok(())
}

/// The progress view as text (separate from running the tests so it can be tested).
pub fn render_progress(exercises: &[Exercise], statuses: &[Status]) -> String {
    let mut out = String::from("\n学习进度\n\n");
    let mut chapter_shown = None;
    for (exercise, status) in exercises.iter().zip(statuses) {
        let chapter = exercise.chapter.as_ref().map(|c| c.title.as_str());
        if chapter != chapter_shown {
            out.push_str(&format!(
                "  {}\n",
                chapter.unwrap_or("（还没有放进书里的练习）")
            ));
            chapter_shown = chapter;
        }
        out.push_str(&format!(
            "    {}  练习 {}  {}\n",
            status.label(),
            exercise.number,
            exercise.title
        ));
    }
    let solved = statuses.iter().filter(|s| **s == Status::Solved).count();
    let total = exercises.len().max(1);
    let width = 30;
    let filled = solved * width / total;
    out.push_str(&format!(
        "\n已完成 {solved}/{} [{}{}] {}%\n",
        exercises.len(),
        "#".repeat(filled),
        "-".repeat(width - filled),
        solved * 100 / total
    ));
    match exercises
        .iter()
        .zip(statuses)
        .find(|(_, status)| **status != Status::Solved)
    {
        None => out.push_str("全部完成，恭喜！\n"),
        Some((next, status)) => {
            out.push_str(&format!("\n下一题：练习 {} {}\n", next.number, next.title));
            if *status == Status::DoesNotCompile {
                out.push_str("  （它现在编译不过，先看编译器的报错）\n");
            }
            if let Some(chapter) = &next.chapter {
                out.push_str(&format!(
                    "  题目：src/{}（书中 {}）\n",
                    chapter.page,
                    chapter.page.replace(".md", ".html")
                ));
            }
            out.push_str(&format!(
                "  测试：cargo test -p {0}   边改边测：cargo xtask watch {1}   提示：cargo xtask hint {1}\n",
                next.name, next.number
            ));
        }
    }
    out
}

/// Builds every exercise's tests in one cargo call (`--keep-going`, so one broken exercise does
/// not hide the others; the build is shared and reused), then runs the test binaries, as many at
/// once as there are cores. An exercise without a test binary did not compile.
pub fn statuses(root: &Path, exercises: &[Exercise]) -> Result<Vec<Status>, String> {
    let mut build = Command::new(tools::cargo());
    build
        .args([
            "build",
            "--tests",
            "--keep-going",
            "--message-format=json",
            "-q",
        ])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for exercise in exercises {
        build.args(["-p", &exercise.name]);
    }
    let output = build.output().map_err(|e| format!("无法运行 cargo：{e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() && !stdout.contains("\"reason\"") {
        // cargo stopped before compiling anything: a broken manifest, a lock file out of date…
        return Err(format!(
            "cargo 没能开始编译练习：\n{}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let executables = test_executables(&stdout);

    let jobs: Vec<(usize, PathBuf, PathBuf)> = exercises
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let exe = executables
                .iter()
                .find(|(name, _)| *name == e.name)?
                .1
                .clone();
            Some((i, exe, root.join("exercises").join(&e.name)))
        })
        .collect();
    let mut statuses = vec![Status::DoesNotCompile; exercises.len()];
    let cores = thread::available_parallelism().map_or(2, |n| n.get());
    let queue = std::sync::Mutex::new(jobs.into_iter());
    let (done_tx, done_rx) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 0..cores {
            let done_tx = done_tx.clone();
            let queue = &queue;
            // The lock is taken and released inside `next`, not held while a test runs.
            let next = move || queue.lock().ok()?.next();
            scope.spawn(move || {
                while let Some((i, exe, dir)) = next() {
                    let passed = Command::new(&exe)
                        .current_dir(dir)
                        .env("RUST_TEST_THREADS", "16")
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .status()
                        .is_ok_and(|s| s.success());
                    let _ = done_tx.send((i, passed));
                }
            });
        }
    });
    drop(done_tx);
    for (i, passed) in done_rx {
        statuses[i] = if passed {
            Status::Solved
        } else {
            Status::NotYet
        };
    }
    Ok(statuses)
}

/// `(target name, test executable)` from `cargo build --tests --message-format=json`; also
/// used by the wrong-answer check, which builds its scratch crates the same way.
pub fn test_executables(json_lines: &str) -> Vec<(String, PathBuf)> {
    json_lines
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|msg| msg["reason"] == "compiler-artifact" && msg["profile"]["test"] == true)
        .filter_map(|msg| {
            let name = msg["target"]["name"].as_str()?.to_owned();
            let exe = msg["executable"].as_str()?;
            Some((name, PathBuf::from(exe)))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// hint

/// A `<details>` block of a README: its `<summary>` and its body.
#[derive(Debug, PartialEq, Eq)]
pub struct Hint {
    pub summary: String,
    pub body: String,
}

/// The hints of a README, in order: exactly the `<details>` blocks the book shows.
pub fn hints(readme: &str) -> Vec<Hint> {
    readme
        .split("<details>")
        .skip(1)
        .filter_map(|block| {
            let block = block.split("</details>").next()?;
            let (_, rest) = block.split_once("<summary>")?;
            let (summary, body) = rest.split_once("</summary>")?;
            Some(Hint {
                summary: summary.trim().to_owned(),
                body: body.trim().to_owned(),
            })
        })
        .collect()
}

fn hint_state(root: &Path, exercise: &Exercise) -> PathBuf {
    root.join("target/learner/hints").join(&exercise.name)
}

pub fn hint(root: &Path, word: &str) -> Result<(), String> {
    let exercise = resolve(&catalog(root)?, word)?;
    print!("{}", next_hint(root, &exercise)?);
    Ok(())
}

/// Shows the next unseen hint and remembers it; after the last one, shows the last again.
pub fn next_hint(root: &Path, exercise: &Exercise) -> Result<String, String> {
    let readme = root
        .join("exercises")
        .join(&exercise.name)
        .join("README.md");
    let text =
        fs::read_to_string(&readme).map_err(|e| format!("读不到 {}：{e}", readme.display()))?;
    let all = hints(&text);
    if all.is_empty() {
        return Err(format!(
            "练习 {} 的 README 里没有提示（<details> 块）",
            exercise.number
        ));
    }
    let state = hint_state(root, exercise);
    let seen: usize = fs::read_to_string(&state)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let index = seen.min(all.len() - 1);
    let hint = &all[index];
    let mut out = format!(
        "\n练习 {} {} — 提示 {}/{}\n\n【{}】\n{}\n\n",
        exercise.number,
        exercise.title,
        index + 1,
        all.len(),
        hint.summary,
        hint.body
    );
    if index + 1 < all.len() {
        out.push_str(&format!(
            "还有 {} 条提示：需要时再运行 `cargo xtask hint {}`\n",
            all.len() - index - 1,
            exercise.number
        ));
    } else {
        out.push_str(&format!(
            "这是最后一条提示。还是卡住？参考答案在书的“参考答案”部分：src/solutions/exercise-{}.md\n",
            exercise.number
        ));
    }
    if let Some(parent) = state.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("无法创建 {}：{e}", parent.display()))?;
    }
    fs::write(&state, (index + 1).to_string())
        .map_err(|e| format!("无法记录已看过的提示 {}：{e}", state.display()))?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// reset

pub fn reset(root: &Path, word: &str, yes: bool) -> Result<(), String> {
    let exercise = resolve(&catalog(root)?, word)?;
    let message = reset_with(root, &exercise, yes, &mut |question| {
        if !io::stdin().is_terminal() {
            return Err(format!(
                "需要确认才能恢复：不在终端里运行时，请加 --yes（cargo xtask reset {} --yes）",
                exercise.number
            ));
        }
        eprint!("{question} [y/N] ");
        io::stderr().flush().ok();
        let mut answer = String::new();
        io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| format!("读不到回答：{e}"))?;
        Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "是"))
    })?;
    println!("{message}");
    Ok(())
}

/// Restores `exercises/exercise_NN/` to the committed starter with git, after `ask` agrees.
pub fn reset_with(
    root: &Path,
    exercise: &Exercise,
    yes: bool,
    ask: &mut dyn FnMut(&str) -> Result<bool, String>,
) -> Result<String, String> {
    let dir = format!("exercises/{}", exercise.name);
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .map_err(|e| format!("无法运行 git（恢复练习需要 git）：{e}"))
    };
    let tracked = git(&["ls-files", "--error-unmatch", &format!("{dir}/src/lib.rs")])?;
    if !tracked.status.success() {
        return Err(format!(
            "{dir} 不在 git 仓库里（或没有提交过），无法恢复起始代码；请用 git clone 得到的课程仓库"
        ));
    }
    let status = git(&["status", "--porcelain", "--", &dir])?;
    let changed = String::from_utf8_lossy(&status.stdout).into_owned();
    if changed.trim().is_empty() {
        return Ok(format!("练习 {} 没有改动，已经是起始代码", exercise.number));
    }
    if !yes
        && !ask(&format!(
            "要丢弃 {dir} 里的全部改动、恢复起始代码吗？改动的文件：\n{changed}"
        ))?
    {
        return Ok("没有恢复，什么都没改".to_owned());
    }
    for args in [
        &["checkout", "HEAD", "--", &dir][..],
        &["clean", "-fdq", "--", &dir],
    ] {
        let out = git(args)?;
        if !out.status.success() {
            return Err(format!(
                "git {} 失败：{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    Ok(format!(
        "练习 {} 已恢复为起始代码。运行 `cargo test -p {}` 重新开始",
        exercise.number, exercise.name
    ))
}

// ---------------------------------------------------------------------------------------------
// watch

enum Event {
    Changed,
    Quit,
}

pub fn watch(root: &Path, word: Option<&str>) -> Result<(), String> {
    use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode, DebounceEventResult};

    let exercises = catalog(root)?;
    let mut index = match word {
        Some(word) => {
            let wanted = resolve(&exercises, word)?;
            exercises.iter().position(|e| *e == wanted).unwrap_or(0)
        }
        None => {
            eprintln!("==> 正在找第一个还没完成的练习…");
            let statuses = statuses(root, &exercises)?;
            match statuses.iter().position(|s| *s != Status::Solved) {
                Some(i) => i,
                None => {
                    println!("全部练习都已完成，恭喜！");
                    return Ok(());
                }
            }
        }
    };

    let (tx, events) = mpsc::channel();
    let quit = tx.clone();
    ctrlc::set_handler(move || {
        let _ = quit.send(Event::Quit);
    })
    .map_err(|e| format!("无法接管 Ctrl-C：{e}"))?;
    let mut debouncer = new_debouncer(
        Duration::from_millis(300),
        move |res: DebounceEventResult| {
            if res.is_ok_and(|events| !events.is_empty()) {
                let _ = tx.send(Event::Changed);
            }
        },
    )
    .map_err(|e| format!("无法监视文件变化：{e}"))?;

    loop {
        let exercise = &exercises[index];
        let dir = root.join("exercises").join(&exercise.name);
        debouncer
            .watcher()
            .watch(&dir, RecursiveMode::Recursive)
            .map_err(|e| format!("无法监视 {}：{e}", dir.display()))?;
        println!(
            "\n==> 练习 {} {}：cargo test -p {}",
            exercise.number, exercise.title, exercise.name
        );
        let tested = contents(&dir);
        let passed = Command::new(tools::cargo())
            .args(["test", "-q", "-p", &exercise.name])
            .current_dir(root)
            .status()
            .map_err(|e| format!("无法运行 cargo：{e}"))?
            .success();
        if passed {
            let _ = debouncer.watcher().unwatch(&dir);
            index += 1;
            let Some(next) = exercises.get(index) else {
                println!(
                    "\n✓ 练习 {} 通过！全部练习都已完成，恭喜！",
                    exercise.number
                );
                return Ok(());
            };
            println!(
                "\n✓ 练习 {} 通过！接着做练习 {} {}",
                exercise.number, next.number, next.title
            );
            // Changes saved while the tests ran belong to the exercise just passed.
            while let Ok(event) = events.try_recv() {
                if let Event::Quit = event {
                    return Ok(());
                }
            }
            continue;
        }
        println!(
            "\n==> 还没通过。修改 exercises/{}/src/lib.rs 并保存，测试会自动重跑\n    卡住了：cargo xtask hint {}    退出：Ctrl-C",
            exercise.name, exercise.number
        );
        // Rerun only when a file's content changed: reading the sources (rustc does) or a
        // late event about the previous exercise must not restart the tests.
        loop {
            match events.recv() {
                Ok(Event::Changed) if contents(&dir) != tested => break,
                Ok(Event::Changed) => {}
                Ok(Event::Quit) | Err(_) => {
                    println!(
                        "\n已退出 watch。下次运行 `cargo xtask watch` 会从第一个未完成的练习继续"
                    );
                    return Ok(());
                }
            }
        }
    }
}

/// Every file under an exercise's folder with its content, in a stable order.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(bytes) = fs::read(&path) {
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    const README: &str = "## 练习 03：收集结果\n\n**任务**：做点什么。\n\n<details>\n<summary>提示 1：第一步</summary>\n\n先这样。\n\n</details>\n\n<details>\n<summary>提示 2：第二步</summary>\n\n再那样。\n\n</details>\n";

    /// A tiny course: two exercises, the first in chapter 2's exercises page.
    fn course() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in ["exercise_02", "exercise_03"] {
            let crate_dir = root.join("exercises").join(name);
            fs::create_dir_all(crate_dir.join("src")).unwrap();
            fs::write(crate_dir.join("Cargo.toml"), "[package]\n").unwrap();
            fs::write(crate_dir.join("src/lib.rs"), "// starter\n").unwrap();
            let readme = README.replace("03", &name[9..]);
            fs::write(crate_dir.join("README.md"), readme).unwrap();
        }
        fs::create_dir_all(root.join("src/ch02-std-mpsc")).unwrap();
        fs::write(
            root.join("src/SUMMARY.md"),
            "- [第 2 章 标准库 mpsc](ch02-std-mpsc/index.md)\n    - [练习](ch02-std-mpsc/exercises.md)\n",
        )
        .unwrap();
        fs::write(
            root.join("src/ch02-std-mpsc/exercises.md"),
            "{{#include ../../exercises/exercise_02/README.md}}\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn catalog_reads_titles_and_chapters_from_the_book() {
        let course = course();
        let exercises = catalog(course.path()).unwrap();
        assert_eq!(exercises.len(), 2);
        assert_eq!(exercises[0].number, "02");
        assert_eq!(exercises[0].title, "收集结果");
        assert_eq!(
            exercises[0].chapter,
            Some(Chapter {
                title: "第 2 章 标准库 mpsc".into(),
                page: "ch02-std-mpsc/exercises.md".into()
            })
        );
        assert_eq!(exercises[1].chapter, None, "练习 03 不在任何练习页里");
    }

    #[test]
    fn outside_the_course_is_a_plain_error() {
        let empty = tempfile::tempdir().unwrap();
        let error = catalog(empty.path()).unwrap_err();
        assert!(error.contains("找不到 exercises/"), "{error}");
    }

    #[test]
    fn unknown_exercise_numbers_are_plain_errors() {
        let course = course();
        let exercises = catalog(course.path()).unwrap();
        assert_eq!(resolve(&exercises, "2").unwrap().name, "exercise_02");
        assert_eq!(
            resolve(&exercises, "exercise_03").unwrap().name,
            "exercise_03"
        );
        let error = resolve(&exercises, "99").unwrap_err();
        assert!(
            error.contains("没有练习 99") && error.contains("02–03"),
            "{error}"
        );
        let error = hint(course.path(), "42").unwrap_err();
        assert!(error.contains("没有练习 42"), "{error}");
    }

    #[test]
    fn hints_are_the_readme_details_blocks() {
        let all = hints(README);
        assert_eq!(
            all,
            vec![
                Hint {
                    summary: "提示 1：第一步".into(),
                    body: "先这样。".into()
                },
                Hint {
                    summary: "提示 2：第二步".into(),
                    body: "再那样。".into()
                },
            ]
        );
    }

    #[test]
    fn every_real_exercise_has_hints() {
        let root = crate::workspace_root();
        for exercise in catalog(&root).unwrap() {
            let readme = fs::read_to_string(
                root.join("exercises")
                    .join(&exercise.name)
                    .join("README.md"),
            )
            .unwrap();
            assert!(
                !hints(&readme).is_empty(),
                "{} 的 README 没有 <details> 提示",
                exercise.name
            );
            assert!(
                !exercise.title.is_empty(),
                "{} 的 README 没有 ## 标题",
                exercise.name
            );
        }
    }

    #[test]
    fn hint_shows_one_at_a_time_and_remembers() {
        let course = course();
        let exercise = resolve(&catalog(course.path()).unwrap(), "02").unwrap();
        let first = next_hint(course.path(), &exercise).unwrap();
        assert!(
            first.contains("提示 1/2") && first.contains("先这样"),
            "{first}"
        );
        assert!(!first.contains("再那样"), "一次只显示一条：{first}");
        let second = next_hint(course.path(), &exercise).unwrap();
        assert!(
            second.contains("提示 2/2") && second.contains("再那样"),
            "{second}"
        );
        assert!(second.contains("最后一条"), "{second}");
        let again = next_hint(course.path(), &exercise).unwrap();
        assert!(again.contains("提示 2/2"), "看完后重复最后一条：{again}");
    }

    #[test]
    fn progress_view_counts_and_names_the_next_exercise() {
        let course = course();
        let exercises = catalog(course.path()).unwrap();
        let view = render_progress(&exercises, &[Status::NotYet, Status::NotYet]);
        assert!(view.contains("已完成 0/2"), "{view}");
        assert!(view.contains("下一题：练习 02"), "{view}");
        assert!(view.contains("src/ch02-std-mpsc/exercises.md"), "{view}");
        let view = render_progress(&exercises, &[Status::Solved, Status::DoesNotCompile]);
        assert!(
            view.contains("已完成 1/2") && view.contains("50%"),
            "{view}"
        );
        assert!(
            view.contains("下一题：练习 03") && view.contains("编译不过"),
            "{view}"
        );
        let view = render_progress(&exercises, &[Status::Solved, Status::Solved]);
        assert!(view.contains("全部完成"), "{view}");
    }

    #[test]
    fn test_executables_come_from_cargo_json() {
        let json = r#"{"reason":"compiler-artifact","target":{"name":"exercise_02"},"profile":{"test":true},"executable":"/t/exercise_02-abc"}
{"reason":"compiler-artifact","target":{"name":"dep"},"profile":{"test":false},"executable":null}
{"reason":"build-finished","success":false}"#;
        assert_eq!(
            test_executables(json),
            vec![(
                "exercise_02".to_owned(),
                PathBuf::from("/t/exercise_02-abc")
            )]
        );
    }

    #[test]
    fn watch_sees_content_changes_not_reads() {
        let course = course();
        let dir = course.path().join("exercises/exercise_02");
        let before = contents(&dir);
        let _ = fs::read(dir.join("src/lib.rs")).unwrap();
        assert_eq!(contents(&dir), before, "读取文件不算改动");
        fs::write(dir.join("src/lib.rs"), "// changed\n").unwrap();
        assert_ne!(contents(&dir), before, "改了内容就要重跑");
    }

    fn git(root: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?} 失败");
    }

    #[test]
    fn reset_asks_then_restores_the_starter() {
        let course = course();
        let root = course.path();
        let exercise = resolve(&catalog(root).unwrap(), "02").unwrap();
        let lib = root.join("exercises/exercise_02/src/lib.rs");

        let error = reset_with(root, &exercise, true, &mut |_| Ok(true)).unwrap_err();
        assert!(error.contains("不在 git 仓库里"), "{error}");

        git(root, &["init", "-q"]);
        git(root, &["add", "-A"]);
        git(
            root,
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "commit",
                "-qm",
                "starter",
            ],
        );
        let message = reset_with(root, &exercise, false, &mut |_| {
            panic!("没有改动时不该询问")
        })
        .unwrap();
        assert!(message.contains("没有改动"), "{message}");

        fs::write(&lib, "// my answer\n").unwrap();
        fs::write(root.join("exercises/exercise_02/src/extra.rs"), "\n").unwrap();
        let message = reset_with(root, &exercise, false, &mut |_| Ok(false)).unwrap();
        assert!(message.contains("没有恢复"), "{message}");
        assert_eq!(fs::read_to_string(&lib).unwrap(), "// my answer\n");

        let error =
            reset_with(root, &exercise, false, &mut |_| Err("需要 --yes".into())).unwrap_err();
        assert!(error.contains("--yes"), "{error}");

        let mut asked = false;
        let message = reset_with(root, &exercise, false, &mut |question| {
            asked = question.contains("src/lib.rs");
            Ok(true)
        })
        .unwrap();
        assert!(asked, "询问时应列出改动的文件");
        assert!(message.contains("已恢复"), "{message}");
        assert_eq!(fs::read_to_string(&lib).unwrap(), "// starter\n");
        assert!(!root.join("exercises/exercise_02/src/extra.rs").exists());

        fs::write(&lib, "// again\n").unwrap();
        reset_with(root, &exercise, true, &mut |_| panic!("--yes 不该询问")).unwrap();
        assert_eq!(fs::read_to_string(&lib).unwrap(), "// starter\n");
    }
}
