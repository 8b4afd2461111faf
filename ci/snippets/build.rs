//! Generates one test per ```rust block in the book (`src/**/*.md` at the workspace root), after
//! expanding `{{#include}}` the way mdBook does, so the code tested is the code the reader sees.

#[path = "src/book.rs"]
#[allow(dead_code)]
mod book;

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use book::Kind;

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let book_src = manifest_dir.join("../../src");
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());

    // A directory makes cargo rerun this script when any file below it changes, so a new
    // chapter is picked up without touching the harness.
    println!("cargo:rerun-if-changed={}", book_src.display());
    println!("cargo:rerun-if-changed=src/book.rs");
    println!(
        "cargo:rustc-env=SNIPPETS_TARGET={}",
        env::var("TARGET").unwrap()
    );

    let mut tests = String::new();
    let mut inventory = String::new();
    let mut watched = Vec::new();
    for file in book::markdown_files(&book_src) {
        let relative = file.strip_prefix(&book_src).unwrap().to_path_buf();
        let location = |line: usize| format!("src/{}:{line}", relative.display());
        let text = fs::read_to_string(&file).unwrap();
        let blocks = book::expand(&text, file.parent().unwrap(), &mut watched)
            .and_then(|lines| book::fenced_blocks(&lines));
        let blocks = match blocks {
            Ok(blocks) => blocks,
            Err(problems) => {
                let name = book::test_name(&relative, 0);
                let message = format!("src/{}: {}", relative.display(), problems.join("; "));
                writeln!(
                    tests,
                    "#[test]\nfn {name}() {{\n    panic!({message:?});\n}}\n"
                )
                .unwrap();
                continue;
            }
        };
        for block in blocks {
            let name = book::test_name(&relative, block.source_line);
            let kind = book::kind(&block.info);
            writeln!(
                inventory,
                "{}\t{}\t{kind:?}",
                relative.display(),
                block.source_line
            )
            .unwrap();
            let body = match kind {
                Kind::NotRust if block.info.is_empty() => format!(
                    "panic!(\"{}: a code block without a language; write ```rust, ```text or ```console\");",
                    location(block.source_line)
                ),
                Kind::NotRust => continue,
                Kind::Unknown(attribute) => format!(
                    "panic!(\"{}: unknown attribute `{attribute}` on a rust block: every block is \
                     compiled and run; see CONTRIBUTING.md for the attributes the harness knows\");",
                    location(block.source_line)
                ),
                Kind::FromCrate => from_crate_test(&file, &text, block.source_line, &block.code)
                    .unwrap_or_else(|problem| {
                        format!("panic!({:?});", format!("{}: {problem}", location(block.source_line)))
                    }),
                kind => {
                    let kind = match kind {
                        Kind::Run => "Run".to_owned(),
                        Kind::ShouldPanic => "ShouldPanic".to_owned(),
                        Kind::NoRun => "NoRun".to_owned(),
                        Kind::Ignored => "Ignored".to_owned(),
                        Kind::CompileFail(code) => format!("CompileFail({code:?})"),
                        Kind::NotRust | Kind::FromCrate | Kind::Unknown(_) => unreachable!(),
                    };
                    let program = book::program(&block.code);
                    format!(
                        "snippets::check(&snippets::Snippet {{\n        test_name: {name:?},\n        location: {:?},\n        expect: snippets::Expect::{kind},\n        program: r####\"{program}\"####,\n    }});",
                        location(block.source_line)
                    )
                }
            };
            writeln!(tests, "#[test]\nfn {name}() {{\n    {body}\n}}\n").unwrap();
        }
    }
    quiz_tests(&book_src, &mut tests);
    watched.sort();
    watched.dedup();
    for file in watched {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    write_if_changed(&out_dir.join("book_tests.rs"), &tests);
    write_if_changed(&out_dir.join("blocks.tsv"), &inventory);
}

/// Leaves the file's timestamp alone when nothing changed, so cargo does not rebuild the tests.
fn write_if_changed(path: &Path, contents: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(contents) {
        fs::write(path, contents).unwrap();
    }
}

