//! One term per idea: the glossary page (`src/appendix/glossary.md`) holds a table whose last
//! column lists the banned variants of each term, in backticks. This check reads that table —
//! the one place the list lives — and fails on any banned variant in the book's prose (outside
//! fenced code blocks and inline code, outside the glossary itself), naming file, line, variant
//! and the preferred term. The exercises' READMEs are checked too: the book includes them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::markdown::markdown_files;

/// The glossary page, relative to the workspace root.
pub const GLOSSARY: &str = "src/appendix/glossary.md";

/// One banned spelling and the term to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub banned: String,
    pub preferred: String,
}

/// Fails when a page of the book (or an exercise README) uses a banned variant.
pub fn check(root: &Path) -> Result<(), String> {
    let glossary = root.join(GLOSSARY);
    let text = fs::read_to_string(&glossary)
        .map_err(|e| format!("cannot read the term list {}: {e}", glossary.display()))?;
    let rules = parse_rules(&text)?;
    let mut problems = Vec::new();
    for file in files_to_check(root) {
        if file == glossary {
            continue;
        }
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let name = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        for (line, banned, preferred) in find_banned(&text, &rules) {
            problems.push(format!(
                "{name}:{line}: `{banned}` — write `{preferred}` (one term per idea, see {GLOSSARY})"
            ));
        }
    }
    if problems.is_empty() {
        eprintln!("terms: {} banned variants, none used in prose", rules.len());
        Ok(())
    } else {
        Err(format!(
            "{} banned term(s) in prose:\n{}",
            problems.len(),
            problems.join("\n")
        ))
    }
}

/// The book's pages and every exercise README (they are included into the book).
fn files_to_check(root: &Path) -> Vec<PathBuf> {
    let mut files = markdown_files(&root.join("src"));
    if let Ok(entries) = fs::read_dir(root.join("exercises")) {
        let mut readmes: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path().join("README.md"))
            .filter(|p| p.is_file())
            .collect();
        readmes.sort();
        files.extend(readmes);
    }
    files
}

/// Reads the glossary's table: the first column is the preferred term, the last column lists
/// banned variants, each in backticks. Rows without a backticked variant ban nothing.
pub fn parse_rules(glossary: &str) -> Result<Vec<Rule>, String> {
    let mut rules = Vec::new();
    let mut header_seen = false;
    for line in glossary.lines() {
        let row = line.trim();
        if !row.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        if cells
            .iter()
            .all(|c| c.chars().all(|ch| ch == '-' || ch == ':'))
        {
            continue; // the separator row
        }
        if !header_seen {
            header_seen = true; // the header row names the columns
            continue;
        }
        let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
            continue;
        };
        if cells.len() < 2 {
            continue;
        }
        let preferred = first.trim_matches('*').trim().to_owned();
        for banned in last.split('`').skip(1).step_by(2) {
            if banned.trim().is_empty() {
                continue;
            }
            rules.push(Rule {
                banned: banned.to_owned(),
                preferred: preferred.clone(),
            });
        }
    }
    if rules.is_empty() {
        return Err(format!(
            "{GLOSSARY}: found no banned variants (expected a table whose last column lists them in backticks)"
        ));
    }
    Ok(rules)
}

/// Every `(line, banned, preferred)` in the prose of one Markdown text.
pub fn find_banned<'r>(text: &str, rules: &'r [Rule]) -> Vec<(usize, &'r str, &'r str)> {
    let mut found = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some((c, n)) = fence_marker(trimmed) {
            match fence {
                None => {
                    fence = Some((c, n));
                    continue;
                }
                Some((open_c, open_n))
                    if c == open_c && n >= open_n && trimmed[n..].trim().is_empty() =>
                {
                    fence = None;
                    continue;
                }
                Some(_) => {}
            }
        }
        if fence.is_some() {
            continue;
        }
        let prose = prose_of(line);
        for rule in rules {
            if contains_term(&prose, &rule.banned) {
                found.push((index + 1, rule.banned.as_str(), rule.preferred.as_str()));
            }
        }
    }
    found
}

fn fence_marker(trimmed: &str) -> Option<(char, usize)> {
    let first = trimmed.chars().next()?;
    if first != '`' && first != '~' {
        return None;
    }
    let len = trimmed.chars().take_while(|&c| c == first).count();
    (len >= 3).then_some((first, len))
}

