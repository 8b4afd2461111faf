//! Reading the book the way mdBook does: expand `{{#include}}` links, then find the fenced code
//! blocks. Shared by the build script (which generates one test per rust block) and by the
//! library (whose own tests cross-check the fence parser against a CommonMark parser).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// One line of a chapter after `{{#include}}` expansion, with the line of the `.md` file it
/// came from (1-based), so a test can point a reader at the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub source_line: usize,
}

/// A fenced code block as the reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The fence's info string, e.g. `rust,compile_fail,E0382`.
    pub info: String,
    /// Line of the opening fence in the `.md` file (1-based).
    pub source_line: usize,
    /// The block's text, hidden `# ` lines included, indentation of the fence removed.
    pub code: String,
}

/// Everything that went wrong while reading one chapter.
pub type Problems = Vec<String>;

/// Expands every `{{#include …}}` and `{{#rustdoc_include …}}` in `text` like mdBook 0.5 does
/// (paths relative to the including file, line ranges, anchors, nested includes). Files read
/// are pushed to `read`, so a build script can watch them. A missing file or anchor is an
/// error here, where mdBook would only log it.
pub fn expand(text: &str, dir: &Path, read: &mut Vec<PathBuf>) -> Result<Vec<Line>, Problems> {
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        match expand_links(line, dir, read, 0) {
            Ok(expanded) => {
                // `"".lines()` yields nothing: keep blank lines, they end paragraphs and
                // HTML blocks, exactly as in the text mdBook renders.
                let texts: Vec<&str> = if expanded.is_empty() {
                    vec![""]
                } else {
                    expanded.lines().collect()
                };
                lines.extend(texts.into_iter().map(|text| Line {
                    text: text.to_owned(),
                    source_line: index + 1,
                }));
            }
            Err(problem) => problems.push(format!("line {}: {problem}", index + 1)),
        }
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

const MAX_DEPTH: usize = 10;

fn expand_links(
    text: &str,
    dir: &Path,
    read: &mut Vec<PathBuf>,
    depth: usize,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{#") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        let link = &rest[start + 3..start + len];
        out.push_str(&rest[..start]);
        rest = &rest[start + len + 2..];
        // `\{{#include x}}` is mdBook's escape: the braces are shown, nothing is included.
        if out.ends_with('\\') {
            out.pop();
            out.push_str("{{#");
            out.push_str(link);
            out.push_str("}}");
            continue;
        }
        let mut words = link.split_whitespace();
        let (kind, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let rustdoc = match kind {
            "include" => false,
            "rustdoc_include" => true,
            // Other preprocessors' links (a page title, a quiz): no code blocks to test.
            "title" | "quiz" => continue,
            other => return Err(format!("unsupported mdBook link `{{{{#{other}}}}}`")),
        };
        if depth >= MAX_DEPTH {
            return Err(format!("includes nested deeper than {MAX_DEPTH}: a cycle?"));
        }
        let (path, selector) = target.split_once(':').unwrap_or((target, ""));
        let file = dir.join(path);
        let content = fs::read_to_string(&file)
            .map_err(|e| format!("cannot include {}: {e}", file.display()))?;
        read.push(file.clone());
        let selected =
            select(&content, selector, rustdoc).map_err(|e| format!("{}: {e}", file.display()))?;
        let nested_dir = file.parent().unwrap_or(dir);
        out.push_str(&expand_links(&selected, nested_dir, read, depth + 1)?);
    }
    out.push_str(rest);
    Ok(out)
}

/// Applies an include's `:start:end` range or `:anchor`. `rustdoc` keeps the unselected lines
/// as hidden `# ` lines, like `{{#rustdoc_include}}`.
fn select(content: &str, selector: &str, rustdoc: bool) -> Result<String, String> {
    let lines: Vec<&str> = content.lines().collect();
    // Only an anchored include drops the `ANCHOR` marker lines; a whole file or a line range
    // is shown exactly as written.
    let line_range = selector.starts_with(|c: char| c.is_ascii_digit() || c == ':');
    let anchored = !selector.is_empty() && !line_range;
    let keep: Vec<bool> = if selector.is_empty() {
        vec![true; lines.len()]
    } else if line_range {
        let mut parts = selector.splitn(2, ':');
        let start = parts.next().and_then(|s| s.parse::<usize>().ok());
        let end = parts.next();
        let (from, to) = match (start, end) {
            (Some(s), None) => (s.saturating_sub(1), s),
            (Some(s), Some(e)) => (s.saturating_sub(1), e.parse().unwrap_or(usize::MAX)),
            (None, Some(e)) => (0, e.parse().unwrap_or(usize::MAX)),
            (None, None) => (0, usize::MAX),
        };
        (0..lines.len()).map(|i| i >= from && i < to).collect()
    } else {
        let mut inside = false;
        let mut found = false;
        let keep = lines
            .iter()
            .map(|line| {
                if anchor_name(line, "ANCHOR_END:") == Some(selector) {
                    inside = false;
                    false
                } else if anchor_name(line, "ANCHOR:") == Some(selector) {
                    inside = true;
                    found = true;
                    false
                } else {
                    inside
                }
            })
            .collect();
        if !found {
            return Err(format!("no `ANCHOR: {selector}`"));
        }
        keep
    };
    let mut out = String::new();
    for (line, keep) in lines.iter().zip(keep) {
        let is_marker = anchored
            && (anchor_name(line, "ANCHOR:").is_some()
                || anchor_name(line, "ANCHOR_END:").is_some());
        if keep && is_marker {
            continue;
        }
        if keep {
            writeln!(out, "{line}").unwrap();
        } else if rustdoc && !is_marker {
            writeln!(out, "# {line}").unwrap();
        }
    }
    out.pop();
    Ok(out)
}

fn anchor_name<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let at = line.find(marker)?;
    let name: &str = line[at + marker.len()..].trim_start();
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(name.len());
    Some(&name[..end])
}

/// Finds the fenced code blocks (``` or ~~~, possibly indented inside a list) in expanded
/// chapter text.
pub fn fenced_blocks(lines: &[Line]) -> Result<Vec<Block>, Problems> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, char, usize, Block)> = None;
    for line in lines {
        let trimmed = line.text.trim_start();
        let indent = line.text.len() - trimmed.len();
        match &mut open {
            None => {
                if let Some((fence_char, fence_len)) = fence(trimmed) {
                    let info = trimmed[fence_len..].trim().to_owned();
                    let block = Block {
                        info,
                        source_line: line.source_line,
                        code: String::new(),
                    };
                    open = Some((indent, fence_char, fence_len, block));
                }
            }
            Some((open_indent, fence_char, fence_len, block)) => {
                let closes = fence(trimmed).is_some_and(|(c, n)| {
                    c == *fence_char && n >= *fence_len && trimmed[n..].trim().is_empty()
                });
                if closes {
                    let (_, _, _, block) = open.take().unwrap();
                    blocks.push(block);
                } else {
                    let strip = indent.min(*open_indent);
                    block.code.push_str(&line.text[strip..]);
                    block.code.push('\n');
                }
            }
        }
    }
    match open {
        Some((_, _, _, block)) => Err(vec![format!(
            "line {}: code block is never closed",
            block.source_line
        )]),
        None => Ok(blocks),
    }
}

