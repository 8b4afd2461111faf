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
                kind => {
                    let kind = match kind {
                        Kind::Run => "Run".to_owned(),
                        Kind::ShouldPanic => "ShouldPanic".to_owned(),
                        Kind::NoRun => "NoRun".to_owned(),
                        Kind::Ignored => "Ignored".to_owned(),
                        Kind::CompileFail(code) => format!("CompileFail({code:?})"),
                        Kind::NotRust => unreachable!(),
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