/// Chapters end with a quiz, `src/quizzes/chNN.toml`, shown by a page of the chapter with
/// `{{#quiz ../quizzes/chNN.toml}}`. One test per `Tracing` question checks its answer key by
/// compiling and running the program; one more test reports every broken rule of the quizzes
/// (a chapter without a quiz, a question without an explanation, a malformed key).
fn quiz_tests(book_src: &Path, tests: &mut String) {
    let mut problems = Vec::new();
    let quiz_dir = book_src.join("quizzes");
    let mut chapters: Vec<PathBuf> = fs::read_dir(book_src)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir() && chapter_number(path).is_some())
        .collect();
    chapters.sort();
    for chapter in &chapters {
        let number = chapter_number(chapter).unwrap();
        let file = quiz_dir.join(format!("ch{number}.toml"));
        let link = format!("{{{{#quiz ../quizzes/ch{number}.toml}}}}");
        let shown = book::markdown_files(chapter)
            .iter()
            .any(|page| fs::read_to_string(page).unwrap_or_default().contains(&link));
        if !file.is_file() {
            problems.push(format!(
                "chapter {number} has no quiz: add src/quizzes/ch{number}.toml"
            ));
        } else if !shown {
            problems.push(format!(
                "src/quizzes/ch{number}.toml is not shown: put `{link}` on a page of {}",
                chapter.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    let mut files: Vec<PathBuf> = fs::read_dir(&quiz_dir)
        .map(|dir| dir.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    files.retain(|path| path.extension().is_some_and(|ext| ext == "toml"));
    files.sort();
    for file in files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&file).unwrap();
        let quiz: toml::Table = match text.parse() {
            Ok(quiz) => quiz,
            Err(e) => {
                problems.push(format!("src/quizzes/{stem}.toml is not valid TOML: {e}"));
                continue;
            }
        };
        let questions = quiz
            .get("questions")
            .and_then(toml::Value::as_array)
            .cloned()
            .unwrap_or_default();
        if !(4..=8).contains(&questions.len()) {
            problems.push(format!(
                "src/quizzes/{stem}.toml has {} questions; a chapter's quiz has 4 to 8",
                questions.len()
            ));
        }
        // The quiz is shown on a page of its chapter: its links are relative to that folder.
        let chapter = chapters
            .iter()
            .find(|c| chapter_number(c).is_some_and(|n| stem == format!("ch{n}")));
        for (index, question) in questions.iter().enumerate() {
            let location = format!("src/quizzes/{stem}.toml, question {}", index + 1);
            match question_test(&stem, index + 1, &location, question) {
                Ok(Some(test)) => tests.push_str(&test),
                Ok(None) => {}
                Err(problem) => problems.push(format!("{location}: {problem}")),
            }
            let context = question.get("context").and_then(toml::Value::as_str);
            for target in context.map(link_targets).unwrap_or_default() {
                if let Some(problem) = broken_link(chapter.map(PathBuf::as_path), &target) {
                    problems.push(format!("{location}: {problem}"));
                }
            }
        }
    }
    writeln!(
        tests,
        "#[test]\nfn quizzes_follow_the_rules() {{\n    let problems: &[&str] = &{problems:?};\n    \
         assert!(problems.is_empty(), \"the quizzes break these rules:\\n  {{}}\", problems.join(\"\\n  \"));\n}}\n"
    )
    .unwrap();
}

/// `Some("07")` for `src/ch07-patterns`.
fn chapter_number(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let digits = name.strip_prefix("ch")?.get(..2)?;
    (digits.chars().all(|c| c.is_ascii_digit()) && name[4..].starts_with('-'))
        .then(|| digits.to_owned())
}

/// Checks one question's shape; for a `Tracing` question, returns the test of its key.
fn question_test(
    stem: &str,
    number: usize,
    location: &str,
    question: &toml::Value,
) -> Result<Option<String>, String> {
    let text = |path: &[&str]| -> Option<String> {
        let mut value = question;
        for key in path {
            value = value.get(key)?;
        }
        value.as_str().map(str::to_owned)
    };
    let context = text(&["context"]).ok_or("every question explains its answer in `context`")?;
    if !context.contains("](") {
        return Err("the `context` links to the section that teaches the answer".into());
    }
    match text(&["type"]).as_deref() {
        Some("MultipleChoice") => {
            let answer = text(&["answer", "answer"]).ok_or("no `answer.answer`")?;
            let distractors = question
                .get("prompt")
                .and_then(|p| p.get("distractors"))
                .and_then(toml::Value::as_array)
                .ok_or("no `prompt.distractors`")?;
            text(&["prompt", "prompt"]).ok_or("no `prompt.prompt`")?;
            if distractors.len() < 2 {
                return Err("a multiple-choice question offers at least two distractors".into());
            }
            if distractors
                .iter()
                .any(|d| d.as_str() == Some(answer.as_str()))
            {
                return Err("the answer is also listed as a distractor".into());
            }
            let prompt = text(&["prompt", "prompt"]).unwrap_or_default();
            let Some(program) = rust_block(&prompt) else {
                return Ok(None);
            };
            let does_compile = !answer.trim_start().starts_with("不能编译");
            let stdout = if does_compile {
                code_content(&answer)
            } else {
                None
            };
            let error_code = (!does_compile).then(|| error_code_in(&context)).flatten();
            Ok(Some(trace_test(
                stem,
                number,
                location,
                &program,
                does_compile,
                stdout,
                error_code,
            )))
        }
        Some("ShortAnswer") => {
            text(&["prompt", "prompt"]).ok_or("no `prompt.prompt`")?;
            text(&["answer", "answer"]).ok_or("no `answer.answer`")?;
            Ok(None)
        }
        Some("Tracing") => {
            let program = text(&["prompt", "program"]).ok_or("no `prompt.program`")?;
            let does_compile = question
                .get("answer")
                .and_then(|a| a.get("doesCompile"))
                .and_then(toml::Value::as_bool)
                .ok_or("no `answer.doesCompile`")?;
            let stdout = text(&["answer", "stdout"]);
            if does_compile && stdout.is_none() {
                return Err("a program that compiles has its `answer.stdout`".into());
            }
            let error_code = (!does_compile).then(|| error_code_in(&context)).flatten();
            let stdout = if does_compile { stdout } else { None };
            Ok(Some(trace_test(
                stem,
                number,
                location,
                &program,
                does_compile,
                stdout,
                error_code,
            )))
        }
        other => Err(format!(
            "unknown question type {other:?} (MultipleChoice, ShortAnswer or Tracing)"
        )),
    }
}

/// The first `E0123`-style code in an explanation.
fn error_code_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).find_map(|w| {
        (w[0] == 'E' && w[1..].iter().all(char::is_ascii_digit)).then(|| w.iter().collect())
    })
}