/// A line with inline code spans and link destinations removed (replaced by a space).
fn prose_of(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        if rest.starts_with('`') {
            let run = rest.chars().take_while(|&c| c == '`').count();
            let ticks = &rest[..run];
            // A code span closes at the next run of exactly as many backticks.
            let after = &rest[run..];
            let mut search = 0;
            let mut close = None;
            while let Some(pos) = after[search..].find(ticks) {
                let at = search + pos;
                let len = after[at..].chars().take_while(|&c| c == '`').count();
                if len == run {
                    close = Some(at);
                    break;
                }
                search = at + len;
            }
            match close {
                Some(at) => {
                    out.push(' ');
                    rest = &after[at + run..];
                }
                None => {
                    out.push_str(ticks);
                    rest = after;
                }
            }
        } else if rest.starts_with("](") {
            // A link destination: not prose.
            match rest.find(')') {
                Some(end) => {
                    out.push_str("] ");
                    rest = &rest[end + 1..];
                }
                None => {
                    out.push_str(rest);
                    rest = "";
                }
            }
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Whether `term` occurs in `prose`; an ASCII word is matched as a whole word only (`clone`
/// is not found in `cloned_from` or `Clone`).
fn contains_term(prose: &str, term: &str) -> bool {
    let word_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let starts_ascii = term.chars().next().is_some_and(word_char);
    let ends_ascii = term.chars().last().is_some_and(word_char);
    prose.match_indices(term).any(|(at, _)| {
        let before = prose[..at].chars().next_back();
        let after = prose[at + term.len()..].chars().next();
        let glued_before = starts_ascii && before.is_some_and(word_char);
        let glued_after = ends_ascii && after.is_some_and(word_char);
        !glued_before && !glued_after
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLOSSARY_TABLE: &str = "\
# 术语表

| 本书用词 | English | 《Rust 程序设计语言》 | 不要写成 |
| --- | --- | --- | --- |
| 通道 | channel | 信道 | `信道` |
| 背压 | backpressure | — | `反压` |
| 克隆 | clone | 克隆 | `clone` |
| 发送端 | sender | 发送者 | — |
";

    fn rules() -> Vec<Rule> {
        parse_rules(GLOSSARY_TABLE).unwrap()
    }

    #[test]
    fn table_rows_become_rules_and_rows_without_variants_ban_nothing() {
        let rules = rules();
        assert_eq!(
            rules
                .iter()
                .map(|r| (r.banned.as_str(), r.preferred.as_str()))
                .collect::<Vec<_>>(),
            [("信道", "通道"), ("反压", "背压"), ("clone", "克隆")]
        );
    }

    #[test]
    fn several_variants_in_one_cell() {
        let rules = parse_rules(
            "| 用词 | 不要写成 |\n|---|---|\n| 利特尔法则 | `Little 定律`、`利特尔定律` |\n",
        )
        .unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[1].banned, "利特尔定律");
        assert_eq!(rules[1].preferred, "利特尔法则");
    }

    #[test]
    fn a_glossary_without_a_table_is_an_error() {
        assert!(parse_rules("# 术语表\n\n没有表格。\n").is_err());
    }

    #[test]
    fn banned_variant_in_prose_is_reported_with_line_and_preferred_term() {
        let rules = rules();
        let text = "# 标题\n\n有界通道提供反压。\n";
        assert_eq!(find_banned(text, &rules), [(3, "反压", "背压")]);
    }

    #[test]
    fn code_blocks_and_inline_code_are_not_prose() {
        let rules = rules();
        let text = "\
调用 `tx.clone()` 得到第二个发送端。

```rust
let tx2 = tx.clone(); // 这里 clone 一下
```

~~~text
反压
~~~
见 [`Sender::clone`](https://doc.rust-lang.org/std/sync/mpsc/struct.Sender.html#method.clone)。
";
        assert_eq!(find_banned(text, &rules), []);
    }

    #[test]
    fn a_longer_fence_is_not_closed_by_a_shorter_one() {
        let rules = rules();
        let text = "````markdown\n```\n反压\n````\n反压\n";
        assert_eq!(find_banned(text, &rules), [(5, "反压", "背压")]);
    }

    #[test]
    fn ascii_terms_match_whole_words_only() {
        let rules = rules();
        assert_eq!(
            find_banned("先 clone 一份再发送。\n", &rules),
            [(1, "clone", "克隆")]
        );
        assert_eq!(find_banned("实现了 Clone 的类型。\n", &rules), []);
        assert_eq!(find_banned("cloned 与 clone_from\n", &rules), []);
        assert_eq!(
            find_banned("clone出来的发送端\n", &rules),
            [(1, "clone", "克隆")]
        );
    }

    #[test]
    fn an_unclosed_backtick_does_not_hide_the_rest_of_the_line() {
        let rules = rules();
        assert_eq!(
            find_banned("单个 ` 反引号，反压\n", &rules),
            [(1, "反压", "背压")]
        );
    }

    #[test]
    fn check_names_file_line_variant_and_preferred_term_and_skips_the_glossary() {
        let root = std::env::temp_dir().join(format!("xtask-terms-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("src/appendix")).unwrap();
        fs::create_dir_all(root.join("exercises/exercise_01")).unwrap();
        fs::write(root.join(GLOSSARY), GLOSSARY_TABLE).unwrap();
        fs::write(root.join("src/ok.md"), "# 标题\n\n背压让生产者慢下来。\n").unwrap();
        fs::write(
            root.join("exercises/exercise_01/README.md"),
            "## 练习\n\n第一行\n有界通道提供反压。\n",
        )
        .unwrap();
        let error = check(&root).unwrap_err();
        fs::remove_dir_all(&root).unwrap();
        assert!(error.starts_with("1 banned term(s)"), "{error}");
        assert!(
            error.contains("exercises/exercise_01/README.md:4: `反压` — write `背压`"),
            "{error}"
        );
    }

    #[test]
    fn the_book_s_glossary_parses() {
        let root = crate::workspace_root();
        let text = fs::read_to_string(root.join(GLOSSARY)).unwrap();
        let rules = parse_rules(&text).unwrap();
        assert!(rules
            .iter()
            .any(|r| r.banned == "反压" && r.preferred == "背压"));
    }
}