fn fence(trimmed: &str) -> Option<(char, usize)> {
    let first = trimmed.chars().next()?;
    if first != '`' && first != '~' {
        return None;
    }
    let len = trimmed.chars().take_while(|&c| c == first).count();
    (len >= 3).then_some((first, len))
}

/// How the harness treats a block, read from its info string the way rustdoc reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Not Rust: `text`, `console`, `mermaid`, …
    NotRust,
    /// Compile and run; the program must exit successfully.
    Run,
    /// Compile and run; the program must panic.
    ShouldPanic,
    /// Compile only: for programs that deliberately never end.
    NoRun,
    /// Must fail to compile, with this error code when one is given.
    CompileFail(Option<String>),
    /// `ignore`: not allowed in this course.
    Ignored,
    /// `rust,crate`: code that needs a message broker or a child process, included from a
    /// crate whose own tests run it. Only an `{{#include}}` of a crate's file may be marked so.
    FromCrate,
    /// A Rust block with an attribute this harness does not know: an error, so that no
    /// attribute can switch a block's test off by accident.
    Unknown(String),
}

/// Attributes that keep a block Rust (rustdoc's and mdBook's).
const RUST_ATTRIBUTES: &[&str] = &[
    "rust",
    "should_panic",
    "no_run",
    "compile_fail",
    "ignore",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
    "editable",
    "noplayground",
    "mdbook-runnable",
];