/// The targets of the Markdown links `[text](target)` in a text.
fn link_targets(text: &str) -> Vec<String> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(str::to_owned)
        .collect()
}

/// Why a link of a quiz's explanation would not resolve on its chapter's page, if it would not.
/// The quiz is rendered in the browser, so mdBook does not rewrite its links: a page is linked
/// as `page.html`, not `page.md`.
fn broken_link(chapter: Option<&Path>, target: &str) -> Option<String> {
    if target.starts_with("http://") || target.starts_with("https://") {
        return None;
    }
    let page = target.split('#').next().unwrap_or("");
    let Some(stem) = page.strip_suffix(".html") else {
        return Some(format!(
            "link `{target}`: quizzes link pages as `page.html` (mdBook does not rewrite links \
             inside a quiz)"
        ));
    };
    let chapter = chapter?;
    let source = chapter.join(format!("{stem}.md"));
    (!source.is_file()).then(|| format!("link `{target}`: there is no {}", source.display()))
}

/// The generated test of one answer key.
fn trace_test(
    stem: &str,
    number: usize,
    location: &str,
    program: &str,
    does_compile: bool,
    stdout: Option<String>,
    error_code: Option<String>,
) -> String {
    let name = format!("quiz_{stem}_question_{number}");
    format!(
        "#[test]\nfn {name}() {{\n    snippets::quiz::check_trace(&snippets::quiz::Trace {{\n        \
         test_name: {name:?},\n        location: {location:?},\n        program: r####\"{program}\"####,\n        \
         does_compile: {does_compile},\n        stdout: {stdout:?},\n        error_code: {error_code:?},\n    }});\n}}\n\n"
    )
}

/// The first ```rust block of a Markdown text.
fn rust_block(markdown: &str) -> Option<String> {
    let start = markdown.find("```rust")?;
    let body = &markdown[start..];
    let body = &body[body.find('\n')? + 1..];
    let end = body.find("```")?;
    Some(body[..end].to_owned())
}

/// The text of an answer written as code: `` `…` `` or a fenced block.
fn code_content(answer: &str) -> Option<String> {
    let answer = answer.trim();
    if let Some(rest) = answer.strip_prefix("```") {
        let body = &rest[rest.find('\n')? + 1..];
        return Some(body[..body.rfind("```")?].to_owned());
    }
    let inner = answer.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.contains('`')).then(|| inner.to_owned())
}

/// The test of a `rust,crate` block. Such a block is not compiled here: it shows code that
/// needs a message broker or a child process, and the crate it comes from runs that code in
/// its own tests. So the block must be nothing but `{{#include}}`s of files inside a crate of
/// the workspace (`crates/`, `solutions/`, `exercises/`), and the test checks that every line
/// the reader sees is still in those files.
fn from_crate_test(md: &Path, text: &str, fence_line: usize, code: &str) -> Result<String, String> {
    let raw: Vec<&str> = text
        .lines()
        .skip(fence_line)
        .take_while(|l| !l.trim_start().starts_with("```"))
        .collect();
    let mut files = Vec::new();
    for line in raw.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        let target = line
            .strip_prefix("{{#include ")
            .or_else(|| line.strip_prefix("{{#rustdoc_include "))
            .and_then(|rest| rest.strip_suffix("}}"))
            .ok_or("a `rust,crate` block holds only `{{#include}}`s of a crate's files; anything else must be a plain `rust` block, compiled and run")?;
        let path = target.split(':').next().unwrap_or(target);
        let file = md.parent().unwrap().join(path);
        let in_crate = ["crates", "solutions", "exercises"]
            .iter()
            .any(|dir| path.contains(&format!("/{dir}/")));
        if !in_crate || !file.is_file() {
            return Err(format!(
                "`{path}` is not a file of a crate under crates/, solutions/ or exercises/"
            ));
        }
        files.push(fs::canonicalize(&file).unwrap().display().to_string());
    }
    if files.is_empty() {
        return Err("an empty `rust,crate` block".into());
    }
    Ok(format!(
        "snippets::check_from_crate(&{files:?}, r####\"{code}\"####);"
    ))
}