pub fn kind(info: &str) -> Kind {
    let tokens: Vec<&str> = info
        .split(|c: char| !(c == '_' || c == '-' || c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        .collect();
    let is_error_code =
        |t: &str| t.len() == 5 && t.starts_with('E') && t[1..].parse::<u16>().is_ok();
    if !tokens.contains(&"rust") {
        return Kind::NotRust;
    }
    if let Some(unknown) = tokens
        .iter()
        .find(|t| !RUST_ATTRIBUTES.contains(t) && !is_error_code(t) && **t != "crate")
    {
        return Kind::Unknown((*unknown).to_owned());
    }
    if tokens.contains(&"crate") {
        Kind::FromCrate
    } else if tokens.iter().any(|t| t.starts_with("ignore")) {
        Kind::Ignored
    } else if tokens.contains(&"compile_fail") {
        let code = tokens.iter().find(|t| is_error_code(t));
        Kind::CompileFail(code.map(|c| c.to_string()))
    } else if tokens.contains(&"no_run") {
        Kind::NoRun
    } else if tokens.contains(&"should_panic") {
        Kind::ShouldPanic
    } else {
        Kind::Run
    }
}

/// The program rustc compiles: hidden lines (`# `) are kept, their marker removed, as rustdoc
/// and mdBook do.
pub fn program(code: &str) -> String {
    let mut out = String::new();
    for line in code.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("# ") {
            out.push_str(rest);
        } else if trimmed == "#" {
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Every `.md` file under `dir`, sorted, so test names and order are stable.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A test function name from a chapter path and a line: `ch02/errors.md`, 40 →
/// `ch02_errors_md_line_40`.
pub fn test_name(relative: &Path, line: usize) -> String {
    let mut name: String = relative
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    format!("{name}_line_{line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of this process's own: the module is compiled into two crates whose tests
    /// may run at the same time.
    fn scratch_dir(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("snippets-{name}-{}", std::process::id()))
    }

    fn texts(lines: &[Line]) -> Vec<(&str, usize)> {
        lines
            .iter()
            .map(|l| (l.text.as_str(), l.source_line))
            .collect()
    }

    #[test]
    fn expansion_keeps_blank_lines_and_source_line_numbers() {
        let dir = scratch_dir("expand");
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("code.rs"),
            "use x;\n// ANCHOR: body\nfn f() {}\n// ANCHOR_END: body\n",
        )
        .unwrap();
        let text = "intro\n\n```rust\n{{#rustdoc_include code.rs:body}}\n```\n";
        let lines = expand(text, &dir, &mut Vec::new()).unwrap();
        assert_eq!(
            texts(&lines),
            [
                ("intro", 1),
                ("", 2),
                ("```rust", 3),
                ("# use x;", 4),
                ("fn f() {}", 4),
                ("```", 5)
            ]
        );
        let blocks = fenced_blocks(&lines).unwrap();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].source_line, 3);
        assert_eq!(program(&blocks[0].code), "use x;\nfn f() {}\n");
    }

    #[test]
    fn a_missing_anchor_is_an_error() {
        let dir = scratch_dir("anchor");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("code.rs"), "fn f() {}\n").unwrap();
        let problems = expand("{{#include code.rs:nope}}", &dir, &mut Vec::new()).unwrap_err();
        assert!(problems[0].contains("no `ANCHOR: nope`"), "{problems:?}");
    }

    #[test]
    fn kinds_follow_rustdoc_attributes() {
        assert_eq!(kind("rust"), Kind::Run);
        assert_eq!(
            kind("rust,compile_fail,E0382"),
            Kind::CompileFail(Some("E0382".into()))
        );
        assert_eq!(kind("rust,no_run"), Kind::NoRun);
        assert_eq!(kind("rust,ignore"), Kind::Ignored);
        assert_eq!(kind("rust,editable"), Kind::Run);
        assert_eq!(kind("text"), Kind::NotRust);
        assert_eq!(kind("console"), Kind::NotRust);
        assert_eq!(kind("rust,crate"), Kind::FromCrate);
        assert_eq!(kind("rust,skip"), Kind::Unknown("skip".into()));
    }
}
